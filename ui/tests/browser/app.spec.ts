import type { Counts, OrgDetail, OrgView, Page } from '../../src/lib/bindings';
import { SAMPLE } from './core';
import { expect, test, type Session } from './fixtures';
import {
  LATIN_DIGIT,
  column,
  faNumber,
  nationalCode,
  nationalId,
  openSeeded,
  orgInput,
  pageInfo,
  personInput,
  screenshot,
  search,
} from './helpers';

const ALL_ORGS = {
  text: '',
  kind: null,
  field: null,
  county: null,
  status: null,
  is_small: null,
  is_startup: null,
  is_internet: null,
};

/** «علی احمدی», whom several tests add to the sample data. */
const ALI = personInput({
  national_code: '0790419904',
  first_name: 'علی',
  last_name: 'احمدی',
  father_name: 'حسن',
  gender: 'male',
});

async function addOrg(core: Session, fields: Parameters<typeof orgInput>[0]): Promise<OrgView> {
  return core.call<OrgView>('add_org', { input: orgInput(fields) });
}

const CHECKSUM_MESSAGE =
  '«کد ملی» با مقدار «0684159415» رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید.';

test.describe('first run', () => {
  test('loads the sample data with a progress bar, then shows the dashboard', async ({ page, core }) => {
    await page.goto('/');
    await expect(page.getByTestId('first-run')).toBeVisible();
    await expect(page.getByTestId('nav-dashboard')).toHaveCount(0);
    await screenshot(page, 'first-run');

    await page.getByTestId('first-run-demo').click();
    const progress = page.getByTestId('demo-progress');
    await expect(progress).toBeVisible();
    await expect(page.getByTestId('demo-progress-text')).toHaveText(/^[۰-۹]{1,3}٪$/);
    await expect(progress).toHaveAttribute('aria-valuenow', /^(?:[1-9]\d?|100)$/);
    await screenshot(page, 'first-run-progress');

    await expect(page.getByTestId('dashboard')).toBeVisible();
    // The sample asked for: its people, and its organizations split into
    // cooperatives and unions; the dashboard shows what the core now holds.
    const counts = await core.call<Counts>('registry_counts');
    expect(counts.people).toBe(SAMPLE.people);
    expect(counts.cooperatives + counts.unions).toBe(SAMPLE.coops);
    expect(counts.unions).toBeGreaterThan(0);
    expect(counts.memberships).toBeGreaterThanOrEqual(SAMPLE.people);
    await expect(page.getByTestId('count-people')).toHaveText(faNumber(counts.people));
    await expect(page.getByTestId('count-cooperatives')).toHaveText(faNumber(counts.cooperatives));
    await expect(page.getByTestId('count-unions')).toHaveText(faNumber(counts.unions));
    await expect(page.getByTestId('count-memberships')).toHaveText(faNumber(counts.memberships));
    await screenshot(page, 'dashboard');
  });

  test('starts with an empty registry', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('first-run-empty').click();
    await expect(page.getByTestId('dashboard')).toBeVisible();
    await expect(page.getByTestId('count-cooperatives')).toHaveText('۰');
    await page.getByTestId('nav-coops').click();
    await expect(page.getByTestId('empty-row')).toContainText('پیدا نشد');
    await expect(page.getByTestId('page-info')).toHaveText('صفحهٔ ۱ از ۱ — ۰ مورد');
    await screenshot(page, 'coops-empty');
  });
});

test('navigation: side bar on the right, each section opens, version in Persian digits', async ({ page }) => {
  await openSeeded(page);
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

  const nav = await page.getByTestId('nav-dashboard').boundingBox();
  const main = await page.getByTestId('dashboard').boundingBox();
  expect(nav!.x).toBeGreaterThan(main!.x + main!.width - 1);

  const sections = [
    ['nav-coops', 'coops-page'],
    ['nav-people', 'people-page'],
    ['nav-courses', 'courses-page'],
    ['nav-needs', 'needs-page'],
    ['nav-backups', 'backups-page'],
    ['nav-audit', 'audit-page'],
    ['nav-settings', 'settings'],
    ['nav-dashboard', 'dashboard'],
  ] as const;
  for (const [navId, screenId] of sections) {
    await page.getByTestId(navId).click();
    await expect(page.getByTestId(screenId)).toBeVisible();
    await expect(page.getByTestId(navId)).toHaveAttribute('aria-current', 'page');
  }

  const version = page.getByTestId('app-version');
  await expect(version).toContainText('۰.۱.۰');
  expect(await version.innerText()).not.toMatch(LATIN_DIGIT);

  await page.getByTestId('quick-coop-new').click();
  await expect(page.getByTestId('coop-form')).toBeVisible();
  await expect(page.getByTestId('nav-coops')).toHaveAttribute('aria-current', 'page');
});

test.describe('cooperatives', () => {
  test('search as you type, in Persian order, with paging', async ({ page, core }) => {
    await openSeeded(page);
    // Nine cooperatives sharing a word no sample name has, added out of
    // order: four small ones, two of them and one other in Qarchak.
    const words: Array<[string, boolean, string]> = [
      ['گلرنگ', false, 'تهران'],
      ['چکاد', true, 'قرچک'],
      ['بهسازان', false, 'ری'],
      ['ژرف‌اندیشان', false, 'قرچک'],
      ['کوشا', true, 'ورامین'],
      ['پیشگامان', false, 'تهران'],
      ['زرین‌بافان', true, 'شهریار'],
      ['تلاشگران', false, 'دماوند'],
      ['جهادگران', true, 'پاکدشت'],
    ];
    for (const [i, [word, small, county]] of words.entries()) {
      await addOrg(core, {
        name: `تعاونی ${word} سیمرغ ${county}`,
        national_id: nationalId(100 + i),
        field: 'production',
        county,
        is_small: small,
      });
    }
    const counts = await core.call<Counts>('registry_counts');
    const total = counts.cooperatives + counts.unions;
    expect(total).toBeGreaterThan(25);

    await page.getByTestId('nav-coops').click();
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, total));
    await expect(page.getByTestId('coop-row')).toHaveCount(25);
    for (const cell of await column(page, 'coop-row', 1)) expect(cell).not.toMatch(LATIN_DIGIT);
    await screenshot(page, 'coops');

    await page.getByTestId('page-next').click();
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(2, total));
    await page.getByTestId('page-prev').click();
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, total));

    // Typed with Arabic yeh; the list follows each keystroke.
    await page.getByTestId('coop-search').pressSequentially('سيمرغ', { delay: 40 });
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect(page.getByTestId('coop-row')).toHaveCount(9);
    const names = await column(page, 'coop-row', 0);
    // Persian order: ب پ ت ج چ ز ژ ک گ (code-point order would put پ چ ژ ک گ after the rest).
    expect(names.map((n) => n.split(' ')[1])).toEqual([
      'بهسازان',
      'پیشگامان',
      'تلاشگران',
      'جهادگران',
      'چکاد',
      'زرین‌بافان',
      'ژرف‌اندیشان',
      'کوشا',
      'گلرنگ',
    ]);
    await expect(page.getByTestId('page-info')).toHaveText('صفحهٔ ۱ از ۱ — ۹ مورد');
    await screenshot(page, 'coops-search');

    await page.getByTestId('filter-small').check();
    await expect(page.getByTestId('coop-row')).toHaveCount(4);
    await page.getByTestId('filter-county').selectOption('قرچک');
    await expect(page.getByTestId('coop-row')).toHaveCount(1);
    await expect(page.getByTestId('coop-name')).toHaveText('تعاونی چکاد سیمرغ قرچک');
    await search(page, 'coop-search', 'هیچ‌چیز');
    await expect(page.getByTestId('empty-row')).toBeVisible();
  });

  test('filters by kind and opens a union with its member cooperatives', async ({ page, core }) => {
    await openSeeded(page);
    // The sample's unions, and the one with the most member cooperatives.
    const counts = await core.call<Counts>('registry_counts');
    const unions = await core.call<Page<OrgView>>('search_orgs', {
      filter: { ...ALL_ORGS, kind: 'union' },
      page: { page: 1, page_size: 100 },
    });
    expect(unions.total).toBe(counts.unions);
    const details = await Promise.all(unions.items.map((u) => core.call<OrgDetail>('org_detail', { id: u.id })));
    const union = details.reduce((a, b) => (b.member_cooperatives.length > a.member_cooperatives.length ? b : a));
    expect(union.member_cooperatives.length).toBeGreaterThan(0);

    await page.getByTestId('nav-coops').click();
    await page.getByTestId('filter-kind').selectOption('union');
    await expect(page.getByTestId('coop-row')).toHaveCount(counts.unions);
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, counts.unions));
    await page.getByTestId('coop-row').filter({ hasText: union.name }).locator('td').nth(3).click();
    await expect(page.getByTestId('coop-detail')).toBeVisible();
    await expect(page.getByTestId('detail-name')).toHaveText(union.name);
    await expect(page.getByTestId('member-coop-row')).toHaveCount(union.member_cooperatives.length);
    await screenshot(page, 'union-detail');
  });

  test('adds a cooperative with the form; Enter saves', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-coops').click();
    await page.getByTestId('coop-new').click();
    await expect(page.getByTestId('field-name')).toBeFocused();

    await page.getByTestId('field-name').fill('تعاونی آزمایشی مهرآفرین');
    await page.getByTestId('field-national_id').fill('10380284790');
    await page.getByTestId('field-field').selectOption('service');
    // The real list of orientations (migrations) has no «آموزشی»; «خدماتی» suits a service cooperative.
    await page.getByTestId('field-orientation').selectOption('خدماتی');
    await page.getByTestId('field-county').selectOption('ری');
    await page.getByTestId('field-founded_on').fill('۱۴۰۴/۰۸/۲۵');
    await page.getByTestId('field-member_count').fill('۲۵');
    await page.getByTestId('field-is_small').check();
    await screenshot(page, 'coop-form');

    await page.getByTestId('field-member_count').press('Enter');
    await expect(page.getByTestId('coop-detail')).toBeVisible();
    await expect(page.getByTestId('detail-name')).toHaveText('تعاونی آزمایشی مهرآفرین');
    await expect(page.getByTestId('detail-national_id')).toHaveText('۱۰۳۸۰۲۸۴۷۹۰');
    await expect(page.getByTestId('detail-founded_on')).toHaveText('۱۴۰۴/۰۸/۲۵');
    await expect(page.getByTestId('detail-member_count')).toHaveText('۲۵');
    await expect(page.getByTestId('detail-flags')).toHaveText('تعاونی کوچک');
    // No people, no unions, and no training yet.
    await expect(page.getByTestId('empty-row')).toHaveCount(3);
    await screenshot(page, 'coop-detail');

    // A second one with the same national ID is refused at the top of the form.
    await page.getByTestId('nav-coops').click();
    await page.getByTestId('coop-new').click();
    await page.getByTestId('field-name').fill('تعاونی دیگر');
    await page.getByTestId('field-national_id').fill('۱۰۳۸۰۲۸۴۷۹۰');
    await page.getByTestId('field-field').selectOption('production');
    await page.getByTestId('field-national_id').press('Enter');
    await expect(page.getByTestId('form-error')).toContainText('پیش‌تر ثبت شده است');
  });

  test('shows each field message beside its field', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-coops').click();
    await page.getByTestId('coop-new').click();
    await page.getByTestId('field-national_id').fill('10380284792');
    await page.getByTestId('field-founded_on').fill('1404/13/01');
    await page.getByTestId('form-save').click();
    await expect(page.getByTestId('error-name')).toHaveText('«نام» خالی است و باید پر شود.');
    await expect(page.getByTestId('error-national_id')).toContainText('رقم کنترل');
    await expect(page.getByTestId('error-field')).toBeVisible();
    // Month 13 is named as such by the core (not the general date-format message).
    await expect(page.getByTestId('error-founded_on')).toHaveText('«تاریخ تأسیس» با مقدار «1404/13/01» ماه باید بین ۱ تا ۱۲ باشد.');
    await expect(page.getByTestId('form-error')).toHaveCount(0);
    await expect(page.getByTestId('field-name')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'coop-form-errors');

    await page.getByTestId('field-name').fill('الف');
    await expect(page.getByTestId('error-name')).toHaveCount(0);
  });

  test('adds a registered person to a cooperative; an unknown code is refused', async ({ page, core }) => {
    await openSeeded(page);
    const coop = await addOrg(core, { name: 'تعاونی کوشا نوین ورامین', national_id: nationalId(201), county: 'ورامین' });
    for (const [i, [first, last]] of [['مریم', 'رضایی'], ['حسین', 'کریمی']].entries()) {
      const person = personInput({ national_code: nationalCode(201 + i), first_name: first, last_name: last });
      await core.call('add_person', { input: person });
      await core.call('add_membership', {
        input: { national_code: person.national_code, coop_national_id: '', organization_id: coop.id, role: 'member', start_date: null, end_date: null },
      });
    }
    await core.call('add_person', { input: ALI });
    await page.getByTestId('nav-coops').click();
    await search(page, 'coop-search', 'کوشا');
    await expect(page.getByTestId('coop-row')).toHaveCount(1);
    await page.getByTestId('coop-row').click();
    await expect(page.getByTestId('coop-detail')).toBeVisible();
    // The two members arranged above, once they are shown.
    const before = 2;
    await expect(page.getByTestId('member-row')).toHaveCount(before);

    await page.getByTestId('coop-add-member').click();
    await expect(page.getByTestId('field-national_code')).toBeFocused();
    await page.getByTestId('field-national_code').fill('0499370899');
    await page.getByTestId('field-national_code').press('Enter');
    await expect(page.getByTestId('form-error')).toHaveText('شخص با کد ملی «0499370899» پیدا نشد.');

    await page.getByTestId('field-national_code').fill('۰۷۹۰۴۱۹۹۰۴');
    await page.getByTestId('field-role').selectOption('board');
    await page.getByTestId('field-start_date').fill('1404/07/01');
    await screenshot(page, 'coop-add-member');
    await page.getByTestId('field-start_date').press('Enter');

    await expect(page.getByTestId('membership-form')).toHaveCount(0);
    await expect(page.getByTestId('member-row')).toHaveCount(before + 1);
    const added = page.getByTestId('member-row').filter({ hasText: 'علی احمدی' }).filter({ hasText: 'عضو هیئت‌مدیره' });
    await expect(added).toContainText('۱۴۰۴/۰۷/۰۱');
  });
});

test.describe('people', () => {
  test('a wrong check digit is shown beside the national code; the corrected person is saved', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-new').click();
    await expect(page.getByTestId('field-national_code')).toBeFocused();

    await page.getByTestId('field-national_code').fill('0684159415');
    await page.getByTestId('field-first_name').fill('رضا');
    await page.getByTestId('field-last_name').fill('کاظمی');
    await page.getByTestId('field-gender').selectOption('male');
    await page.getByTestId('field-last_name').press('Enter');
    await expect(page.getByTestId('error-national_code')).toHaveText(CHECKSUM_MESSAGE);
    await expect(page.getByTestId('form-error')).toHaveCount(0);
    await screenshot(page, 'person-form-error');

    await page.getByTestId('field-national_code').fill('0499370899');
    await expect(page.getByTestId('error-national_code')).toHaveCount(0);
    await page.getByTestId('field-national_code').press('Enter');

    await expect(page.getByTestId('person-detail')).toBeVisible();
    await expect(page.getByTestId('detail-national_code')).toHaveText('۰۴۹۹۳۷۰۸۹۹');
    await expect(page.getByTestId('detail-full_name')).toHaveText('رضا کاظمی');
    await expect(page.getByTestId('detail-gender')).toHaveText('مرد');
    await expect(page.getByTestId('membership-table').getByTestId('empty-row')).toBeVisible();
    await screenshot(page, 'person-detail');

    // The same code again is a duplicate, reported at the top.
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-new').click();
    await page.getByTestId('field-national_code').fill('۰۴۹۹۳۷۰۸۹۹');
    await page.getByTestId('field-first_name').fill('رضا');
    await page.getByTestId('field-last_name').fill('کاظمی');
    await page.getByTestId('field-last_name').press('Enter');
    await expect(page.getByTestId('form-error')).toContainText('پیش‌تر ثبت شده است');
  });

  test('«علي» with Arabic yeh finds «علی»; codes are found in Persian digits', async ({ page, core }) => {
    await openSeeded(page);
    await core.call('add_person', { input: ALI });
    // What the core finds for the words written with Persian yeh.
    const ali = await core.call<Page<unknown>>('search_people', { query: 'علی', page: { page: 1, page_size: 25 } });
    const aliAhmadi = await core.call<Page<unknown>>('search_people', { query: 'علی احمدی', page: { page: 1, page_size: 25 } });
    expect(ali.total).toBeGreaterThan(25);
    expect(aliAhmadi.total).toBeGreaterThan(0);

    await page.getByTestId('nav-people').click();
    await expect(page.getByTestId('person-row')).toHaveCount(25);
    await screenshot(page, 'people');

    // Every word typed must appear in the name, anywhere (so «محمدعلی» and
    // «علیرضا» are found too); Arabic yeh finds the same people.
    await search(page, 'person-search', 'علي');
    await expect(page.getByTestId('person-row')).toHaveCount(25);
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, ali.total));
    const firstNames = await column(page, 'person-row', 2);
    for (const name of firstNames) expect(name).toContain('علی');
    expect(firstNames).toContain('علی');
    await expect(page.getByTestId('page-info')).not.toHaveText(/ ۲۵ مورد$/);

    await search(page, 'person-search', 'علي احمدي');
    await expect(page.getByTestId('person-row').first()).toBeVisible();
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, aliAhmadi.total));
    const first = await column(page, 'person-row', 2);
    expect(first.length).toBeGreaterThan(0);
    for (const name of first) expect(name).toContain('علی');
    for (const last of await column(page, 'person-row', 1)) expect(last).toContain('احمدی');
    await expect(page.getByTestId('person-row').filter({ hasText: '۰۷۹۰۴۱۹۹۰۴' })).toHaveCount(1);
    await screenshot(page, 'people-search');

    await search(page, 'person-search', '۰۷۹۰۴۱۹');
    await expect(page.getByTestId('person-row')).toHaveCount(1);
    await expect(page.getByTestId('person-row')).toContainText('۰۷۹۰۴۱۹۹۰۴');
    for (const cell of await page.getByTestId('person-row').locator('td').allInnerTexts()) {
      expect(cell).not.toMatch(LATIN_DIGIT);
    }
  });

  test('a one-letter search says «بیش از ۱٬۰۰۰» and pages on in Persian order', async ({ page, core }) => {
    await openSeeded(page);
    type Row = { national_code: string };
    const at = (n: number) => core.call<Page<Row>>('search_people', { query: 'ی', page: { page: n, page_size: 25 } });
    const first = await at(1);
    expect(first.capped).toBe(true);
    expect(first.more).toBe(true);
    const second = await at(2);

    await page.getByTestId('nav-people').click();
    await search(page, 'person-search', 'ي');
    await expect(page.getByTestId('page-info')).toHaveText('صفحهٔ ۱ — بیش از ۱٬۰۰۰ مورد');
    await expect(page.getByTestId('person-row')).toHaveCount(25);
    const codes = () => page.getByTestId('person-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    // The page number changes at the click; its rows follow when the core answers.
    await expect.poll(codes).toEqual(first.items.map((p) => p.national_code));
    await expect(page.getByTestId('page-next')).toBeEnabled();
    await page.getByTestId('page-next').click();
    await expect(page.getByTestId('page-info')).toHaveText('صفحهٔ ۲ — بیش از ۱٬۰۰۰ مورد');
    await expect(page.getByTestId('person-row')).toHaveCount(25);
    await expect.poll(codes).toEqual(second.items.map((p) => p.national_code));
    await page.getByTestId('page-prev').click();
    await expect(page.getByTestId('page-info')).toHaveText('صفحهٔ ۱ — بیش از ۱٬۰۰۰ مورد');
  });

  test('adds a person to a cooperative found by typing its name', async ({ page, core }) => {
    await openSeeded(page);
    await core.call('add_person', { input: ALI });
    await addOrg(core, { name: 'تعاونی چکاد نوین فیروزکوه', national_id: nationalId(301), county: 'فیروزکوه' });
    await page.getByTestId('nav-people').click();
    await search(page, 'person-search', '0790419904');
    await page.getByTestId('person-row').click();
    await expect(page.getByTestId('person-detail')).toBeVisible();
    // A person just added belongs nowhere yet.
    await expect(page.getByTestId('membership-table').getByTestId('empty-row')).toBeVisible();
    const before = 0;

    await page.getByTestId('person-add-membership').click();
    await expect(page.getByTestId('field-organization')).toBeFocused();
    await page.getByTestId('form-save').click();
    await expect(page.getByTestId('error-organization')).toBeVisible();

    await page.getByTestId('field-organization').pressSequentially('چکاد', { delay: 30 });
    await expect(page.getByTestId('org-option')).toHaveCount(1);
    await page.getByTestId('org-option').click();
    await expect(page.getByTestId('org-chosen')).toContainText('تعاونی چکاد نوین فیروزکوه');
    await page.getByTestId('field-role').selectOption('inspector');
    await screenshot(page, 'person-add-membership');
    await page.getByTestId('form-save').click();

    await expect(page.getByTestId('membership-row')).toHaveCount(before + 1);
    await expect(page.getByTestId('membership-row').filter({ hasText: 'تعاونی چکاد نوین فیروزکوه' })).toContainText('بازرس');
    await screenshot(page, 'person-memberships');
  });
});

test.describe('Jalali date field', () => {
  test('the calendar picks a day into the field in Persian digits', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-new').click();

    await page.getByTestId('calendar-toggle-birth_date').click();
    const calendar = page.getByTestId('calendar');
    await expect(calendar).toBeVisible();
    await expect(calendar.locator('[aria-current="date"]')).toHaveCount(1);
    const thisMonth = await page.getByTestId('calendar-title').innerText();
    expect(thisMonth).not.toMatch(LATIN_DIGIT);
    await screenshot(page, 'calendar');

    await page.getByTestId('calendar-prev').click();
    await expect(page.getByTestId('calendar-title')).not.toHaveText(thisMonth);
    await expect(calendar.locator('[aria-current="date"]')).toHaveCount(0);
    await page.getByTestId('calendar-day-25').click();
    await expect(calendar).toHaveCount(0);
    await expect(page.getByTestId('field-birth_date')).toHaveValue(/^۱[۳۴][۰-۹]{2}\/[۰۱][۰-۹]\/۲۵$/);
    await expect(page.getByTestId('field-birth_date')).toBeFocused();
  });

  test('opens at the typed month, Saturday first, and Escape closes only the calendar', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-coops').click();
    await page.getByTestId('coop-new').click();
    await page.getByTestId('field-founded_on').fill('1404/8/3');
    await page.getByTestId('calendar-toggle-founded_on').click();
    await expect(page.getByTestId('calendar-title')).toHaveText('آبان ۱۴۰۴');
    await expect(page.getByTestId('calendar-day-3')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('calendar-day-3')).toBeFocused();
    // 1 Aban 1404 was a Thursday: the sixth column from Saturday.
    const firstWeek = page.getByTestId('calendar').locator('tbody tr').first().locator('td');
    await expect(firstWeek.nth(5)).toHaveText('۱');
    await expect(page.getByTestId('calendar').locator('thead th').first()).toHaveText('ش');

    await page.getByTestId('calendar-next').click();
    await expect(page.getByTestId('calendar-title')).toHaveText('آذر ۱۴۰۴');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('calendar')).toHaveCount(0);
    await expect(page.getByTestId('coop-form')).toBeVisible();
    await expect(page.getByTestId('field-founded_on')).toHaveValue('1404/8/3');
  });
});

test.describe('keyboard', () => {
  test('Escape cancels a form and returns to the list', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-coops').click();
    await page.getByTestId('coop-new').click();
    await page.getByTestId('field-name').fill('نیمه‌کاره');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('coop-form')).toHaveCount(0);
    await expect(page.getByTestId('coops-page')).toBeVisible();

    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-new').click();
    await page.getByTestId('field-first_name').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('people-page')).toBeVisible();
  });

  test('every field of the person form is reachable with Tab, then Save', async ({ page }) => {
    await openSeeded(page);
    await page.getByTestId('nav-people').click();
    await page.getByTestId('person-new').click();
    const order = [
      'field-national_code',
      'field-first_name',
      'field-last_name',
      'field-father_name',
      'field-gender',
      'field-birth_date',
      'calendar-toggle-birth_date',
      'field-education',
      'field-mobile',
      'form-save',
      'form-cancel',
    ];
    await expect(page.getByTestId(order[0])).toBeFocused();
    for (const id of order.slice(1)) {
      await page.keyboard.press('Tab');
      await expect(page.getByTestId(id)).toBeFocused();
    }
  });

  test('editing a cooperative keeps its values and Escape goes back to it', async ({ page, core }) => {
    await openSeeded(page);
    await addOrg(core, {
      name: 'تعاونی ژرف‌اندیشان نوین تهران',
      national_id: nationalId(401),
      field: 'service',
      orientation: 'دانش‌بنیان',
      county: 'تهران',
      member_count: '30',
      is_internet: true,
    });
    await page.getByTestId('nav-coops').click();
    await search(page, 'coop-search', 'ژرف');
    await page.getByTestId('coop-name').click();
    await page.getByTestId('coop-edit').click();
    await expect(page.getByTestId('field-name')).toHaveValue('تعاونی ژرف‌اندیشان نوین تهران');
    await expect(page.getByTestId('field-is_internet')).toBeChecked();
    await expect(page.getByTestId('field-county')).toHaveValue('تهران');
    await page.getByTestId('field-member_count').fill('۴۲');
    await page.getByTestId('field-member_count').press('Enter');
    await expect(page.getByTestId('coop-detail')).toBeVisible();
    await expect(page.getByTestId('detail-member_count')).toHaveText('۴۲');

    await page.getByTestId('coop-edit').click();
    await expect(page.getByTestId('field-name')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('coop-detail')).toBeVisible();
  });
});

test('settings: counties can be added, renamed and deactivated', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-settings').click();
  const counties = page.getByTestId('named-county');
  await expect(counties.getByTestId('named-row')).toHaveCount(16);
  await expect(page.getByTestId('db-path')).toBeVisible();

  await page.getByTestId('named-new-county').fill('لواسان');
  await page.getByTestId('named-new-county').press('Enter');
  const row = counties.locator('[data-testid="named-row"][data-name="لواسان"]');
  await expect(row).toBeVisible();

  await page.getByTestId('named-new-county').fill('لواسان');
  await page.getByTestId('named-add-county').click();
  await expect(page.getByTestId('named-error-county')).toContainText('پیش‌تر ثبت شده است');

  await row.getByTestId('named-edit').click();
  await row.getByTestId('named-input').fill('لواسانات');
  await row.getByTestId('named-input').press('Enter');
  const renamed = counties.locator('[data-testid="named-row"][data-name="لواسانات"]');
  await expect(renamed).toBeVisible();
  await renamed.getByTestId('named-toggle').click();
  await expect(renamed).toContainText('غیرفعال');
  await screenshot(page, 'settings');

  // A deactivated county is no longer offered for new records.
  await page.getByTestId('nav-coops').click();
  await page.getByTestId('coop-new').click();
  await expect(page.getByTestId('field-county').locator('option', { hasText: 'لواسانات' })).toHaveCount(0);
});

test('the guide opens from the side bar, in Persian, with the folders of this PC', async ({ page, core }) => {
  await openSeeded(page);
  await page.getByTestId('nav-guide').click();
  const guide = page.getByTestId('guide');
  await expect(guide.getByRole('heading', { level: 1 })).toHaveText('راهنمای نصب و نگهداری میز آموزش تعاون');
  await expect(guide.getByRole('heading', { name: 'بازگردانی روی رایانهٔ تازه' })).toBeVisible();
  await expect(guide.locator('ol').first().locator('li')).toHaveCount(4);
  // This PC's exports folder, as the core reports it (the test's own folder here).
  await expect(page.getByTestId('guide-exports-path')).toHaveText(core.core.exports);
  await expect(guide).toHaveCSS('direction', 'rtl');
  await screenshot(page, 'guide');
});
