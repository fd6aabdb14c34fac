// Measures, in the real window, how long the dashboard takes from the click
// on «داشبورد» to every chart drawn, on a large database. Not a test: run by
// `cargo xtask bench`, which builds the release app, fills the database and
// passes TAAVON_APP and TAAVON_DB. Prints a Markdown table.

import { execFileSync, spawn } from 'node:child_process';
import { Session, sleep } from './webdriver.mjs';

const app = process.env.TAAVON_APP;
const display = ':96';
const port = 4464;
const runs = Number(process.env.TAAVON_RUNS ?? 10);
// With the command line at hand, the dashboard is also opened after a
// change to the data (a county added from another connection), when the
// core counts every figure again instead of answering from what it kept.
const cli = process.env.TAAVON_CLI;
const db = process.env.TAAVON_DB;

// In the page: click the dashboard's link and resolve with the time until
// the figures are on screen with every chart's SVG in place, and one frame
// painted.
const measure = `
  const done = arguments[arguments.length - 1];
  const t0 = performance.now();
  document.querySelector('[data-testid="nav-dashboard"]').click();
  const check = () => {
    const figures = document.querySelector('[data-testid="figures"]');
    const boxes = figures ? [...figures.querySelectorAll('[data-testid^="figure-"][data-testid$="-chart"]')] : [];
    if (boxes.length > 0 && boxes.every((b) => b.querySelector('svg'))) {
      requestAnimationFrame(() => done({ ms: performance.now() - t0, charts: boxes.length }));
      return;
    }
    if (performance.now() - t0 > 20000) { done({ ms: -1, charts: boxes.length }); return; }
    setTimeout(check, 1);
  };
  check();
`;

// Leaves the dashboard for the people list, so the next click opens it anew.
const leave = `
  const done = arguments[arguments.length - 1];
  document.querySelector('[data-testid="nav-people"]').click();
  const check = () => document.querySelector('[data-testid="person-search"]') ? done(true) : setTimeout(check, 5);
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
  // The first opening warms the page's code and SQLite's cache.
  await session.byTestId('figures', 60000);
  const times = [];
  let charts = 0;
  for (let i = 0; i < runs; i++) {
    await session.cmd('POST', '/execute/async', { script: leave, args: [] });
    const r = await session.cmd('POST', '/execute/async', { script: measure, args: [] });
    if (r.ms < 0) throw new Error('the dashboard did not draw its charts within 20 s');
    times.push(r.ms);
    charts = r.charts;
  }
  const changed = [];
  if (cli) {
    for (let i = 0; i < runs; i++) {
      await session.cmd('POST', '/execute/async', { script: leave, args: [] });
      execFileSync(cli, ['--db', db, 'county', 'add', `شهرستان آزمایشی ${Date.now()}-${i}`], { stdio: 'ignore' });
      const r = await session.cmd('POST', '/execute/async', { script: measure, args: [] });
      if (r.ms < 0) throw new Error('the dashboard did not draw its charts within 20 s');
      changed.push(r.ms);
    }
  }
  const row = (work, list) => {
    list.sort((a, b) => a - b);
    console.log(
      `| ${work} | ${charts} | ${list[Math.floor(list.length / 2)].toFixed(1)} | ${list[list.length - 1].toFixed(1)} |`,
    );
  };
  console.log('| work | charts | median ms | max ms |\n|---|---:|---:|---:|');
  row('dashboard opened again, click to every chart drawn (Mehr 1404 to this month)', times);
  if (changed.length) row('dashboard after a change to the data (every figure counted again)', changed);
} finally {
  await session?.end();
  driver.kill();
  xvfb.kill();
}
