import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportKind, ImportRequest } from '../bindings';
import * as standin from '../standin';
import { rejection } from './rejection';

const DOCS = '/home/clerk/Documents';

function request(kind: ImportKind, patch: Partial<ImportRequest> = {}): ImportRequest {
  return { kind, sheet: null, mapping: null, dry_run: true, accept_valid: false, ...patch };
}

async function run(path: string, req: ImportRequest) {
  const progress: Array<[number, number]> = [];
  const outcome = await standin.runImport(path, req, (p) => progress.push([p.done, p.total]));
  return { outcome, progress };
}

describe('the stand-in import', () => {
  beforeEach(() => standin.resetForTests(true));

  it('guesses the mapping from the headers, with the sheets and first rows', async () => {
    const layout = await standin.inspectImport(`${DOCS}/members.xlsx`, null, 'people');
    expect(layout.file).toBe('members.xlsx');
    expect(layout.sheets).toEqual(['اعضا', 'بایگانی']);
    expect(layout.header_row).toBe(1);
    expect(layout.remembered).toBe(false);
    expect(layout.targets.filter((t) => t.required).map((t) => t.key)).toEqual(['national_code', 'first_name', 'last_name']);
    const mapped = Object.fromEntries(layout.mapping.map((m) => [m.target, m.column]));
    expect(mapped).toMatchObject({ national_code: 1, first_name: 2, last_name: 3, mobile: 6, role: null });
    expect(layout.sample).toHaveLength(5);

    const archive = await standin.inspectImport(`${DOCS}/members.xlsx`, 'بایگانی', 'people');
    expect(archive.header_row).toBe(3);
    expect(archive.sample).toHaveLength(2);
    const csv = await standin.inspectImport(`${DOCS}/members.csv`, null, 'people');
    expect(csv.sheets).toEqual(['members.csv']);
  });

  it('imports good rows, reports progress, and finds nothing new the second time', async () => {
    const path = `${DOCS}/members.xlsx`;
    const { outcome: preview, progress } = await run(path, request('people'));
    expect([preview.added, preview.rejected, preview.written]).toEqual([6, 0, false]);
    expect(progress.at(-1)).toEqual([6, 6]);
    expect(preview.fixes_total).toBeGreaterThan(0);
    const { outcome: done } = await run(path, request('people', { dry_run: false }));
    expect([done.added, done.written]).toEqual([6, true]);
    const again = await run(path, request('people'));
    expect([again.outcome.added, again.outcome.unchanged]).toEqual([0, 6]);
    expect((await standin.inspectImport(path, null, 'people')).remembered).toBe(true);
  });

  it('names each rejected value; nothing is written unless the valid rows are accepted', async () => {
    const path = `${DOCS}/members-bad.xlsx`;
    const { outcome } = await run(path, request('people', { dry_run: false }));
    expect([outcome.added, outcome.rejected, outcome.skipped_empty, outcome.written]).toEqual([7, 4, 1, false]);
    expect(outcome.problems[0]).toEqual({
      row: 9,
      column: 'کد ملی',
      value: '0684159415',
      message: '«کد ملی» با مقدار «0684159415» رقم کنترل آن درست نیست؛ لطفاً دوباره بررسی کنید.',
    });
    expect(outcome.fixes.some((f) => f.note.includes('صفر ابتدایی'))).toBe(true);
    const accepted = await run(path, request('people', { dry_run: false, accept_valid: true }));
    expect(accepted.outcome.written).toBe(true);
    expect((await run(path, request('people'))).outcome.unchanged).toBe(7);
    expect((await standin.saveImportErrors(accepted.outcome)).path).toMatch(/\/errors-members-bad-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('reports feedback as updates', async () => {
    const { outcome } = await run(`${DOCS}/tvto-feedback.xlsx`, request('feedback'));
    expect([outcome.added, outcome.updated]).toEqual([0, 6]);
  });

  it('refuses an unreadable file, a missing sheet and a mapping without a required column', async () => {
    expect((await rejection(standin.inspectImport(`${DOCS}/junk.xlsx`, null, 'coops'))).code).toBe('excel');
    expect((await rejection(standin.inspectImport(`${DOCS}/a.xlsx`, 'برگه ۹', 'coops'))).code).toBe('excel');
    const odd = await standin.inspectImport(`${DOCS}/members-odd.xlsx`, null, 'people');
    expect(odd.mapping.find((m) => m.target === 'national_code')?.column).toBeNull();
    const refused = await rejection(run(`${DOCS}/members-odd.xlsx`, request('people', { mapping: odd.mapping })));
    expect(refused.code).toBe('refused');
    expect(refused.message).toContain('«کد ملی»');
  });

  it('stops on cancel with nothing written', async () => {
    const path = `${DOCS}/members-big.xlsx`;
    const running = run(path, request('people', { dry_run: false }));
    await standin.cancelImport();
    expect((await rejection(running)).code).toBe('cancelled');
    // Its first rows are those of the good file: still new.
    expect((await run(`${DOCS}/members.xlsx`, request('people'))).outcome.added).toBe(6);
  });
});
