import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditFilter, BackupCheck, BackupInfo, Counts, Page as ListPage, Settings } from '../../src/lib/bindings';
import type { Session } from './fixtures';
import { expect, test } from './fixtures';
import { faNumber, nationalCode, nationalId, noLatinDigits, orgInput, pageInfo, personInput, pickFile, screenshot } from './helpers';

/** The name the core gives a daily backup made `daysAgo` days before today, at 09:00 local time. */
function dailyName(daysAgo: number): string {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `taavon-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-090000-daily.db`;
}

/** Overwrites four 4 KiB pages in the middle of a database file (no write-ahead log beside it). */
function damage(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const middle = Math.floor(fstatSync(fd).size / 2 / 4096) * 4096;
    writeSync(fd, Buffer.alloc(4096 * 4, 0xff), 0, 4096 * 4, middle);
  } finally {
    closeSync(fd);
  }
}

const NAMES = ['نوری', 'صالحی', 'کاظمی', 'یزدانی'];

/** Adds one person (and, with `withOrg`, one cooperative) to the data. */
async function addSome(core: Session, serial: number, withOrg: boolean): Promise<void> {
  if (withOrg) await core.call('add_org', { input: orgInput({ name: `تعاونی پشتیبان ${NAMES[serial]}`, national_id: nationalId(9_000 + serial) }) });
  await core.call('add_person', {
    input: personInput({ national_code: nationalCode(9_000 + serial), first_name: 'سارا', last_name: NAMES[serial] }),
  });
}

const organizations = (c: Counts) => c.cooperatives + c.unions;

test('backups: one made now, a copy on a USB stick, the health check, and a restore from the list once confirmed', async ({ page, core }) => {
  // The sample data, backed up on each of the three days before today,
  // with a person (and a cooperative) more every day since.
  await core.seed();
  const earlier: Array<{ path: string; counts: Counts }> = [];
  for (let day = 3; day >= 1; day--) {
    if (day < 3) await addSome(core, day, true);
    const counts = await core.call<Counts>('registry_counts');
    earlier.push({ path: (await core.call<BackupInfo>('backup_now')).path, counts });
  }
  await addSome(core, 0, false);
  const now = await core.call<Counts>('registry_counts');
  const backups = join(core.dir, 'backups');
  await core.restart(() => {
    // Today's daily backup was of the empty database the test started on;
    // the next start makes it again, of today's data.
    for (const name of readdirSync(backups)) if (name.endsWith('-daily.db')) rmSync(join(backups, name));
    earlier.forEach((b, i) => renameSync(b.path, join(backups, dailyName(3 - i))));
  });
  const twoDaysAgo = earlier[1].counts;
  expect(twoDaysAgo.people).not.toBe(now.people);

  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('backups-page')).toBeVisible();
  const rows = page.getByTestId('backup-row');
  // The day's backup made at start, and those of the days before.
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-kind', 'daily');
  await noLatinDigits(page, 'backup-table');

  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-made-path')).toContainText('-manual.db');
  await expect(rows).toHaveCount(5);
  await expect(rows.first().getByTestId('backup-kind')).toHaveText('دستی');

  // «Save elsewhere»: the save dialog answers with a file on the USB stick.
  const usb = join(core.dir, 'USB');
  mkdirSync(usb, { recursive: true });
  const copy = join(usb, 'taavon-backup-copy.db');
  await page.evaluate((p) => sessionStorage.setItem('TAAVON_SAVE_FILE', p), copy);
  await page.getByTestId('backup-save-as').click();
  await expect(page.getByTestId('backup-saved-path')).toHaveText(copy);
  expect(existsSync(copy)).toBe(true);
  expect((await core.call<BackupCheck>('inspect_backup', { path: copy })).people).toBe(now.people);

  await page.getByTestId('health-check').click();
  await expect(page.getByTestId('health-result')).toHaveText('پایگاه داده سالم است.');
  await expect(page.getByTestId('health-result')).toHaveAttribute('data-healthy', 'true');

  // A file that is not a sound backup is refused before anything is asked.
  const damaged = join(usb, 'damaged.db');
  copyFileSync(copy, damaged);
  damage(damaged);
  await pickFile(page, damaged);
  await page.getByTestId('restore-file').click();
  await expect(page.getByTestId('restore-error')).toContainText('آسیب دیده است؛ بازگردانی انجام نشد.');
  await expect(page.getByTestId('restore-confirm')).toHaveCount(0);

  // The backup of two days ago: what it holds, and the warning, before anything happens.
  const older = rows.and(page.locator('[data-kind="daily"]')).nth(2);
  await older.getByTestId('backup-restore').click();
  const confirm = page.getByTestId('restore-confirm');
  await expect(confirm.getByTestId('restore-holds')).toHaveText(
    `این پشتیبان ${faNumber(twoDaysAgo.people)} شخص و ${faNumber(organizations(twoDaysAgo))} تعاونی و اتحادیه دارد.`,
  );
  await expect(confirm.getByTestId('restore-warning')).toContainText('جایگزین می‌شود');
  await expect(confirm).toContainText('از داده‌های کنونی پشتیبان گرفته می‌شود');
  await screenshot(page, 'backups-confirm');
  await confirm.getByTestId('restore-cancel').click();
  await expect(confirm).toHaveCount(0);
  await expect(rows).toHaveCount(5);
  expect((await core.call<Counts>('registry_counts')).people).toBe(now.people);

  await older.getByTestId('backup-restore').click();
  await confirm.getByTestId('restore-yes').click();
  await expect(page.getByTestId('restore-done')).toContainText('پشتیبان بازگردانده شد');
  await expect(page.getByTestId('restore-kept-path')).toContainText('-pre-restore.db');
  await expect(rows.first()).toHaveAttribute('data-kind', 'pre_restore');
  await screenshot(page, 'backups');

  // Every screen now reads the restored data.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('count-people')).toHaveText(faNumber(twoDaysAgo.people));
});

test('a damaged database: a notice that the file was not touched, its backups, and the newest good one restored', async ({ page, core }) => {
  await core.seed();
  const counts = await core.call<Counts>('registry_counts');
  const good = (await core.call<BackupInfo>('backup_now')).path;
  const backups = join(core.dir, 'backups');
  await core.restart((db) => {
    // The database is the sample data in one file (a backup holds it
    // checkpointed, without a write-ahead log), then damaged.
    for (const side of ['-wal', '-shm']) rmSync(db + side, { force: true });
    copyFileSync(good, db);
    damage(db);
    // Its backups: the sample data on each of the three days before.
    for (const daysAgo of [1, 2, 3]) copyFileSync(good, join(backups, dailyName(daysAgo)));
    for (const name of readdirSync(backups)) if (!name.endsWith('-090000-daily.db')) rmSync(join(backups, name));
  });

  await page.goto('/');
  const notice = page.getByTestId('damaged-start');
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('nav-dashboard')).toHaveCount(0);
  await expect(notice.getByTestId('damaged-body')).toContainText('به این پرونده دست زده نشده است');
  await expect(notice.getByTestId('backup-row')).toHaveCount(3);
  await expect(notice.getByTestId('backup-restore')).toHaveCount(0);
  await noLatinDigits(page, 'damaged-start');
  await screenshot(page, 'damaged-start');

  await notice.getByTestId('damaged-restore').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('restored-note')).toContainText('پشتیبان روزانه');
  await expect(page.getByTestId('restored-note')).toContainText('پرونده آسیب‌دیده کنار گذاشته شد');
  await expect(page.getByTestId('count-people')).toHaveText(faNumber(counts.people));
  await page.getByTestId('restored-note-close').click();
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
  // The damaged file was kept aside, not deleted.
  expect(readdirSync(core.dir).filter((name: string) => name.includes('damaged'))).not.toHaveLength(0);

  // The restored database opened as usual, with the day's backup.
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('backup-row')).toHaveCount(4);
});

const ANY: AuditFilter = { entity: null, action: null, from: null, to: null, text: '' };

test('the audit log: who changed what, filtered by kind, action, dates and words, and exported', async ({ page, core }) => {
  await core.seed();
  // The office's settings were saved once before, so the change below is an edit.
  await core.call('save_settings', { input: await core.call<Settings>('get_settings') });
  const logged = async (filter: Partial<AuditFilter> = {}) =>
    (await core.call<ListPage<unknown>>('search_audit', { filter: { ...ANY, ...filter }, page: { page: 1, page_size: 25 } })).total;
  const before = await logged();
  const people = (await core.call<Counts>('registry_counts')).people;
  // The audit log names the computer's user, as the core reads it.
  const actor = ['USERNAME', 'USER', 'LOGNAME'].map((v) => process.env[v]?.trim()).find((u) => u) ?? 'کاربر';

  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  const form = page.getByTestId('office-settings');
  await form.getByTestId('field-signer_name').fill('مریم احمدی');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  // One change, one row.
  const total = before + 1;
  expect(await logged()).toBe(total);

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-page')).toBeVisible();
  const rows = page.getByTestId('audit-row');
  await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, total));
  await expect(rows).toHaveCount(Math.min(25, total));
  const change = rows.first();
  await expect(change.getByTestId('audit-entity')).toHaveText('تنظیمات');
  await expect(change.getByTestId('audit-action')).toHaveText('ویرایش');
  await expect(change.getByTestId('audit-actor')).toHaveText(actor);
  await expect(change.getByTestId('audit-new')).toHaveText('مریم احمدی');
  await noLatinDigits(page, 'audit-table');

  // The sample data was loaded as one bulk row, with its counts.
  await page.getByTestId('field-entity').selectOption('demo');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('audit-action')).toHaveText('بارگذاری گروهی');
  await expect(rows.first().getByTestId('audit-change').filter({ hasText: 'اشخاص' })).toContainText(
    String(people).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]),
  );
  await page.getByTestId('field-entity').selectOption('');
  // Nothing has been deleted.
  expect(await logged({ action: 'delete' })).toBe(0);
  await page.getByTestId('field-action').selectOption('delete');
  await expect(page.getByTestId('empty-row')).toContainText('تغییری ثبت نشده است');
  await page.getByTestId('field-action').selectOption('');
  await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, total));

  await page.getByTestId('audit-search').fill('مریم');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('audit-search').fill('');
  await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, total));

  // Half a date is not asked about; a wrong one is refused beside its field.
  await page.getByTestId('field-from').fill('۱۴۹۹');
  await expect(page.getByTestId('error-from')).toHaveCount(0);
  await page.getByTestId('field-from').fill('۱۴۰۴/۱۳/۰۱');
  await expect(page.getByTestId('error-from')).toContainText('تاریخ شروع');
  await page.getByTestId('field-from').fill('۱۴۹۹/۰۱/۰۱');
  await expect(page.getByTestId('error-from')).toHaveCount(0);
  await expect(page.getByTestId('empty-row')).toBeVisible();
  await page.getByTestId('field-from').fill('');
  await page.getByTestId('field-to').fill('۱۴۹۹/۰۱/۰۱');
  await expect(page.getByTestId('page-info')).toHaveText(pageInfo(1, total));
  await expect(rows).toHaveCount(Math.min(25, total));
  await screenshot(page, 'audit');

  await page.getByTestId('field-entity').selectOption('setting');
  await page.getByTestId('audit-export').click();
  await expect(page.getByTestId('export-path')).toContainText('/audit-');
  await expect(page.getByTestId('export-path')).toContainText('.xlsx');
  const exported = await page.getByTestId('export-path').innerText();
  expect(exported.startsWith(core.core.exports)).toBe(true);
  expect(existsSync(exported)).toBe(true);
});

test('settings: the backup folder and how many backups are kept, each problem beside its field', async ({ page, core }) => {
  await core.seed();
  await page.goto('/');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.getByTestId('nav-backups').click();
  await page.getByTestId('backup-settings-link').click();
  const form = page.getByTestId('office-settings');
  const backups = form.getByTestId('backup-settings');
  await expect(backups.getByTestId('field-backup_dir')).toHaveValue('');
  await expect(backups.getByTestId('field-keep_daily')).toHaveValue('۱۴');
  await expect(backups.getByTestId('field-keep_events')).toHaveValue('۱۰');
  await expect(backups.getByTestId('hint-backup_dir')).toContainText('کنار پرونده پایگاه داده');

  await backups.getByTestId('field-keep_daily').fill('چهارده');
  await form.getByTestId('form-save').click();
  await expect(backups.getByTestId('error-keep_daily')).toHaveText('باید عدد درست باشد، مثل ۱۰');

  await backups.getByTestId('field-backup_dir').fill('backups');
  await backups.getByTestId('field-keep_daily').fill('۰');
  await backups.getByTestId('field-keep_events').fill('۱۰۱');
  await form.getByTestId('form-save').click();
  await expect(backups.getByTestId('error-backup_dir')).toContainText('باید نشانی کامل پوشه باشد');
  await expect(backups.getByTestId('error-keep_daily')).toContainText('باید بین ۱ و ۳۶۵ باشد');
  await expect(backups.getByTestId('error-keep_events')).toContainText('باید بین ۱ و ۱۰۰ باشد');
  await expect(form.getByTestId('settings-saved')).toHaveCount(0);
  await screenshot(page, 'settings-backups');

  // A full path on this computer (on Windows, D:\Backup).
  const folder = join(core.dir, 'Backup');
  await backups.getByTestId('field-backup_dir').fill(folder);
  await backups.getByTestId('field-keep_daily').fill('30');
  await backups.getByTestId('field-keep_events').fill('۵');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await expect(backups.getByTestId('field-keep_daily')).toHaveValue('۳۰');
  await expect(backups.getByTestId('field-backup_dir')).toHaveValue(folder);
  await expect(page.getByTestId('error-keep_daily')).toHaveCount(0);
  const saved = await core.call<Settings>('get_settings');
  expect([saved.backup_dir, saved.keep_daily, saved.keep_events]).toEqual([folder, 30, 5]);
});
