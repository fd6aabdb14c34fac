// The real core behind the browser tests: `taavon serve` (crates/cli), the
// development bridge, on a database of the test's own.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The `taavon` binary; `cargo xtask test` names the one it built. */
export const TAAVON = process.env.TAAVON_BIN ?? join(ROOT, 'target/debug/taavon');
/** Where the sample database is made once per run (global-setup.ts). */
export const TEMPLATES = join(ROOT, 'target/ui-tests', process.env.UI_TEST_PORT ?? '4179');
export const SEEDED_TEMPLATE = join(TEMPLATES, 'seeded', 'taavon.db');
/** The sample the first-run page loads, and the seeded tests start from. */
export const SAMPLE = { coops: 200, people: 4000, seed: 1404 };

/** A refusal of the core, as it crosses to the window. */
export interface ErrorBody {
  code: string;
  message: string;
  fields: Array<{ field: string; value: string; message: string }>;
}

/** One running bridge. */
export class Core {
  private constructor(
    readonly url: string,
    readonly token: string,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  /** The database file of this bridge. */
  static dbIn(dir: string): string {
    return join(dir, 'taavon.db');
  }

  /** The folder exports are written to. */
  get exports(): string {
    return join(this.dir, 'exports');
  }

  /** Starts a bridge on `dir/taavon.db` (made when missing). */
  static async start(dir: string): Promise<Core> {
    mkdirSync(join(dir, 'exports'), { recursive: true });
    const child = spawn(TAAVON, ['serve', '--db', Core.dbIn(dir)], {
      env: { ...process.env, TAAVON_EXPORT_DIR: join(dir, 'exports') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((done, fail) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', (line) => done(line));
      child.once('exit', (code) => fail(new Error(`taavon serve stopped (${code})`)));
      child.once('error', fail);
    });
    const { url, token } = JSON.parse(first) as { url: string; token: string };
    return new Core(url, token, dir, child);
  }

  /** Calls a command as the page does; rejects with the core's ErrorBody. */
  async call<T = unknown>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/invoke/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    if (!response.ok) throw new Error(`${command}: HTTP ${response.status}`);
    const lines = (await response.text()).trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { ok?: T; err?: ErrorBody };
    if (last.err) throw last.err;
    return last.ok as T;
  }

  async stop(): Promise<void> {
    // Ended already, by itself or by a signal.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill();
    await exited;
  }
}

/** A fresh folder for one test's database, backups and exports. */
export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'taavon-ui-'));
}

/** Copies a database with its write-ahead log (a bridge stopped without a checkpoint). */
export function copyDatabase(from: string, to: string): void {
  for (const suffix of ['', '-wal']) {
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
