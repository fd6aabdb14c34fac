// Every browser test gets its own bridge (`taavon serve`) on a fresh
// database, and the page is pointed at it before it loads.
import { test as base, type Page } from '@playwright/test';
import { Core, copyDatabase, freshDir, removeDir, SEEDED_TEMPLATE } from './core';

/** One test's core: the running bridge, which a test may restart on other data. */
export class Session {
  core!: Core;

  constructor(
    readonly dir: string,
    private readonly page: Page,
  ) {}

  get db(): string {
    return Core.dbIn(this.dir);
  }

  async start(): Promise<void> {
    this.core = await Core.start(this.dir);
    const address = { url: this.core.url, token: this.core.token };
    // The latest script wins: a restarted bridge replaces the address.
    await this.page.addInitScript((a) => {
      window.__TAAVON_BRIDGE__ = a;
    }, address);
  }

  /** Stops the bridge, lets `prepare` change the files, and starts it again. */
  async restart(prepare: (db: string) => void): Promise<void> {
    await this.core.stop();
    prepare(this.db);
    await this.start();
  }

  /** Starts again on a copy of the sample data. */
  async seed(): Promise<void> {
    await this.restart((db) => copyDatabase(SEEDED_TEMPLATE, db));
  }

  call<T = unknown>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.core.call<T>(command, args);
  }
}

const sessions = new WeakMap<Page, Session>();

/** The core behind a page. */
export function sessionOf(page: Page): Session {
  const session = sessions.get(page);
  if (!session) throw new Error('no bridge for this page');
  return session;
}

export const test = base.extend<{ core: Session }>({
  core: [
    async ({ page }, use) => {
      const session = new Session(freshDir(), page);
      sessions.set(page, session);
      await session.start();
      await use(session);
      await session.core.stop();
      removeDir(session.dir);
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
