import { describe, expect, it } from 'vitest';
import type { BackupCheck, BackupInfo } from '../bindings';
import { RestoreFlow, backupName, isDamaged, type RestoreApi } from '../backups.svelte';
import { deferred } from './deferred';

const DAILY: BackupInfo = {
  path: '/data/backups/taavon-20251116-081240-daily.db',
  file_name: 'taavon-20251116-081240-daily.db',
  kind: 'daily',
  kind_label: 'روزانه',
  created_at: '2025-11-16 08:12:40',
  created_label: '۱۴۰۴/۰۸/۲۵ ۰۸:۱۲',
  size_bytes: 4_194_304,
};

const CHECK: BackupCheck = { schema_version: 4, people: 4000, cooperatives: 200 };

/** An api whose answers the test sets, recording the calls. */
function fakeApi(overrides: Partial<RestoreApi> = {}) {
  const calls: string[] = [];
  const api: RestoreApi = {
    pick: async () => {
      calls.push('pick');
      return '/media/usb/taavon-backup-1404-08-25.db';
    },
    inspect: async (path) => {
      calls.push(`inspect ${path}`);
      return CHECK;
    },
    restore: async (path) => {
      calls.push(`restore ${path}`);
      return { path: '/data/backups/taavon-20251116-093000-pre-restore.db', busy: null };
    },
    ...overrides,
  };
  return { api, calls };
}

const refusal = (message: string) => ({ code: 'refused', message, fields: [] });

describe('restoring a backup', () => {
  it('checks a listed backup, and restores it only once confirmed', async () => {
    const { api, calls } = fakeApi();
    const flow = new RestoreFlow(api);
    await flow.offerListed(DAILY);
    expect(flow.phase).toBe('checked');
    expect(flow.checked).toEqual(CHECK);
    expect(flow.name).toBe('پشتیبان روزانه ۱۴۰۴/۰۸/۲۵ ۰۸:۱۲');
    expect(calls).toEqual([`inspect ${DAILY.path}`]);
    expect(await flow.confirm()).toBe(true);
    expect(flow.phase).toBe('done');
    expect(flow.result).toBe('/data/backups/taavon-20251116-093000-pre-restore.db');
    expect(calls).toEqual([`inspect ${DAILY.path}`, `restore ${DAILY.path}`]);
  });

  it('asks for a file, names it by its file name, and does nothing when the dialog is cancelled', async () => {
    const flow = new RestoreFlow(fakeApi().api);
    await flow.offerListed(DAILY);
    await flow.choose();
    expect(flow.path).toBe('/media/usb/taavon-backup-1404-08-25.db');
    expect(flow.name).toBe('taavon-backup-1404-08-25.db');

    const { api, calls } = fakeApi({ pick: async () => null });
    const cancelled = new RestoreFlow(api);
    await cancelled.offerListed(DAILY);
    await cancelled.choose();
    expect(cancelled.phase).toBe('checked');
    expect(cancelled.name).toBe('پشتیبان روزانه ۱۴۰۴/۰۸/۲۵ ۰۸:۱۲');
    expect(calls).toEqual([`inspect ${DAILY.path}`]);
  });

  it('shows why a file was refused, and offers nothing', async () => {
    const why = 'پرونده «/media/usb/notes.db» پایگاه داده این برنامه نیست؛ بازگردانی انجام نشد.';
    const flow = new RestoreFlow(fakeApi({ inspect: async () => Promise.reject(refusal(why)) }).api);
    await flow.choose();
    expect(flow.phase).toBe('idle');
    expect(flow.checked).toBeNull();
    expect(flow.error).toBe(why);
    expect(await flow.confirm()).toBe(false);
  });

  it('keeps the offer when the restore is refused, so the clerk can try again or cancel', async () => {
    let refuse = true;
    const flow = new RestoreFlow(
      fakeApi({
        restore: async () => {
          if (refuse) throw refusal('دیسک پر است.');
          return { path: '/kept.db', busy: null };
        },
      }).api,
    );
    await flow.offerListed(DAILY);
    expect(await flow.confirm()).toBe(false);
    expect(flow.phase).toBe('checked');
    expect(flow.error).toBe('دیسک پر است.');
    flow.reset();
    expect(flow.phase).toBe('idle');
    expect(flow.checked).toBeNull();
    expect(flow.error).toBeNull();
    refuse = false;
    await flow.offerListed(DAILY);
    expect(await flow.confirm()).toBe(true);
  });

  it('ignores clicks while it works, and a new offer forgets the last result', async () => {
    const gate = deferred<BackupCheck>();
    const { api, calls } = fakeApi({ inspect: () => gate.promise });
    const flow = new RestoreFlow(api);
    const offering = flow.offerListed(DAILY);
    expect(flow.busy).toBe(true);
    await flow.choose();
    await flow.offerListed({ ...DAILY, path: '/other.db' });
    flow.reset();
    expect(calls).toEqual([]);
    gate.resolve(CHECK);
    await offering;
    expect(flow.path).toBe(DAILY.path);
    await flow.confirm();
    expect(flow.result).not.toBeNull();

    const again = new RestoreFlow(fakeApi().api);
    await again.offerListed(DAILY);
    await again.confirm();
    await again.offerListed(DAILY);
    expect(again.result).toBeNull();
    expect(again.phase).toBe('checked');
  });
});

describe('the damaged database', () => {
  it('is known by its code alone', () => {
    expect(isDamaged({ code: 'database_damaged', message: 'پرونده پایگاه داده آسیب دیده است.', fields: [] })).toBe(true);
    expect(isDamaged({ code: 'database_newer', message: 'نسخه تازه‌تر', fields: [] })).toBe(false);
    expect(isDamaged(new Error('database_damaged'))).toBe(false);
  });

  it('names a backup by its kind and time', () => {
    expect(backupName(DAILY)).toBe('پشتیبان روزانه ۱۴۰۴/۰۸/۲۵ ۰۸:۱۲');
  });
});
