import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LATIN_DIGIT, openSeeded, pickFile, screenshot } from './helpers';

const DOCS = '/home/clerk/Documents';

/** Opens the wizard and goes as far as the mapping of `path` read as `kind`. */
async function toMapping(page: Page, path: string, kind: 'coops' | 'people' | 'feedback'): Promise<void> {
  await pickFile(page, path);
  await page.getByTestId('wizard-pick').click();
  await expect(page.getByTestId('wizard-file')).toHaveText(path.split('/').at(-1)!);
  await page.getByTestId('wizard-next').click();
  await page.getByTestId(`wizard-kind-${kind}`).check();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
}

async function openWizard(page: Page): Promise<void> {
  await openSeeded(page);
  await page.getByTestId('nav-import').click();
  await expect(page.getByTestId('import-wizard')).toBeVisible();
  await expect(page.getByTestId('nav-import')).toHaveAttribute('aria-current', 'page');
}

async function count(page: Page, key: string): Promise<string> {
  return page.getByTestId(`wizard-count-${key}`).innerText();
}

test.describe('import wizard', () => {
  test('imports a clean list of people; the same file again changes nothing', async ({ page }) => {
    await openWizard(page);
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
    await expect(page.getByTestId('wizard-no-file')).toBeVisible();
    await screenshot(page, 'import-file');

    await pickFile(page, `${DOCS}/members-1404.xlsx`);
    await page.getByTestId('wizard-pick').click();
    await expect(page.getByTestId('wizard-file')).toHaveText('members-1404.xlsx');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
    await page.getByTestId('wizard-kind-people').check();
    await screenshot(page, 'import-kind');
    await page.getByTestId('wizard-next').click();

    await expect(page.getByTestId('wizard-header-row')).toContainText('ردیف ۱ ');
    await expect(page.getByTestId('wizard-guessed')).toBeVisible();
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('1');
    await expect(page.getByTestId('wizard-map-role')).toHaveValue('');
    await expect(page.getByTestId('wizard-first-row')).toHaveCount(5);
    expect(await page.getByTestId('wizard-first-rows').innerText()).not.toMatch(LATIN_DIGIT);
    await screenshot(page, 'import-mapping');

    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'added')).toBe('۶');
    expect(await count(page, 'rejected')).toBe('۰');
    expect(await count(page, 'skipped')).toBe('۰');
    await expect(page.getByTestId('wizard-sample-row')).toHaveCount(5);
    await expect(page.getByTestId('wizard-fixes-total')).toHaveText('۶ مقدار پاک‌سازی شد.');
    await expect(page.getByTestId('wizard-rejected').getByTestId('empty-row')).toBeVisible();
    await expect(page.getByTestId('wizard-save-errors')).toHaveCount(0);
    expect(await page.getByTestId('wizard-preview').innerText()).not.toMatch(LATIN_DIGIT);
    await screenshot(page, 'import-preview');

    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-will-write')).toHaveText('۶ ردیف تازه و ۰ به‌روزرسانی ثبت می‌شود.');
    await expect(page.getByTestId('wizard-accept-valid')).toHaveCount(0);
    await page.getByTestId('wizard-confirm').click();
    await expect(page.getByTestId('wizard-result')).toHaveAttribute('data-written', 'true');
    await expect(page.getByTestId('wizard-result-status')).toHaveText('اطلاعات ثبت شد.');
    expect(await count(page, 'added')).toBe('۶');

    // The same file again: the mapping is remembered and nothing is new.
    await page.getByTestId('wizard-again').click();
    await toMapping(page, `${DOCS}/members-1404.xlsx`, 'people');
    await expect(page.getByTestId('wizard-remembered')).toBeVisible();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'unchanged')).toBe('۶');
    expect(await count(page, 'added')).toBe('۰');
    await expect(page.getByTestId('wizard-nothing')).toBeVisible();
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
  });

  test('a messy file: rejected values, only the valid rows imported, and the error sheet', async ({ page }) => {
    await openWizard(page);
    await toMapping(page, `${DOCS}/members-bad.xlsx`, 'people');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'added')).toBe('۷');
    expect(await count(page, 'rejected')).toBe('۴');
    expect(await count(page, 'skipped')).toBe('۱');
    const rejected = page.getByTestId('wizard-rejected-row');
    await expect(rejected).toHaveCount(4);
    expect(await rejected.first().locator('td').allInnerTexts()).toEqual([
      '۹',
      'کد ملی',
      '۰۶۸۴۱۵۹۴۱۵',
      '«کد ملی» با مقدار «۰۶۸۴۱۵۹۴۱۵» رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید.',
    ]);
    await expect(rejected.nth(3)).toContainText('در ردیف ۲ پرونده با نام دیگری آمده است');
    await expect(page.getByTestId('wizard-fix-row').filter({ hasText: 'صفر ابتدایی' })).toHaveCount(1);
    await screenshot(page, 'import-preview-rejected');

    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-some-rejected')).toContainText('۴ ردیف نادرست است');
    await expect(page.getByTestId('wizard-confirm')).toBeDisabled();
    await page.getByTestId('wizard-accept-valid').check();
    await screenshot(page, 'import-confirm');
    await page.getByTestId('wizard-confirm').click();

    const result = page.getByTestId('wizard-result');
    await expect(result).toHaveAttribute('data-written', 'true');
    await expect(page.getByTestId('wizard-result-status')).toHaveText('ردیف‌های درست ثبت شد؛ ۴ ردیف نادرست ثبت نشد.');
    expect(await count(page, 'added')).toBe('۷');
    await expect(result.getByTestId('wizard-rejected-row')).toHaveCount(4);
    await page.getByTestId('wizard-save-errors').click();
    await expect(page.getByTestId('wizard-errors-path')).toHaveText(/\/Taavon\/exports\/errors-members-bad-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.getByTestId('wizard-errors-show').click();
    await expect(page.getByTestId('wizard-error')).toHaveCount(0);
    await screenshot(page, 'import-result');
  });

  test('an unreadable file gets a plain message; Escape steps back to choose another', async ({ page }) => {
    await openWizard(page);
    await pickFile(page, `${DOCS}/junk.xlsx`);
    await page.getByTestId('wizard-pick').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-kind-coops').check();
    await page.getByTestId('wizard-next').click();
    const error = page.getByTestId('wizard-error');
    await expect(error).toHaveAttribute('data-code', 'excel');
    await expect(error).toContainText('این پرونده خوانده نشد.');
    await expect(page.getByTestId('wizard-error-detail')).toHaveText(
      'پرونده «junk.xlsx» خوانده نشد. باید پرونده اکسل (xlsx یا xls)، ods یا csv باشد و آسیب ندیده باشد.',
    );
    await expect(page.getByTestId('wizard-kind-step')).toBeVisible();
    await screenshot(page, 'import-unreadable');

    await page.keyboard.press('Escape');
    await expect(page.getByTestId('wizard-file-step')).toBeVisible();
    await expect(error).toHaveCount(0);
    await pickFile(page, `${DOCS}/coops.csv`);
    await page.getByTestId('wizard-pick').click();
    await expect(page.getByTestId('wizard-file')).toHaveText('coops.csv');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-kind-coops')).toBeChecked();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    // A CSV has one sheet, so there is nothing to choose.
    await expect(page.getByTestId('wizard-sheet')).toHaveCount(0);
  });

  test('the mapping: a required column chosen by hand, another sheet, and remembered next time', async ({ page }) => {
    await openWizard(page);
    await toMapping(page, `${DOCS}/members-odd.xlsx`, 'people');
    await expect(page.getByTestId('wizard-missing')).toContainText('«کد ملی»');
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('');
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
    await screenshot(page, 'import-mapping-missing');

    await page.getByTestId('wizard-map-national_code').selectOption({ label: 'ش.م.' });
    await expect(page.getByTestId('wizard-missing')).toHaveCount(0);
    await page.getByTestId('wizard-map-father_name').selectOption({ label: 'نام' });
    await expect(page.getByTestId('wizard-shared')).toContainText('ستون «نام»');
    await page.getByTestId('wizard-map-father_name').selectOption({ label: '—' });
    await expect(page.getByTestId('wizard-shared')).toHaveCount(0);

    // The second sheet has its headers under a title, and fewer rows.
    await page.getByTestId('wizard-sheet').selectOption('بایگانی');
    await expect(page.getByTestId('wizard-header-row')).toContainText('ردیف ۳ ');
    await expect(page.getByTestId('wizard-first-row')).toHaveCount(2);
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('');
    await page.getByTestId('wizard-map-national_code').selectOption({ label: 'ش.م.' });
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'added')).toBe('۲');
    await expect(page.getByTestId('wizard-fixes-total')).toHaveText('۲ مقدار پاک‌سازی شد.');

    // Back to the mapping: a change there makes a new preview.
    await page.getByTestId('wizard-back').click();
    await page.getByTestId('wizard-map-mobile').selectOption({ label: '—' });
    await expect(page.getByTestId('wizard-step-preview')).toBeDisabled();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    // The mobile numbers are no longer read, so their digits are not cleaned.
    await expect(page.getByTestId('wizard-fixes-total')).toHaveText('۱ مقدار پاک‌سازی شد.');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-confirm').click();
    await expect(page.getByTestId('wizard-result')).toHaveAttribute('data-written', 'true');

    await page.getByTestId('wizard-again').click();
    await toMapping(page, `${DOCS}/members-odd.xlsx`, 'people');
    await page.getByTestId('wizard-sheet').selectOption('بایگانی');
    await expect(page.getByTestId('wizard-remembered')).toBeVisible();
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('1');
    await expect(page.getByTestId('wizard-map-mobile')).toHaveValue('');
  });

  test('a long preview shows its progress and can be cancelled, with the lid or Escape', async ({ page }) => {
    await openWizard(page);
    await toMapping(page, `${DOCS}/members-big.xlsx`, 'people');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-progress')).toBeVisible();
    await expect(page.getByTestId('wizard-progress-text')).not.toHaveText('۰٪');
    await screenshot(page, 'import-progress');
    await page.getByTestId('wizard-cancel').click();
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    await expect(page.getByTestId('wizard-error')).toHaveAttribute('data-code', 'cancelled');
    await expect(page.getByTestId('wizard-error')).toHaveText('به درخواست شما لغو شد و چیزی ثبت نشد.');

    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-progress')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    await expect(page.getByTestId('wizard-error')).toHaveAttribute('data-code', 'cancelled');
  });
});
