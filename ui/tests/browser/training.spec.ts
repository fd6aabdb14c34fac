import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import type { CampaignView, CourseView, NeedView, OrgView, ProviderView } from '../../src/lib/bindings';
import { expect, test, type Session } from './fixtures';
import { writeXlsx } from './files';
import {
  LATIN_DIGIT,
  column,
  nationalCode,
  nationalId,
  courseInput,
  openEmpty,
  openSeeded,
  orgInput,
  pageInfo,
  personInput,
  pickFile,
  screenshot,
  search,
} from './helpers';

const ALL_COURSES = { text: '', kind: null, cluster: null, active: null };

async function addCourse(core: Session, fields: Parameters<typeof courseInput>[0]): Promise<CourseView> {
  return core.call<CourseView>('add_course', { input: courseInput(fields) });
}

/** A course of the catalogue (the general topics come with every database) by its title. */
async function courseNamed(core: Session, title: string): Promise<CourseView> {
  const courses = await core.call<CourseView[]>('search_courses', { filter: ALL_COURSES });
  const course = courses.find((c) => c.title === title);
  if (!course) throw new Error(`no course «${title}»`);
  return course;
}

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

/**
 * The autumn 1404 needs assessment on an empty database: seven lines of
 * three cooperatives, two submitted, two applied for by the cooperative
 * itself, one about greenhouses, a draft on financial statements and a
 * rejected one on general accounting.
 */
async function arrangeAutumn(core: Session): Promise<CampaignView> {
  const campaign = await core.call<CampaignView>('add_campaign', {
    input: {
      title: 'نیازسنجی پاییز ۱۴۰۴',
      starts_on: '1404/07/01',
      ends_on: '1404/09/30',
      deadline: '1404/08/30',
      owner: 'واحد آموزش اداره کل',
    },
  });
  const orgs: OrgView[] = [];
  for (const [i, [name, field, county]] of (
    [
      ['تعاونی کشاورزی سپید ورامین', 'production', 'ورامین'],
      ['تعاونی مصرف کارکنان نگین تهران', 'distribution', 'تهران'],
      ['تعاونی خدمات فنی کیان ری', 'service', 'ری'],
    ] as const
  ).entries()) {
    orgs.push(await core.call<OrgView>('add_org', { input: orgInput({ name, field, county, national_id: nationalId(500 + i) }) }));
  }
  const greenhouse = await addCourse(core, {
    code: '611430530120001',
    title: 'گلخانه‌دار سبزی و صیفی',
    cluster: 'کشاورزی',
    theory_hours: '50',
    practice_hours: '150',
  });
  const accountant = await addCourse(core, {
    code: '343320530020001',
    title: 'حسابدار عمومی',
    cluster: 'مالی و بازرگانی',
    theory_hours: '60',
    practice_hours: '140',
  });
  const need = async (org: OrgView, course: CourseView, source: string, moves: Array<[string, string]>) => {
    let line = await core.call<NeedView>('add_need', {
      input: {
        campaign_id: campaign.id,
        organization_id: org.id,
        target_role: 'members',
        course_id: course.id,
        requested: '4',
        source,
        need_level: '3',
        target_month: '1404/09',
        notes: null,
      },
    });
    for (const [to, reason] of moves) {
      line = await core.call<NeedView>('set_need_status', { id: line.id, to, reason, approved: null });
    }
    return line;
  };
  const [a, b, c] = orgs;
  await need(a, await courseNamed(core, 'صورت‌های مالی'), 'assessment', []);
  await need(b, accountant, 'assessment', [['rejected', 'در برنامه سال آینده']]);
  await need(c, greenhouse, 'self_applied', [['submitted', 'نامه تعاونی']]);
  await need(a, await courseNamed(core, 'قوانین و مقررات تعاون'), 'assessment', [['submitted', 'فرم نیازسنجی']]);
  await need(b, await courseNamed(core, 'شیوه مشارکت اعضا'), 'self_applied', [
    ['submitted', 'نامه تعاونی'],
    ['approved', 'صورت‌جلسه کمیته آموزش شماره ۵'],
  ]);
  await need(c, await courseNamed(core, 'نحوه برگزاری مجامع عمومی'), 'assessment', []);
  await need(a, await courseNamed(core, 'بازاریابی دیجیتال و فروش برخط'), 'assessment', [['deferred', 'پس از نوسازی فروشگاه']]);
  return campaign;
}

test.describe('course catalogue', () => {
  test('searches by title or code and adds a standard; Enter saves, Escape cancels', async ({ page, core }) => {
    await openSeeded(page);
    // A second standard in the weaving family beside the sample's «بافنده فرش دستباف» (7-27/62/1/3).
    await addCourse(core, {
      code: '7-27/62/2/3',
      title: 'رفوگر فرش دستباف',
      cluster: 'صنایع دستی',
      theory_hours: '20',
      practice_hours: '80',
    });
    const catalogue = await core.call<CourseView[]>('search_courses', { filter: ALL_COURSES });
    const general = catalogue.filter((c) => c.kind === 'general').length;
    expect(general).toBeGreaterThan(0);
    await page.getByTestId('nav-courses').click();
    await expect(page.getByTestId('courses-page')).toBeVisible();
    await expect(page.getByTestId('nav-courses')).toHaveAttribute('aria-current', 'page');
    // The first page of the whole catalogue, standards and general topics.
    await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, catalogue.length));
    await expect(page.getByTestId('course-row')).toHaveCount(Math.min(25, catalogue.length));
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
    await expect(page.getByTestId('course-row')).toHaveCount(general);
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

  test('imports standards from a workbook after a preview; a file with a wrong row writes nothing', async ({ page, core }) => {
    await openSeeded(page);
    // A TVTO list under a title row, against the sample catalogue: two new
    // standards, one whose hours changed, one as stored, and on sheet row 5
    // a theory hours written in words.
    const weaving = await courseNamed(core, 'بافنده فرش دستباف');
    const dyeing = await courseNamed(core, 'رنگرز الیاف فرش');
    const rows = (theory: string | number) => [
      ['فهرست استانداردهای آموزشی سال ۱۴۰۴'],
      ['کد استاندارد', 'عنوان', 'خوشه', 'ساعت نظری', 'ساعت عملی'],
      ['431120530010001', 'صندوقدار', 'بازرگانی', 30, 50],
      [dyeing.code, dyeing.title, dyeing.cluster, dyeing.theory_hours! + 10, dyeing.practice_hours],
      ['331240530020001', 'کارپرداز', 'بازرگانی', theory, 60],
      [weaving.code, weaving.title, weaving.cluster, weaving.theory_hours, weaving.practice_hours],
      ['331240530030001', 'تحویلدار', 'بازرگانی', 24, 56],
    ];
    const wrong = writeXlsx(join(core.dir, 'standards-1404.xlsx'), [{ name: 'استانداردها', rows: rows('سی') }]);
    const corrected = writeXlsx(join(core.dir, 'standards-1404-corrected.xlsx'), [
      { name: 'استانداردها', rows: rows(30) },
    ]);
    const catalogue = async () => core.call<CourseView[]>('search_courses', { filter: ALL_COURSES });
    const before = (await catalogue()).length;
    const count = (key: string) => page.getByTestId(`wizard-count-${key}`);

    // The courses page opens the import wizard with the standards kind chosen.
    await page.getByTestId('nav-courses').click();
    await page.getByTestId('course-import').click();
    await expect(page.getByTestId('import-wizard')).toBeVisible();
    await pickFile(page, wrong);
    await page.getByTestId('wizard-pick').click();
    await expect(page.getByTestId('wizard-file')).toHaveText('standards-1404.xlsx');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-kind-standards')).toBeChecked();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    // The header row is found under the title row.
    await expect(page.getByTestId('wizard-header-row')).toContainText('ردیف ۲ ');
    await page.getByTestId('wizard-next').click();

    const preview = page.getByTestId('wizard-preview');
    await expect(preview).toBeVisible();
    await expect(count('added')).toHaveText('۲');
    await expect(count('updated')).toHaveText('۱');
    await expect(count('unchanged')).toHaveText('۱');
    await expect(count('rejected')).toHaveText('۱');
    const bad = page.getByTestId('wizard-rejected-row');
    await expect(bad).toHaveCount(1);
    expect(await bad.locator('td').allInnerTexts()).toEqual([
      '۵',
      'ساعت نظری',
      'سی',
      '«ساعت نظری» با مقدار «سی» باید عدد باشد.',
    ]);
    // With a wrong row the list is not written unless the clerk accepts the valid rows alone.
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-some-rejected')).toContainText('۱ ردیف نادرست است');
    await expect(page.getByTestId('wizard-confirm')).toBeDisabled();
    await screenshot(page, 'course-import-rejected');
    // The preview wrote nothing.
    expect((await catalogue()).length).toBe(before);
    expect((await courseNamed(core, 'رنگرز الیاف فرش')).theory_hours).toBe(dyeing.theory_hours);

    // The corrected file instead.
    await page.getByTestId('wizard-step-file').click();
    await pickFile(page, corrected);
    await page.getByTestId('wizard-pick').click();
    await expect(page.getByTestId('wizard-file')).toHaveText('standards-1404-corrected.xlsx');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-kind-standards')).toBeChecked();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    await page.getByTestId('wizard-next').click();
    await expect(preview).toBeVisible();
    await expect(count('rejected')).toHaveText('۰');
    await expect(count('added')).toHaveText('۳');
    await expect(page.getByTestId('wizard-rejected-row')).toHaveCount(0);
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-will-write')).toHaveText('۳ ردیف تازه و ۱ به‌روزرسانی ثبت می‌شود.');
    await page.getByTestId('wizard-confirm').click();
    await expect(page.getByTestId('wizard-result')).toHaveAttribute('data-written', 'true');
    await expect(page.getByTestId('wizard-result-status')).toHaveText('اطلاعات ثبت شد.');
    await expect(count('added')).toHaveText('۳');
    await screenshot(page, 'course-import-done');
    expect((await catalogue()).length).toBe(before + 3);
    expect((await courseNamed(core, 'رنگرز الیاف فرش')).theory_hours).toBe(dyeing.theory_hours! + 10);

    await page.getByTestId('nav-courses').click();
    await search(page, 'course-search', 'صندوقدار');
    await expect(page.getByTestId('course-row')).toHaveCount(1);
    await expect(page.getByTestId('course-row')).toContainText('۸۰');
  });

  test('providers are listed and added on their own tab', async ({ page, core }) => {
    await openSeeded(page);
    // The sample data has no providers; two to start with.
    expect(await core.call<ProviderView[]>('list_providers')).toHaveLength(0);
    await core.call('add_provider', {
      input: { kind: 'public', name: 'مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران', county: 'تهران', licence_no: null, licence_expires: null },
    });
    await core.call('add_provider', {
      input: { kind: 'private', name: 'آموزشگاه آزاد فنی و حرفه‌ای نگین', county: 'ورامین', licence_no: '۱۲۳۴۵', licence_expires: '۱۴۰۶/۰۱/۱۵' },
    });
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
  test('creates a campaign and switches to it', async ({ page, core }) => {
    await arrangeAutumn(core);
    await openEmpty(page);
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

  test('filters the lines; bulk approval is all or nothing', async ({ page, core }) => {
    await arrangeAutumn(core);
    await openEmpty(page);
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

test('a cooperative: needs from a suggestion and by search, approval, nominees, roadmap, export and print', async ({ page, core }) => {
  await openSeeded(page);
  // A carpet-weaving cooperative of the sample's catalogue and campaigns,
  // with a managing director and three members.
  const coop = await core.call<OrgView>('add_org', {
    input: orgInput({
      name: 'تعاونی زرین‌بافان نوین قرچک',
      national_id: nationalId(601),
      field: 'production',
      orientation: 'فرش دستباف',
      activity: 'فرش دستباف',
      county: 'قرچک',
    }),
  });
  for (const [i, [first, last, role]] of (
    [
      ['فاطمه', 'قاسمی', 'managing_director'],
      ['زهرا', 'نوری', 'member'],
      ['مریم', 'صالحی', 'member'],
      ['لیلا', 'باقری', 'member'],
    ] as const
  ).entries()) {
    const person = personInput({ national_code: nationalCode(601 + i), first_name: first, last_name: last, gender: 'female' });
    await core.call('add_person', { input: person });
    await core.call('add_membership', {
      input: { national_code: person.national_code, coop_national_id: '', organization_id: coop.id, role, start_date: '1400/01/15', end_date: null },
    });
  }
  await openCoop(page, 'زرین‌بافان');
  await expect(page.getByTestId('tab-details')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('member-row')).toHaveCount(4);
  const members = await codesWithRole(page, 'عضو');
  expect(members).toHaveLength(3);

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
  // The active courses of the catalogue with the word in their title (the sample has two).
  const accountingCourses = await core.call<CourseView[]>('search_courses', {
    filter: { ...ALL_COURSES, text: 'حسابدار', active: true },
  });
  expect(accountingCourses.length).toBeGreaterThan(1);
  await page.getByTestId('field-course').pressSequentially('حسابدار', { delay: 30 });
  await expect(page.getByTestId('course-option')).toHaveCount(accountingCourses.length);
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
  await expect(page.getByTestId('export-path')).toHaveText(new RegExp(`/roadmap-${coop.national_id}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  // The workbook is really written, into this PC's exports folder.
  const exported = await page.getByTestId('export-path').innerText();
  expect(dirname(exported)).toBe(core.core.exports);
  expect(existsSync(exported)).toBe(true);
  await page.getByTestId('export-show').click();
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('TAAVON_SHOWN') ?? '[]'))).toEqual([exported]);
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
