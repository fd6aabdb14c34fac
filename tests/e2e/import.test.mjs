// The import wizard in the real window, on a small messy CSV made here:
// a title row above the headers, Arabic letters, Persian digits, a code
// that lost its leading zero, a bad checksum and a blank row. The clerk
// previews it, imports the valid rows and saves the sheet of rejected
// rows, which is then read back through LibreOffice.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from './harness.mjs';

const h = new Harness();

function code(first9) {
  const d = [...first9].map(Number);
  const s = d.reduce((sum, x, i) => sum + x * (10 - i), 0) % 11;
  return first9 + String(s < 2 ? s : 11 - s);
}

const lostZero = code('049937089').slice(1); // Excel dropped the leading 0
const good = code('001234501');

before(async () => {
  await h.start();
  h.taavon(
    'coop', 'add', '--name', 'تعاونی فرش نگین ورامین', '--national-id', '10380284790',
    '--field', 'production', '--county', 'ورامین',
  );
  const file = join(h.dataDir, 'members.csv');
  writeFileSync(
    file,
    [
      'فهرست اعضای تعاونی فرش نگین,,,,',
      'كد ملي,نام,نام خانوادگی,تلفن همراه,شناسه ملی تعاونی',
      `${lostZero},علي,رضایی,۰۹۱۲۱۲۳۴۵۶۷,10380284790`,
      ',,,,',
      `${good},سارا,نوری,+989127654321,10380284790`,
      '0684159415,مریم,کاظمی,,10380284790',
      '',
    ].join('\n'),
  );
  // The open dialog answers with this file.
  process.env.TAAVON_PICK_FILE = file;
  await h.stopDriver();
  await h.startDriver();
});

after(() => h.stop());

const persianNumber = (t) => Number(t.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/[^0-9]/g, ''));

test('preview, import the valid rows and save the rejected ones in the real window', async () => {
  const s = await h.openApp();
  await h.click('nav-import');
  await s.byTestId('import-wizard');
  await h.click('wizard-pick');
  await h.session.until('the chosen file', async () => (await h.text('wizard-file')).includes('members.csv'));
  await h.click('wizard-next');
  await h.click('wizard-kind-people');
  await h.click('wizard-next');
  await s.byTestId('wizard-mapping-step');
  assert.match(await h.text('wizard-header-row'), /۲/, 'headers under the title row');
  h.shot('e2e-import-mapping.png');
  await h.click('wizard-next');
  await s.byTestId('wizard-preview', 30000);
  const count = async (id) => persianNumber(await h.text(id));
  assert.equal(await count('wizard-count-added'), 2);
  assert.equal(await count('wizard-count-rejected'), 1);
  assert.equal(await count('wizard-count-skipped'), 1);
  const rejected = await h.texts('[data-testid="wizard-rejected-row"]');
  assert.equal(rejected.length, 1);
  assert.match(rejected[0], /۰۶۸۴۱۵۹۴۱۵/, 'the value, shown in Persian digits');
  assert.match(rejected[0], /رقم کنترل/);
  const fixes = (await h.texts('[data-testid="wizard-fix-row"]')).join('\n');
  assert.match(fixes, /صفر ابتدایی/, fixes);
  h.shot('e2e-import-preview.png');

  await h.click('wizard-next');
  await h.click('wizard-accept-valid');
  await h.click('wizard-confirm');
  const result = await s.byTestId('wizard-result', 30000);
  assert.equal(await result.attribute('data-written'), 'true');
  await h.click('wizard-save-errors');
  const saved = await h.session.until('the error sheet saved', async () => {
    try {
      const t = await h.text('wizard-errors-path');
      return t.includes('.xlsx') ? t : null;
    } catch {
      return null;
    }
  });
  h.shot('e2e-import-result.png');
  await h.closeApp();

  // The two valid people are in the database, the bad one is not.
  const ali = h.taavon('person', 'show', code('049937089'));
  assert.equal(ali.first_name, 'علی');
  assert.equal(ali.mobile, '09121234567');
  assert.equal(ali.memberships.length, 1);
  assert.equal(h.taavon('person', 'show', good).mobile, '09127654321');

  // The error sheet names the row, the column and the value.
  const sheet = saved.trim();
  assert.ok(existsSync(sheet), sheet);
  const work = join(h.dataDir, 'office');
  mkdirSync(work, { recursive: true });
  execFileSync(
    'soffice',
    ['--headless', '--norestore', `-env:UserInstallation=file://${work}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', work, sheet],
    { stdio: 'pipe', timeout: 120000 },
  );
  const csvName = sheet.split('/').pop().replace(/\.xlsx$/, '.csv');
  const lines = readFileSync(join(work, csvName), 'utf8').trim().split('\n');
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1], /^6,"کد ملی","0684159415","«کد ملی» با مقدار/);
});
