import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { CourseInput, OrgInput, PersonInput } from '../../src/lib/bindings';
import { sessionOf } from './fixtures';

const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../target/screenshots');

/** Saves `target/screenshots/browser-<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // Let fonts and the last debounced answer settle before the picture.
  await page.evaluate(async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: resolve(SHOTS, `browser-${name}.png`), fullPage: true });
}

/** Opens the app with the sample data already loaded (past the first-run page). */
export async function openSeeded(page: Page): Promise<void> {
  await sessionOf(page).seed();
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
}

/** Types into a list's search box and waits until the list has answered. */
export async function search(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).fill(text);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** Text of every cell in one column of the visible rows. */
export async function column(page: Page, rowTestId: string, index: number): Promise<string[]> {
  return page.getByTestId(rowTestId).locator(`td:nth-child(${index + 1})`).allInnerTexts();
}

export const LATIN_DIGIT = /[0-9]/;

/** Every element with this test id shows its digits in Persian. */
export async function noLatinDigits(page: Page, testId: string): Promise<void> {
  for (const text of await page.getByTestId(testId).allInnerTexts()) expect(text).not.toMatch(LATIN_DIGIT);
}

/**
 * Names the file the next open dialogs answer with, as the desktop's tests
 * do with TAAVON_PICK_FILE.
 */
export async function pickFile(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => sessionStorage.setItem('TAAVON_PICK_FILE', p), path);
}

// ---------------------------------------------------------------------------
// Arranging data through the real core (app.spec.ts, training.spec.ts).

/** Latin digits written as the screens write them, nothing else changed: `1404/09` → `۱۴۰۴/۰۹`. */
export function faDigits(text: number | string): string {
  return String(text).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
}

/** A count as the screens show it: `4000` → `۴٬۰۰۰`. */
export function faNumber(n: number): string {
  return String(Math.trunc(n))
    .replace(/\B(?=(\d{3})+(?!\d))/g, '٬')
    .replace(/[0-9]/g, faDigits);
}

/** The pager's line for `total` rows, e.g. «صفحهٔ ۱ از ۸ — ۲۰۰ مورد». */
export function pageInfo(page: number, total: number, pageSize = 25): string {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return `صفحهٔ ${faNumber(page)} از ${faNumber(pages)} — ${faNumber(total)} مورد`;
}

/** A valid national code (کد ملی) made from a serial number (1–9,999,999). */
export function nationalCode(serial: number): string {
  const first9 = String(30_000_000 + serial).padStart(9, '0');
  const s = [...first9].reduce((sum, d, i) => sum + Number(d) * (10 - i), 0);
  const r = s % 11;
  return first9 + String(r < 2 ? r : 11 - r);
}

/** A valid legal-entity national ID (شناسه ملی) made from a serial number. */
export function nationalId(serial: number): string {
  const first10 = String(1_450_000_000 + serial);
  const weights = [29, 27, 23, 19, 17];
  const k = Number(first10[9]) + 2;
  const s = [...first10].reduce((sum, d, i) => sum + (Number(d) + k) * weights[i % 5], 0);
  const r = s % 11;
  return first10 + String(r === 10 ? 0 : r);
}

/** An `add_org` input with everything optional left empty. */
export function orgInput(fields: Partial<OrgInput> & { name: string }): OrgInput {
  return {
    kind: null,
    national_id: null,
    registration_no: null,
    registry_office: null,
    field: 'production',
    orientation: null,
    activity: null,
    county: null,
    founded_on: null,
    member_count: null,
    phone: null,
    mobile: null,
    email: null,
    address: null,
    postal_code: null,
    is_small: false,
    is_startup: false,
    is_internet: false,
    status: null,
    ...fields,
  };
}

/** An `add_person` input with everything optional left empty. */
export function personInput(
  fields: Partial<PersonInput> & { national_code: string; first_name: string; last_name: string },
): PersonInput {
  return {
    father_name: null,
    gender: null,
    birth_date: null,
    education: null,
    mobile: null,
    ...fields,
  };
}

/** Opens the app on the test's own database, started empty (past the first-run page). */
export async function openEmpty(page: Page): Promise<void> {
  await sessionOf(page).call('start_empty');
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
}

/** An `add_course` input with everything optional left empty. */
export function courseInput(fields: Partial<CourseInput> & { title: string }): CourseInput {
  return {
    kind: 'standard',
    code: null,
    cluster: null,
    course_group: null,
    theory_hours: null,
    practice_hours: null,
    total_hours: null,
    entry_education: null,
    suits: null,
    active: true,
    ...fields,
  };
}
