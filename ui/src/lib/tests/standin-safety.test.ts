import { beforeEach, describe, expect, it } from 'vitest';
import * as standin from '../standin';
import { rejection } from './rejection';
import type { AuditFilter, PersonInput } from '../bindings';

const page = { page: 1, page_size: 50 };
const anyAudit: AuditFilter = { entity: null, action: null, from: null, to: null, text: '' };

const person: PersonInput = {
  national_code: '0499370899',
  first_name: 'علی',
  last_name: 'رضایی',
  father_name: null,
  gender: 'male',
  birth_date: '۱۳۶۴/۰۴/۱۲',
  education: null,
  mobile: null,
};

beforeEach(() => standin.resetForTests(true));

describe('backups', () => {
  it('starts with the day’s backup, and adds the clerk’s own on top', async () => {
    const [daily] = await standin.listBackups();
    expect(daily).toMatchObject({ kind: 'daily', kind_label: 'روزانه' });
    expect(daily.file_name).toMatch(/^taavon-\d{8}-\d{6}-daily\.db$/);
    expect(daily.created_label).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}$/);
    const manual = await standin.backupNow();
    expect(manual.kind_label).toBe('دستی');
    expect((await standin.listBackups()).map((b) => b.kind)).toEqual(['manual', 'daily']);
  });

  it('keeps only as many of the other backups as the settings say', async () => {
    await standin.saveSettings({ ...(await standin.getSettings()), keep_events: 2 });
    for (let i = 0; i < 4; i++) await standin.backupNow();
    const kinds = (await standin.listBackups()).map((b) => b.kind);
    expect(kinds).toEqual(['manual', 'manual', 'daily']);
  });

  it('restores a backup after backing up the data it replaces', async () => {
    const before = await standin.backupNow();
    await standin.addPerson(person);
    expect(await standin.inspectBackup(before.path)).toEqual({ schema_version: 4, people: 300, cooperatives: 40 });
    const kept = await standin.restoreBackup(before.path);
    expect((await standin.counts()).people).toBe(300);
    const [newest] = await standin.listBackups();
    expect(newest).toMatchObject({ kind: 'pre_restore', path: kept.path });
    expect(await standin.inspectBackup(kept.path)).toMatchObject({ people: 301 });
    await standin.restoreBackup(kept.path);
    expect((await standin.personDetail('0499370899')).full_name).toBe('علی رضایی');
  });

  it('saves a copy where the clerk chooses, which can be picked and restored later', async () => {
    const saved = await standin.saveBackupAs();
    expect(saved?.path).toMatch(/^\/media\/clerk\/USB\/taavon-backup-\d{4}-\d{2}-\d{2}\.db$/);
    await standin.addPerson(person);
    const picked = await standin.pickBackupFile();
    expect(picked).toBe(saved?.path);
    await standin.restoreBackup(picked!);
    expect((await standin.counts()).people).toBe(300);
  });

  it('refuses files that are missing, not ours, newer or damaged, as the core does', async () => {
    for (const [path, why] of [
      ['/media/usb/missing.db', 'پیدا نشد'],
      ['/media/usb/notes.xlsx', 'پایگاه داده این برنامه نیست'],
      ['/media/usb/newer.db', 'با نسخه‌ای تازه‌تر از برنامه ساخته شده است (نسخه طرح ۵)'],
      ['/media/usb/damaged.db', 'آسیب دیده است'],
    ]) {
      const refused = await rejection(standin.inspectBackup(path));
      expect(refused).toMatchObject({ code: 'refused', message: `پرونده «${path}» ${why}؛ بازگردانی انجام نشد.` });
      await rejection(standin.restoreBackup(path));
    }
    expect((await standin.listBackups()).map((b) => b.kind)).toEqual(['daily']);
    expect(await standin.inspectBackup('/media/usb/taavon-backup.db')).toMatchObject({ people: 300 });
  });

  it('finds the database healthy', async () => {
    expect(await standin.checkDatabase()).toBeNull();
  });
});

describe('a damaged database', () => {
  it('answers database_damaged until the newest good backup is restored', async () => {
    await standin.addPerson(person);
    standin.damageForTests();
    expect(await rejection(standin.startState())).toMatchObject({ code: 'database_damaged' });
    expect(await rejection(standin.backupNow())).toMatchObject({ code: 'database_damaged' });
    const [daily] = await standin.listBackups();
    const used = await standin.restoreNewestBackup();
    expect(used.path).toBe(daily.path);
    const state = await standin.startState();
    expect(state).toMatchObject({ first_run: false, counts: { people: 300 } });
  });

  it('says so when there is no backup to restore, and stays damaged', async () => {
    standin.damageForTests(false);
    expect(await standin.listBackups()).toEqual([]);
    const refused = await rejection(standin.restoreNewestBackup());
    expect(refused.message).toContain('هیچ پشتیبان سالمی پیدا نشد');
    expect(await rejection(standin.startState())).toMatchObject({ code: 'database_damaged' });
  });
});

describe('the audit log', () => {
  it('logs the sample data as one bulk row', async () => {
    const log = await standin.searchAudit(anyAudit, page);
    expect(log.total).toBe(1);
    expect(log.items[0]).toMatchObject({ action: 'bulk', action_label: 'بارگذاری گروهی', entity: 'demo', entity_label: 'داده نمونه', actor: null });
    expect(log.items[0].changes.find((c) => c.field === 'people')).toEqual({ field: 'people', old: null, new: '300' });
  });

  it('logs the stand-in’s own writes: every value of an insert, the changed ones of an update', async () => {
    await standin.addPerson(person);
    await standin.updatePerson(person.national_code, { ...person, mobile: '09121234567' });
    const log = await standin.searchAudit({ ...anyAudit, entity: 'person' }, page);
    expect(log.total).toBe(1);
    const [row] = log.items;
    expect(row).toMatchObject({ action: 'insert', entity_label: 'شخص', actor: 'clerk' });
    expect(row.changes).toContainEqual({ field: 'national_code', old: null, new: '0499370899' });
    expect(row.changes).toContainEqual({ field: 'mobile', old: null, new: '09121234567' });
    expect(row.changes.map((c) => c.field)).not.toContain('full_name');

    await standin.updatePerson(person.national_code, { ...person, mobile: '09351234567' });
    const [update] = (await standin.searchAudit({ ...anyAudit, action: 'update' }, page)).items;
    expect(update).toMatchObject({ action_label: 'ویرایش', entity_id: row.entity_id });
    expect(update.changes).toEqual([{ field: 'mobile', old: '09121234567', new: '09351234567' }]);
  });

  it('logs a setting by its key, and a renamed county', async () => {
    await standin.saveSettings({ ...(await standin.getSettings()), keep_daily: 30 });
    const [setting] = (await standin.searchAudit(anyAudit, page)).items;
    expect(setting).toMatchObject({ entity: 'setting', entity_label: 'تنظیمات' });
    expect(setting.changes).toEqual([{ field: 'value', old: '14', new: '30' }]);

    // Cooperatives hold their county by its id, so renaming it changes only the county.
    const [county] = await standin.listNamed('county');
    await standin.updateNamed('county', county.id, 'تهران بزرگ', true);
    const log = await standin.searchAudit(anyAudit, page);
    expect(log.items.map((r) => r.entity)).toEqual(['county', 'setting', 'demo']);
    expect(log.items[0].changes).toEqual([{ field: 'name', old: county.name, new: 'تهران بزرگ' }]);
  });

  it('filters by words in the values and by Jalali dates, refusing a wrong date beside its field', async () => {
    await standin.addPerson(person);
    expect((await standin.searchAudit({ ...anyAudit, text: '۰۴۹۹۳۷۰۸۹۹' }, page)).total).toBe(1);
    expect((await standin.searchAudit({ ...anyAudit, text: 'رضائي' }, page)).total).toBe(1);
    expect((await standin.searchAudit({ ...anyAudit, from: '1499/01/01' }, page)).total).toBe(0);
    expect((await standin.searchAudit({ ...anyAudit, to: '1390/01/01' }, page)).total).toBe(0);
    expect((await standin.searchAudit({ ...anyAudit, from: '1390/01/01', to: '1499/01/01' }, page)).total).toBe(2);
    const bad = await rejection(standin.searchAudit({ ...anyAudit, from: '1404/13/01', to: 'دیروز' }, page));
    expect(bad.fields.map((f) => f.field)).toEqual(['start_date', 'end_date']);
    await rejection(standin.exportAudit({ ...anyAudit, from: '1404/13/01' }));
    expect((await standin.exportAudit(anyAudit)).path).toMatch(/\/audit-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('goes back with the data when a backup is restored', async () => {
    const before = await standin.backupNow();
    await standin.addPerson(person);
    expect((await standin.searchAudit(anyAudit, page)).total).toBe(2);
    await standin.restoreBackup(before.path);
    const log = await standin.searchAudit(anyAudit, page);
    expect(log.items.map((r) => r.action)).toEqual(['bulk']);
  });
});

describe('backup settings', () => {
  it('want a whole folder path and counts within range, each beside its field', async () => {
    const s = await standin.getSettings();
    expect(s).toMatchObject({ backup_dir: '', keep_daily: 14, keep_events: 10 });
    const bad = await rejection(standin.saveSettings({ ...s, backup_dir: 'backups', keep_daily: 0, keep_events: 101 }));
    expect(bad.fields.map((f) => f.field)).toEqual(['backup_dir', 'keep_daily', 'keep_events']);
    expect(bad.fields[1].message).toBe('«تعداد پشتیبان‌های روزانه» با مقدار «0» باید بین ۱ و ۳۶۵ باشد.');
    for (const dir of ['D:\\Backup', '/home/clerk/backup', '\\\\server\\share']) {
      expect((await standin.saveSettings({ ...s, backup_dir: ` ${dir} ` })).backup_dir).toBe(dir);
    }
  });
});
