// The dashboard's figures and the monthly report against the real core:
// every number on screen is the `dashboard` command's, in Persian digits;
// the charts are SVG and read right to left; the report prints on A4.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ErrorBody } from './core';
import { ROOT } from './core';
import type { Figures, MonthFigures, MonthGrid, RoundView, Settings, Share } from '../../src/lib/bindings';
import { expect, test, type Session } from './fixtures';
import { LATIN_DIGIT, faDigits, faNumber, openEmpty, openSeeded, screenshot } from './helpers';

const DASH = '—';

/** A rate as the core rounded it, as the screens show it: `48.1` → `۴۸٫۱٪`. */
function faRate(p: number): string {
  const [whole, fraction] = String(p).split('.');
  return `${faNumber(Number(whole))}${fraction ? `٫${faDigits(fraction)}` : ''}٪`;
}

const withRate = (n: number, p: number) => `${faNumber(n)} (${faRate(p)})`;

/** Text as the SVG draws it, without the right-to-left marks and line breaks. */
const drawn = (text: string) => text.replace(/[\u200e\u200f]/g, '').replace(/\s+/g, '');

function figuresFor(core: Session, from: string | null = null, to: string | null = null): Promise<Figures> {
  return core.call<Figures>('dashboard', { period: { from, to } });
}

/** The core's message for a refused period, by field. */
async function refusal(core: Session, from: string | null, to: string | null): Promise<Record<string, string>> {
  try {
    await figuresFor(core, from, to);
  } catch (error) {
    return Object.fromEntries((error as ErrorBody).fields.map((f) => [f.field, f.message]));
  }
  throw new Error(`${from}–${to} was accepted`);
}

/** The cells of every row of a table, as shown. */
function cells(rows: Locator): Promise<string[][]> {
  return rows.evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => (td as HTMLElement).innerText.trim())));
}

/** Shows a figure's table in place of its chart. */
async function tableOf(page: Page, id: string): Promise<void> {
  await page.getByTestId(`figure-${id}-table-view`).click();
  await expect(page.getByTestId(`figure-${id}-table`)).toBeVisible();
}

function monthRow(m: MonthFigures): string[] {
  return [
    faDigits(m.label),
    faNumber(m.rounds),
    faNumber(m.referred),
    faNumber(m.cooperatives),
    faNumber(m.unions),
    faNumber(m.certified),
    m.quota_share === null ? DASH : faNumber(m.quota_share),
    m.remaining === null ? DASH : `${faNumber(m.remaining)} ${m.unit_label}`,
  ];
}

const shareRow = (s: Share) => [faDigits(s.label), faNumber(s.referred), faNumber(s.organizations), faRate(s.percent)];

function funnelRows(f: Figures['funnel']): string[][] {
  return [
    ['معرفی‌شده', faNumber(f.referred), DASH],
    ['ثبت‌نام‌کرده', faNumber(f.enrolled), faRate(f.enrolled_rate)],
    ['حاضر در کلاس', faNumber(f.attended), faRate(f.attended_rate)],
    ['قبول‌شده', faNumber(f.passed), faRate(f.passed_rate)],
    ['گواهینامه‌گرفته', faNumber(f.certified), faRate(f.certified_rate)],
  ];
}

/** Every figure card's table shows the core's numbers for `f`. */
async function expectTables(page: Page, f: Figures): Promise<void> {
  for (const id of ['months', 'funnel', 'rounds', 'county', 'field', 'course', 'flag', 'needs', 'needs-by-org', 'wait']) {
    await tableOf(page, id);
  }
  expect(await cells(page.getByTestId('months-row'))).toEqual(f.months.map(monthRow));
  expect(await cells(page.getByTestId('funnel-row'))).toEqual(funnelRows(f.funnel));
  expect(await cells(page.getByTestId('rounds-row'))).toEqual(
    f.rounds.map((r) => [
      faNumber(r.number),
      faDigits(r.month_label),
      faNumber(r.cooperatives),
      faNumber(r.funnel.referred),
      withRate(r.funnel.enrolled, r.funnel.enrolled_rate),
      withRate(r.funnel.attended, r.funnel.attended_rate),
      withRate(r.funnel.passed, r.funnel.passed_rate),
      withRate(r.funnel.certified, r.funnel.certified_rate),
    ]),
  );
  for (const [id, shares] of [
    ['county', f.by_county],
    ['field', f.by_field],
    ['course', f.by_course],
    ['flag', f.by_flag],
  ] as const) {
    expect(await cells(page.getByTestId(`${id}-row`)), id).toEqual(shares.map(shareRow));
  }
  expect(await cells(page.getByTestId('needs-row'))).toEqual([
    [faNumber(f.needs.lines), faNumber(f.needs.organizations), faNumber(f.needs.approved), faNumber(f.needs.met), faRate(f.needs.percent)],
  ]);
  expect(await cells(page.getByTestId('needs-by-org-row'))).toEqual(
    f.needs_by_org.map((o) => [faDigits(o.name), o.county ?? DASH, faNumber(o.lines), faNumber(o.approved), faNumber(o.met), faRate(o.percent)]),
  );
  expect(await cells(page.getByTestId('wait-row'))).toEqual(f.wait.buckets.map((b) => [b.label, faNumber(b.referrals)]));
}

/** The x positions of a chart's month labels, in the months' order. */
async function monthTicks(chart: Locator): Promise<Array<{ text: string; x: number }>> {
  return chart.locator('g[aria-label="x-axis tick label"] text').evaluateAll((texts) =>
    texts.map((t) => ({ text: t.textContent ?? '', x: t.getBoundingClientRect().x + t.getBoundingClientRect().width / 2 })),
  );
}

/** Reports every breach of the Content-Security-Policy the page meets. */
async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/**
 * Puts the desktop window's own policy (tauri.conf.json) on the page, with
 * the bridge's loopback address let through as the window lets IPC. The
 * policy goes in as a meta element when the head appears, before the app's
 * script runs; serving the page from a route instead would make Chromium
 * refuse the page's calls to loopback.
 */
async function withDesktopCsp(page: Page): Promise<void> {
  const conf = JSON.parse(readFileSync(join(ROOT, 'src-tauri/tauri.conf.json'), 'utf8')) as {
    app: { security: { csp: string } };
  };
  const csp = conf.app.security.csp.replace(/connect-src ([^;]*)/, 'connect-src $1 http://127.0.0.1:*');
  await page.addInitScript((policy) => {
    const add = () => {
      const meta = document.createElement('meta');
      meta.httpEquiv = 'Content-Security-Policy';
      meta.content = policy;
      document.head.prepend(meta);
    };
    if (document.head) add();
    else {
      new MutationObserver((_, observer) => {
        if (!document.head) return;
        observer.disconnect();
        add();
      }).observe(document, { childList: true, subtree: true });
    }
  }, csp);
}

test('the dashboard shows the core’s figures since Mehr 1404, as charts read right to left and as tables', async ({ page, core }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await withDesktopCsp(page);
  const violations = await recordCspViolations(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openSeeded(page);
  const f = await figuresFor(core);
  expect(f.from).toBe('1404/07');
  expect(f.funnel.referred).toBeGreaterThan(0);
  expect(f.by_course.length).toBeGreaterThan(10);

  const figures = page.getByTestId('dashboard-figures');
  await expect(page.getByTestId('figures-period')).toHaveText(`دوره: ${faDigits(f.label)}`);
  await expect(figures.getByTestId('summary-sentence')).toHaveText(f.summary);

  // Charts: SVG in Vazirmatn, the first month on the right, the values' axis
  // on the right, every number in Persian digits.
  const months = page.getByTestId('chart-months');
  await expect(months.locator('svg')).toBeVisible();
  expect(await months.locator('svg').evaluate((svg) => getComputedStyle(svg).fontFamily)).toContain('Vazirmatn');
  const ticks = await monthTicks(months);
  expect(ticks.length).toBeGreaterThan(1);
  expect(drawn(ticks[0].text)).toBe(drawn(f.months[0].label));
  expect(drawn(ticks.at(-1)!.text)).toBe(drawn(f.months.at(-1)!.label));
  expect(ticks[0].x).toBeGreaterThan(ticks.at(-1)!.x);
  const xs = ticks.map((t) => t.x);
  expect(xs).toEqual([...xs].sort((a, b) => b - a));
  const axis = await months.locator('g[aria-label="y-axis tick label"]').boundingBox();
  const plotted = await months.locator('g[aria-label="bar"]').boundingBox();
  expect(axis!.x).toBeGreaterThan(plotted!.x + plotted!.width - 1);
  // Bars grow leftwards from labels on the right.
  const county = page.getByTestId('chart-county');
  const countyLabels = await county.locator('g[aria-label="y-axis tick label"]').boundingBox();
  const countyBars = await county.locator('g[aria-label="bar"]').boundingBox();
  expect(countyLabels!.x).toBeGreaterThan(countyBars!.x + countyBars!.width - 1);
  // The first ten courses are charted; the table has them all.
  await expect(page.getByTestId('chart-course').locator('g[aria-label="bar"] rect')).toHaveCount(10);
  await expect(page.getByTestId('figure-course-note')).toContainText(faNumber(f.by_course.length));
  for (const id of ['months', 'remaining', 'funnel', 'wait', 'rounds', 'county', 'field', 'kind', 'flag', 'course', 'needs', 'needs-by-org']) {
    await expect(page.getByTestId(`chart-${id}`).locator('svg'), id).toBeVisible();
  }
  const svgText = await figures.locator('svg text').allTextContents();
  expect(svgText.join(' ')).not.toMatch(LATIN_DIGIT);
  await screenshot(page, 'dashboard-figures');

  await expect(page.getByTestId('wait-median')).toHaveText(`${faNumber(f.wait.median_days!)} روز`);
  await expectTables(page, f);
  expect(await figures.innerText()).not.toMatch(LATIN_DIGIT);
  // A chart comes back with its toggle.
  await page.getByTestId('figure-months-chart-view').click();
  await expect(months.locator('svg')).toBeVisible();

  expect(errors).toEqual([]);
  // The policy was in force, and the charts needed nothing it forbids.
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
  expect(await violations()).toEqual([]);
});

test('another period: the figures are the core’s for those months; a bad month is refused beside its field', async ({ page, core }) => {
  await openSeeded(page);
  await expect(page.getByTestId('chart-months').locator('svg')).toBeVisible();
  const all = await figuresFor(core);

  // Persian digits in one field, Arabic-Indic in the other.
  await page.getByTestId('field-from').fill('۱۴۰۴/۰۹');
  await page.getByTestId('field-to').fill('١٤٠٤/١١');
  await page.getByTestId('period-show').click();
  const part = await figuresFor(core, '1404/09', '1404/11');
  expect(part.months.map((m) => m.month_text)).toEqual(['1404/09', '1404/10', '1404/11']);
  expect(part.funnel.referred).toBeLessThan(all.funnel.referred);
  await expect(page.getByTestId('figures-period')).toHaveText(`دوره: ${faDigits(part.label)}`);
  await expect(page.getByTestId('summary-sentence')).toHaveText(part.summary);
  await expect(page.getByTestId('chart-months').locator('g[aria-label="bar"] rect')).toHaveCount(3);
  await expectTables(page, part);

  // Month 13: the core's Persian message under «از ماه», nothing else changed.
  const refused = await refusal(core, '1405/13', '1404/11');
  expect(refused.from).toBeTruthy();
  await page.getByTestId('field-from').fill('1405/13');
  await page.getByTestId('period-show').click();
  await expect(page.getByTestId('error-from')).toHaveText(refused.from);
  await expect(page.getByTestId('field-from')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('error-to')).toHaveCount(0);
  await expect(page.getByTestId('figures-period')).toHaveText(`دوره: ${faDigits(part.label)}`);
  await screenshot(page, 'dashboard-period-error');

  // An end before the start is the end's fault.
  const backwards = await refusal(core, '1404/11', '1404/09');
  await page.getByTestId('field-from').fill('1404/11');
  await page.getByTestId('field-to').fill('1404/09');
  await page.getByTestId('period-show').click();
  await expect(page.getByTestId('error-to')).toHaveText(backwards.to);
  await expect(page.getByTestId('error-from')).toHaveCount(0);

  // Emptied, the fields mean Mehr 1404 to this month again.
  await page.getByTestId('field-from').fill('');
  await page.getByTestId('field-to').fill('');
  await page.getByTestId('period-show').click();
  await expect(page.getByTestId('figures-period')).toHaveText(`دوره: ${faDigits(all.label)}`);
  await expect(page.getByTestId('error-to')).toHaveCount(0);
});

test('an empty database: zeros and empty charts, no errors', async ({ page, core }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openEmpty(page);
  const f = await figuresFor(core);
  expect(f.funnel.referred).toBe(0);
  await expect(page.getByTestId('summary-sentence')).toHaveText(f.summary);
  for (const id of ['funnel', 'rounds', 'county', 'course', 'needs', 'needs-by-org', 'wait']) {
    await expect(page.getByTestId(`figure-${id}-empty`), id).toBeVisible();
  }
  await expect(page.getByTestId('figure-months-empty')).toBeVisible();
  await expect(page.getByTestId('form-error')).toHaveCount(0);
  await expectTables(page, f);
  expect(await cells(page.getByTestId('funnel-row'))).toEqual(funnelRows(f.funnel));
  await expect(page.getByTestId('figure-county-table').getByTestId('empty-row')).toBeVisible();
  await screenshot(page, 'dashboard-figures-empty');
  expect(errors).toEqual([]);
});

test('the rounds list counts referred people as the dashboard does', async ({ page, core }) => {
  await openSeeded(page);
  const rounds = await core.call<RoundView[]>('list_rounds');
  const f = await figuresFor(core);
  const referred = new Map(f.rounds.map((r) => [r.id, r.funnel.referred]));
  expect(rounds.some((r) => r.referred > 0)).toBe(true);
  await page.getByTestId('nav-rounds').click();
  await expect(page.getByTestId('round-row')).toHaveCount(rounds.length);
  for (const round of rounds) {
    expect(round.referred, `round ${round.number}`).toBe(referred.get(round.id) ?? 0);
    const row = page.locator(`[data-testid="round-row"][data-id="${round.id}"]`);
    await expect(row.getByTestId('round-referred')).toHaveText(faNumber(round.referred));
  }
  await expect(page.getByTestId('round-table').locator('th')).toContainText(['معرفی‌شده']);
});

test('the monthly report: letterhead, the core’s summary, a month or a period, on A4 paper', async ({ page, core }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1366, height: 768 });
  await openSeeded(page);
  const settings = await core.call<Settings>('get_settings');
  const all = await figuresFor(core);

  // From the dashboard: the same period.
  await expect(page.getByTestId('figures-period')).toBeVisible();
  await page.getByTestId('open-report').click();
  await expect(page.getByTestId('report-page')).toBeVisible();
  await expect(page.getByTestId('nav-report')).toHaveAttribute('aria-current', 'page');
  const title = (label: string) => `گزارش ماهانه همکاری با سازمان آموزش فنی و حرفه‌ای — ${faDigits(label)}`;
  await expect(page.getByTestId('report-title')).toHaveText(title(all.label));
  await expect(page.getByTestId('report-summary-sentence')).toHaveText(all.summary);
  await expect(page.getByTestId('report-office')).toHaveText(settings.office);
  for (const line of settings.letterhead.split('\n').filter((l) => l.trim() !== '')) {
    await expect(page.getByTestId('letterhead')).toContainText(line.trim());
  }
  await expect(page.getByTestId('report-date')).toHaveText(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
  // On paper every figure has its chart and its table at once.
  await expect(page.getByTestId('report-paper').getByTestId('months-row')).toHaveCount(all.months.length);
  await expect(page.getByTestId('report-paper').locator('[data-testid$="-table-view"]')).toHaveCount(0);

  // One month: the busiest of the sample.
  const month = [...all.months].sort((a, b) => b.referred - a.referred)[0];
  await page.getByTestId('period-one-month').check();
  await expect(page.getByTestId('field-to')).toHaveCount(0);
  await page.getByTestId('field-from').fill(faDigits(month.month_text));
  await page.getByTestId('period-show').click();
  const one = await figuresFor(core, month.month_text, month.month_text);
  await expect(page.getByTestId('report-title')).toHaveText(title(one.label));
  await expect(page.getByTestId('report-summary-sentence')).toHaveText(one.summary);
  await expect(page.getByTestId('report-paper').getByTestId('months-row')).toHaveCount(1);
  await expect(page.getByTestId('report-paper').getByTestId('rounds-row')).toHaveCount(one.rounds.length);
  await screenshot(page, 'monthly-report');

  // A bad month is refused beside the one field.
  const refused = await refusal(core, '1405/13', '1405/13');
  await page.getByTestId('field-from').fill('1405/13');
  await page.getByTestId('period-show').click();
  await expect(page.getByTestId('error-from')).toHaveText(refused.from);
  await page.getByTestId('field-from').fill(month.month_text);
  await page.getByTestId('period-show').click();
  await expect(page.getByTestId('error-from')).toHaveCount(0);

  // Print: the browser's dialog is replaced and counted.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await page.getByTestId('report-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // The report's sheet is A4 upright, named for the report's pages.
  const pageRules = await page.evaluate(() => {
    const found: Array<{ name: string; size: string; margin: string }> = [];
    const walk = (rules: CSSRuleList) => {
      for (const rule of rules) {
        if (rule instanceof CSSPageRule) {
          found.push({ name: rule.selectorText, size: rule.style.getPropertyValue('size'), margin: rule.style.getPropertyValue('margin') });
        } else if ('cssRules' in rule) {
          walk((rule as CSSGroupingRule).cssRules);
        }
      }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    return found;
  });
  const sheet = pageRules.find((r) => r.name === 'report');
  expect(sheet, JSON.stringify(pageRules)).toBeTruthy();
  expect(sheet!.size).toMatch(/^a4( portrait)?$/i);
  expect(sheet!.margin).not.toBe('');

  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('report-paper');
  expect(await paper.evaluate((el) => getComputedStyle(el).getPropertyValue('page'))).toBe('report');
  await expect(page.getByTestId('nav-report')).toBeHidden();
  await expect(page.getByTestId('report-print')).toBeHidden();
  await expect(page.getByTestId('period-form')).toBeHidden();
  const chart = paper.getByTestId('figure-months-chart');
  expect(await chart.evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
  expect(await paper.locator('table thead').first().evaluate((el) => getComputedStyle(el).display)).toBe('table-header-group');
  // Charts keep the size they were drawn at: their text is not shrunk to fit.
  for (const id of ['chart-months', 'chart-county']) {
    const [shown, drawnWidth] = await paper
      .getByTestId(id)
      .locator('svg')
      .evaluate((svg) => [svg.getBoundingClientRect().width, (svg as SVGSVGElement).width.baseVal.value]);
    expect(Math.abs(shown - drawnWidth), id).toBeLessThan(1);
  }
  await screenshot(page, 'monthly-report-print');

  // The PDF Chromium makes of it: a few A4 pages (595 × 842 points).
  const pdfPath = testInfo.outputPath('monthly-report.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const pdf = readFileSync(pdfPath).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);
  expect(pages.length).toBeLessThanOrEqual(8);
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(boxes.length).toBeGreaterThanOrEqual(pages.length);
  for (const [w, h] of boxes) {
    expect(Math.abs(w - 595.3)).toBeLessThan(2);
    expect(Math.abs(h - 841.9)).toBeLessThan(2);
  }
  expect(statSync(pdfPath).size).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: 'screen' });

  // From the side bar: this month, in Persian digits.
  const now = await core.call<MonthGrid>('jalali_month', { year: null, month: null });
  await page.getByTestId('nav-report').click();
  const thisMonth = `${now.year}/${String(now.month).padStart(2, '0')}`;
  await expect(page.getByTestId('field-from')).toHaveValue(faDigits(thisMonth));
  const current = await figuresFor(core, thisMonth, thisMonth);
  await expect(page.getByTestId('report-title')).toHaveText(title(current.label));
  expect(errors).toEqual([]);
});
