import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type {
  CampaignView,
  Candidate,
  CandidateList,
  CourseView,
  MonthGrid,
  NeedView,
  OrgView,
  ProviderView,
  QuotaView,
  ReferralView,
  RoundView,
  Settings,
} from '../../src/lib/bindings';
import { expect, test, type Session } from './fixtures';
import { courseInput, faDigits, nationalCode, nationalId, noLatinDigits, orgInput, personInput, screenshot, search } from './helpers';

/** Replaces the browser's print dialog and counts the calls. */
async function stubPrint(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
}

const fa = faDigits;
const pad = (n: number) => String(n).padStart(2, '0');

/** A Jalali month, counted from this one, as the core's calendar has it. */
interface Month {
  year: number;
  month: number;
  /** `1404/09`. */
  text: string;
  /** `آذر ۱۴۰۴`. */
  label: string;
  /** Its first day, `YYYY-MM-DD`. */
  firstIso: string;
  days: number;
}

async function monthFromNow(core: Session, ahead: number): Promise<Month> {
  const now = await core.call<MonthGrid>('jalali_month', { year: null, month: null });
  let [year, month] = [now.year, now.month + ahead];
  while (month > 12) [year, month] = [year + 1, month - 12];
  const grid = await core.call<MonthGrid>('jalali_month', { year, month });
  return {
    year,
    month,
    text: `${year}/${pad(month)}`,
    label: `${grid.month_name} ${fa(year)}`,
    firstIso: grid.days[0].iso,
    days: grid.days_in_month,
  };
}

/** A day of a month as typed in Persian digits: `۱۴۰۴/۰۹/۰۵`. */
const day = (m: Month, d: number) => fa(`${m.text}/${pad(d)}`);

const FIRST = ['سارا', 'رضا', 'مینا', 'حمید', 'لیلا', 'کامران', 'نسرین', 'بهرام', 'شیرین', 'فرهاد', 'پروین', 'سعید', 'ژاله'];
const LAST = ['امینی', 'بهرامی', 'توکلی', 'ثابتی', 'جلالی', 'حیدری', 'خسروی', 'دلاوری', 'رستمی', 'زمانی', 'سلطانی', 'شریفی', 'صدری'];

const WEAVER = 'بافنده فرش دستباف';
const NATURE_GUIDE = 'راهنمای گردشگری طبیعت';
const ACCOUNTANT = 'حسابدار عمومی';
const PROVIDER = 'مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران';
/** The letter round 1 was sent with. */
const ROUND1_LETTER = '8125/220';

interface Arranged {
  /** This month: round 1, sent. */
  m0: Month;
  period: QuotaView;
  courses: Record<'weaver' | 'guide' | 'accountant', CourseView>;
  orgs: Record<'a' | 'b' | 'c' | 'd' | 'f', OrgView>;
  /** Everyone by the name the screens show. */
  names: Record<string, string>;
  codes: Record<string, string>;
  round1: RoundView;
  /** The UTC day the need lines were approved: how long they have waited is counted from it. */
  approvedOn: string;
}

/**
 * On an empty database: a quota period of six months from this one
 * (capacity 2,000, the province's whole share, 30 % for cooperatives: 600
 * seats), five cooperatives and their approved need lines with nominees,
 * and round 1 of this month, sent with two people (pa of «C», pb of «F»):
 *
 * - «A», a startup on the internet: two members applied for the nature
 *   guide course at level 5 (a1, a2);
 * - «B», a small cooperative: three weavers at level 4 (b1–b3);
 * - «C»: the general accountant at level 5 for c1, c2 and pa (pa was sent
 *   in round 1 for it);
 * - «F»: the nature guide at level 3 for f1 and pb, the general accountant
 *   at level 2 for f2, f3 (and pb, sent in round 1 for it, then withdrawn);
 * - «D», made inactive after its line was approved: the general accountant
 *   at level 4 for d1.
 *
 * So the next round has ten candidates and three kept out by a rule: pa
 * (the same course in round 1), pb (waiting for a class from round 1) and
 * d1 (an inactive cooperative).
 */
async function arrangeRounds(core: Session): Promise<Arranged> {
  await core.call('start_empty');
  const m0 = await monthFromNow(core, 0);
  const m5 = await monthFromNow(core, 5);
  const period = await core.call<QuotaView>('set_quota', {
    input: {
      title: 'سهمیه شش ماه پیش رو',
      starts_on: `${m0.text}/01`,
      ends_on: `${m5.text}/${m5.days}`,
      unit: 'seats',
      capacity: '2000',
      province_share: null,
      coop_share: null,
    },
  });
  const course = (title: string, code: string, theory: string, practice: string) =>
    core.call<CourseView>('add_course', { input: courseInput({ title, code, theory_hours: theory, practice_hours: practice }) });
  const courses = {
    weaver: await course(WEAVER, '731840530010001', '40', '260'),
    guide: await course(NATURE_GUIDE, '511330530020001', '80', '120'),
    accountant: await course(ACCOUNTANT, '343320530020001', '60', '140'),
  };
  await core.call<ProviderView>('add_provider', {
    input: { kind: 'public', name: PROVIDER, county: 'تهران', licence_no: null, licence_expires: null },
  });
  const org = (name: string, serial: number, flags: Partial<Parameters<typeof orgInput>[0]> = {}) =>
    core.call<OrgView>('add_org', { input: orgInput({ name, national_id: nationalId(700 + serial), county: 'تهران', ...flags }) });
  const orgs = {
    a: await org('تعاونی خدمات مسافرتی سپهر', 1, { field: 'service', is_startup: true, is_internet: true }),
    b: await org('تعاونی فرش دستباف مهرآفرین', 2, { is_small: true }),
    c: await org('تعاونی خدمات مالی جهادگران', 3, { field: 'service' }),
    d: await org('تعاونی صنایع دستی نگارین', 4),
    f: await org('تعاونی چندمنظوره فردوس', 5, { field: 'service' }),
  };
  const members: Array<[string, OrgView]> = [
    ['a1', orgs.a],
    ['a2', orgs.a],
    ['b1', orgs.b],
    ['b2', orgs.b],
    ['b3', orgs.b],
    ['c1', orgs.c],
    ['c2', orgs.c],
    ['pa', orgs.c],
    ['f1', orgs.f],
    ['f2', orgs.f],
    ['f3', orgs.f],
    ['pb', orgs.f],
    ['d1', orgs.d],
  ];
  const names: Record<string, string> = {};
  const codes: Record<string, string> = {};
  for (const [i, [key, coop]] of members.entries()) {
    const person = personInput({ national_code: nationalCode(800 + i), first_name: FIRST[i], last_name: LAST[i] });
    await core.call('add_person', { input: person });
    await core.call('add_membership', {
      input: { national_code: person.national_code, coop_national_id: '', organization_id: coop.id, role: 'member', start_date: null, end_date: null },
    });
    names[key] = `${FIRST[i]} ${LAST[i]}`;
    codes[key] = person.national_code;
  }
  const campaign = await core.call<CampaignView>('add_campaign', {
    input: { title: 'نیازسنجی شش ماه پیش رو', starts_on: `${m0.text}/01`, ends_on: `${m5.text}/${m5.days}`, deadline: null, owner: 'واحد آموزش اداره کل' },
  });
  const line = async (coop: OrgView, c: CourseView, level: number, source: string, nominees: string[]) => {
    const need = await core.call<NeedView>('add_need', {
      input: {
        campaign_id: campaign.id,
        organization_id: coop.id,
        target_role: 'members',
        course_id: c.id,
        requested: String(nominees.length),
        source,
        need_level: String(level),
        target_month: null,
        notes: null,
      },
    });
    await core.call('set_need_status', { id: need.id, to: 'submitted', reason: 'فرم نیازسنجی', approved: null });
    await core.call('set_need_status', { id: need.id, to: 'approved', reason: 'صورت‌جلسه کمیته آموزش', approved: nominees.length });
    for (const key of nominees) await core.call('add_nominee', { needId: need.id, nationalCode: codes[key] });
    return need;
  };
  await line(orgs.a, courses.guide, 5, 'self_applied', ['a1', 'a2']);
  await line(orgs.b, courses.weaver, 4, 'assessment', ['b1', 'b2', 'b3']);
  await line(orgs.c, courses.accountant, 5, 'assessment', ['c1', 'c2', 'pa']);
  await line(orgs.f, courses.guide, 3, 'assessment', ['f1', 'pb']);
  const fAccountant = await line(orgs.f, courses.accountant, 2, 'assessment', ['f2', 'f3', 'pb']);
  await line(orgs.d, courses.accountant, 4, 'assessment', ['d1']);
  const approvedOn = new Date().toISOString().slice(0, 10);
  await core.call('update_org', { id: orgs.d.id, input: orgInput({ name: orgs.d.name, national_id: nationalId(704), county: 'تهران', status: 'inactive' }) });

  // Round 1, this month: pa and pb by hand, locked and sent.
  const round1 = await core.call<RoundView>('new_round', { input: { month: m0.text, capacity: '2', title: null } });
  const pool = await core.call<CandidateList>('round_candidates', {
    roundId: round1.id,
    filter: { course_id: courses.accountant.id, county_id: null, text: '', with_blocked: false, limit: 0 },
  });
  for (const key of ['pa', 'pb']) {
    const nominee = pool.items.find((c: Candidate) => c.national_code === codes[key])!;
    await core.call('add_candidate', { roundId: round1.id, nomineeId: nominee.nominee_id, reason: 'درخواست تعاونی', overrideReason: null });
  }
  await core.call('set_round_status', { roundId: round1.id, status: 'locked', details: { reason: '', letter_no: null, sent_on: null, override_reason: null } });
  const sent = await core.call<RoundView>('set_round_status', {
    roundId: round1.id,
    status: 'sent',
    details: { reason: '', letter_no: ROUND1_LETTER, sent_on: `${m0.text}/01`, override_reason: null },
  });
  // pb no longer waits for the accountant's course; only for the class of round 1.
  await core.call('withdraw_nominee', { needId: fAccountant.id, nationalCode: codes.pb });
  return { m0, period, courses, orgs, names, codes, round1: sent, approvedOn };
}

/** Whole months a need line approved on `approvedOn` has waited by the first day of `m`, as the core counts them. */
function monthsWaiting(a: Arranged, m: Month): number {
  const days = (Date.parse(m.firstIso) - Date.parse(a.approvedOn)) / 86_400_000;
  return Math.max(0, Math.floor(days / 30));
}

/** The waiting part of an explanation, when there is one. */
function waitingPart(months: number): string[] {
  return months > 0 ? [`${fa(months)} ماه انتظار: +${fa(2 * months)}`] : [];
}

test('a round: created for a month, built, explained, over capacity with a reason, locked, exported, printed, sent and recorded', async ({ page, core }) => {
  const a = await arrangeRounds(core);
  // The new round is for the month after next; the quota period ends five
  // months from now, so the sixth has none.
  const m2 = await monthFromNow(core, 2);
  const outside = await monthFromNow(core, 6);
  const waiting = waitingPart(monthsWaiting(a, m2));
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-rounds').click();
  await expect(page.getByTestId('rounds-page')).toBeVisible();
  await expect(page.getByTestId('nav-rounds')).toHaveAttribute('aria-current', 'page');
  // Round 1, sent this month.
  await expect(page.getByTestId('round-row')).toHaveCount(1);
  await expect(page.getByTestId('round-month')).toHaveText(a.m0.label);
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
  await page.getByTestId('field-month').fill(outside.text);
  await page.getByTestId('field-capacity').fill('۳');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('form-error')).toContainText(`برای ${outside.label} دوره سهمیه‌ای ثبت نشده است`);
  await page.getByTestId('field-month').fill(fa(m2.text));
  await screenshot(page, 'round-form');
  await page.getByTestId('field-month').press('Enter');

  // The new round's page.
  await expect(page.getByTestId('round-page')).toBeVisible();
  await expect(page.getByTestId('round-heading')).toHaveText(`نوبت ۲ — ${m2.label}`);
  await expect(page.getByTestId('round-status')).toHaveText('پیش‌نویس');
  await expect(page.getByTestId('detail-capacity')).toHaveText('۳');
  await expect(page.getByTestId('round-export')).toHaveCount(0);
  await expect(page.getByTestId('round-quota').getByTestId('quota-total')).toHaveText('۶۰۰ نفر');
  await expect(page.getByTestId('referral-row')).toHaveCount(0);
  await expect(page.getByTestId('empty-row')).toBeVisible();

  // Build: the best three (a1, a2 of «A», then c1), «A» paying for its second person.
  await page.getByTestId('round-build').click();
  await expect(page.getByTestId('build-added')).toHaveText('۳ نفر به فهرست افزوده شد.');
  await expect(page.getByTestId('build-stopped')).toHaveText('ظرفیت نوبت پر شد.');
  await expect(page.getByTestId('referral-row')).toHaveCount(3);
  const explanations = page.getByTestId('referral-explanation');
  await expect(explanations.first()).toHaveText(
    ['نیاز سطح ۵: +۵۰', 'متقاضی: +۲۰', 'بدون آموزش پیشین: +۱۵', ...waiting, 'تعاونی نوپا: +۵', 'تعاونی اینترنتی: +۵'].join('، '),
  );
  await expect(page.getByTestId('referral-score').first()).toHaveText(fa(95 + 2 * monthsWaiting(a, m2)));
  await expect(explanations.nth(1)).toContainText('۱ نفر دیگر از همین تعاونی در نوبت: −۸');
  await expect(page.getByTestId('referral-row').nth(2)).toContainText(a.names.c1);
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
  await expect(page.getByTestId('candidate-blocked').filter({ hasText: `تعاونی «${a.orgs.d.name}» غیرفعال است.` })).toHaveCount(1);
  // f1 for the nature guide, and pb kept out (waiting for round 1's class).
  await search(page, 'candidate-search', 'گردشگری');
  await expect(page.getByTestId('candidate-row')).toHaveCount(2);
  await expect(page.getByTestId('candidate-course').first()).toHaveText(NATURE_GUIDE);
  await search(page, 'candidate-search', '');
  await page.getByTestId('candidate-filter-course').selectOption({ label: WEAVER });
  await expect(page.getByTestId('candidate-row')).toHaveCount(3);
  await expect(page.getByTestId('candidate-explanation').first()).toHaveText(
    ['نیاز سطح ۴: +۴۰', 'بدون آموزش پیشین: +۱۵', ...waiting, 'تعاونی کوچک: +۵'].join('، '),
  );
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
  const sheet = `round-02-${m2.year}-${pad(m2.month)}.xlsx`;
  await expect(page.getByTestId('export-path')).toHaveText(`${core.core.exports}/${sheet}`);
  expect(existsSync(join(core.core.exports, sheet))).toBe(true);
  await page.getByTestId('export-show').click();
  await expect(page.getByTestId('round-error')).toHaveCount(0);
  expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('TAAVON_SHOWN') ?? '[]'))).toEqual([join(core.core.exports, sheet)]);
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
  await expect(page.getByTestId('letter-file')).toHaveText(sheet);
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
  await page.getByTestId('field-sent_on').fill(day(a.m0, 1));
  await page.getByTestId('field-letter_no').press('Enter');
  await expect(page.getByTestId('round-status')).toHaveText('ارسال‌شده');
  await expect(page.getByTestId('detail-letter_no')).toHaveText('۹۲۱۰/۱۴۰');
  await expect(page.getByTestId('detail-sent_on')).toHaveText(day(a.m0, 1));
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
  await panel.getByTestId('field-provider_id').selectOption({ label: PROVIDER });
  await panel.getByTestId('field-class_starts_on').fill(day(m2, 10));
  await panel.getByTestId('field-class_ends_on').fill(day(m2, 1));
  await panel.getByTestId('form-save').click();
  await expect(panel.getByTestId('error-class_ends_on')).toContainText('پیش از تاریخ شروع است');
  await panel.getByTestId('field-class_ends_on').fill(day(await monthFromNow(core, 3), 20));
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

test('a round goes back to draft only with a reason, and a proposal is removed with one', async ({ page, core }) => {
  const a = await arrangeRounds(core);
  const m2 = await monthFromNow(core, 2);
  // Without a capacity: this month's share of what is left of the quota,
  // spread over the months left of the period (this one and three more).
  const [period] = await core.call<QuotaView[]>('list_quota');
  expect(period.id).toBe(a.period.id);
  const share = Math.ceil((period.quota - period.used - period.reserved) / 4);
  expect(share).toBeGreaterThan(10);
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-rounds').click();
  await page.getByTestId('round-new').click();
  await page.getByTestId('field-month').fill(m2.text);
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('round-heading')).toHaveText(`نوبت ۲ — ${m2.label}`);
  await expect(page.getByTestId('detail-capacity')).toHaveText(fa(share));
  // Room for every candidate: all ten.
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

test('quota: periods with their meters, a new period, and the seats of a course', async ({ page, core }) => {
  // One period of six months from this one: 2,000 × 100 % × 30 % = 600
  // seats, two of them used by round 1, and ten seats for the accountants.
  const a = await arrangeRounds(core);
  await core.call('set_quota_cap', { periodId: a.period.id, courseId: a.courses.accountant.id, providerId: null, seats: '10' });
  const m5 = await monthFromNow(core, 5);
  const m6 = await monthFromNow(core, 6);
  const m11 = await monthFromNow(core, 11);
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-quota').click();
  await expect(page.getByTestId('quota-page')).toBeVisible();
  const period = page.getByTestId('quota-period');
  await expect(period).toHaveCount(1);
  await expect(period.getByTestId('quota-title')).toHaveText('سهمیه شش ماه پیش رو');
  await expect(period.getByTestId('detail-quota')).toHaveText('۶۰۰ نفر');
  await expect(period.getByTestId('detail-coop_share')).toHaveText('۳۰٪');
  await expect(period.getByTestId('quota-used')).toHaveText('۲ نفر');
  await expect(period.getByTestId('quota-remaining')).toHaveText('۵۹۸ نفر');
  await expect(period.getByTestId('cap-row')).toHaveCount(1);
  await expect(period.getByTestId('cap-name')).toHaveText(ACCOUNTANT);

  await page.getByTestId('quota-new').click();
  await expect(page.getByTestId('field-province_share')).toHaveValue('۱۰۰');
  await expect(page.getByTestId('field-coop_share')).toHaveValue('۳۰');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('error-starts_on')).toBeVisible();
  await expect(page.getByTestId('error-capacity')).toBeVisible();
  // Six months from the last month of that period: they overlap by one.
  await page.getByTestId('field-starts_on').fill(day(m5, 1));
  await page.getByTestId('field-ends_on').fill(day(m11, m11.days));
  await page.getByTestId('field-capacity').fill('۵۰');
  await page.getByTestId('form-save').click();
  await expect(page.getByTestId('form-error')).toContainText('هم‌پوشانی دارد');
  await page.getByTestId('field-starts_on').fill(day(m6, 1));
  await page.getByTestId('field-coop_share').fill('۲۰');
  await screenshot(page, 'quota-form');
  await page.getByTestId('field-capacity').press('Enter');
  await expect(page.getByTestId('quota-form')).toHaveCount(0);
  await expect(period).toHaveCount(2);
  const added = period.first();
  await expect(added.getByTestId('quota-title')).toHaveText(`سهمیه ${day(m6, 1)} تا ${day(m11, m11.days)}`);
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
  await expect(older.getByTestId('quota-title')).toHaveText('سهمیه شش ماه پیش رو');
  await older.getByTestId(/^field-cap-course-/).pressSequentially('بافنده', { delay: 30 });
  await older.getByTestId('course-option').first().click();
  await older.getByTestId(/^field-cap-seats-/).fill('چند');
  await older.getByTestId('cap-save').click();
  await expect(older.getByTestId(/^error-cap-seats-/)).toContainText('باید عدد باشد');
  await older.getByTestId(/^field-cap-seats-/).fill('۱۵');
  await older.getByTestId('cap-save').click();
  await expect(older.getByTestId('cap-row')).toHaveCount(2);
  await expect(older.getByTestId('cap-row').filter({ hasText: WEAVER }).getByTestId('cap-seats')).toHaveText('۱۵');
  await noLatinDigits(page, 'quota-period');
  await screenshot(page, 'quota');
  await older.getByTestId('cap-row').filter({ hasText: WEAVER }).getByTestId('cap-clear').click();
  await expect(older.getByTestId('cap-row')).toHaveCount(1);
  await expect(older.getByTestId('cap-name')).toHaveText(ACCOUNTANT);
});

test('settings: the office, the letters and the ranking weights, each problem beside its field', async ({ page, core }) => {
  // Round 1 was sent with letter 8125/220.
  await arrangeRounds(core);
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
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
  const saved = await core.call<Settings>('get_settings');
  expect([saved.tvto_email, saved.weights.need_level, saved.weights.fairness, saved.signer_name]).toEqual(['tehran@tvto.ir', 12, 8, 'مریم احمدی']);
});

test('training history on a cooperative and on a person', async ({ page, core }) => {
  // pa, of «C», was sent in round 1 and came back with certificate 140412345.
  const a = await arrangeRounds(core);
  const [referral] = (await core.call<ReferralView[]>('list_referrals', { roundId: a.round1.id })).filter(
    (r) => r.national_code === a.codes.pa,
  );
  for (const status of ['enrolled', 'attended_full', 'passed', 'certified']) {
    await core.call('update_referral', {
      referralId: referral.id,
      update: {
        status,
        reason: '',
        provider_id: null,
        class_starts_on: null,
        class_ends_on: null,
        certificate_no: status === 'certified' ? '140412345' : null,
        certificate_on: null,
        override_reason: null,
      },
    });
  }
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-coops').click();
  await search(page, 'coop-search', 'جهادگران');
  await page.getByTestId('coop-name').click();
  const history = page.getByTestId('training-history');
  await expect(history.getByTestId('training-row')).toHaveCount(1);
  await expect(history.getByTestId('training-status')).toHaveText('گواهینامه گرفته');
  await expect(history.getByTestId('training-row')).toContainText('۱۴۰۴۱۲۳۴۵');
  await noLatinDigits(page, 'training-row');
  const person = await history.getByTestId('training-row').locator('td').nth(1).innerText();
  expect(person).toContain(a.names.pa);

  await page.getByTestId('member-row').filter({ hasText: person }).getByRole('button', { name: person, exact: true }).click();
  await expect(page.getByTestId('person-detail')).toBeVisible();
  await expect(page.getByTestId('training-history').getByTestId('training-row')).toHaveCount(1);
  await screenshot(page, 'person-training');
  await page.getByTestId('training-round').click();
  await expect(page.getByTestId('round-heading')).toHaveText(`نوبت ۱ — ${a.m0.label}`);

  // Someone never referred (c2, of the same cooperative) has an empty history.
  await page.getByTestId('nav-people').click();
  await search(page, 'person-search', a.codes.c2);
  await expect(page.getByTestId('person-row')).toHaveCount(1);
  await page.getByTestId('person-row').first().locator('button').first().click();
  await expect(page.getByTestId('training-history').getByTestId('empty-row')).toBeVisible();
});
