// The director's picture in the real window: on sample data (made with the
// `taavon` command line on the same database) the dashboard opens with its
// charts and tables, showing the figures `taavon report --json` gives; the
// monthly report opens for the same period and is saved as a PDF by the
// window's own print engine, which must be A4 pages with the report's
// words on them. Screenshots of each step, and of the PDF's first page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from './harness.mjs';

const h = new Harness();

before(async () => {
  await h.start();
  h.taavon('demo', '--coops', '120', '--people', '2000', '--seed', '11');
});

after(() => h.stop());

const fa = (n) => String(n).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);

test('the dashboard and the monthly report in the real window, saved as an A4 PDF', async () => {
  // What the core counts for the default period (Mehr 1404 to this month).
  const figures = h.taavon('report');
  assert.ok(figures.funnel.referred > 0, 'the sample has people referred');

  const s = await h.openApp();
  await s.byTestId('figures', 30000);
  // Every chart drawn as SVG.
  const charts = await s.until('the charts', async () => {
    const boxes = await s.all('[data-testid^="figure-"][data-testid$="-chart"] svg');
    return boxes.length >= 5 ? boxes.length : null;
  });
  assert.ok(charts >= 5, `${charts} charts`);
  // The summary is the core's, sentence by sentence.
  const sentences = await h.texts('[data-testid="summary-sentence"]');
  assert.deepEqual(sentences, figures.summary);
  assert.ok(sentences[0].includes(fa(figures.funnel.referred).slice(-3)), sentences[0]);
  h.shot('e2e-dashboard.png');

  // The monthly report, for the same period.
  await h.click('open-report');
  await s.byTestId('report-paper', 20000);
  const reportSentences = await s.until('the report summary', async () => {
    const t = await h.texts('[data-testid="report-summary-sentence"]');
    return t.length > 0 ? t : null;
  });
  assert.deepEqual(reportSentences, figures.summary);
  h.shot('e2e-report.png');

  // Saved as a PDF by the window itself.
  await h.click('report-pdf');
  const shown = await s.until(
    'the PDF path',
    async () => {
      try {
        const t = await h.text('export-path');
        return t.includes('.pdf') ? t : null;
      } catch {
        return null;
      }
    },
    60000,
  );
  await h.closeApp();

  const pdfs = readdirSync(h.exports).filter((f) => f.endsWith('.pdf'));
  assert.equal(pdfs.length, 1, shown);
  assert.match(pdfs[0], /^report-1404-07-14\d\d-\d\d\.pdf$/);
  const pdf = join(h.exports, pdfs[0]);
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  // Every page A4 portrait: 595 × 842 points.
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
  assert.ok(pages >= 1 && pages <= 8, `${pages} pages`);
  const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^Page\s+\d+ size:/.test(l));
  assert.equal(sizes.length, pages);
  assert.ok(sizes.every((l) => /595(\.\d+)? x 841\.|595(\.\d+)? x 842/.test(l)), sizes.join('\n'));
  // The words are text, not a picture: the report's title and the period.
  // pdftotext gives Persian as the shaped glyphs' presentation forms;
  // NFKC turns them back into letters.
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e]/g, '');
  writeFileSync(join(h.shots, 'e2e-report-pdf.txt'), text);
  const words = (w) => text.includes(w);
  assert.ok(words('گزارش ماهانه'), 'the title on the page');
  assert.ok(words('مهر ۱۴۰۴'), 'the period on the page');
  assert.ok(words(fa(figures.funnel.referred)), 'the summary\'s figure on the page');
  execFileSync('pdftoppm', ['-f', '1', '-l', '2', '-r', '60', '-png', pdf, join(h.shots, 'e2e-report-pdf')]);
  assert.ok(existsSync(join(h.shots, 'e2e-report-pdf-1.png')));
});
