import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { noLatinDigits, openSeeded, screenshot, search } from './helpers';

/** Replaces the browser's print dialog and counts the calls. */
async function stubPrint(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
}

test('a round: created for a month, built, explained, over capacity with a reason, locked, exported, printed, sent and recorded', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-rounds').click();
  await expect(page.getByTestId('rounds-page')).toBeVisible();
  await expect(page.getByTestId('nav-rounds')).toHaveAttribute('aria-current', 'page');
  // Round 1 of the sample data, sent in Aban.
  await expect(page.getByTestId('round-row')).toHaveCount(1);
  await expect(page.getByTestId('round-month')).toHaveText('آبان ۱۴۰۴');
  await expect(page.getByTestId('round-status')).toHaveText('ارسال‌شده');
  await expect(page.getByTestId('round-row').getByTestId('quota-meter')).toBeVisible();
  await noLatinDigits(page, 'round-row');

  // The month is required and must be a month; a month without a quota period is refused.
  await page.getByTestId('round-new').click();
  await expect(page.getByTestId('field-month')).toBeFocused();
  await page.getByTestId('field-month').fill('۱۴۰۴/۱۳');
  await page.getByTestId('field-capacity').fill('سه');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('error-month')).toContainText('ماه باید بین ۱ تا ۱۲ باشد');
  await expect(page.getByTestId('error-capacity')).toContainText('باید عدد باشد');
  await page.getByTestId('field-month').fill('1405/01');
  await page.getByTestId('field-capacity').fill('۳');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('form-error')).toContainText('برای فروردین ۱۴۰۵ دوره سهمیه‌ای ثبت نشده است');
  await page.getByTestId('field-month').fill('۱۴۰۴/۰۹');
  await screenshot(page, 'round-form');
  await page.getByTestId('field-month').press('Enter');

  // The new round's page.
  await expect(page.getByTestId('round-page')).toBeVisible();
  await expect(page.getByTestId('round-heading')).toHaveText('نوبت ۲ — آذر ۱۴۰۴');
  await expect(page.getByTestId('round-status')).toHaveText('پیش‌نویس');
  await expect(page.getByTestId('detail-capacity')).toHaveText('۳');
  await expect(page.getByTestId('round-export')).toHaveCount(0);
  await expect(page.getByTestId('round-quota').getByTestId('quota-total')).toHaveText('۶۰۰ نفر');
  await expect(page.getByTestId('referral-row')).toHaveCount(0);
  await expect(page.getByTestId('empty-row')).toBeVisible();

  // Build: the best three, one cooperative paying for its second person.
  await page.getByTestId('round-build').click();
  await expect(page.getByTestId('build-added')).toHaveText('۳ نفر به فهرست افزوده شد.');
  await expect(page.getByTestId('build-stopped')).toHaveText('ظرفیت نوبت پر شد.');
  await expect(page.getByTestId('referral-row')).toHaveCount(3);
  const explanations = page.getByTestId('referral-explanation');
  await expect(explanations.first()).toHaveText(
    'نیاز سطح ۵: +۵۰، متقاضی: +۲۰، بدون آموزش پیشین: +۱۵، ۱ ماه انتظار: +۲، تعاونی نوپا: +۵، تعاونی اینترنتی: +۵',
  );
  await expect(page.getByTestId('referral-score').first()).toHaveText('۹۷');
  await expect(explanations.nth(1)).toContainText('۱ نفر دیگر از همین تعاونی در نوبت: −۸');
  await expect(page.getByTestId('round-quota').getByTestId('quota-reserved')).toHaveText('۳ نفر');
  await noLatinDigits(page, 'referral-row');
  await screenshot(page, 'round-built');

  // The candidates: ranked, explained, and those kept out by a rule on request.
  await page.getByTestId('tab-candidates').click();
  await expect(page.getByTestId('candidate-counts')).toHaveText('۷ نامزد مجاز، ۳ نامزد کنارگذاشته با قاعده');
  await expect(page.getByTestId('candidate-row')).toHaveCount(7);
  await expect(page.getByTestId('candidate-blocked')).toHaveCount(0);
  await page.getByTestId('candidate-with-blocked').check();
  await expect(page.getByTestId('candidate-row')).toHaveCount(10);
  await expect(page.getByTestId('candidate-blocked')).toHaveCount(3);
  await expect(page.getByTestId('candidate-blocked').filter({ hasText: 'پیش‌تر در نوبت ۱ برای همین دوره معرفی شده است.' })).toHaveCount(1);
  await expect(page.getByTestId('candidate-blocked').filter({ hasText: 'در نوبت ۱ معرفی شده و هنوز منتظر کلاس است.' })).toHaveCount(1);
  await expect(page.getByTestId('candidate-row').filter({ has: page.getByTestId('candidate-blocked') }).getByTestId('candidate-add')).toHaveCount(0);
  await search(page, 'candidate-search', 'گردشگری');
  await expect(page.getByTestId('candidate-row')).toHaveCount(2);
  await expect(page.getByTestId('candidate-course').first()).toHaveText('راهنمای گردشگری طبیعت');
  await search(page, 'candidate-search', '');
  await page.getByTestId('candidate-filter-course').selectOption({ label: 'بافنده فرش دستباف' });
  await expect(page.getByTestId('candidate-row')).toHaveCount(3);
  await expect(page.getByTestId('candidate-explanation').first()).toHaveText('نیاز سطح ۴: +۴۰، بدون آموزش پیشین: +۱۵، ۱ ماه انتظار: +۲، تعاونی کوچک: +۵');
  await noLatinDigits(page, 'candidate-row');
  await screenshot(page, 'round-candidates');

  // The round is full: adding by hand asks why, and takes the reason.
  const weaver = page.getByTestId('candidate-row').first();
  const name = await weaver.getByTestId('candidate-name').innerText();
  await weaver.getByTestId('candidate-add').click();
  await expect(page.getByTestId('override-message')).toHaveText(`ظرفیت این نوبت پر است. برای افزودن ${name} باید دلیل عبور از ظرفیت را بنویسید.`);
  await expect(page.getByTestId('override-reason')).toBeFocused();
  await page.getByTestId('override-reason').fill('درخواست کتبی تعاونی');
  await screenshot(page, 'round-candidate-override');
  await page.getByTestId('override-reason').press('Enter');
  await expect(page.getByTestId('candidate-added')).toHaveText(`${name} به نوبت افزوده شد.`);
  await expect(page.getByTestId('override-form')).toHaveCount(0);
  await expect(page.getByTestId('candidate-row')).toHaveCount(2);
  await expect(page.getByTestId('detail-people')).toHaveText('۴');

  // Locking over capacity asks for a reason too.
  await page.getByTestId('tab-list').click();
  await expect(page.getByTestId('referral-row')).toHaveCount(4);
  await page.getByTestId('round-lock').click();
  await expect(page.getByTestId('override-message')).toHaveText('نوبت ۴ نفر دارد و ظرفیتش ۳ نفر است. برای قفل کردن نوبت باید دلیل عبور از ظرفیت را بنویسید.');
  await page.getByTestId('override-reason').fill('مصوبه کارگروه مشترک');
  await page.getByTestId('override-confirm').click();
  await expect(page.getByTestId('round-status')).toHaveText('قفل‌شده');
  await expect(page.getByTestId('round-build')).toHaveCount(0);
  await expect(page.getByTestId('referral-remove')).toHaveCount(0);
  await expect(page.getByTestId('round-unlock')).toBeVisible();

  // The TVTO sheet.
  await page.getByTestId('round-export').click();
  await expect(page.getByTestId('export-path')).toHaveText(/round-02-1404-09\.xlsx$/);
  await page.getByTestId('export-show').click();
  await expect(page.getByTestId('round-error')).toHaveCount(0);
  await screenshot(page, 'round-locked');

  // The cover letter, on A4, with the office header and the per-course counts.
  await page.getByTestId('round-print-letter').click();
  await expect(page.getByTestId('letter')).toBeVisible();
  await expect(page.getByTestId('letterhead')).toContainText('وزارت تعاون، کار و رفاه اجتماعی');
  await expect(page.getByTestId('letterhead')).toContainText('اداره کل تعاون، کار و رفاه اجتماعی استان تهران');
  await expect(page.getByTestId('letter-recipient')).toHaveText('به: اداره کل آموزش فنی و حرفه‌ای استان تهران');
  await expect(page.getByTestId('letter-date')).toHaveText(/^۱۴[۰-۹]{2}\/[۰۱][۰-۹]\/[۰-۳][۰-۹]$/);
  await expect(page.getByTestId('letter-people')).toHaveText('۴');
  await expect(page.getByTestId('letter-body')).toContainText('شامل ۴ نفر از');
  await expect(page.getByTestId('letter-course-row')).toHaveCount(3);
  await expect(page.getByTestId('letter-signature')).toContainText('معاون توسعه کارآفرینی و اشتغال');
  // Everything but the file's own (ASCII) name is in Persian digits.
  await expect(page.getByTestId('letter-file')).toHaveText('round-02-1404-09.xlsx');
  for (const part of ['letterhead', 'letter-date', 'letter-body', 'letter-courses']) await noLatinDigits(page, part);
  await stubPrint(page);
  await page.getByTestId('print-now').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('nav-rounds')).toBeHidden();
  await expect(page.getByTestId('print-now')).toBeHidden();
  await expect(page.getByTestId('letter')).toBeVisible();
  await screenshot(page, 'round-letter-print');
  await page.emulateMedia({ media: 'screen' });

  // One sign-in sheet per course, each with a row per person.
  await page.getByTestId('paper-sign-in').click();
  const sheets = page.getByTestId('signin-sheet');
  await expect(sheets).toHaveCount(3);
  await expect(page.getByTestId('signin-row')).toHaveCount(4);
  await expect(sheets.first().locator('th')).toHaveText(['ردیف', 'نام و نام خانوادگی', 'کد ملی', 'تعاونی', 'امضا']);
  await screenshot(page, 'round-sign-in');
  await page.getByTestId('back').click();
  await expect(page.getByTestId('round-page')).toBeVisible();

  // Sending needs the letter number; the date is today unless changed.
  await page.getByTestId('round-send').click();
  await expect(page.getByTestId('send-form')).toBeVisible();
  await expect(page.getByTestId('field-sent_on')).toHaveValue(/^۱۴[۰-۹]{2}\/[۰۱][۰-۹]\/[۰-۳][۰-۹]$/);
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('error-letter_no')).toContainText('«شماره نامه» خالی است');
  await page.getByTestId('field-letter_no').fill('۹۲۱۰/۱۴۰');
  await page.getByTestId('field-sent_on').fill('۱۴۰۴/۰۹/۰۵');
  await page.getByTestId('field-letter_no').press('Enter');
  await expect(page.getByTestId('round-status')).toHaveText('ارسال‌شده');
  await expect(page.getByTestId('detail-letter_no')).toHaveText('۹۲۱۰/۱۴۰');
  await expect(page.getByTestId('detail-sent_on')).toHaveText('۱۴۰۴/۰۹/۰۵');
  await expect(page.getByTestId('referral-status')).toHaveText(['معرفی‌شده', 'معرفی‌شده', 'معرفی‌شده', 'معرفی‌شده']);
  await expect(page.getByTestId('round-reconcile')).toBeVisible();

  // Recording what the TVTO reported: only the moves the lifecycle allows.
  const first = page.getByTestId('referral-row').first();
  await first.getByTestId('referral-open').click();
  const panel = page.getByTestId('referral-panel');
  await expect(panel.getByTestId('field-status').locator('option')).toHaveText([
    'بدون تغییر (معرفی‌شده)',
    'ثبت‌نام‌شده',
    'در فهرست انتظار',
    'انصراف',
    'لغوشده',
  ]);
  await panel.getByTestId('field-status').selectOption('enrolled');
  await panel.getByTestId('field-provider_id').selectOption({ label: 'مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران' });
  await panel.getByTestId('field-class_starts_on').fill('۱۴۰۴/۰۹/۱۰');
  await panel.getByTestId('field-class_ends_on').fill('۱۴۰۴/۰۹/۰۱');
  await panel.getByTestId('form-save').click();
  await expect(panel.getByTestId('error-class_ends_on')).toContainText('پیش از تاریخ شروع است');
  await panel.getByTestId('field-class_ends_on').fill('۱۴۰۴/۱۰/۲۰');
  await panel.getByTestId('form-save').click();
  await expect(panel.getByTestId('referral-saved')).toBeVisible();
  await expect(first.getByTestId('referral-status')).toHaveText('ثبت‌نام‌شده');
  await expect(panel.getByTestId('field-status').locator('option')).toHaveText(['بدون تغییر (ثبت‌نام‌شده)', 'حضور کامل', 'حضور ناقص', 'غیبت', 'لغوشده']);
  await expect(panel.getByTestId('history-row')).toHaveCount(3);
  await expect(panel.getByTestId('history-row').nth(1)).toContainText('ارسال با نامه ۹۲۱۰/۱۴۰');
  await noLatinDigits(page, 'referral-panel');
  await screenshot(page, 'round-referral');

  // Reconciling waits for every answer.
  await page.getByTestId('round-reconcile').click();
  await expect(page.getByTestId('round-error')).toContainText('۳ نفر از نوبت ۲ هنوز پاسخی از آموزش فنی و حرفه‌ای ندارند');

  // The round's history keeps the reason for passing capacity.
  await page.getByTestId('tab-history').click();
  const history = page.getByTestId('round-history').getByTestId('history-row');
  await expect(history).toHaveCount(3);
  await expect(history.nth(1)).toContainText('دلیل: مصوبه کارگروه مشترک');
  await expect(history.nth(2)).toContainText('ارسال با نامه ۹۲۱۰/۱۴۰');

  // The list shows what changed.
  await page.getByTestId('back').click();
  await expect(page.getByTestId('round-row')).toHaveCount(2);
  await expect(page.getByTestId('round-row').first().getByTestId('round-people')).toHaveText('۴');
  await screenshot(page, 'rounds');
});

test('a round goes back to draft only with a reason, and a proposal is removed with one', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-rounds').click();
  await page.getByTestId('round-new').click();
  await page.getByTestId('field-month').fill('1404/10');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('round-heading')).toHaveText('نوبت ۲ — دی ۱۴۰۴');
  // Without a capacity: this month's share of what is left of the quota.
  await expect(page.getByTestId('detail-capacity')).toHaveText('۱۹۹');
  await page.getByTestId('round-build').click();
  await expect(page.getByTestId('build-added')).toHaveText('۱۰ نفر به فهرست افزوده شد.');
  await expect(page.getByTestId('build-stopped')).toHaveText('هیچ نامزد دیگری نمانده است.');

  const last = page.getByTestId('referral-row').last();
  await last.getByTestId('referral-remove').click();
  await page.getByTestId('remove-confirm').click();
  await expect(page.getByTestId('remove-reason-error')).toContainText('«دلیل» خالی است');
  await page.getByTestId('remove-reason').fill('تکراری');
  await page.getByTestId('remove-confirm').click();
  await expect(page.getByTestId('referral-status').last()).toHaveText('حذف از نوبت');
  await expect(page.getByTestId('detail-people')).toHaveText('۹');

  await page.getByTestId('round-lock').click();
  await expect(page.getByTestId('round-status')).toHaveText('قفل‌شده');
  await page.getByTestId('round-unlock').click();
  await page.getByTestId('unlock-confirm').click();
  await expect(page.getByTestId('unlock-reason-error')).toContainText('«دلیل» خالی است');
  await page.getByTestId('unlock-reason').fill('اصلاح فهرست');
  await page.getByTestId('unlock-reason').press('Enter');
  await expect(page.getByTestId('round-status')).toHaveText('پیش‌نویس');
  await expect(page.getByTestId('round-build')).toBeVisible();

  // The email draft needs the TVTO's address from the settings.
  await page.getByTestId('round-lock').click();
  await page.getByTestId('round-email').click();
  await expect(page.getByTestId('round-error')).toContainText('نشانی رایانامه آموزش فنی و حرفه‌ای در «تنظیمات» ثبت نشده است');
});

test('quota: periods with their meters, a new period, and the seats of a course', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-quota').click();
  await expect(page.getByTestId('quota-page')).toBeVisible();
  const period = page.getByTestId('quota-period');
  await expect(period).toHaveCount(1);
  await expect(period.getByTestId('quota-title')).toHaveText('سهمیه نیمه دوم ۱۴۰۴');
  await expect(period.getByTestId('detail-quota')).toHaveText('۶۰۰ نفر');
  await expect(period.getByTestId('detail-coop_share')).toHaveText('۳۰٪');
  await expect(period.getByTestId('quota-used')).toHaveText('۳ نفر');
  await expect(period.getByTestId('quota-remaining')).toHaveText('۵۹۷ نفر');
  await expect(period.getByTestId('cap-row')).toHaveCount(1);
  await expect(period.getByTestId('cap-name')).toHaveText('حسابدار عمومی');

  await page.getByTestId('quota-new').click();
  await expect(page.getByTestId('field-province_share')).toHaveValue('۱۰۰');
  await expect(page.getByTestId('field-coop_share')).toHaveValue('۳۰');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('error-starts_on')).toBeVisible();
  await expect(page.getByTestId('error-capacity')).toBeVisible();
  await page.getByTestId('field-starts_on').fill('۱۴۰۴/۱۲/۰۱');
  await page.getByTestId('field-ends_on').fill('۱۴۰۵/۰۶/۳۱');
  await page.getByTestId('field-capacity').fill('۵۰');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('form-error')).toContainText('هم‌پوشانی دارد');
  await page.getByTestId('field-starts_on').fill('۱۴۰۵/۰۱/۰۱');
  await page.getByTestId('field-coop_share').fill('۲۰');
  await screenshot(page, 'quota-form');
  await page.getByTestId('field-capacity').press('Enter');
  await expect(page.getByTestId('quota-form')).toHaveCount(0);
  await expect(period).toHaveCount(2);
  const added = period.first();
  await expect(added.getByTestId('quota-title')).toHaveText('سهمیه ۱۴۰۵/۰۱/۰۱ تا ۱۴۰۵/۰۶/۳۱');
  await expect(added.getByTestId('detail-quota')).toHaveText('۱۰ نفر');

  // Changing it keeps it one period.
  await added.getByTestId('quota-edit').click();
  await expect(page.getByTestId('field-capacity')).toHaveValue('۵۰');
  await page.getByTestId('field-capacity').fill('۱۰۰');
  await page.getByTestId('field-capacity').press('Enter');
  await expect(period).toHaveCount(2);
  await expect(added.getByTestId('detail-quota')).toHaveText('۲۰ نفر');

  // The seats of one course in the older period.
  const older = period.last();
  await older.getByTestId(/^field-cap-course-/).pressSequentially('بافنده', { delay: 30 });
  await older.getByTestId('course-option').first().click();
  await older.getByTestId(/^field-cap-seats-/).fill('چند');
  await older.getByTestId('cap-save').click();
  await expect(older.getByTestId(/^error-cap-seats-/)).toContainText('باید عدد باشد');
  await older.getByTestId(/^field-cap-seats-/).fill('۱۵');
  await older.getByTestId('cap-save').click();
  await expect(older.getByTestId('cap-row')).toHaveCount(2);
  await expect(older.getByTestId('cap-row').filter({ hasText: 'بافنده فرش دستباف' }).getByTestId('cap-seats')).toHaveText('۱۵');
  await noLatinDigits(page, 'quota-period');
  await screenshot(page, 'quota');
  await older.getByTestId('cap-row').filter({ hasText: 'بافنده فرش دستباف' }).getByTestId('cap-clear').click();
  await expect(older.getByTestId('cap-row')).toHaveCount(1);
});

test('settings: the office, the letters and the ranking weights, each problem beside its field', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-settings').click();
  const form = page.getByTestId('office-settings');
  await expect(form.getByTestId('field-office')).toHaveValue('اداره کل تعاون، کار و رفاه اجتماعی استان تهران');
  await expect(form.getByTestId('field-weight_need_level')).toHaveValue('۱۰');
  await expect(form.getByTestId('hint-weight_fairness')).toContainText('کم می‌شود');

  await form.getByTestId('field-tvto_email').fill('نامه@');
  await form.getByTestId('field-weight_need_level').fill('ده');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('error-weight_need_level')).toHaveText('باید عدد درست باشد، مثل ۱۰');
  await form.getByTestId('field-weight_need_level').fill('۱۲');
  await form.getByTestId('field-weight_fairness').fill('۲۰۰۰');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('error-tvto_email')).toContainText('نشانی رایانامه درست نیست');
  await expect(form.getByTestId('error-weight_fairness')).toContainText('باید بین ۰ و ۱۰۰۰ باشد');
  await expect(form.getByTestId('error-weight_need_level')).toHaveCount(0);

  await form.getByTestId('field-tvto_email').fill('tehran@tvto.ir');
  await form.getByTestId('field-weight_fairness').fill('8');
  await form.getByTestId('field-letterhead').fill('وزارت تعاون، کار و رفاه اجتماعی\nمعاونت توسعه کارآفرینی و اشتغال');
  await form.getByTestId('field-signer_name').fill('مریم احمدی');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('settings-saved')).toHaveText('تنظیمات ذخیره شد.');
  await expect(form.getByTestId('field-weight_fairness')).toHaveValue('۸');
  await screenshot(page, 'settings-office');

  // The letter carries them.
  await page.getByTestId('nav-rounds').click();
  await page.getByTestId('round-open').click();
  await page.getByTestId('round-print-letter').click();
  await expect(page.getByTestId('letterhead')).toContainText('معاونت توسعه کارآفرینی و اشتغال');
  await expect(page.getByTestId('letter-signer')).toHaveText('مریم احمدی');
  await expect(page.getByTestId('letter-no')).toHaveText('۸۱۲۵/۲۲۰');
});

test('training history on a cooperative and on a person', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-coops').click();
  await search(page, 'coop-search', 'جهادگران');
  await page.getByTestId('coop-name').click();
  const history = page.getByTestId('training-history');
  await expect(history.getByTestId('training-row')).toHaveCount(1);
  await expect(history.getByTestId('training-status')).toHaveText('گواهینامه گرفته');
  await expect(history.getByTestId('training-row')).toContainText('۱۴۰۴۱۲۳۴۵');
  await noLatinDigits(page, 'training-row');
  const person = await history.getByTestId('training-row').locator('td').nth(1).innerText();

  await page.getByTestId('member-row').filter({ hasText: person }).getByRole('button').click();
  await expect(page.getByTestId('person-detail')).toBeVisible();
  await expect(page.getByTestId('training-history').getByTestId('training-row')).toHaveCount(1);
  await screenshot(page, 'person-training');
  await page.getByTestId('training-round').click();
  await expect(page.getByTestId('round-heading')).toHaveText('نوبت ۱ — آبان ۱۴۰۴');

  // Someone never referred has an empty history.
  await page.getByTestId('nav-people').click();
  await search(page, 'person-search', '0790419904');
  await page.getByTestId('person-row').first().locator('button').first().click();
  await expect(page.getByTestId('training-history').getByTestId('empty-row')).toBeVisible();
});
