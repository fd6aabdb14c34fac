// End-to-end tests of the real desktop binary: tauri-driver + WebKitWebDriver
// under Xvfb, on a fresh temporary database. Run by `cargo xtask test`
// (which builds the app and installs the drivers); the app binary comes in
// TAAVON_APP.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keys } from './webdriver.mjs';
import { Harness } from './harness.mjs';

const h = new Harness();
let session;

before(() => h.start());
after(() => h.stop());

const shot = (name) => h.shot(name);
const fill = (id, text) => h.fill(id, text);
const setSelect = (id, value) => h.setSelect(id, value);
const texts = (css) => h.texts(css);
async function openApp() {
  session = await h.openApp();
}
async function closeApp() {
  await h.closeApp();
  session = undefined;
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
  // The page shows «در حال بارگذاری…» until the saved cooperative is read
  // back; its name heads the page once it is.
  await session.byTestId('detail-name');
  const detailText = await (await session.byTestId('coop-detail')).text();
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
  await session.byTestId('detail-full_name');
  const personText = await (await session.byTestId('person-detail')).text();
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
  await h.stopDriver();
  h.resetData();
  await h.startDriver();
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
