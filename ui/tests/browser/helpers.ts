import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
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
