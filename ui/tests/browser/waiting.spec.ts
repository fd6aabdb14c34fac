// The home screen's «کارهای در انتظار شما»: what the core says waits, each
// line a link to the screen where it is done, and a calm line when nothing
// waits.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings, WaitingItem } from '../../src/lib/bindings';
import { expect, test } from './fixtures';
import { noLatinDigits, openSeeded, screenshot } from './helpers';

test('the home screen opens with what waits on the clerk, each line leading to its screen', async ({ page, core }) => {
  await openSeeded(page);
  const list = page.getByTestId('waiting');
  await expect(list.getByRole('heading')).toHaveText('کارهای در انتظار شما');
  // The home screen opens with the list, above the counts.
  const top = await list.boundingBox();
  const counts = await page.getByTestId('count-people').boundingBox();
  expect(top!.y).toBeLessThan(counts!.y);

  // The sample data has its rounds up to last month, needs still to be
  // approved, and no copy of a backup off the PC.
  const expected = await core.call<WaitingItem[]>('waiting');
  const kinds = expected.map((i) => i.kind);
  expect(kinds).toEqual(expect.arrayContaining(['round_not_opened', 'needs_to_approve', 'backup_not_copied']));
  await expect(list.getByTestId('waiting-item')).toHaveText(expected.map((i) => i.text));
  await noLatinDigits(page, 'waiting-item');
  await screenshot(page, 'waiting');

  // Need lines to approve: the needs screen, on that status.
  const approve = expected.find((i) => i.kind === 'needs_to_approve')!;
  await list.locator('[data-kind="needs_to_approve"]').click();
  await expect(page.getByTestId('needs-page')).toBeVisible();
  await expect(page.getByTestId('nav-needs')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('need-filter-status')).toHaveValue('submitted');
  const statuses = page.getByTestId('need-status');
  await expect(statuses.first()).toBeVisible();
  expect(new Set(await statuses.allInnerTexts())).toEqual(new Set(['ارسال‌شده']));
  expect(await statuses.count()).toBeLessThanOrEqual(approve.count);

  // «Back» returns to the home screen; this month's round opens the rounds.
  await page.getByTestId('nav-dashboard').click();
  await list.locator('[data-kind="round_not_opened"]').click();
  await expect(page.getByTestId('rounds-page')).toBeVisible();

  // The quota's warning share is a setting: at 1 % the current period is listed.
  const settings = await core.call<Settings>('get_settings');
  await core.call('save_settings', { input: { ...settings, quota_warn_percent: 1 } });
  await page.getByTestId('nav-dashboard').click();
  const quota = list.locator('[data-kind="quota_nearly_full"]');
  await expect(quota).toContainText('سهمیه');
  await quota.click();
  await expect(page.getByTestId('quota-page')).toBeVisible();
});

test('on an empty database only the copy off the PC waits, and once saved elsewhere nothing does', async ({ page, core }) => {
  await page.goto('/');
  await page.getByTestId('first-run-empty').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  // The day's backup was made when the database opened.
  const item = page.getByTestId('waiting-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-kind', 'backup_not_copied');
  await expect(item).toHaveText('هنوز هیچ پشتیبانی بیرون از این رایانه (مثلاً روی فلش) ذخیره نشده است');
  await expect(page.getByTestId('waiting-none')).toHaveCount(0);

  await item.click();
  await expect(page.getByTestId('backups-page')).toBeVisible();
  const usb = join(core.dir, 'USB');
  mkdirSync(usb, { recursive: true });
  const copy = join(usb, 'taavon-backup-copy.db');
  await page.evaluate((p) => sessionStorage.setItem('TAAVON_SAVE_FILE', p), copy);
  await page.getByTestId('backup-save-as').click();
  await expect(page.getByTestId('backup-saved-path')).toHaveText(copy);

  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('waiting-none')).toHaveText('کاری در انتظار شما نیست.');
  await expect(page.getByTestId('waiting-item')).toHaveCount(0);
  await screenshot(page, 'waiting-none');
});

test('settings: the days a sent round waits for an answer and the quota’s warning share, each problem beside its field', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('first-run-empty').click();
  await page.getByTestId('nav-settings').click();
  const form = page.getByTestId('office-settings');
  const fields = form.getByTestId('waiting-settings');
  await expect(fields.getByTestId('field-feedback_days')).toHaveValue('۳۰');
  await expect(fields.getByTestId('field-quota_warn_percent')).toHaveValue('۹۰');

  await fields.getByTestId('field-feedback_days').fill('۰');
  await fields.getByTestId('field-quota_warn_percent').fill('۱۲۰');
  await form.getByTestId('form-save').click();
  await expect(fields.getByTestId('error-feedback_days')).toContainText('باید بین ۱ و ۳۶۵ باشد');
  await expect(fields.getByTestId('error-quota_warn_percent')).toContainText('باید بین ۱ و ۱۰۰ باشد');

  await fields.getByTestId('field-feedback_days').fill('45');
  await fields.getByTestId('field-quota_warn_percent').fill('۸۰');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await expect(fields.getByTestId('field-feedback_days')).toHaveValue('۴۵');
});
