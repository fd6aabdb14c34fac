// The import wizard's mapping screen on lists whose columns are understood
// by what they hold: each guess with its reason, two columns claiming one
// field shown as a choice (neither taken), full names the core could not
// split confirmed by the clerk, and the report saying which columns were
// read by their values. Files are written here; the real core reads them.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeXlsx } from './files';
import { expect, test } from './fixtures';
import { LATIN_DIGIT, nationalCode, openEmpty, orgInput, pickFile, screenshot } from './helpers';

async function toMapping(page: Page, path: string): Promise<void> {
  await openEmpty(page);
  await page.getByTestId('nav-import').click();
  await pickFile(page, path);
  await page.getByTestId('wizard-pick').click();
  await expect(page.getByTestId('wizard-file')).toHaveText(path.split('/').at(-1)!);
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('wizard-kind-people').check();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('wizard-mapping-step')).toBeVisible();
}

async function count(page: Page, key: string): Promise<string> {
  return page.getByTestId(`wizard-count-${key}`).innerText();
}

interface Person {
  first_name: string;
  last_name: string;
  gender: string | null;
  mobile: string | null;
}

test.describe('import mapping by content', () => {
  test('two columns claiming one field are a choice the clerk makes', async ({ page, core }) => {
    const path = writeXlsx(join(core.dir, 'two-mobiles.xlsx'), [
      {
        name: 'اعضا',
        rows: [
          ['کد ملی', 'نام', 'نام خانوادگی', 'موبایل', 'تلفن همراه'],
          [nationalCode(201), 'علی', 'رضایی', '09121234567', '09127654321'],
          [nationalCode(202), 'سارا', 'نوری', '09121111111', '09122222222'],
        ],
      },
    ]);
    await toMapping(page, path);

    // Neither column is taken; the choice names both, and the wizard waits.
    await expect(page.getByTestId('wizard-map-mobile')).toHaveValue('');
    const conflict = page.getByTestId('wizard-conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict).toHaveAttribute('data-target', 'mobile');
    await expect(conflict).toHaveAttribute('data-settled', 'false');
    await expect(conflict.locator('legend')).toContainText('برای «شماره همراه» چند ستون مناسب است');
    await expect(conflict).toContainText('«موبایل» (ستون D)');
    await expect(conflict).toContainText('«تلفن همراه» (ستون E)');
    await expect(page.getByTestId('wizard-conflicts-pending')).toBeVisible();
    await expect(page.getByTestId('wizard-next')).toBeDisabled();
    await expect(page.getByTestId('wizard-reason-national_code')).toHaveText('از روی نام ستون');
    await screenshot(page, 'import-conflict');

    await page.getByTestId('wizard-conflict-mobile-E').check();
    await expect(conflict).toHaveAttribute('data-settled', 'true');
    await expect(page.getByTestId('wizard-conflicts-pending')).toHaveCount(0);
    await expect(page.getByTestId('wizard-map-mobile')).toHaveValue('4');
    await expect(page.getByTestId('wizard-reason-mobile')).toHaveText('انتخاب شما');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'added')).toBe('۲');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-confirm').click();
    await expect(page.getByTestId('wizard-result')).toHaveAttribute('data-written', 'true');
    const ali = await core.call<Person>('person_detail', { nationalCode: nationalCode(201) });
    expect(ali.mobile).toBe('09127654321');
  });

  test('a list of unusual headers is read by its values, and unsure full names are confirmed', async ({ page, core }) => {
    await core.call('add_org', { input: orgInput({ name: 'تعاونی فرش نگین', national_id: '10380284790' }) });
    const path = writeXlsx(join(core.dir, 'unusual.xlsx'), [
      {
        name: 'فهرست',
        rows: [
          ['ش', 'مشخصات', 'ک.م', 'آقا/خانم', 'همراه اول', 'محل کار', 'پست'],
          [1, 'علی رضایی', nationalCode(301), 'آقا', '09121234567', '10380284790', 'م.ع'],
          [2, 'زهرا احمدی', nationalCode(302), 'خانم', '09127654321', '10380284790', 'هیات مدیره'],
          [3, 'محمد رضا کریمی', nationalCode(303), 'مرد', '09351112233', '10380284790', 'عضو'],
          [4, 'سید مهدی موسوی', nationalCode(304), 'مونث', '09351112244', '10380284790', 'بازرس'],
        ],
      },
    ]);
    await toMapping(page, path);

    // Every column is understood, with its reason, in Persian digits; the
    // clerk touches nothing.
    await expect(page.getByTestId('wizard-conflict')).toHaveCount(0);
    await expect(page.getByTestId('wizard-map-full_name')).toHaveValue('1');
    await expect(page.getByTestId('wizard-reason-full_name')).toHaveText('از روی نام ستون');
    await expect(page.getByTestId('wizard-map-national_code')).toHaveValue('2');
    await expect(page.getByTestId('wizard-reason-national_code')).toHaveText('۱۰۰٪ مقدارها کد ملی درست است');
    await expect(page.getByTestId('wizard-map-gender')).toHaveValue('3');
    await expect(page.getByTestId('wizard-reason-gender')).toHaveText('۱۰۰٪ مقدارها از فهرست جنسیت');
    await expect(page.getByTestId('wizard-map-mobile')).toHaveValue('4');
    await expect(page.getByTestId('wizard-map-coop_national_id')).toHaveValue('5');
    await expect(page.getByTestId('wizard-map-role')).toHaveValue('6');
    await expect(page.getByTestId('wizard-reason-role')).toHaveText('۱۰۰٪ مقدارها از فهرست سمت‌ها');
    await expect(page.getByTestId('wizard-map-first_name')).toHaveValue('');
    await expect(page.getByTestId('wizard-missing')).toHaveCount(0);
    expect(await page.getByTestId('wizard-mapping').innerText()).not.toMatch(LATIN_DIGIT);
    await screenshot(page, 'import-by-content');

    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    expect(await count(page, 'added')).toBe('۲');
    expect(await count(page, 'rejected')).toBe('۲');
    const guessed = page.getByTestId('wizard-guessed-column');
    await expect(guessed).toHaveCount(5);
    await expect(guessed.first()).toHaveText('ستون C («ک.م») برای «کد ملی»: ۱۰۰٪ مقدارها کد ملی درست است');

    // The two unsure names: one confirmed as proposed, one corrected.
    const names = page.getByTestId('wizard-name-row');
    await expect(names).toHaveCount(2);
    await expect(names.nth(0)).toContainText('نام مرکب «محمد رضا»');
    await expect(names.nth(0).getByTestId('wizard-name-first')).toHaveValue('محمد رضا');
    await expect(names.nth(0).getByTestId('wizard-name-last')).toHaveValue('کریمی');
    await expect(names.nth(1)).toContainText('عنوان «سید»');
    await screenshot(page, 'import-names');
    await names.nth(0).getByTestId('wizard-name-confirm').check();
    await names.nth(1).getByTestId('wizard-name-first').fill('مهدی');
    await names.nth(1).getByTestId('wizard-name-confirm').check();
    await page.getByTestId('wizard-names-apply').click();
    await expect(page.getByTestId('wizard-preview')).toBeVisible();
    await expect.poll(() => count(page, 'added')).toBe('۴');
    expect(await count(page, 'rejected')).toBe('۰');

    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-confirm').click();
    await expect(page.getByTestId('wizard-result')).toHaveAttribute('data-written', 'true');
    await expect(page.getByTestId('wizard-result').getByTestId('wizard-guessed-content')).toBeVisible();

    const person = (serial: number) => core.call<Person>('person_detail', { nationalCode: nationalCode(serial) });
    expect(await person(303)).toMatchObject({ first_name: 'محمد رضا', last_name: 'کریمی', gender: 'male' });
    expect(await person(304)).toMatchObject({ first_name: 'مهدی', last_name: 'موسوی', gender: 'female' });
    expect(await person(302)).toMatchObject({ first_name: 'زهرا', last_name: 'احمدی', gender: 'female' });
  });
});
