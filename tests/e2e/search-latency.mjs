// Measures, in the real window, how long person search takes from a
// keystroke to the new rows on screen, on a large database. Not a test: run
// by `cargo xtask bench`, which builds the release app, fills the database
// and passes TAAVON_APP and TAAVON_DB. Prints a Markdown table.

import { spawn } from 'node:child_process';
import { Session, sleep } from './webdriver.mjs';

const app = process.env.TAAVON_APP;
const display = ':95';
const port = 4454;
const queries = ['ع', 'عل', 'علی', 'علی ر', 'علی رض', 'محمدی', 'زهرا کریمی', '0012', '0912'];
const runs = Number(process.env.TAAVON_RUNS ?? 10);

// In the page: type the query into the search box and resolve with the time
// until the list has the answer rendered (the busy flag set then cleared,
// and one frame painted).
const measure = `
  const [query, done] = [arguments[0], arguments[arguments.length - 1]];
  const input = document.querySelector('[data-testid="person-search"]');
  const area = document.querySelector('[aria-busy]');
  const t0 = performance.now();
  let sawBusy = false;
  const check = () => {
    const busy = area.getAttribute('aria-busy') === 'true';
    if (busy) sawBusy = true;
    if (sawBusy && !busy) {
      requestAnimationFrame(() => done({ ms: performance.now() - t0, rows: document.querySelectorAll('[data-testid="person-row"]').length }));
      return;
    }
    if (performance.now() - t0 > 10000) { done({ ms: -1, rows: 0 }); return; }
    setTimeout(check, 1);
  };
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  check();
`;

const xvfb = spawn('Xvfb', [display, '-screen', '0', '1366x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
await sleep(1000);
const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
  env: { ...process.env, DISPLAY: display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
await sleep(1500);
let session;
try {
  session = await Session.start(`http://127.0.0.1:${port}`, app);
  await session.byTestId('app-version', 30000);
  await (await session.byTestId('nav-people', 30000)).click();
  await session.byTestId('person-search');
  await sleep(500);
  console.log('| query | matches on page | median ms | max ms |\n|---|---:|---:|---:|');
  for (const q of queries) {
    const times = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      // Clear first so every run is a real change of the query.
      await session.cmd('POST', '/execute/async', { script: measure, args: [''] });
      const r = await session.cmd('POST', '/execute/async', { script: measure, args: [q] });
      times.push(r.ms);
      rows = r.rows;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)].toFixed(1);
    console.log(`| \`${q}\` | ${rows} | ${median} | ${times[times.length - 1].toFixed(1)} |`);
  }
} finally {
  await session?.end();
  driver.kill();
  xvfb.kill();
}
