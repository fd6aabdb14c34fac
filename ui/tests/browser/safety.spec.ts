import { expect, test } from './fixtures';
import { noLatinDigits, openSeeded, pickFile, screenshot } from './helpers';

test('backups: one made now, a copy on a USB stick, the health check, and a restore from the list once confirmed', async ({ page }) => {
  await openSeeded(page);
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

  await page.getByTestId('backup-save-as').click();
  await expect(page.getByTestId('backup-saved-path')).toContainText('/media/clerk/USB/taavon-backup-');

  await page.getByTestId('health-check').click();
  await expect(page.getByTestId('health-result')).toHaveText('پایگاه داده سالم است.');
  await expect(page.getByTestId('health-result')).toHaveAttribute('data-healthy', 'true');

  // A file that is not a sound backup is refused before anything is asked.
  await pickFile(page, '/media/clerk/USB/damaged.db');
  await page.getByTestId('restore-file').click();
  await expect(page.getByTestId('restore-error')).toContainText('آسیب دیده است؛ بازگردانی انجام نشد.');
  await expect(page.getByTestId('restore-confirm')).toHaveCount(0);

  // The backup of two days ago: what it holds, and the warning, before anything happens.
  const older = rows.and(page.locator('[data-kind="daily"]')).nth(2);
  await older.getByTestId('backup-restore').click();
  const confirm = page.getByTestId('restore-confirm');
  await expect(confirm.getByTestId('restore-holds')).toHaveText('این پشتیبان ۳٬۶۰۰ شخص و ۱۸۰ تعاونی و اتحادیه دارد.');
  await expect(confirm.getByTestId('restore-warning')).toContainText('جایگزین می‌شود');
  await expect(confirm).toContainText('از داده‌های کنونی پشتیبان گرفته می‌شود');
  await screenshot(page, 'backups-confirm');
  await confirm.getByTestId('restore-cancel').click();
  await expect(confirm).toHaveCount(0);
  await expect(rows).toHaveCount(5);

  await older.getByTestId('backup-restore').click();
  await confirm.getByTestId('restore-yes').click();
  await expect(page.getByTestId('restore-done')).toContainText('پشتیبان بازگردانده شد');
  await expect(page.getByTestId('restore-kept-path')).toContainText('-pre-restore.db');
  await expect(rows.first()).toHaveAttribute('data-kind', 'pre_restore');
  await screenshot(page, 'backups');

  // Every screen now reads the restored data.
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('count-people')).toHaveText('۳٬۶۰۰');
});

test('a damaged database: a notice that the file was not touched, its backups, and the newest good one restored', async ({ page }) => {
  await page.goto('/?standin=damaged');
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
  await expect(page.getByTestId('count-people')).toHaveText('۴٬۰۰۰');
  await page.getByTestId('restored-note-close').click();
  await expect(page.getByTestId('restored-note')).toHaveCount(0);

  // The restored database opened as usual, with the day's backup.
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('backup-row')).toHaveCount(4);
});

test('the audit log: who changed what, filtered by kind, action, dates and words, and exported', async ({ page }) => {
  await openSeeded(page);
  await page.getByTestId('nav-settings').click();
  const form = page.getByTestId('office-settings');
  await form.getByTestId('field-signer_name').fill('مریم احمدی');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-page')).toBeVisible();
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  const change = rows.first();
  await expect(change.getByTestId('audit-entity')).toHaveText('تنظیمات');
  await expect(change.getByTestId('audit-action')).toHaveText('ویرایش');
  await expect(change.getByTestId('audit-actor')).toHaveText('clerk');
  await expect(change.getByTestId('audit-new')).toHaveText('مریم احمدی');
  await expect(rows.nth(1).getByTestId('audit-change').filter({ hasText: 'اشخاص' })).toContainText('۴۰۰۰');
  await noLatinDigits(page, 'audit-table');

  await page.getByTestId('field-entity').selectOption('demo');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('audit-action')).toHaveText('بارگذاری گروهی');
  await page.getByTestId('field-entity').selectOption('');
  await page.getByTestId('field-action').selectOption('insert');
  await expect(page.getByTestId('empty-row')).toContainText('تغییری ثبت نشده است');
  await page.getByTestId('field-action').selectOption('');
  await expect(rows).toHaveCount(2);

  await page.getByTestId('audit-search').fill('مریم');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('audit-search').fill('');

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
  await expect(rows).toHaveCount(2);
  await screenshot(page, 'audit');

  await page.getByTestId('field-entity').selectOption('setting');
  await page.getByTestId('audit-export').click();
  await expect(page.getByTestId('export-path')).toContainText('/audit-');
  await expect(page.getByTestId('export-path')).toContainText('.xlsx');
});

test('settings: the backup folder and how many backups are kept, each problem beside its field', async ({ page }) => {
  await openSeeded(page);
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

  await backups.getByTestId('field-backup_dir').fill('D:\\Backup');
  await backups.getByTestId('field-keep_daily').fill('30');
  await backups.getByTestId('field-keep_events').fill('۵');
  await form.getByTestId('form-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await expect(backups.getByTestId('field-keep_daily')).toHaveValue('۳۰');
  await expect(backups.getByTestId('field-backup_dir')).toHaveValue('D:\\Backup');
  await expect(page.getByTestId('error-keep_daily')).toHaveCount(0);
});
