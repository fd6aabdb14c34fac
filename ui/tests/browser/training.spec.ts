import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LATIN_DIGIT, column, openSeeded, screenshot, search } from './helpers';

/** National codes of the people holding exactly `role` in the open cooperative. */
async function codesWithRole(page: Page, role: string): Promise<string[]> {
  const rows = page.getByTestId('member-row');
  const codes: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator('td').allInnerTexts();
    if (cells[2] === role) codes.push(cells[1]);
  }
  return codes;
}

async function openCoop(page: Page, name: string): Promise<void> {
  await page.getByTestId('nav-coops').click();
  await search(page, 'coop-search', name);
  await expect(page.getByTestId('coop-row')).toHaveCount(1);
  await page.getByTestId('coop-name').click();
  await expect(page.getByTestId('coop-detail')).toBeVisible();
}

test.describe('course catalogue', () => {
  test('searches by title or code and adds a standard; Enter saves, Escape cancels', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-courses').click();
    await expect(page.getByTestId('courses-page')).toBeVisible();
    await expect(page.getByTestId('nav-courses')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('course-row')).toHaveCount(18);
    for (const row of await page.getByTestId('course-row').all()) {
      expect(await row.innerText()).not.toMatch(LATIN_DIGIT);
    }
    await screenshot(page, 'courses');

    await search(page, 'course-search', '۷-۲۷/۶۲');
    await expect(page.getByTestId('course-row')).toHaveCount(2);
    await expect(page.getByTestId('course-code').first()).toHaveText('۷-۲۷/۶۲/۱/۳');
    // The code reads left to right inside the right-to-left row.
    await expect(page.getByTestId('course-code').first().locator('bdi')).toHaveAttribute('dir', 'ltr');
    await search(page, 'course-search', 'صورتهاي مالي');
    await expect(page.getByTestId('course-row')).toHaveCount(1);
    await expect(page.getByTestId('course-row')).toContainText('موضوع عمومی');
    await search(page, 'course-search', '');
    await page.getByTestId('course-filter-kind').selectOption('general');
    await expect(page.getByTestId('course-row')).toHaveCount(7);
    await page.getByTestId('course-filter-kind').selectOption('');

    await page.getByTestId('course-new').click();
    await expect(page.getByTestId('course-form')).toBeVisible();
    await expect(page.getByTestId('field-code')).toBeFocused();
    await page.getByTestId('field-code').fill('7-27/62/9/3');
    await page.getByTestId('field-title').fill('گره‌زن فرش دستباف');
    await page.getByTestId('field-cluster').fill('صنایع دستی');
    await page.getByTestId('field-course_group').fill('فرش');
    await page.getByTestId('field-entry_education').selectOption('middle');
    await page.getByTestId('field-theory_hours').fill('۲۰');
    await page.getByTestId('field-practice_hours').fill('۴۰');
    await expect(page.getByTestId('field-kind')).toHaveValue('standard');
    await expect(page.getByTestId('field-active')).toBeChecked();
    await screenshot(page, 'course-form');
    await page.getByTestId('field-practice_hours').press('Enter');
    await expect(page.getByTestId('course-form')).toHaveCount(0);

    await search(page, 'course-search', 'گره‌زن');
    await expect(page.getByTestId('course-row')).toHaveCount(1);
    const cells = await column(page, 'course-row', 6);
    expect(cells).toEqual(['۶۰']);
    await expect(page.getByTestId('course-code')).toHaveText('۷-۲۷/۶۲/۹/۳');

    // The same code again is refused at the top of the form.
    await page.getByTestId('course-new').click();
    await page.getByTestId('field-code').fill('۷-۲۷/۶۲/۹/۳');
    await page.getByTestId('field-title').fill('دوره دیگر');
    await page.getByTestId('field-title').press('Enter');
    await expect(page.getByTestId('form-error')).toContainText('پیش‌تر ثبت شده است');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('course-form')).toHaveCount(0);

    // A click on the row edits it.
    await page.getByTestId('course-row').locator('td').nth(2).click();
    await expect(page.getByTestId('field-title')).toHaveValue('گره‌زن فرش دستباف');
    await expect(page.getByTestId('field-code')).toHaveValue('۷-۲۷/۶۲/۹/۳');
    await page.getByTestId('field-active').uncheck();
    await page.getByTestId('field-title').press('Enter');
    await expect(page.getByTestId('course-form')).toHaveCount(0);
    await expect(page.getByTestId('course-row')).toContainText('غیرفعال');
  });

  test('imports standards from a workbook after a preview; a file with a wrong row writes nothing', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-import').click();

    const preview = page.getByTestId('import-preview');
    await expect(preview).toBeVisible();
    await expect(page.getByTestId('import-file')).toHaveText('standards-1404.xlsx');
    await expect(preview.getByTestId('import-count-added')).toHaveText('۲');
    await expect(preview.getByTestId('import-count-updated')).toHaveText('۱');
    await expect(preview.getByTestId('import-count-unchanged')).toHaveText('۱');
    await expect(preview.getByTestId('import-count-rejected')).toHaveText('۱');
    const bad = page.getByTestId('import-rejected-row');
    await expect(bad).toHaveCount(1);
    expect(await bad.locator('td').allInnerTexts()).toEqual([
      '۵',
      'ساعت نظری',
      'سی',
      '«ساعت نظری» با مقدار «سی» باید عدد باشد.',
    ]);
    await expect(page.getByTestId('import-confirm')).toBeDisabled();
    await screenshot(page, 'course-import-rejected');

    await page.getByTestId('import-another').click();
    await expect(page.getByTestId('import-file')).toHaveText('standards-1404-corrected.xlsx');
    await expect(preview.getByTestId('import-count-rejected')).toHaveText('۰');
    await expect(preview.getByTestId('import-count-added')).toHaveText('۳');
    await expect(page.getByTestId('import-rejected-row')).toHaveCount(0);
    await page.getByTestId('import-confirm').click();
    await expect(page.getByTestId('import-result')).toContainText('دوره‌ها ثبت شدند.');
    await expect(page.getByTestId('import-result').getByTestId('import-count-added')).toHaveText('۳');
    await screenshot(page, 'course-import-done');

    await search(page, 'course-search', 'صندوقدار');
    await expect(page.getByTestId('course-row')).toHaveCount(1);
    await expect(page.getByTestId('course-row')).toContainText('۸۰');
    await page.getByTestId('import-close').click();
    await expect(page.getByTestId('import-panel')).toHaveCount(0);
  });

  test('providers are listed and added on their own tab', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('tab-providers').click();
    await expect(page.getByTestId('tab-providers')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('provider-row')).toHaveCount(2);

    await page.getByTestId('provider-new').click();
    await expect(page.getByTestId('field-name')).toBeFocused();
    await page.getByTestId('field-name').fill('مرکز آموزش فنی و حرفه‌ای شهرری');
    await page.getByTestId('field-kind').selectOption('public');
    await page.getByTestId('field-county').selectOption('ری');
    await page.getByTestId('field-licence_expires').fill('۱۴۰۵/۰۶/۳۱');
    await page.getByTestId('field-licence_expires').press('Enter');
    await expect(page.getByTestId('provider-form')).toHaveCount(0);
    await expect(page.getByTestId('provider-row')).toHaveCount(3);
    const added = page.getByTestId('provider-row').filter({ hasText: 'شهرری' });
    await expect(added).toContainText('مرکز دولتی');
    await expect(added).toContainText('۱۴۰۵/۰۶/۳۱');
    await screenshot(page, 'providers');
  });
});

test.describe('needs assessment', () => {
  test('creates a campaign and switches to it', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-needs').click();
    await expect(page.getByTestId('needs-page')).toBeVisible();
    await expect(page.getByTestId('campaign-select').locator('option:checked')).toHaveText('نیازسنجی پاییز ۱۴۰۴');
    await expect(page.getByTestId('need-row')).toHaveCount(7);
    await expect(page.getByTestId('campaign-info')).toContainText('از ۱۴۰۴/۰۷/۰۱ تا ۱۴۰۴/۰۹/۳۰');
    await screenshot(page, 'needs');

    await page.getByTestId('campaign-new').click();
    await expect(page.getByTestId('field-title')).toBeFocused();
    await page.getByTestId('form-save').click();
    await expect(page.getByTestId('error-title')).toBeVisible();
    await expect(page.getByTestId('error-starts_on')).toBeVisible();
    await expect(page.getByTestId('error-owner')).toBeVisible();

    await page.getByTestId('field-title').fill('نیازسنجی زمستان ۱۴۰۴');
    await page.getByTestId('field-starts_on').fill('۱۴۰۴/۱۰/۰۱');
    await page.getByTestId('field-ends_on').fill('۱۴۰۴/۱۲/۲۹');
    await page.getByTestId('field-deadline').fill('۱۴۰۴/۱۱/۱۵');
    await page.getByTestId('field-owner').fill('واحد آموزش اداره کل');
    await screenshot(page, 'campaign-form');
    await page.getByTestId('field-owner').press('Enter');

    await expect(page.getByTestId('campaign-form')).toHaveCount(0);
    await expect(page.getByTestId('campaign-select').locator('option:checked')).toHaveText('نیازسنجی زمستان ۱۴۰۴');
    await expect(page.getByTestId('campaign-info')).toContainText('از ۱۴۰۴/۱۰/۰۱ تا ۱۴۰۴/۱۲/۲۹');
    await expect(page.getByTestId('campaign-info')).toContainText('مهلت ثبت: ۱۴۰۴/۱۱/۱۵');
    await expect(page.getByTestId('need-row')).toHaveCount(0);
    await expect(page.getByTestId('empty-row')).toBeVisible();
    expect(await page.getByTestId('campaign-info').innerText()).not.toMatch(LATIN_DIGIT);

    await page.getByTestId('campaign-select').selectOption({ label: 'نیازسنجی پاییز ۱۴۰۴' });
    await expect(page.getByTestId('need-row')).toHaveCount(7);
  });

  test('filters the lines; bulk approval is all or nothing', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-needs').click();
    await expect(page.getByTestId('need-row')).toHaveCount(7);
    await page.getByTestId('need-filter-status').selectOption('submitted');
    await expect(page.getByTestId('need-row')).toHaveCount(2);
    await page.getByTestId('need-filter-status').selectOption('');
    await page.getByTestId('need-filter-source').selectOption('self_applied');
    await expect(page.getByTestId('need-row')).toHaveCount(2);
    await page.getByTestId('need-filter-source').selectOption('');
    await search(page, 'need-filter-text', 'گلخانه');
    await expect(page.getByTestId('need-row')).toHaveCount(1);
    await search(page, 'need-filter-text', '');
    await expect(page.getByTestId('need-row')).toHaveCount(7);

    const draft = page.getByTestId('need-row').filter({ hasText: 'صورت‌های مالی' });
    const rejected = page.getByTestId('need-row').filter({ hasText: 'حسابدار عمومی' });
    await expect(draft.getByTestId('need-status')).toHaveText('پیش‌نویس');
    await expect(rejected.getByTestId('need-status')).toHaveText('ردشده');
    await expect(page.getByTestId('needs-bulk-approve')).toBeDisabled();
    await draft.getByTestId('need-check').check();
    await rejected.getByTestId('need-check').check();
    await expect(page.getByTestId('selected-count')).toHaveText('۲ ردیف انتخاب شده');

    await page.getByTestId('needs-bulk-approve').click();
    await expect(page.getByTestId('bulk-reason')).toBeFocused();
    await page.getByTestId('bulk-reason').fill('صورت‌جلسه کمیته آموزش شماره ۷');
    await page.getByTestId('bulk-reason').press('Enter');
    const error = page.getByTestId('bulk-error');
    await expect(error).toContainText('در وضعیت «ردشده» است و نمی‌توان آن را «مصوب» کرد');
    await expect(error).toContainText('حسابدار عمومی');
    // Nothing changed, not even the line that could have been approved.
    await expect(draft.getByTestId('need-status')).toHaveText('پیش‌نویس');
    await expect(rejected.getByTestId('need-status')).toHaveText('ردشده');
    await screenshot(page, 'needs-bulk-refused');

    await rejected.getByTestId('need-check').uncheck();
    await page.getByTestId('bulk-confirm').click();
    await expect(page.getByTestId('bulk-done')).toHaveText('۱ ردیف مصوب شد.');
    await expect(draft.getByTestId('need-status')).toHaveText('مصوب');
    await expect(page.getByTestId('selected-count')).toHaveText('۰ ردیف انتخاب شده');
  });
});

test('a cooperative: needs from a suggestion and by search, approval, nominees, roadmap, export and print', async ({ page }) => {
  await openSeeded(page);
  await openCoop(page, 'زرین‌بافان');
  await expect(page.getByTestId('tab-details')).toHaveAttribute('aria-selected', 'true');
  const members = await codesWithRole(page, 'عضو');
  expect(members.length).toBeGreaterThanOrEqual(3);

  await page.getByTestId('tab-needs').click();
  await expect(page.getByTestId('coop-needs')).toBeVisible();
  await expect(page.getByTestId('coop-need-row')).toHaveCount(0);
  await expect(page.getByTestId('empty-row').first()).toBeVisible();
  const first = page.getByTestId('suggestion-row').first();
  await expect(first.getByTestId('suggestion-title')).toHaveText('بافنده فرش دستباف');
  await expect(first.getByTestId('suggestion-reason')).toHaveText('با موضوع فعالیت در اساسنامه هم‌خوان است: «فرش، دستباف»');
  await screenshot(page, 'coop-needs-suggestions');

  // From the suggestion: the course is already filled in.
  await first.getByTestId('suggestion-add').click();
  await expect(page.getByTestId('need-form')).toBeVisible();
  await expect(page.getByTestId('field-campaign')).toBeFocused();
  await expect(page.getByTestId('course-chosen')).toContainText('بافنده فرش دستباف');
  await page.getByTestId('field-target_role').selectOption('members');
  await page.getByTestId('field-requested').fill('۳');
  await page.getByTestId('field-need_level').selectOption('5');
  await page.getByTestId('field-target_month').fill('۱۴۰۴/۰۹');
  await page.getByTestId('field-requested').press('Enter');
  await expect(page.getByTestId('need-form')).toHaveCount(0);
  await expect(page.getByTestId('coop-need-row')).toHaveCount(1);
  await expect(page.getByTestId('suggestion-row').first().getByTestId('suggestion-title')).not.toHaveText('بافنده فرش دستباف');

  // By typing part of the title.
  await page.getByTestId('need-new').click();
  await page.getByTestId('field-course').pressSequentially('حسابدار', { delay: 30 });
  await expect(page.getByTestId('course-option')).toHaveCount(2);
  await page.getByTestId('course-option').filter({ hasText: 'حسابدار عمومی' }).click();
  await expect(page.getByTestId('course-chosen')).toContainText('حسابدار عمومی');
  await page.getByTestId('field-target_role').selectOption('managers');
  await page.getByTestId('field-requested').fill('2');
  await page.getByTestId('field-source').selectOption('self_applied');
  await page.getByTestId('field-target_month').fill('1404/9');
  await screenshot(page, 'need-form');
  await page.getByTestId('field-target_month').press('Enter');
  await expect(page.getByTestId('coop-need-row')).toHaveCount(2);
  for (const cell of await page.getByTestId('coop-need-row').locator('td').allInnerTexts()) {
    expect(cell).not.toMatch(LATIN_DIGIT);
  }

  // Approve the first line for two of the three asked for.
  const weaving = page.getByTestId('coop-need-row').filter({ hasText: 'بافنده فرش دستباف' });
  // The line just added is open; one line is open at a time.
  await expect(page.getByTestId('coop-need-row').filter({ hasText: 'حسابدار عمومی' }).getByTestId('need-open')).toHaveAttribute('aria-expanded', 'true');
  await weaving.getByTestId('need-open').click();
  await expect(weaving.getByTestId('need-open')).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByTestId('need-panel');
  await expect(panel).toHaveCount(1);
  await expect(panel.getByTestId('nominees-closed')).toBeVisible();
  await panel.getByTestId('need-action-submitted').click();
  await expect(weaving.getByTestId('need-status')).toHaveText('ارسال‌شده');
  await panel.getByTestId('need-action-approved').click();
  await expect(panel.getByTestId('status-approved')).toBeFocused();
  await expect(panel.getByTestId('status-approved')).toHaveValue('۳');
  await panel.getByTestId('status-approved').fill('۲');
  await panel.getByTestId('status-reason').fill('صورت‌جلسه ۱۲');
  await panel.getByTestId('status-reason').press('Enter');
  await expect(weaving.getByTestId('need-status')).toHaveText('مصوب');
  await expect(weaving.getByTestId('need-approved')).toHaveText('۲');
  await expect(panel.getByTestId('nominee-count')).toHaveText('۰ از ۲ نفر مصوب');
  await expect(panel.getByTestId('need-action-planned')).toBeVisible();
  await expect(panel.getByTestId('need-action-approved')).toHaveCount(0);

  // Name two members; then the line is full.
  await panel.getByTestId('nominee-code').fill(members[0]);
  await panel.getByTestId('nominee-code').press('Enter');
  await expect(panel.getByTestId('nominee-row')).toHaveCount(1);
  await panel.getByTestId('nominee-code').fill(members[1]);
  await panel.getByTestId('nominee-add').click();
  await expect(panel.getByTestId('nominee-row')).toHaveCount(2);
  await expect(panel.getByTestId('nominee-count')).toHaveText('۲ از ۲ نفر مصوب');
  await expect(panel.getByTestId('nominees-full')).toBeVisible();
  // A third is refused by the core, in Persian, and nothing changes.
  await panel.getByTestId('nominee-code').fill(members[2]);
  await panel.getByTestId('nominee-add').click();
  await expect(panel.getByTestId('nominee-error')).toHaveText('برای این ردیف ۲ نفر مصوب است و همه معرفی شده‌اند.');
  await expect(panel.getByTestId('nominee-row')).toHaveCount(2);
  await expect(panel.getByTestId('history-row')).toHaveCount(3);
  await expect(panel.getByTestId('history-row').last()).toContainText('صورت‌جلسه ۱۲');
  await screenshot(page, 'coop-need-panel');

  // A deferral needs its reason.
  const accounting = page.getByTestId('coop-need-row').filter({ hasText: 'حسابدار عمومی' });
  await accounting.getByTestId('need-open').click();
  await panel.getByTestId('need-action-deferred').click();
  await panel.getByTestId('status-confirm').click();
  await expect(panel.getByTestId('error-reason')).toContainText('«دلیل» خالی است');
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId('status-form')).toHaveCount(0);
  await expect(accounting.getByTestId('need-status')).toHaveText('پیش‌نویس');

  // The roadmap: both lines in Azar, in the order they were added.
  await page.getByTestId('tab-roadmap').click();
  const rows = page.getByTestId('roadmap-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('roadmap-course')).toHaveText(['بافنده فرش دستباف', 'حسابدار عمومی']);
  await expect(page.getByTestId('roadmap-month').first()).toHaveText('آذر ۱۴۰۴');
  await expect(rows.first().locator('td').nth(9)).toHaveText('۲');
  await expect(page.getByTestId('total-requested')).toHaveText('۵');
  await expect(page.getByTestId('total-approved')).toHaveText('۲');
  await expect(page.getByTestId('total-nominated')).toHaveText('۲');
  await expect(rows.first().getByTestId('roadmap-up')).toBeDisabled();
  await expect(rows.last().getByTestId('roadmap-down')).toBeDisabled();
  for (const cell of await rows.locator('td').allInnerTexts()) expect(cell).not.toMatch(LATIN_DIGIT);

  await rows.last().getByTestId('roadmap-up').click();
  await expect(page.getByTestId('roadmap-course')).toHaveText(['حسابدار عمومی', 'بافنده فرش دستباف']);
  await expect(rows.first().getByTestId('roadmap-down')).toBeFocused();
  // The order is kept.
  await page.getByTestId('tab-needs').click();
  await page.getByTestId('tab-roadmap').click();
  await expect(page.getByTestId('roadmap-course')).toHaveText(['حسابدار عمومی', 'بافنده فرش دستباف']);

  await page.getByTestId('roadmap-export').click();
  await expect(page.getByTestId('export-path')).toHaveText(/roadmap-.*\.xlsx$/);
  await page.getByTestId('export-show').click();
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await screenshot(page, 'roadmap');

  // Print: the browser's dialog is replaced, then the print layout is looked at.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await page.getByTestId('roadmap-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // An A4 sheet lying landscape, at 96 pixels to the inch.
  await page.setViewportSize({ width: 1123, height: 794 });
  await page.emulateMedia({ media: 'print' });
  const header = page.getByTestId('print-header');
  await expect(header).toBeVisible();
  await expect(header).toContainText('اداره کل تعاون، کار و رفاه اجتماعی استان تهران');
  await expect(header).toContainText('تعاونی زرین‌بافان نوین قرچک');
  await expect(page.getByTestId('print-date')).toHaveText(/^۱۴[۰-۹]{2}\/[۰۱][۰-۹]\/[۰-۳][۰-۹]$/);
  expect(await header.innerText()).not.toMatch(LATIN_DIGIT);
  await expect(page.getByTestId('nav-coops')).toBeHidden();
  await expect(page.getByTestId('tab-roadmap')).toBeHidden();
  await expect(page.getByTestId('roadmap-export')).toBeHidden();
  await expect(page.getByTestId('roadmap-up').first()).toBeHidden();
  await expect(page.getByTestId('detail-name')).toBeHidden();
  await expect(page.getByTestId('roadmap-row')).toHaveCount(2);
  await screenshot(page, 'roadmap-print');
  await page.emulateMedia({ media: 'screen' });
});
