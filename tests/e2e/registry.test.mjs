// End-to-end tests of the real desktop binary: tauri-driver + WebKitWebDriver
// under Xvfb, on a fresh temporary database. Run by `cargo xtask test`
// (which builds the app and installs the drivers); the app binary comes in
// TAAVON_APP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, Keys, sleep } from './webdriver.mjs';

const app = process.env.TAAVON_APP;
const shots = resolve(process.env.TAAVON_SCREENSHOTS ?? 'target/screenshots');
const driverPort = 4444;
const driverUrl = `http://127.0.0.1:${driverPort}`;
const display = process.env.TAAVON_E2E_DISPLAY ?? ':97';

let xvfb;
let driver;
let dataDir;
let session;

async function startDriver() {
  driver = spawn('tauri-driver', ['--port', String(driverPort)], {
    env: {
      ...process.env,
      DISPLAY: display,
      WEBKIT_DISABLE_COMPOSITING_MODE: '1',
      TAAVON_DB: join(dataDir, 'taavon.db'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${driverUrl}/status`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('tauri-driver did not start');
}

async function openApp() {
  session = await Session.start(driverUrl, app);
  // The window is up once the Svelte app has mounted.
  await session.byTestId('app-version', 30000);
}

async function closeApp() {
  if (session) await session.end();
  session = undefined;
  await sleep(1000);
}

before(async () => {
  assert.ok(app, 'TAAVON_APP must name the built desktop binary');
  dataDir = mkdtempSync(join(tmpdir(), 'taavon-e2e-'));
  xvfb = spawn('Xvfb', [display, '-screen', '0', '1366x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await sleep(1000);
  await startDriver();
});

after(async () => {
  await closeApp();
  driver?.kill();
  xvfb?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// WebKitWebDriver's screenshot command never answers under Xvfb with
// compositing off, so the screen is captured from the X server instead.
function shot(name) {
  mkdirSync(shots, { recursive: true });
  execFileSync('import', ['-display', display, '-window', 'root', join(shots, name)]);
}

async function setSelect(testId, value) {
  const el = await session.byTestId(testId);
  await session.script(
    `const el = arguments[0]; el.value = arguments[1];
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));`,
    [{ 'element-6066-11e4-a52e-4f735466cecf': el.id }, value],
  );
}

async function fill(testId, text) {
  const el = await session.byTestId(testId);
  await el.clear();
  await el.type(text);
}

async function texts(css) {
  const els = await session.all(css);
  return Promise.all(els.map((e) => e.text()));
}

test('registry in the real window: first run, cooperative, person, search, restart', async () => {
  await openApp();

  // First run on an empty database offers sample data or an empty start.
  await session.byTestId('first-run-demo', 20000);
  shot('e2e-first-run.png');
  await (await session.byTestId('first-run-empty')).click();
  await session.byTestId('count-people');
  shot('e2e-dashboard.png');

  // Add a cooperative.
  await (await session.byTestId('nav-coops')).click();
  await (await session.byTestId('coop-new')).click();
  await fill('field-name', 'تعاونی فرش نگین ورامین');
  await fill('field-national_id', '۱۰۳۸۰۲۸۴۷۹۰');
  await setSelect('field-field', 'production');
  await setSelect('field-county', 'ورامین');
  await fill('field-founded_on', '1398/02/10');
  shot('e2e-coop-form.png');
  await (await session.byTestId('form-save')).click();
  const detail = await session.byTestId('coop-detail');
  const detailText = await detail.text();
  assert.match(detailText, /تعاونی فرش نگین ورامین/);
  assert.match(detailText, /۱۰۳۸۰۲۸۴۷۹۰/, 'national ID shown in Persian digits');
  assert.match(detailText, /۱۳۹۸\/۰۲\/۱۰/, 'founding date shown in Jalali with Persian digits');
  shot('e2e-coop-detail.png');

  // A person with an invalid national code gets the Persian error beside the field.
  await (await session.byTestId('nav-people')).click();
  await (await session.byTestId('person-new')).click();
  await fill('field-national_code', '0684159415');
  await fill('field-first_name', 'علی');
  await fill('field-last_name', 'رضایی');
  await fill('field-birth_date', '۱۳۶۵/۰۴/۱۲');
  await (await session.byTestId('form-save')).click();
  const error = await session.byTestId('error-national_code');
  assert.match(await error.text(), /کد ملی.*رقم کنترل/);
  shot('e2e-person-error.png');

  // Corrected, it saves.
  await fill('field-national_code', '0499370899');
  await (await session.byTestId('field-national_code')).type(Keys.ENTER);
  const person = await session.byTestId('person-detail');
  const personText = await person.text();
  assert.match(personText, /۰۴۹۹۳۷۰۸۹۹/);
  assert.match(personText, /۱۳۶۵\/۰۴\/۱۲/);
  shot('e2e-person-detail.png');

  // Searching with the Arabic yeh finds the Persian spelling.
  await (await session.byTestId('nav-people')).click();
  await fill('person-search', 'علي');
  const rows = await session.until('a search result', async () => {
    const found = await texts('[data-testid="person-row"]');
    return found.length === 1 && found[0].includes('علی') ? found : null;
  });
  assert.match(rows[0], /رضایی/);
  shot('e2e-people-search.png');

  await (await session.byTestId('nav-settings')).click();
  shot('e2e-settings.png');

  // Restart the app on the same database: everything is still there.
  await closeApp();
  await openApp();
  await (await session.byTestId('nav-people')).click();
  const afterRestart = await session.until('the person after restart', async () => {
    const found = await texts('[data-testid="person-row"]');
    return found.some((t) => t.includes('رضایی')) ? found : null;
  });
  assert.equal(afterRestart.length, 1);
  await (await session.byTestId('nav-coops')).click();
  await session.until('the cooperative after restart', async () => {
    const found = await texts('[data-testid="coop-row"]');
    return found.some((t) => t.includes('نگین')) ? found : null;
  });
  shot('e2e-coops-after-restart.png');
});

test('sample data loads in the real window with a moving progress bar', async () => {
  // A second, fresh database for this test.
  await closeApp();
  driver.kill();
  await sleep(500);
  rmSync(join(dataDir, 'taavon.db'), { force: true });
  rmSync(join(dataDir, 'taavon.db-wal'), { force: true });
  rmSync(join(dataDir, 'taavon.db-shm'), { force: true });
  await startDriver();
  await openApp();

  await (await session.byTestId('first-run-demo', 20000)).click();
  // The bar reports progress over the IPC channel before the load ends.
  const seen = await session.until('progress above zero', async () => {
    const bar = await session.byTestId('demo-progress', 2000).catch(() => null);
    const now = bar ? Number(await bar.attribute('aria-valuenow')) : NaN;
    if (now > 0) return now;
    // The load may already be over on a fast machine; then the dashboard shows it.
    const counts = await session.all('[data-testid="count-people"]');
    return counts.length ? 'finished' : null;
  }, 30000);
  assert.ok(seen === 'finished' || seen > 0);
  shot('e2e-first-run-progress.png');
  await session.until(
    'the 4,000 sample people on the dashboard',
    async () => (await (await session.byTestId('count-people')).text()) === '۴٬۰۰۰',
    60000,
  );
  const coops = await session.byTestId('count-cooperatives');
  assert.match(await coops.text(), /^[۰-۹٬]+$/);
  shot('e2e-dashboard-sample.png');

  await (await session.byTestId('nav-coops')).click();
  const names = await session.until('cooperatives in Persian order', async () => {
    const found = await texts('[data-testid="coop-name"]');
    return found.length >= 10 ? found : null;
  });
  const sorted = [...names].sort((a, b) => a.localeCompare(b, 'fa'));
  assert.deepEqual(names, sorted, 'the list is in Persian alphabetical order');
  shot('e2e-coops-sample.png');
});
