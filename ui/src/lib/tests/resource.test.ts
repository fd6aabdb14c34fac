import { describe, expect, it } from 'vitest';
import { FileJob } from '../files.svelte';
import { Resource } from '../resource.svelte';
import { deferred } from './deferred';

describe('Resource', () => {
  it('keeps the value until the first answer, then the answer', async () => {
    const r = new Resource(async () => [1, 2], [] as number[]);
    expect(r.value).toEqual([]);
    expect(r.loaded).toBe(false);
    await r.load();
    expect(r.value).toEqual([1, 2]);
    expect(r.loaded).toBe(true);
    expect(r.error).toBeNull();
  });

  it('shows the core’s Persian message when reading fails, and keeps the old value', async () => {
    let fail = false;
    const r = new Resource(async () => {
      if (fail) throw { code: 'refused', message: 'نوبت پیدا نشد.', fields: [] };
      return 'نامه';
    }, '');
    await r.load();
    fail = true;
    await r.load();
    expect(r.error).toBe('نوبت پیدا نشد.');
    expect(r.value).toBe('نامه');
  });

  it('drops an older answer that arrives after a newer one', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const r = new Resource(() => answers[call++].promise, '');
    const first = r.load();
    const second = r.load();
    answers[1].resolve('تازه');
    await second;
    answers[0].resolve('کهنه');
    await first;
    expect(r.value).toBe('تازه');
  });

  it('says a reading is under way until the newest one is answered', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const r = new Resource(() => answers[call++].promise, '');
    expect(r.loading).toBe(false);
    const first = r.load();
    const second = r.load();
    expect(r.loading).toBe(true);
    answers[0].resolve('کهنه');
    await first;
    expect(r.loading).toBe(true);
    answers[1].reject({ code: 'refused', message: 'نشد.', fields: [] });
    await second;
    expect(r.loading).toBe(false);
    expect(r.error).toBe('نشد.');
  });
});

describe('FileJob', () => {
  it('remembers where the file went', async () => {
    const job = new FileJob(async () => ({ path: '/exports/round-02-1404-09.xlsx', busy: null }));
    expect(await job.run(() => {})).toBe('/exports/round-02-1404-09.xlsx');
    expect(job.path).toBe('/exports/round-02-1404-09.xlsx');
    expect(job.heldOpen).toBeNull();
    expect(job.busy).toBe(false);
  });

  it('says which file was open in Excel when the new one took the next name, until the next save', async () => {
    const answers = [
      { path: 'C:\\Taavon\\round-02-1404-09 (2).xlsx', busy: 'C:\\Taavon\\round-02-1404-09.xlsx' },
      { path: 'C:\\Taavon\\round-02-1404-09.xlsx', busy: null },
    ];
    const job = new FileJob(async () => answers.shift() ?? null);
    await job.run(() => {});
    expect(job.path).toBe('C:\\Taavon\\round-02-1404-09 (2).xlsx');
    expect(job.heldOpen).toBe('C:\\Taavon\\round-02-1404-09.xlsx');
    await job.run(() => {});
    expect(job.heldOpen).toBeNull();
  });

  it('hands a refusal to the screen and ignores a second click while writing', async () => {
    const gate = deferred<{ path: string; busy: string | null }>();
    const job = new FileJob(() => gate.promise);
    const messages: string[] = [];
    const running = job.run((m) => messages.push(m));
    expect(job.busy).toBe(true);
    expect(await job.run((m) => messages.push(m))).toBeNull();
    gate.reject({ code: 'refused', message: 'نشانی رایانامه ثبت نشده است.', fields: [] });
    expect(await running).toBeNull();
    expect(messages).toEqual(['نشانی رایانامه ثبت نشده است.']);
    expect(job.path).toBeNull();
    expect(job.busy).toBe(false);
  });

  it('keeps the last path when the save dialog is cancelled', async () => {
    const answers: Array<{ path: string; busy: string | null } | null> = [{ path: '/media/usb/taavon-backup.db', busy: null }, null];
    const job = new FileJob(async () => answers.shift() ?? null);
    const messages: string[] = [];
    await job.run((m) => messages.push(m));
    expect(await job.run((m) => messages.push(m))).toBeNull();
    expect(job.path).toBe('/media/usb/taavon-backup.db');
    expect(messages).toEqual([]);
  });
});
