// Measures, in the real window, how long the release app takes from launch
// to its first screen usable, and how much memory it and its WebKit
// processes hold once idle on the dashboard, on a large database. Not a
// test: run by `cargo xtask bench`, which builds the release app, fills the
// database and passes TAAVON_APP and TAAVON_DB. Prints Markdown tables.
//
// Launch to usable: WebKitWebDriver (behind tauri-driver) starts the binary
// when the session is requested. The launch instant is the app process's
// own start time (/proc/PID/stat, 10 ms ticks), and the usable instant is
// stamped inside the page (performance.timeOrigin + performance.now()) when
// the sidebar is on screen, the dashboard mounted and the version answered
// over IPC, one frame painted; the two clocks are the same system clock.
// The WebDriver session's own start-up is thus left out, and so is the
// polling delay. After that, a click on «اشخاص» must bring the search box,
// so the screen is known to answer.
//
// Cold: the first start of the day (no daily backup yet, so the app makes
// one) with the app binary, the database and every shared library of the
// app and of WebKit's processes dropped from the page cache
// (`dd iflag=nocache count=0`, POSIX_FADV_DONTNEED). Pages other processes
// have mapped stay (X, other WebKit users); the kernel is not rebooted.
// Warm: the same launch again at once, a backup already made today.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Session, sleep } from './webdriver.mjs';

const app = process.env.TAAVON_APP;
const db = process.env.TAAVON_DB;
const display = process.env.TAAVON_BENCH_DISPLAY ?? ':94';
const port = Number(process.env.TAAVON_BENCH_PORT ?? 4474);
const coldRuns = Number(process.env.TAAVON_COLD_RUNS ?? 3);
const warmRuns = Number(process.env.TAAVON_WARM_RUNS ?? 5);
const idleSeconds = Number(process.env.TAAVON_IDLE_SECONDS ?? 10);
const webkitDir = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1';

if (!app || !db) throw new Error('TAAVON_APP and TAAVON_DB must be set');
// The cold runs empty the backups folder beside the database: only a
// database the bench made in a folder of its own may be used.
if (!basename(dirname(db)).startsWith('taavon-bench-')) {
  throw new Error(`TAAVON_DB must lie in a folder of its own named taavon-bench-*: ${db}`);
}
const appPath = realpathSync(app);
const backups = join(dirname(db), 'backups');

// In the page: wait until the first screen is usable and answer with the
// wall-clock instant it was, and with the page's own milestones.
const ready = `
  const done = arguments[arguments.length - 1];
  const shown = (id) => {
    const el = document.querySelector('[data-testid="' + id + '"]');
    return el && el.getBoundingClientRect().width > 0;
  };
  const check = () => {
    if (shown('nav-people') && shown('app-version') && document.querySelector('[data-testid="nav-dashboard"][aria-current="page"]')) {
      requestAnimationFrame(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        done({
          at: performance.timeOrigin + performance.now(),
          origin: performance.timeOrigin,
          domReady: nav ? nav.domContentLoadedEventEnd : -1,
        });
      });
      return;
    }
    setTimeout(check, 2);
  };
  check();
`;

// In the page: the instant every chart of the dashboard is drawn.
const figures = `
  const done = arguments[arguments.length - 1];
  const check = () => {
    const figures = document.querySelector('[data-testid="figures"]');
    const boxes = figures ? [...figures.querySelectorAll('[data-testid^="figure-"][data-testid$="-chart"]')] : [];
    if (boxes.length > 0 && boxes.every((b) => b.querySelector('svg'))) {
      requestAnimationFrame(() => done(performance.timeOrigin + performance.now()));
      return;
    }
    setTimeout(check, 5);
  };
  check();
`;

const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** Wall-clock ms of the boot, from /proc/uptime (10 ms resolution). */
function bootEpochMs() {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return Date.now() - uptime * 1000;
}

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(rest[1]), start: Number(rest[19]) };
}

function processes() {
  const list = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      list.push({ pid: Number(name), ...stat(name) });
    } catch {
      // gone meanwhile
    }
  }
  return list;
}

function descendants(root, list = processes()) {
  const out = [];
  const walk = (pid) => {
    for (const p of list) {
      if (p.ppid === pid) {
        out.push(p);
        walk(p.pid);
      }
    }
  };
  walk(root);
  return out;
}

/** The app's process among the driver's descendants. */
function appProcess(driverPid) {
  for (const p of descendants(driverPid)) {
    try {
      if (readlinkSync(`/proc/${p.pid}/exe`) === appPath) return p;
    } catch {
      // not ours to read, or gone
    }
  }
  return undefined;
}

function field(text, name) {
  const m = text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : undefined;
}

/** RSS and, where smaps_rollup can be read, PSS of one process (kB). */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  let rollup = '';
  try {
    rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    // no PSS on this kernel or without the right
  }
  return {
    name: readFileSync(`/proc/${pid}/comm`, 'utf8').trim(),
    rss: field(status, 'VmRSS') ?? 0,
    rssAnon: field(status, 'RssAnon') ?? 0,
    rssFile: field(status, 'RssFile') ?? 0,
    rssShmem: field(status, 'RssShmem') ?? 0,
    pss: field(rollup, 'Pss'),
    pssAnon: field(rollup, 'Pss_Anon'),
    pssFile: field(rollup, 'Pss_File'),
  };
}

/** Where a process's PSS lies: the mappings grouped by file (kB), largest first. */
function mappings(pid) {
  let text = '';
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return [];
  }
  const by = new Map();
  let name = '';
  for (const line of text.split('\n')) {
    const head = line.match(/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/);
    if (head) {
      name = head[1] || '[anonymous]';
      if (name.startsWith('/memfd:')) name = '/memfd:';
      continue;
    }
    const m = line.match(/^Pss:\s+(\d+) kB/);
    if (m) by.set(name, (by.get(name) ?? 0) + Number(m[1]));
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
}

/** Drops a file's pages from the page cache (those no process maps). */
function evict(file) {
  try {
    execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
  } catch {
    // unreadable or gone: nothing to drop
  }
}

/** The app, the database, WebKit's programs and every library they load. */
function coldFiles() {
  const programs = [appPath, ...['WebKitWebProcess', 'WebKitNetworkProcess'].map((p) => join(webkitDir, p))];
  const files = new Set(programs);
  for (const program of programs) {
    if (!existsSync(program)) continue;
    const ldd = execFileSync('ldd', [program], { encoding: 'utf8' });
    for (const m of ldd.matchAll(/=> (\/\S+)/g)) files.add(m[1]);
  }
  for (const suffix of ['', '-wal', '-shm']) files.add(db + suffix);
  for (const dir of [webkitDir, join(webkitDir, 'injected-bundle')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) files.add(join(dir, f));
  }
  return [...files].filter((f) => existsSync(f));
}

const xvfb = spawn('Xvfb', [display, '-screen', '0', '1366x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
await sleep(1000);
const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
  env: { ...process.env, DISPLAY: display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
await sleep(1500);

/** One launch: the figures of it, and the open session. */
async function launch() {
  const requested = Date.now();
  const session = await Session.start(`http://127.0.0.1:${port}`, app);
  const proc = appProcess(driver.pid);
  if (!proc) throw new Error(`no process of ${appPath} under tauri-driver`);
  const started = bootEpochMs() + (proc.start * 1000) / ticks;
  const r = await session.cmd('POST', '/execute/async', { script: ready, args: [] });
  const drawn = await session.cmd('POST', '/execute/async', { script: figures, args: [] });
  // The screen answers: the people list opens from the sidebar, and the
  // dashboard again.
  await (await session.byTestId('nav-people')).click();
  await session.byTestId('person-search', 30000);
  await (await session.byTestId('nav-dashboard')).click();
  await session.byTestId('figures', 30000);
  return {
    session,
    pid: proc.pid,
    sessionMs: r.at - requested,
    usableMs: r.at - started,
    pageMs: r.origin - started,
    domMs: r.domReady,
    figuresMs: drawn - started,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms / 1000).toFixed(2);
const mb = (kb) => (kb === undefined ? '–' : (kb / 1024).toFixed(1));

const rows = [];
let idle;
try {
  for (let i = 0; i < coldRuns + warmRuns; i++) {
    const cold = i < coldRuns;
    if (cold) {
      rmSync(backups, { recursive: true, force: true });
      for (const f of coldFiles()) evict(f);
    }
    const run = await launch();
    rows.push({ cold, ...run });
    if (i === coldRuns + warmRuns - 1) {
      // Idle on the dashboard (where the app opens), then weigh every
      // process of the app: its own, and WebKit's under it.
      await sleep(idleSeconds * 1000);
      const procs = [{ pid: run.pid }, ...descendants(run.pid)];
      idle = procs.map((p) => ({ pid: p.pid, ...memory(p.pid), top: mappings(p.pid).slice(0, 6) }));
    }
    await run.session.end();
    // A second instance would only hand over to this one and quit.
    for (let t = 0; existsSync(`/proc/${run.pid}`) && t < 200; t++) await sleep(50);
    if (existsSync(`/proc/${run.pid}`)) throw new Error('the app did not quit at the end of its session');
    await sleep(500);
  }
  console.log(
    '| launch | app start to page load begun s | to first screen usable s | session request to usable s | to every chart drawn s |\n|---|---:|---:|---:|---:|',
  );
  for (const [i, r] of rows.entries()) {
    console.log(
      `| ${r.cold ? 'cold' : 'warm'} ${i + 1} | ${fmt(r.pageMs)} | ${fmt(r.usableMs)} | ${fmt(r.sessionMs)} | ${fmt(r.figuresMs)} |`,
    );
  }
  for (const kind of [true, false]) {
    const set = rows.filter((r) => r.cold === kind);
    if (set.length === 0) continue;
    console.log(
      `| **${kind ? 'cold' : 'warm'}, median** | ${fmt(median(set.map((r) => r.pageMs)))} | **${fmt(median(set.map((r) => r.usableMs)))}** | ${fmt(median(set.map((r) => r.sessionMs)))} | ${fmt(median(set.map((r) => r.figuresMs)))} |`,
    );
  }
  console.log(
    `\nMemory after ${idleSeconds} s idle on the dashboard (MB):\n\n| process | RSS | anon | file | shmem | PSS | PSS anon | PSS file |\n|---|---:|---:|---:|---:|---:|---:|---:|`,
  );
  const sum = (k) => idle.reduce((s, p) => (p[k] === undefined || s === undefined ? undefined : s + p[k]), 0);
  for (const p of idle) {
    console.log(
      `| ${p.name} (${p.pid}) | ${mb(p.rss)} | ${mb(p.rssAnon)} | ${mb(p.rssFile)} | ${mb(p.rssShmem)} | ${mb(p.pss)} | ${mb(p.pssAnon)} | ${mb(p.pssFile)} |`,
    );
  }
  console.log(
    `| **all** | **${mb(sum('rss'))}** | ${mb(sum('rssAnon'))} | ${mb(sum('rssFile'))} | ${mb(sum('rssShmem'))} | **${mb(sum('pss'))}** | ${mb(sum('pssAnon'))} | ${mb(sum('pssFile'))} |`,
  );
  console.log('\nWhere the PSS lies, largest mappings of each process (MB):\n');
  for (const p of idle) {
    console.log(`- ${p.name}: ${p.top.map(([file, kb]) => `${basename(file)} ${mb(kb)}`).join(', ')}`);
  }
  // The floor: WebKitGTK's own browser on an empty page, the same web
  // engine in the same X server, weighed the same way.
  const mini = join(webkitDir, 'MiniBrowser');
  if (existsSync(mini)) {
    const browser = spawn(mini, ['about:blank'], {
      env: { ...process.env, DISPLAY: display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
      stdio: 'ignore',
    });
    await sleep((idleSeconds + 3) * 1000);
    const floor = [{ pid: browser.pid }, ...descendants(browser.pid)].map((p) => memory(p.pid));
    browser.kill();
    const total = (k) => floor.reduce((t, p) => t + (p[k] ?? 0), 0);
    console.log(
      `\nFloor, WebKitGTK's MiniBrowser on about:blank after ${idleSeconds + 3} s: ${floor.map((p) => `${p.name} ${mb(p.rss)}/${mb(p.pss)}`).join(', ')}; all: RSS ${mb(total('rss'))} MB, PSS ${mb(total('pss'))} MB.`,
    );
  }
} finally {
  driver.kill();
  xvfb.kill();
}
