// Data safety in the real window: the day's backup made at start, a
// backup by hand, a restore from the list after a change (the app goes on
// with the restored data, no restart), the audit log with a filter and its
// export; then a damaged database at start, left untouched and replaced by
// the newest good backup from the damaged-start page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, openSync, readFileSync, readdirSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Harness } from './harness.mjs';

const h = new Harness();

before(async () => {
  await h.start();
  h.taavon('demo', '--coops', '40', '--people', '600', '--seed', '3');
});

after(() => h.stop());

const persianNumber = (t) => Number(t.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/[^0-9]/g, ''));

async function peopleCount() {
  await h.click('nav-dashboard');
  return persianNumber(await h.session.until('the people count', async () => {
    const t = await h.text('count-people');
    return /[۰-۹0-9]/.test(t) ? t : null;
  }));
}

test('backup, restore from the list, audit log and its export', async () => {
  let s = await h.openApp();
  const before = await peopleCount();
  assert.equal(before, 600);

  await h.click('nav-backups');
  await s.byTestId('backups-page');
  // The day's backup was made when the app started.
  const kinds = await h.session.until('the daily backup', async () => {
    const rows = await s.all('[data-testid="backup-row"]');
    const k = await Promise.all(rows.map((r) => r.attribute('data-kind')));
    return k.includes('daily') ? k : null;
  });
  assert.ok(kinds.includes('daily'));
  await h.click('backup-now');
  await h.session.until('the manual backup', async () => (await h.text('backup-made-path')).includes('manual'));
  await h.click('health-check');
  const health = await h.session.until('the health check', async () => {
    const el = await s.byTestId('health-result');
    return el.attribute('data-healthy');
  });
  assert.equal(health, 'true');
  h.shot('e2e-backups.png');
  await h.closeApp();

  // A change after the backup.
  h.taavon(
    'person', 'add', '--national-code', '0499370899', '--first-name', 'علی', '--last-name', 'رضایی',
  );

  s = await h.openApp();
  assert.equal(await peopleCount(), 601);
  await h.click('nav-backups');
  await s.byTestId('backups-page');
  const rows = await h.session.until('the manual backup in the list', async () => {
    const all = await s.all('[data-testid="backup-row"]');
    for (const r of all) if ((await r.attribute('data-kind')) === 'manual') return r;
    return null;
  });
  await (await rows.find('[data-testid="backup-restore"]')).click();
  await s.byTestId('restore-confirm');
  assert.match(await h.text('restore-holds'), /۶۰۰/);
  await h.click('restore-yes');
  const kept = await h.session.until('the restore done', async () => {
    try {
      return await h.text('restore-kept-path');
    } catch {
      return null;
    }
  });
  assert.match(kept, /pre-restore/);
  h.shot('e2e-restored.png');
  // The window goes on with the restored data.
  assert.equal(await peopleCount(), 600);
  await h.closeApp();

  // The audit log says who changed what: a person added now is there, by
  // this computer's user, and the filtered list exports.
  h.taavon(
    'person', 'add', '--national-code', '0790419904', '--first-name', 'سارا', '--last-name', 'نوری',
  );
  s = await h.openApp();
  await h.click('nav-audit');
  await s.byTestId('audit-page');
  await h.setSelect('field-entity', 'person');
  const people = await h.session.until('person rows', async () => {
    const all = await s.all('[data-testid="audit-row"]');
    return all.length > 0 ? all : null;
  });
  assert.ok(people.length > 0);
  const entities = await Promise.all(people.map((r) => r.attribute('data-entity')));
  assert.ok(entities.every((e) => e === 'person'), entities.join());
  const actors = await h.texts('[data-testid="audit-actor"]');
  assert.ok(actors[0].trim().length > 0, 'who made the change');
  assert.match((await h.texts('[data-testid="audit-row"]'))[0], /نوری/);
  await h.click('audit-export');
  const exported = await h.session.until('the audit export', async () => {
    try {
      const t = await h.text('export-path');
      return t.includes('.xlsx') ? t : null;
    } catch {
      return null;
    }
  });
  h.shot('e2e-audit.png');
  await h.closeApp();
  assert.ok(readdirSync(h.exports).some((f) => f.startsWith('audit-') && f.endsWith('.xlsx')), exported);
});

test('the guide shows where this PC keeps the data, the backups and the exports', async () => {
  const s = await h.openApp();
  await h.click('nav-guide');
  await s.byTestId('guide');
  assert.equal(await h.text('guide-data-path'), h.dataDir);
  assert.equal(await h.text('guide-backups-path'), join(h.dataDir, 'backups'));
  assert.equal(await h.text('guide-exports-path'), h.exports);
  assert.match(await (await s.byTestId('guide')).text(), /پشتیبان روی فلش/);
  h.shot('e2e-guide.png');
  await h.closeApp();
});

test('a second start hands over to the running window and ends', async () => {
  const s = await h.openApp();
  const second = spawn(h.app, [], {
    env: {
      ...process.env,
      DISPLAY: h.display,
      WEBKIT_DISABLE_COMPOSITING_MODE: '1',
      TAAVON_DB: h.db,
      TAAVON_EXPORT_DIR: h.exports,
    },
    stdio: 'ignore',
  });
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      second.kill();
      reject(new Error('the second start did not end: two windows would write one database'));
    }, 20000);
    second.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  assert.equal(code, 0);
  // The first window goes on answering.
  await h.click('nav-dashboard');
  await s.byTestId('dashboard');
  await h.closeApp();
});

test('a damaged database is left untouched and the newest good backup restores it', async () => {
  // Damage the file while the app is closed; opening and closing it once
  // more first folds the write-ahead log into the file.
  h.taavon('county', 'list');
  const fd = openSync(h.db, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 6, 0xff), 0, 4096 * 6, 4096 * 3);
  closeSync(fd);
  const damaged = readFileSync(h.db);

  // The window is up even when the database is not.
  const s = await h.openApp();
  await s.byTestId('damaged-start', 30000);
  assert.ok(readFileSync(h.db).equals(damaged), 'the damaged file is not touched');
  h.shot('e2e-damaged-start.png');
  await h.click('damaged-restore');
  await s.byTestId('restored-note', 30000);
  // The newest backup is the one made before the restore above: the 600
  // sample people and علی.
  assert.equal(await peopleCount(), 601);
  await h.closeApp();
  const kept = readdirSync(h.dataDir).filter((f) => f.includes('damaged'));
  assert.ok(kept.length > 0, 'the damaged file is kept aside');
  assert.ok(existsSync(h.db));
});
