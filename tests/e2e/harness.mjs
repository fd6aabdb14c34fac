// Shared set-up of the end-to-end tests: Xvfb, tauri-driver and the app on a
// temporary data folder, plus the few actions the tests repeat. Each test
// file gets its own harness (node runs the files one after another).

import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, sleep } from './webdriver.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Harness {
  constructor() {
    this.app = process.env.TAAVON_APP;
    this.cli = process.env.TAAVON_CLI;
    this.shots = resolve(process.env.TAAVON_SCREENSHOTS ?? 'target/screenshots');
    this.display = process.env.TAAVON_E2E_DISPLAY ?? ':97';
    this.port = 4444;
    this.url = `http://127.0.0.1:${this.port}`;
    this.session = undefined;
  }

  get db() {
    return join(this.dataDir, 'taavon.db');
  }

  get exports() {
    return join(this.dataDir, 'exports');
  }

  async start() {
    if (!this.app) throw new Error('TAAVON_APP must name the built desktop binary');
    this.dataDir = mkdtempSync(join(tmpdir(), 'taavon-e2e-'));
    this.xvfb = spawn('Xvfb', [this.display, '-screen', '0', '1366x800x24', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    await sleep(1000);
    await this.startDriver();
  }

  async startDriver() {
    this.driver = spawn('tauri-driver', ['--port', String(this.port)], {
      env: {
        ...process.env,
        DISPLAY: this.display,
        WEBKIT_DISABLE_COMPOSITING_MODE: '1',
        TAAVON_DB: this.db,
        TAAVON_EXPORT_DIR: this.exports,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    for (let i = 0; i < 100; i++) {
      try {
        const r = await fetch(`${this.url}/status`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error('tauri-driver did not start');
  }

  async stopDriver() {
    this.driver?.kill();
    await sleep(500);
  }

  /** Removes the database so the next start is a first run. */
  resetData() {
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.db + suffix, { force: true });
  }

  async stop() {
    await this.closeApp();
    this.driver?.kill();
    this.xvfb?.kill();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async openApp() {
    this.session = await Session.start(this.url, this.app);
    // The window is up once the Svelte app has mounted.
    await this.session.byTestId('app-version', 30000);
    return this.session;
  }

  async closeApp() {
    if (this.session) await this.session.end();
    this.session = undefined;
    await sleep(1000);
  }

  /** Runs the `taavon` command line on the test database (JSON out). */
  taavon(...args) {
    if (!this.cli) throw new Error('TAAVON_CLI must name the built taavon binary');
    const out = execFileSync(this.cli, ['--db', this.db, '--json', ...args], { encoding: 'utf8' });
    return JSON.parse(out);
  }

  // WebKitWebDriver's screenshot command never answers under Xvfb with
  // compositing off, so the screen is captured from the X server instead.
  shot(name) {
    mkdirSync(this.shots, { recursive: true });
    execFileSync('import', ['-display', this.display, '-window', 'root', join(this.shots, name)]);
  }

  async click(testId) {
    await (await this.session.byTestId(testId)).click();
  }

  async fill(testId, text) {
    const el = await this.session.byTestId(testId);
    await el.clear();
    await el.type(text);
  }

  async setSelect(testId, value) {
    const el = await this.session.byTestId(testId);
    await this.session.script(
      `const el = arguments[0]; el.value = arguments[1];
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      [{ [ELEMENT]: el.id }, value],
    );
  }

  async texts(css) {
    const els = await this.session.all(css);
    return Promise.all(els.map((e) => e.text()));
  }

  async text(testId) {
    return (await this.session.byTestId(testId)).text();
  }
}
