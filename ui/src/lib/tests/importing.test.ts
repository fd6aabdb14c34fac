import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../api';
import { ImportFlow, fileName, importPreview } from '../importing.svelte';

const wrongHours = {
  row: 5,
  column: 'ساعت نظری',
  value: 'سی',
  message: '«ساعت نظری» با مقدار «سی» باید عدد باشد.',
};
const noTitle = { row: 3, column: 'عنوان دوره', value: '', message: '«عنوان دوره» خالی است و باید پر شود.' };
const noCode = { row: 3, column: 'کد استاندارد', value: '', message: '«کد استاندارد» خالی است و باید پر شود.' };

/** A report as the core writes it. */
function report(patch: Partial<ImportReport>): ImportReport {
  return {
    file: 'standards-1404.xlsx',
    sheet: 'Sheet1',
    header_row: 1,
    ignored_columns: [],
    rows: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    problems: [],
    written: false,
    ...patch,
  };
}

describe('importPreview', () => {
  it('counts rows and lists problems by row', () => {
    const preview = importPreview(
      report({ rows: 9, added: 2, updated: 1, unchanged: 4, rejected: 2, problems: [wrongHours, noTitle, noCode] }),
      '/home/clerk/Documents/standards-1404.xlsx',
    );
    expect(preview.file).toBe('standards-1404.xlsx');
    expect(preview.counts.map((c) => [c.key, c.label, c.value])).toEqual([
      ['added', 'دوره تازه', 2],
      ['updated', 'به‌روزرسانی', 1],
      ['unchanged', 'بدون تغییر', 4],
      ['rejected', 'ردیف نادرست', 2],
    ]);
    expect(preview.problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'عنوان دوره'],
      [3, 'کد استاندارد'],
      [5, 'ساعت نظری'],
    ]);
    expect(preview.rejectedRows).toBe(2);
    expect(preview.canConfirm).toBe(false);
    expect(preview.nothingToDo).toBe(false);
  });

  it('keeps the headings the file had but the core did not read', () => {
    const preview = importPreview(report({ file: 'استانداردها.xlsx', added: 1, ignored_columns: ['ملاحظات'] }), 'C:\\x\\y.xlsx');
    expect(preview.file).toBe('استانداردها.xlsx');
    expect(preview.ignoredColumns).toEqual(['ملاحظات']);
    expect(preview.canConfirm).toBe(true);
  });

  it('falls back to the path for the file name', () => {
    expect(importPreview(report({ file: '' }), 'C:\\Users\\clerk\\a.xlsx').file).toBe('a.xlsx');
  });

  it('can be confirmed only when every row is good and something changes', () => {
    expect(importPreview(report({ added: 1, unchanged: 3 }), 'a.xlsx').canConfirm).toBe(true);
    expect(importPreview(report({ updated: 2 }), 'a.xlsx').canConfirm).toBe(true);
    expect(importPreview(report({ added: 1, rejected: 1, problems: [wrongHours] }), 'a.xlsx').canConfirm).toBe(false);
    const same = importPreview(report({ unchanged: 5 }), 'a.xlsx');
    expect(same.canConfirm).toBe(false);
    expect(same.nothingToDo).toBe(true);
  });

  it('names a file from either kind of path', () => {
    expect(fileName('C:\\Users\\clerk\\Desktop\\a.xlsx')).toBe('a.xlsx');
    expect(fileName('/home/clerk/b.xlsx')).toBe('b.xlsx');
    expect(fileName('c.xlsx')).toBe('c.xlsx');
  });
});

describe('ImportFlow', () => {
  const good = report({ added: 2, updated: 1 });
  const bad = report({ added: 1, rejected: 1, problems: [wrongHours] });

  function flow(picks: Array<string | null>, reports: Record<string, ImportReport | Error>) {
    const calls: Array<[string, boolean]> = [];
    const f = new ImportFlow(
      async () => picks.shift() ?? null,
      async (path, dryRun) => {
        calls.push([path, dryRun]);
        const r = reports[path];
        if (r instanceof Error) throw { code: 'import_rejected', message: r.message, fields: [] };
        return r;
      },
    );
    return { f, calls };
  }

  it('previews the picked file with a dry run, then imports it for real', async () => {
    const { f, calls } = flow(['/x/good.xlsx'], { '/x/good.xlsx': good });
    await f.choose();
    expect(f.phase).toBe('checked');
    expect(f.checked?.canConfirm).toBe(true);
    expect(calls).toEqual([['/x/good.xlsx', true]]);
    expect(await f.confirm()).toBe(true);
    expect(f.phase).toBe('done');
    expect(f.result?.counts[0].value).toBe(2);
    expect(calls).toEqual([
      ['/x/good.xlsx', true],
      ['/x/good.xlsx', false],
    ]);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const { f, calls } = flow([null], {});
    await f.choose();
    expect(f.phase).toBe('idle');
    expect(f.error).toBeNull();
    expect(calls).toEqual([]);
  });

  it('keeps the preview when a second dialog is cancelled', async () => {
    const { f } = flow(['/x/bad.xlsx', null], { '/x/bad.xlsx': bad });
    await f.choose();
    await f.choose();
    expect(f.phase).toBe('checked');
    expect(f.checked?.rejectedRows).toBe(1);
  });

  it('will not import a file with wrong rows; a corrected one can be picked', async () => {
    const { f, calls } = flow(['/x/bad.xlsx', '/x/good.xlsx'], { '/x/bad.xlsx': bad, '/x/good.xlsx': good });
    await f.choose();
    expect(await f.confirm()).toBe(false);
    expect(calls).toEqual([['/x/bad.xlsx', true]]);
    await f.choose();
    expect(f.path).toBe('/x/good.xlsx');
    expect(await f.confirm()).toBe(true);
  });

  it('shows the core message when the real import is refused, keeping the preview', async () => {
    // The file changed on disk between the preview and the import.
    const message = '۱ ردیف از ۵ ردیف پرونده «a.xlsx» پذیرفته نشد، پس هیچ ردیفی ذخیره نشد.';
    const f = new ImportFlow(
      async () => '/x/a.xlsx',
      async (_path, dryRun) => {
        if (dryRun) return good;
        throw { code: 'import_rejected', message, fields: [] };
      },
    );
    await f.choose();
    expect(await f.confirm()).toBe(false);
    expect(f.phase).toBe('checked');
    expect(f.error).toBe(message);
    expect(f.checked?.file).toBe('standards-1404.xlsx');
  });

  it('reports a file that cannot be read', async () => {
    const { f } = flow(['/x/broken.xlsx'], { '/x/broken.xlsx': new Error('پرونده خوانده نشد') });
    await f.choose();
    expect(f.phase).toBe('idle');
    expect(f.error).toBe('پرونده خوانده نشد');
  });
});
