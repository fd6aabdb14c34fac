import { describe, expect, it } from 'vitest';
import type { ImportOutcome, ImportRequest, Layout } from '../api';
import type { ColumnMap, ErrorBody, Progress, TargetInfo } from '../bindings';
import {
  ImportWizard,
  columnOptions,
  guessFor,
  nameChoices,
  headerLabel,
  mayConfirm,
  missingRequired,
  outcomeCounts,
  sharedColumns,
  unresolvedConflicts,
  withColumn,
  wizardError,
  type ImportApi,
} from '../wizard.svelte';

const targets: TargetInfo[] = [
  { key: 'national_code', label: 'کد ملی', required: true, instead: null },
  { key: 'first_name', label: 'نام', required: true, instead: null },
  { key: 'mobile', label: 'شماره همراه', required: false, instead: null },
];
const headers = ['ردیف', 'کد ملی', 'نام', 'تلفن همراه'];

function map(code: number | null, first: number | null, mobile: number | null): ColumnMap[] {
  return [
    { target: 'national_code', column: code },
    { target: 'first_name', column: first },
    { target: 'mobile', column: mobile },
  ];
}

function layout(patch: Partial<Layout> = {}): Layout {
  return {
    file: 'members.xlsx',
    kind: 'people',
    sheets: ['اعضا', 'بایگانی'],
    sheet: 'اعضا',
    header_row: 1,
    headers,
    targets,
    mapping: map(1, 2, 3),
    remembered: false,
    guesses: [],
    conflicts: [],
    sample: [['1', '0499370899', 'علی', '09121234567']],
    ...patch,
  };
}

function outcome(patch: Partial<ImportOutcome> = {}): ImportOutcome {
  return {
    kind: 'people',
    file: 'members.xlsx',
    sheet: 'اعضا',
    header_row: 1,
    mapping: map(1, 2, 3),
    rows: 0,
    skipped_empty: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    problems: [],
    fixes: [],
    fixes_total: 0,
    samples: [],
    guessed: [],
    splits: [],
    written: false,
    ...patch,
  };
}

const problem = { row: 4, column: 'کد ملی', value: '0684159415', message: 'رقم کنترل آن درست نیست' };
const fail = (code: string, message = 'پیام هسته'): ErrorBody => ({ code, message, fields: [] });

describe('the mapping helpers', () => {
  it('names blank headers by their place', () => {
    expect(headerLabel(['کد ملی', ' '], 1)).toBe('ستون ۲');
    expect(columnOptions(['کد ملی', ''])).toEqual([
      { value: '', label: '—' },
      { value: '0', label: 'کد ملی' },
      { value: '1', label: 'ستون ۲' },
    ]);
  });

  it('finds required fields without a column, or with one the file lacks', () => {
    expect(missingRequired(targets, map(1, 2, null), headers)).toEqual([]);
    expect(missingRequired(targets, map(null, 9, 3), headers).map((t) => t.key)).toEqual(['national_code', 'first_name']);
  });

  it('takes a full name for the first name it stands in for', () => {
    const withFull: TargetInfo[] = [
      { key: 'full_name', label: 'نام و نام خانوادگی', required: false, instead: null },
      { key: 'first_name', label: 'نام', required: true, instead: 'full_name' },
    ];
    const m = (full: number | null, first: number | null) => [
      { target: 'full_name', column: full },
      { target: 'first_name', column: first },
    ];
    expect(missingRequired(withFull, m(0, null), headers)).toEqual([]);
    expect(missingRequired(withFull, m(null, null), headers).map((t) => t.key)).toEqual(['first_name']);
  });

  it('gives the core’s reason while its guess stands, else none', () => {
    const guesses = [
      { target: 'mobile', label: 'شماره همراه', column: 3, letter: 'D', header: 'ت', source: 'content', reason: '۱۰۰٪ مقدارها شماره همراه است' },
    ];
    expect(guessFor(guesses, map(1, 2, 3), 'mobile')?.reason).toBe('۱۰۰٪ مقدارها شماره همراه است');
    expect(guessFor(guesses, map(1, 2, 0), 'mobile')).toBeNull();
  });

  it('keeps a conflict open until the clerk chooses its field', () => {
    const conflict = { target: 'mobile', label: 'شماره همراه', columns: [] };
    expect(unresolvedConflicts([conflict], new Set())).toEqual([conflict]);
    expect(unresolvedConflicts([conflict], new Set(['mobile']))).toEqual([]);
  });

  it('sends the confirmed name splits only, trimmed', () => {
    const split = { row: 3, value: 'محمد رضا کریمی', first_name: ' محمد رضا ', last_name: 'کریمی', reason: 'نام مرکب', confirmed: true };
    expect(nameChoices([split, { ...split, row: 4, confirmed: false }])).toEqual([
      { row: 3, value: 'محمد رضا کریمی', first_name: 'محمد رضا', last_name: 'کریمی' },
    ]);
  });

  it('finds a column chosen for two fields', () => {
    expect(sharedColumns(targets, map(1, 2, 3), headers)).toEqual([]);
    expect(sharedColumns(targets, map(1, 1, 3), headers)).toEqual([{ column: 'کد ملی', targets: ['کد ملی', 'نام'] }]);
  });

  it('changes one field’s column', () => {
    expect(withColumn(map(1, 2, 3), 'mobile', null)).toEqual(map(1, 2, null));
  });
});

describe('the outcome helpers', () => {
  it('counts every outcome, blank rows included', () => {
    const counts = outcomeCounts(outcome({ added: 3, updated: 1, unchanged: 2, rejected: 4, skipped_empty: 1 }));
    expect(counts.map((c) => [c.key, c.value])).toEqual([
      ['added', 3],
      ['updated', 1],
      ['unchanged', 2],
      ['rejected', 4],
      ['skipped', 1],
    ]);
    expect(counts[4].label).toBe('ردیف خالی');
  });

  it('confirms with rejected rows only when the valid ones are accepted, and only with something to write', () => {
    expect(mayConfirm(outcome({ added: 2 }), false)).toBe(true);
    expect(mayConfirm(outcome({ added: 2, rejected: 1 }), false)).toBe(false);
    expect(mayConfirm(outcome({ added: 2, rejected: 1 }), true)).toBe(true);
    expect(mayConfirm(outcome({ unchanged: 5 }), true)).toBe(false);
    expect(mayConfirm(outcome({ rejected: 3 }), true)).toBe(false);
  });

  it('shows a sentence for each error code, with the core’s words below', () => {
    expect(wizardError(fail('excel', 'پرونده «a.xlsx» خوانده نشد.'))).toEqual({
      code: 'excel',
      title: expect.stringContaining('این پرونده خوانده نشد'),
      detail: 'پرونده «a.xlsx» خوانده نشد.',
    });
    expect(wizardError(fail('cancelled'))).toMatchObject({ title: 'به درخواست شما لغو شد و چیزی ثبت نشد.', detail: null });
    expect(wizardError(fail('refused')).title).toContain('ستون‌ها');
    expect(wizardError(fail('database_open')).title).toBe('پایگاه داده در دسترس نیست.');
    expect(wizardError(fail('ipc', ''))).toMatchObject({ title: 'کار انجام نشد. لطفاً دوباره تلاش کنید.', detail: null });
    expect(wizardError(new Error('x')).code).toBe('unexpected');
  });
});

/** A fake backend: answers by path, records requests, and can hold a run until released. */
function fake(answers: { pick?: Array<string | null>; layouts?: Record<string, Layout | ErrorBody>; runs?: Array<ImportOutcome | ErrorBody> } = {}) {
  const calls: { inspect: Array<[string, string | null, string]>; run: ImportRequest[]; runs: number[]; cancelled: number[] } = {
    inspect: [],
    run: [],
    runs: [],
    cancelled: [],
  };
  let release: ((o: ImportOutcome | ErrorBody) => void) | null = null;
  let held = false;
  const api: ImportApi = {
    pick: async () => answers.pick?.shift() ?? null,
    inspect: async (path, sheet, kind) => {
      calls.inspect.push([path, sheet, kind]);
      const a = answers.layouts?.[`${path}|${sheet ?? ''}`] ?? layout({ kind, sheet: sheet ?? 'اعضا' });
      if ('code' in a) throw a;
      return a;
    },
    run: async (_path, request, run, onProgress: (p: Progress) => void) => {
      calls.run.push(request);
      calls.runs.push(run);
      onProgress({ done: 1, total: 2 });
      const a = held
        ? await new Promise<ImportOutcome | ErrorBody>((resolve) => (release = resolve))
        : (answers.runs?.shift() ?? outcome({ added: 2, written: !request.dry_run }));
      if ('code' in a) throw a;
      return a;
    },
    cancel: async (run) => {
      calls.cancelled.push(run);
      release?.(fail('cancelled'));
    },
    saveErrors: async (o) => ({ path: `/exports/errors-${o.file}`, busy: null }),
  };
  return {
    api,
    calls,
    hold: () => (held = true),
    free: () => (held = false),
  };
}

async function atMapping(f: ReturnType<typeof fake>, path = '/d/members.xlsx'): Promise<ImportWizard> {
  f.api.pick = async () => path;
  const w = new ImportWizard(f.api);
  await w.choose();
  await w.next();
  w.setKind('people');
  await w.next();
  return w;
}

describe('ImportWizard', () => {
  it('holds the mapping until a field claimed by two columns is chosen, then sends the choice', async () => {
    const conflict = {
      target: 'mobile',
      label: 'شماره همراه',
      columns: [
        { column: 2, letter: 'C', header: 'موبایل', reason: 'از روی نام ستون' },
        { column: 3, letter: 'D', header: 'تلفن همراه', reason: 'از روی نام ستون' },
      ],
    };
    const f = fake({ layouts: { '/d/members.xlsx|': layout({ mapping: map(1, 2, null), conflicts: [conflict] }) } });
    const w = await atMapping(f);
    expect(w.conflicts).toEqual([conflict]);
    expect(w.canNext).toBe(false);
    w.setColumn('mobile', 3);
    expect(w.conflicts).toEqual([]);
    expect(w.canNext).toBe(true);
    await w.next();
    expect(f.calls.run[0].mapping).toEqual(map(1, 2, 3));
  });

  it('previews again with the clerk’s name splits and sends them with the import', async () => {
    const split = { row: 3, value: 'سید علی موسوی', first_name: 'سید علی', last_name: 'موسوی', reason: 'عنوان «سید» دارد', confirmed: false };
    const f = fake({ runs: [outcome({ added: 1, rejected: 1, splits: [split] }), outcome({ added: 2 })] });
    const w = await atMapping(f);
    await w.next();
    expect(w.preview?.splits).toEqual([split]);
    await w.setNames([{ ...split, first_name: 'علی', confirmed: true }]);
    expect(w.step).toBe('preview');
    expect(w.preview?.added).toBe(2);
    const names = [{ row: 3, value: 'سید علی موسوی', first_name: 'علی', last_name: 'موسوی' }];
    expect(f.calls.run[1]).toMatchObject({ dry_run: true, names });
    await w.next();
    await w.confirm();
    expect(f.calls.run[2]).toMatchObject({ dry_run: false, names });
  });

  it('goes file → kind → mapping → preview → confirm → result', async () => {
    const f = fake({ pick: ['/d/members.xlsx'] });
    const w = new ImportWizard(f.api);
    expect(w.canNext).toBe(false);
    await w.choose();
    expect(w.path).toBe('/d/members.xlsx');
    await w.next();
    expect(w.step).toBe('kind');
    expect(w.canNext).toBe(false);
    w.setKind('people');
    await w.next();
    expect(w.step).toBe('mapping');
    expect(f.calls.inspect).toEqual([['/d/members.xlsx', null, 'people']]);
    await w.next();
    expect(w.step).toBe('preview');
    expect(w.preview?.added).toBe(2);
    expect(w.progress).toBeNull();
    expect(f.calls.run[0]).toMatchObject({ kind: 'people', sheet: 'اعضا', dry_run: true, accept_valid: false });
    await w.next();
    expect(w.step).toBe('confirm');
    expect(w.canConfirm).toBe(true);
    await w.confirm();
    expect(w.step).toBe('result');
    expect(w.result?.written).toBe(true);
    expect(f.calls.run[1]).toMatchObject({ dry_run: false, accept_valid: false });
    expect(w.allowed('mapping')).toBe(false);
    w.restart();
    expect([w.step, w.path, w.kind, w.layout]).toEqual(['file', null, null, null]);
  });

  it('keeps the chosen file when the dialog is cancelled', async () => {
    const f = fake({ pick: ['/d/a.xlsx', null] });
    const w = new ImportWizard(f.api);
    await w.choose();
    await w.choose();
    expect(w.path).toBe('/d/a.xlsx');
  });

  it('stays on the kind step with the reason when the file cannot be read', async () => {
    const f = fake({ layouts: { '/d/junk.xlsx|': fail('excel', 'پرونده «junk.xlsx» خوانده نشد.') } });
    const w = await atMapping(f, '/d/junk.xlsx');
    expect(w.step).toBe('kind');
    expect(w.error).toMatchObject({ code: 'excel', detail: 'پرونده «junk.xlsx» خوانده نشد.' });
    expect(w.layout).toBeNull();
    w.back();
    expect(w.step).toBe('file');
    expect(w.error).toBeNull();
  });

  it('will not go on while a required field has no column; the preview uses the edited mapping', async () => {
    const f = fake();
    const w = await atMapping(f);
    w.setColumn('national_code', null);
    expect(w.missing.map((t) => t.key)).toEqual(['national_code']);
    expect(w.canNext).toBe(false);
    await w.next();
    expect(w.step).toBe('mapping');
    w.setColumn('national_code', 1);
    w.setColumn('mobile', null);
    await w.next();
    expect(f.calls.run[0].mapping).toEqual(map(1, 2, null));
  });

  it('drops the preview when the mapping changes, and keeps it when going back without a change', async () => {
    const f = fake();
    const w = await atMapping(f);
    await w.next();
    w.back();
    expect(w.preview).not.toBeNull();
    await w.next();
    expect(f.calls.run).toHaveLength(1);
    w.back();
    w.setColumn('mobile', null);
    expect(w.preview).toBeNull();
    expect(w.allowed('preview')).toBe(false);
    await w.next();
    expect(f.calls.run).toHaveLength(2);
  });

  it('reads another sheet with its own mapping', async () => {
    const archive = layout({ sheet: 'بایگانی', header_row: 3, mapping: map(1, 2, null), remembered: true });
    const f = fake({ layouts: { '/d/members.xlsx|بایگانی': archive } });
    const w = await atMapping(f);
    w.setColumn('mobile', null);
    await w.setSheet('بایگانی');
    expect(f.calls.inspect.at(-1)).toEqual(['/d/members.xlsx', 'بایگانی', 'people']);
    expect(w.layout?.header_row).toBe(3);
    expect(w.mapping).toEqual(map(1, 2, null));
    await w.next();
    expect(f.calls.run[0].sheet).toBe('بایگانی');
  });

  it('forgets the layout when another file or kind is chosen', async () => {
    const f = fake();
    const w = await atMapping(f);
    w.back();
    w.setKind('coops');
    expect(w.layout).toBeNull();
    expect(w.allowed('mapping')).toBe(false);
    w.back();
    f.api.pick = async () => '/d/other.xlsx';
    await w.choose();
    expect(w.allowed('kind')).toBe(true);
    expect(w.kind).toBe('coops');
  });

  it('confirms rejected rows only with «only valid rows» ticked, and then says so to the core', async () => {
    const preview = outcome({ added: 3, rejected: 1, problems: [problem] });
    const f = fake({ runs: [preview, outcome({ added: 3, rejected: 1, problems: [problem], written: true })] });
    const w = await atMapping(f);
    await w.next();
    await w.next();
    expect(w.step).toBe('confirm');
    expect(w.canConfirm).toBe(false);
    await w.confirm();
    expect(f.calls.run).toHaveLength(1);
    w.acceptValid = true;
    expect(w.canConfirm).toBe(true);
    await w.confirm();
    expect(f.calls.run[1]).toMatchObject({ dry_run: false, accept_valid: true });
    expect(w.step).toBe('result');
    await w.saveErrors();
    expect(w.errorSheet.path).toBe('/exports/errors-members.xlsx');
  });

  it('does not offer the confirmation when nothing would be written', async () => {
    const f = fake({ runs: [outcome({ unchanged: 6 })] });
    const w = await atMapping(f);
    await w.next();
    expect(w.canNext).toBe(false);
    expect(w.allowed('confirm')).toBe(false);
  });

  it('cancels a running preview, back on the mapping with nothing written; Escape does the same', async () => {
    const f = fake();
    const w = await atMapping(f);
    f.hold();
    const running = w.next();
    await Promise.resolve();
    expect(w.running).toBe(true);
    expect(w.progress).toEqual({ done: 1, total: 2 });
    expect(w.canNext).toBe(false);
    w.back();
    expect(w.step).toBe('preview');
    await w.cancel();
    await running;
    // The stop names the run it is for.
    expect(f.calls.cancelled).toEqual([f.calls.runs[0]]);
    expect(w.step).toBe('mapping');
    expect(w.error?.code).toBe('cancelled');
    expect(w.preview).toBeNull();

    const again = w.next();
    await Promise.resolve();
    w.escape();
    await again;
    expect(f.calls.cancelled).toEqual([f.calls.runs[0], f.calls.runs[1]]);
    expect(f.calls.runs[1]).not.toBe(f.calls.runs[0]);
    expect(w.step).toBe('mapping');
  });

  it('keeps the confirmation when the real import is cancelled', async () => {
    const f = fake();
    const w = await atMapping(f);
    await w.next();
    await w.next();
    f.hold();
    const importing = w.confirm();
    await Promise.resolve();
    expect(w.busy).toBe('importing');
    w.escape();
    await importing;
    expect(w.step).toBe('confirm');
    expect(w.result).toBeNull();
    expect(w.error?.code).toBe('cancelled');
  });

  it('Escape goes one step back when nothing runs', async () => {
    const f = fake();
    const w = await atMapping(f);
    w.escape();
    expect(w.step).toBe('kind');
    w.escape();
    w.escape();
    expect(w.step).toBe('file');
  });

  it('opens only steps already worked out from the step list', async () => {
    const f = fake();
    const w = await atMapping(f);
    await w.next();
    w.goTo('file');
    expect(w.step).toBe('file');
    w.goTo('preview');
    expect(w.step).toBe('preview');
    w.goTo('result');
    expect(w.step).toBe('preview');
  });
});
