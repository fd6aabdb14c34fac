// «خروجی اکسل» on the lists: the file holds every row the list finds under
// its search and filters (every page, not the one in view), in the list's
// order, and is read back here with a reader of our own.
import { existsSync } from 'node:fs';
import type { OrgFilter, OrgView, Page, PersonView, RoundView } from '../../src/lib/bindings';
import { expect, test } from './fixtures';
import { openSeeded, pageInfo, screenshot, search } from './helpers';
import { readXlsx } from './files';

const DAY = String.raw`\d{4}-\d{2}-\d{2}`;

/** The path the screen shows for the file it wrote; the file is in the exports folder. */
async function exportedPath(page: import('@playwright/test').Page, exports: string, name: RegExp): Promise<string> {
  const shown = page.getByTestId('list-export-path');
  await expect(shown).toHaveText(name);
  const path = await shown.innerText();
  expect(path.startsWith(`${exports}/`)).toBe(true);
  expect(existsSync(path)).toBe(true);
  return path;
}

test('cooperatives: the filtered list, every page of it, goes to Excel in the list’s order', async ({ page, core }) => {
  await openSeeded(page);
  await page.getByTestId('nav-coops').click();
  await page.getByTestId('filter-field').selectOption('production');
  await page.getByTestId('filter-status').selectOption('active');
  await search(page, 'coop-search', 'تعاونی');

  const filter: OrgFilter = {
    text: 'تعاونی',
    kind: null,
    field: 'production',
    county: null,
    status: 'active',
    is_small: null,
    is_startup: null,
    is_internet: null,
  };
  const found = await core.call<Page<OrgView>>('search_orgs', { filter, page: { page: 1, page_size: 500 } });
  expect(found.total).toBeGreaterThan(25);
  expect(found.items.length).toBe(found.total);
  await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, found.total));
  await expect(page.getByTestId('coop-row')).toHaveCount(25);

  await page.getByTestId('coop-export').click();
  const path = await exportedPath(page, core.core.exports, new RegExp(`/cooperatives-${DAY}\\.xlsx$`));

  const rows = readXlsx(path);
  expect(rows[0].slice(0, 6)).toEqual(['ردیف', 'نام تعاونی', 'نوع', 'شناسه ملی', 'شماره ثبت', 'زمینه فعالیت']);
  expect(rows[0][15]).toBe('وضعیت');
  const body = rows.slice(1);
  expect(body.length).toBe(found.total);
  expect(body.map((r) => r[1])).toEqual(found.items.map((o) => o.name));
  expect(body.map((r) => r[3])).toEqual(found.items.map((o) => o.national_id ?? ''));
  expect(body.map((r) => r[0])).toEqual(body.map((_, i) => String(i + 1)));
  for (const r of body) {
    expect(r[5]).toBe('تولیدی');
    expect(r[15]).toBe('فعال');
  }

  await screenshot(page, 'coops-exported');

  // The file is shown in the file manager.
  await page.getByTestId('list-export-show').click();
  expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('TAAVON_SHOWN') ?? '[]'))).toEqual([path]);
});

test('people, need lines, rounds, a round’s referrals and the quota each go to Excel from their screen', async ({ page, core }) => {
  await openSeeded(page);
  const exports = core.core.exports;

  // People: the search, all of it.
  await page.getByTestId('nav-people').click();
  await search(page, 'person-search', 'محمدی');
  const people = await core.call<Page<PersonView>>('search_people', { query: 'محمدی', page: { page: 1, page_size: 500 } });
  expect(people.total).toBeGreaterThan(25);
  await page.getByTestId('person-export').click();
  let rows = readXlsx(await exportedPath(page, exports, new RegExp(`/people-${DAY}\\.xlsx$`)));
  expect(rows[0].slice(0, 3)).toEqual(['ردیف', 'کد ملی', 'نام خانوادگی']);
  expect(rows.slice(1).map((r) => r[1])).toEqual(people.items.map((p) => p.national_code));
  expect(rows.slice(1).some((r) => r[1].startsWith('00'))).toBe(true);

  // Need lines of the campaign in view, approved only.
  await page.getByTestId('nav-needs').click();
  await page.getByTestId('need-filter-status').selectOption('approved');
  await expect(page.getByTestId('need-row').first()).toBeVisible();
  await page.getByTestId('need-export').click();
  rows = readXlsx(await exportedPath(page, exports, new RegExp(`/needs-${DAY}\\.xlsx$`)));
  expect(rows[0][1]).toBe('نام تعاونی');
  expect(rows.length).toBeGreaterThan(1);
  for (const r of rows.slice(1)) expect(r[11]).toBe('مصوب');

  // Rounds, newest first.
  const rounds = await core.call<RoundView[]>('list_rounds');
  await page.getByTestId('nav-rounds').click();
  await page.getByTestId('rounds-export').click();
  rows = readXlsx(await exportedPath(page, exports, new RegExp(`/rounds-${DAY}\\.xlsx$`)));
  expect(rows.slice(1).map((r) => r[0])).toEqual(rounds.map((r) => String(r.number)));
  expect(rows.slice(1).map((r) => r[3])).toEqual(rounds.map((r) => r.status_label));

  // The oldest round's referrals with what became of them.
  const oldest = rounds[rounds.length - 1];
  await page.locator(`[data-testid="round-row"][data-id="${oldest.id}"]`).getByTestId('round-open').click();
  await page.getByTestId('tab-list').click();
  await page.getByTestId('referrals-export').click();
  await screenshot(page, 'round-referrals-exported');
  const number = String(oldest.number).padStart(2, '0');
  rows = readXlsx(await exportedPath(page, exports, new RegExp(`/referrals-round-${number}-${DAY}\\.xlsx$`)));
  expect(rows[0].slice(8, 14)).toEqual(['وضعیت', 'ثبت‌نام', 'حضور', 'نتیجه', 'شماره گواهینامه', 'تاریخ گواهینامه']);
  await expect(page.getByTestId('referral-row')).toHaveCount(rows.length - 1);
  const certified = rows.filter((r) => r[8] === 'گواهینامه گرفته');
  expect(certified.length).toBeGreaterThan(0);
  for (const r of certified) {
    expect(r.slice(9, 12)).toEqual(['ثبت‌نام‌شده', 'حضور کامل', 'قبول']);
    expect(r[13]).toMatch(/^14\d{2}\/\d{2}\/\d{2}$/);
  }

  // The quota periods, and the seats of courses and providers on a second sheet.
  await page.getByTestId('nav-quota').click();
  await page.getByTestId('quota-export').click();
  const quota = await exportedPath(page, exports, new RegExp(`/quota-${DAY}\\.xlsx$`));
  rows = readXlsx(quota);
  expect(rows[0][0]).toBe('دوره سهمیه');
  await expect(page.getByTestId('quota-period')).toHaveCount(rows.length - 1);
  expect(readXlsx(quota, 2)[0][2]).toBe('نام');
});
