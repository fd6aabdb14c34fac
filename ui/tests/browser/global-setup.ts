// Makes the sample database once per run with the real core (the same
// `load_demo` the first-run page calls); seeded tests start from a copy.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Core, SAMPLE, TEMPLATES } from './core';

export default async function globalSetup(): Promise<void> {
  const dir = join(TEMPLATES, 'seeded');
  rmSync(TEMPLATES, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const core = await Core.start(dir);
  try {
    await core.call('load_demo', { config: SAMPLE });
  } finally {
    await core.stop();
  }
}
