// A referral round in the real window: from the sample data (quota periods
// and past rounds, made with the `taavon` command line on the same
// database), the clerk opens a round for Azar 1405, builds it, sees why each
// person ranks where they do, locks it and exports the TVTO sheet. The sheet
// is then read back through LibreOffice (headless): as CSV for its cells,
// and as PDF, whose words must run right to left.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from './harness.mjs';

const h = new Harness();

let pastRounds = [];
let next = 0;

before(async () => {
  await h.start();
  h.taavon('demo', '--coops', '120', '--people', '2000', '--seed', '11');
  pastRounds = h.taavon('round', 'list');
  next = Math.max(...pastRounds.map((r) => r.number)) + 1;
});

after(() => h.stop());

/** LibreOffice, headless, converting `file` into `dir` as `format`. */
function office(file, format, dir) {
  execFileSync(
    'soffice',
    ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', format, '--outdir', dir, file],
    { stdio: 'pipe', timeout: 120000 },
  );
}

test('build, lock and export a round in the real window', async () => {
  const s = await h.openApp();
  await h.click('nav-rounds');
  await s.byTestId('rounds-page');
  // The sample program's past rounds are listed, newest first.
  const past = await h.session.until('the past rounds', async () => {
    const rows = await h.texts('[data-testid="round-row"]');
    return rows.length > 0 ? rows : null;
  });
  assert.equal(past.length, pastRounds.length);

  await h.click('round-new');
  await h.fill('field-month', '۱۴۰۵/۰۹');
  await h.fill('field-capacity', '۱۲');
  await h.click('form-save');
  await s.byTestId('round-page');
  assert.match(await h.text('round-status'), /پیش‌نویس/);

  await h.click('round-build');
  await h.session.until('the build report', async () => (await h.text('build-added')).length > 0);
  const rows = await h.session.until('twelve people in the round', async () => {
    const r = await h.texts('[data-testid="referral-row"]');
    return r.length === 12 ? r : null;
  });
  // Each person's score is explained in Persian, highest first.
  const explanations = await h.texts('[data-testid="referral-explanation"]');
  assert.equal(explanations.length, 12);
  assert.ok(explanations.every((e) => e.includes('نیاز سطح')), explanations.join('\n'));
  // Ranked: the first pick scores at least as much as the last.
  const scores = (await h.texts('[data-testid="referral-score"]')).map((t) =>
    Number(t.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/[^0-9]/g, '')),
  );
  assert.equal(scores.length, rows.length);
  assert.ok(scores[0] >= scores[scores.length - 1], scores.join(' '));
  h.shot('e2e-round-built.png');

  await h.click('round-lock');
  await h.session.until('the round locked', async () => (await h.text('round-status')).includes('قفل‌شده'));
  await h.click('round-export');
  const shown = await h.session.until('the exported path', async () => {
    try {
      const t = await h.text('export-path');
      return t.includes('.xlsx') ? t : null;
    } catch {
      return null;
    }
  });
  h.shot('e2e-round-exported.png');
  await h.closeApp();

  // The file is in the exports folder, under its ASCII name.
  const name = `round-${String(next).padStart(2, '0')}-1405-09`;
  const files = readdirSync(h.exports).filter((f) => f.endsWith('.xlsx'));
  assert.deepEqual(files, [`${name}.xlsx`], shown);
  const sheet = join(h.exports, files[0]);

  // Read back: the round's people as the command line lists them.
  const listed = h.taavon('round', 'show', String(next));
  assert.equal(listed.referrals.length, 12);
  const work = join(h.dataDir, 'office');
  mkdirSync(work, { recursive: true });
  office(sheet, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1', work);
  // LibreOffice names the CSV after the file and the sheet.
  const csvName = readdirSync(work).find((f) => f.startsWith(name) && f.endsWith('.csv'));
  const csv = readFileSync(join(work, csvName), 'utf8').trim().split('\n');
  assert.equal(csv.length, 13, 'header and twelve people');
  assert.match(csv[0], /^ردیف,نام,نام خانوادگی,نام پدر,کد ملی,تاریخ تولد/);
  const codes = csv.slice(1).map((line) => line.split(',')[4]);
  assert.deepEqual(
    [...codes].sort(),
    listed.referrals.map((r) => r.national_code).sort(),
    'every national code, leading zeros kept',
  );
  assert.ok(codes.some((c) => c.startsWith('0')), 'some codes start with 0');
  assert.ok(csv.slice(1).every((line) => /,1[34]\d\d\/\d\d\/\d\d,/.test(line)), 'Jalali birth dates as text');

  // As a PDF the Persian runs right to left: the first column (ردیف) is the
  // rightmost on the page.
  office(sheet, 'pdf', work);
  const pdf = join(work, `${name}.pdf`);
  assert.ok(existsSync(pdf));
  const bbox = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox', pdf, '-'], { encoding: 'utf8' });
  // pdftotext lays right-to-left words out in visual order, letters
  // reversed; either spelling is the word.
  const x = (word) => {
    const spellings = [word, [...word].reverse().join('')];
    const m = spellings
      .map((w) => bbox.match(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${w}</word>`)))
      .find(Boolean);
    assert.ok(m, `${word} on the page`);
    return Number(m[1]);
  };
  assert.ok(x('ردیف') > x('توضیحات'), 'right to left: ردیف right of توضیحات');
  execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-png', pdf, join(h.shots, 'e2e-round-sheet-pdf')]);
});
