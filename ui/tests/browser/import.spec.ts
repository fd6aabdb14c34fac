import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { type CellValue, writeCsv, writeXlsx } from './files';
import { expect, test } from './fixtures';
import { LATIN_DIGIT, faDigits, nationalCode, openEmpty, pickFile, screenshot } from './helpers';

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

/** Opens the wizard on an empty register: every row the tests import is new. */
async function openWizard(page: Page): Promise<void> {
  await openEmpty(page);
  await page.getByTestId('nav-import').click();
  await expect(page.getByTestId('import-wizard')).toBeVisible();
  await expect(page.getByTestId('nav-import')).toHaveAttribute('aria-current', 'page');
}

async function count(page: Page, key: string): Promise<string> {
  return page.getByTestId(`wizard-count-${key}`).innerText();
}

const fa = faDigits;

/** Rows of the long file: enough that its preview takes seconds. */
const BIG_ROWS = 100_000;

const PEOPLE_HEADERS = ['ردیف', 'کد ملی', 'نام', 'نام خانوادگی', 'نام پدر', 'جنسیت', 'تلفن همراه'];

/**
 * Six good rows of people, as a clerk's list has them, with six values to
 * clean: two codes and two mobiles in Persian digits (rows 2 and 6), an
 * Arabic «ي» (row 3) and a name padded with spaces (row 4).
 */
function goodPeople(): CellValue[][] {
  return [
    [1, nationalCode(101), 'علی', 'محمدی', 'حسن', 'مرد', '09121000000'],
    [2, fa(nationalCode(102)), 'زهرا', 'احمدی', 'حسن', 'زن', fa('09121007919')],
    [3, nationalCode(103), 'مهدي', 'کریمی', 'حسن', 'مرد', '09121015838'],
    [4, nationalCode(104), 'فاطمه', '  رضایی ', 'حسن', 'زن', '09121023757'],
    [5, nationalCode(105), 'حسین', 'جعفری', 'حسن', 'مرد', '09121031676'],
    [6, fa(nationalCode(106)), 'مریم', 'موسوی', 'حسن', 'زن', fa('09121039595')],
  ];
}

/**
 * A workbook of people: the list on «اعضا», and «بایگانی» with the headers
 * under a title (row 3) and the first two rows only (two values to clean,
 * both in the second row: its code and its mobile).
 */
function peopleWorkbook(path: string, headers: string[], rows: CellValue[][]): string {
  const good = goodPeople();
  return writeXlsx(path, [
    { name: 'اعضا', rows: [headers, ...rows] },
    { name: 'بایگانی', rows: [['بایگانی اعضای ۱۴۰۳'], [], headers, ...good.slice(0, 2)] },
  ]);
}

test.describe('import wizard', () => {
  test('imports a clean list of people; the same file again changes nothing', async ({ page, core }) => {
    const members = peopleWorkbook(join(core.dir, 'members-1404.xlsx'), PEOPLE_HEADERS, goodPeople());
    await openWizard(page);
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
    await expect(page.getByTestId('wizard-no-file')).toBeVisible();
    await screenshot(page, 'import-file');

    await pickFile(page, members);
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
    // A preview writes nothing.
    expect((await core.call<{ people: number }>('registry_counts')).people).toBe(0);

    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-will-write')).toHaveText('۶ ردیف تازه و ۰ به‌روزرسانی ثبت می‌شود.');
    await expect(page.getByTestId('wizard-accept-valid')).toHaveCount(0);
    await page.getByTestId('wizard-confirm').click();
    await expect(page.getByTestId('wizard-result')).toHaveAttribute('data-written', 'true');
    await expect(page.getByTestId('wizard-result-status')).toHaveText('اطلاعات ثبت شد.');
    expect(await count(page, 'added')).toBe('۶');
    expect((await core.call<{ people: number }>('registry_counts')).people).toBe(6);

    // The same file again: the mapping is remembered and nothing is new.
    await page.getByTestId('wizard-again').click();
    await toMapping(page, members, 'people');
    await expect(page.getByTestId('wizard-remembered')).toBeVisible();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'unchanged')).toBe('۶');
    expect(await count(page, 'added')).toBe('۰');
    await expect(page.getByTestId('wizard-nothing')).toBeVisible();
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
  });

  test('a messy file: rejected values, only the valid rows imported, and the error sheet', async ({ page, core }) => {
    // The six good rows (2–7), a blank row (8), then five rows each wrong
    // in its own way but one: a wrong check digit (9), no last name (10), a
    // short mobile (11), a code that lost its leading zero to Excel (12,
    // put back and imported), and row 2's code under another name (13).
    const bad = peopleWorkbook(join(core.dir, 'members-bad.xlsx'), PEOPLE_HEADERS, [
      ...goodPeople(),
      [],
      [9, '0684159415', 'رضا', 'صادقی', 'حسن', 'مرد', '09121050000'],
      [10, nationalCode(111), 'نرگس', '', 'حسن', 'زن', '09121050001'],
      [11, nationalCode(112), 'علی', 'قاسمی', 'حسن', 'مرد', '12345'],
      [12, nationalCode(113).replace(/^0/, ''), 'زهرا', 'محمدی', 'حسن', 'زن', '09121050003'],
      [13, nationalCode(101), 'پرویز', 'احمدی', 'حسن', 'مرد', '09121050004'],
    ]);
    await openWizard(page);
    await toMapping(page, bad, 'people');
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
    expect((await core.call<{ people: number }>('registry_counts')).people).toBe(7);
    await expect(result.getByTestId('wizard-rejected-row')).toHaveCount(4);
    await page.getByTestId('wizard-save-errors').click();
    const errorsPath = page.getByTestId('wizard-errors-path');
    await expect(errorsPath).toHaveText(/\/exports\/errors-members-bad-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const saved = await errorsPath.innerText();
    expect(saved.startsWith(join(core.dir, 'exports'))).toBe(true);
    expect(existsSync(saved)).toBe(true);
    await page.getByTestId('wizard-errors-show').click();
    await expect(page.getByTestId('wizard-error')).toHaveCount(0);
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('TAAVON_SHOWN') ?? '[]'))).toEqual([saved]);
    await screenshot(page, 'import-result');
  });

  test('an unreadable file gets a plain message; Escape steps back to choose another', async ({ page, core }) => {
    const junk = join(core.dir, 'junk.xlsx');
    writeFileSync(junk, 'This is not a workbook, only a few words of text.\n');
    const coops = writeCsv(join(core.dir, 'coops.csv'), [
      ['ردیف', 'نام تعاونی', 'شناسه ملی', 'زمینه فعالیت', 'شهرستان', 'تعداد اعضا'],
      [1, 'تعاونی فرش دستباف شماره ۱', '10380284790', 'تولیدی', 'تهران', 7],
      [2, 'تعاونی مصرف کارکنان شماره ۲', '', 'توزیعی', 'ری', 10],
    ]);
    await openWizard(page);
    await pickFile(page, junk);
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
    await pickFile(page, coops);
    await page.getByTestId('wizard-pick').click();
    await expect(page.getByTestId('wizard-file')).toHaveText('coops.csv');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-kind-coops')).toBeChecked();
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    // A CSV has one sheet, so there is nothing to choose.
    await expect(page.getByTestId('wizard-sheet')).toHaveCount(0);
  });

  test('the mapping: a required column chosen by hand, another sheet, and remembered next time', async ({ page, core }) => {
    // The national code's column is headed «ش.م.», a name the import does
    // not know: on the list of six its values say what it is.
    const headers = PEOPLE_HEADERS.map((h) => (h === 'کد ملی' ? 'ش.م.' : h));
    const odd = peopleWorkbook(join(core.dir, 'members-odd.xlsx'), headers, goodPeople());
    await openWizard(page);
    await toMapping(page, odd, 'people');
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('1');
    await expect(page.getByTestId('wizard-reason-national_code')).toHaveText('۱۰۰٪ مقدارها کد ملی درست است');
    await page.getByTestId('wizard-map-father_name').selectOption({ label: 'نام' });
    await expect(page.getByTestId('wizard-shared')).toContainText('ستون «نام»');
    await page.getByTestId('wizard-map-father_name').selectOption({ label: '—' });
    await expect(page.getByTestId('wizard-shared')).toHaveCount(0);

    // The second sheet has its headers under a title, and two rows: too
    // few to tell by their values, so the clerk chooses the column.
    await page.getByTestId('wizard-sheet').selectOption('بایگانی');
    await expect(page.getByTestId('wizard-header-row')).toContainText('ردیف ۳ ');
    await expect(page.getByTestId('wizard-first-row')).toHaveCount(2);
    await expect(page.getByTestId('wizard-missing')).toContainText('«کد ملی»');
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('');
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
    await screenshot(page, 'import-mapping-missing');
    await page.getByTestId('wizard-map-national_code').selectOption({ label: 'ش.م.' });
    await expect(page.getByTestId('wizard-missing')).toHaveCount(0);
    await expect(page.getByTestId('wizard-reason-national_code')).toHaveText('انتخاب شما');
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
    await toMapping(page, odd, 'people');
    await page.getByTestId('wizard-sheet').selectOption('بایگانی');
    await expect(page.getByTestId('wizard-remembered')).toBeVisible();
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('1');
    await expect(page.getByTestId('wizard-map-mobile')).toHaveValue('');
  });

  test('a long preview shows its progress and can be cancelled, with the lid or Escape', async ({ page, core }) => {
    const rows: CellValue[][] = [PEOPLE_HEADERS];
    for (let i = 1; i <= BIG_ROWS; i++) {
      rows.push([i, nationalCode(1000 + i), 'علی', `محمدی ${i}`, 'حسن', i % 2 ? 'مرد' : 'زن', null]);
    }
    const big = writeXlsx(join(core.dir, 'members-big.xlsx'), [{ name: 'اعضا', rows }]);
    await openWizard(page);
    await toMapping(page, big, 'people');
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
    // Escape at once: the stop names its run, so it holds even when it
    // reaches the core before the run has begun.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
    await expect(page.getByTestId('wizard-error')).toHaveAttribute('data-code', 'cancelled');
    expect((await core.call<{ people: number }>('registry_counts')).people).toBe(0);
  });
});
