// The import wizard (C7): a file, what kind of list it is, which column
// feeds which field, a preview with exact counts, the confirmation, and the
// result. Nothing is written before the confirmation; a later step is
// reached only through the ones before it, and changing an earlier answer
// drops what was worked out from it.
import type { ExportedFile, ImportKind, ImportOutcome, ImportRequest, Layout } from './api';
import type { ColumnGuess, ColumnMap, MappingConflict, NameChoice, NameSplit, Progress, TargetInfo } from './bindings';
import { isErrorBody } from './errors';
import { FileJob } from './files.svelte';
import { toPersianDigits } from './format';
import { strings } from './strings';

export type WizardStep = 'file' | 'kind' | 'mapping' | 'preview' | 'confirm' | 'result';

export const STEPS: readonly WizardStep[] = ['file', 'kind', 'mapping', 'preview', 'confirm', 'result'];

export const KINDS: readonly ImportKind[] = ['coops', 'people', 'standards', 'feedback'];

/** The calls the wizard makes (api.ts in the app, fakes in tests). */
export interface ImportApi {
  pick(): Promise<string | null>;
  inspect(path: string, sheet: string | null, kind: ImportKind): Promise<Layout>;
  /** `run` numbers the run, so that `cancel` stops this one and no other. */
  run(path: string, request: ImportRequest, run: number, onProgress: (p: Progress) => void): Promise<ImportOutcome>;
  cancel(run: number): Promise<void>;
  saveErrors(outcome: ImportOutcome): Promise<ExportedFile>;
}

/** A refusal as the wizard shows it: a sentence for its code, and the core's own words. */
export interface WizardError {
  code: string;
  title: string;
  detail: string | null;
}

const TITLES: Record<string, string> = {
  excel: strings.wizard.errors.excel,
  cancelled: strings.wizard.errors.cancelled,
  refused: strings.wizard.errors.refused,
  io: strings.wizard.errors.io,
  storage: strings.wizard.errors.storage,
  database_open: strings.wizard.errors.database,
  database_newer: strings.wizard.errors.database,
  not_our_database: strings.wizard.errors.database,
};

export function wizardError(error: unknown): WizardError {
  if (!isErrorBody(error)) return { code: 'unexpected', title: strings.common.unexpectedError, detail: null };
  const title = TITLES[error.code] ?? strings.common.unexpectedError;
  const detail = error.message.trim();
  // A cancellation says all there is to say.
  return { code: error.code, title, detail: detail === '' || error.code === 'cancelled' ? null : detail };
}

/** A column's header, or «ستون n» for a blank one. */
export function headerLabel(headers: readonly string[], column: number): string {
  const text = headers[column]?.trim() ?? '';
  return text !== '' ? text : strings.wizard.unnamedColumn(toPersianDigits(String(column + 1)));
}

/** The choices of a mapping select: «—», then every header; values are column indexes. */
export function columnOptions(headers: readonly string[]): Array<{ value: string; label: string }> {
  return [
    { value: '', label: strings.wizard.noColumn },
    ...headers.map((_, i) => ({ value: String(i), label: headerLabel(headers, i) })),
  ];
}

/** The column a target reads, or null. */
export function columnOf(mapping: readonly ColumnMap[], target: string): number | null {
  return mapping.find((m) => m.target === target)?.column ?? null;
}

/** Required fields without a column (or with one the file does not have), unless the field standing in for them has one. */
export function missingRequired(targets: readonly TargetInfo[], mapping: readonly ColumnMap[], headers: readonly string[]): TargetInfo[] {
  const has = (key: string) => {
    const column = columnOf(mapping, key);
    return column !== null && column < headers.length;
  };
  return targets.filter((t) => t.required && !has(t.key) && (t.instead === null || !has(t.instead)));
}

/** Why a field reads the column it reads: the core's guess while it stands, else the clerk's own choice. */
export function guessFor(guesses: readonly ColumnGuess[], mapping: readonly ColumnMap[], target: string): ColumnGuess | null {
  const column = columnOf(mapping, target);
  return guesses.find((g) => g.target === target && g.column === column) ?? null;
}

/** Conflicts the clerk has not settled yet: fields claimed by several columns and not chosen since. */
export function unresolvedConflicts(conflicts: readonly MappingConflict[], decided: ReadonlySet<string>): MappingConflict[] {
  return conflicts.filter((c) => !decided.has(c.target));
}

/** The clerk's words on the unsure name splits: the confirmed ones, as the core takes them. */
export function nameChoices(splits: readonly NameSplit[]): NameChoice[] {
  return splits
    .filter((s) => s.confirmed)
    .map((s) => ({ row: s.row, value: s.value, first_name: s.first_name.trim(), last_name: s.last_name.trim() }));
}

/** Columns chosen for more than one field, with the fields' labels. */
export function sharedColumns(
  targets: readonly TargetInfo[],
  mapping: readonly ColumnMap[],
  headers: readonly string[],
): Array<{ column: string; targets: string[] }> {
  const byColumn = new Map<number, string[]>();
  for (const t of targets) {
    const column = columnOf(mapping, t.key);
    if (column !== null) byColumn.set(column, [...(byColumn.get(column) ?? []), t.label]);
  }
  return [...byColumn]
    .filter(([, labels]) => labels.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([column, labels]) => ({ column: headerLabel(headers, column), targets: labels }));
}

/** The mapping with one field's column changed. */
export function withColumn(mapping: readonly ColumnMap[], target: string, column: number | null): ColumnMap[] {
  return mapping.map((m) => (m.target === target ? { target, column } : m));
}

export interface OutcomeCount {
  key: 'added' | 'updated' | 'unchanged' | 'rejected' | 'skipped';
  label: string;
  value: number;
}

export function outcomeCounts(o: ImportOutcome): OutcomeCount[] {
  const labels = strings.wizard.counts;
  return [
    { key: 'added', label: labels.added, value: o.added },
    { key: 'updated', label: labels.updated, value: o.updated },
    { key: 'unchanged', label: labels.unchanged, value: o.unchanged },
    { key: 'rejected', label: labels.rejected, value: o.rejected },
    { key: 'skipped', label: labels.skipped, value: o.skipped_empty },
  ];
}

/** Rows an import would write: new and changed ones. */
export function toWrite(o: ImportOutcome): number {
  return o.added + o.updated;
}

/** Whether the real import may run: something to write, and rejected rows only when left out on purpose. */
export function mayConfirm(o: ImportOutcome, acceptValid: boolean): boolean {
  return toWrite(o) > 0 && (o.rejected === 0 || acceptValid);
}

type Busy = 'picking' | 'inspecting' | 'previewing' | 'importing';

export class ImportWizard {
  step: WizardStep = $state('file');
  path: string | null = $state(null);
  kind: ImportKind | null = $state(null);
  layout: Layout | null = $state.raw(null);
  /** The clerk's mapping, in the order of the layout's targets. */
  mapping: ColumnMap[] = $state.raw([]);
  /** Fields whose column the clerk chose, which settles a conflict. */
  decided: ReadonlySet<string> = $state.raw(new Set());
  /** The clerk's splits of full names the core was unsure of. */
  names: NameChoice[] = $state.raw([]);
  preview: ImportOutcome | null = $state.raw(null);
  result: ImportOutcome | null = $state.raw(null);
  acceptValid = $state(false);
  progress: Progress | null = $state.raw(null);
  busy: Busy | null = $state(null);
  /** A cancel was asked for and the run has not stopped yet. */
  cancelling = $state(false);
  error: WizardError | null = $state.raw(null);
  /** The sheet of rejected rows, for the outcome on screen. */
  readonly errorSheet: FileJob;

  readonly missing: TargetInfo[] = $derived(
    this.layout ? missingRequired(this.layout.targets, this.mapping, this.layout.headers) : [],
  );
  readonly shared = $derived(this.layout ? sharedColumns(this.layout.targets, this.mapping, this.layout.headers) : []);
  readonly conflicts: MappingConflict[] = $derived(this.layout ? unresolvedConflicts(this.layout.conflicts, this.decided) : []);
  readonly running: boolean = $derived(this.busy === 'previewing' || this.busy === 'importing');
  /** The outcome the current step shows: the result, else the preview. */
  readonly outcome: ImportOutcome | null = $derived(this.step === 'result' ? this.result : this.preview);
  readonly canNext: boolean = $derived(this.#canNext());
  readonly canConfirm: boolean = $derived(
    this.step === 'confirm' && this.busy === null && this.preview !== null && mayConfirm(this.preview, this.acceptValid),
  );

  readonly #api: ImportApi;
  /** The number of the latest run; it starts anywhere, so that a page
   * opened again does not reuse the numbers of the one before. */
  #runNumber = Math.floor(Math.random() * 0x7fff_ffff);

  constructor(api: ImportApi) {
    this.#api = api;
    this.errorSheet = new FileJob(() => this.#api.saveErrors(this.outcome!));
  }

  /** Whether the step indicator may open a step: one already worked out, and not while something runs. */
  allowed(step: WizardStep): boolean {
    if (this.busy !== null || this.step === 'result') return step === this.step;
    switch (step) {
      case 'file':
        return true;
      case 'kind':
        return this.path !== null;
      case 'mapping':
        return this.layout !== null;
      case 'preview':
        return this.preview !== null;
      case 'confirm':
        return this.preview !== null && toWrite(this.preview) > 0;
      case 'result':
        return false;
    }
  }

  #canNext(): boolean {
    if (this.busy !== null) return false;
    switch (this.step) {
      case 'file':
        return this.path !== null;
      case 'kind':
        return this.kind !== null;
      case 'mapping':
        return this.layout !== null && this.missing.length === 0 && this.conflicts.length === 0;
      case 'preview':
        return this.allowed('confirm');
      case 'confirm':
      case 'result':
        return false;
    }
  }

  goTo(step: WizardStep): void {
    if (this.allowed(step)) {
      this.step = step;
      this.error = null;
    }
  }

  /** Moves on, working out what the next step shows (reading the file, the preview). */
  async next(): Promise<void> {
    if (!this.canNext) return;
    this.error = null;
    switch (this.step) {
      case 'file':
        this.step = 'kind';
        return;
      case 'kind':
        if (this.layout === null && !(await this.#inspect(null))) return;
        this.step = 'mapping';
        return;
      case 'mapping':
        this.step = 'preview';
        if (this.preview === null) await this.#preview();
        return;
      case 'preview':
        this.step = 'confirm';
        return;
    }
  }

  back(): void {
    if (this.busy !== null || this.step === 'result') return;
    const i = STEPS.indexOf(this.step);
    if (i > 0) this.goTo(STEPS[i - 1]);
  }

  /** Escape: stops what runs, else goes one step back. */
  escape(): void {
    if (this.running) void this.cancel();
    else this.back();
  }

  /** Shows the open dialog; a cancelled dialog changes nothing. */
  async choose(): Promise<void> {
    if (this.busy !== null) return;
    this.busy = 'picking';
    this.error = null;
    try {
      const path = await this.#api.pick();
      if (path !== null) {
        this.path = path;
        this.#forgetLayout();
      }
    } catch (error) {
      this.error = wizardError(error);
    } finally {
      this.busy = null;
    }
  }

  setKind(kind: ImportKind): void {
    if (this.busy !== null || kind === this.kind) return;
    this.kind = kind;
    this.error = null;
    this.#forgetLayout();
  }

  /** Reads another sheet of the workbook, with its own headers and mapping. */
  async setSheet(sheet: string): Promise<void> {
    if (this.busy !== null || this.layout === null || sheet === this.layout.sheet) return;
    this.error = null;
    await this.#inspect(sheet);
  }

  setColumn(target: string, column: number | null): void {
    if (this.busy !== null) return;
    this.mapping = withColumn(this.mapping, target, column);
    this.decided = new Set([...this.decided, target]);
    this.names = [];
    this.#forgetPreview();
  }

  /** Previews again with the clerk's word on the unsure name splits. */
  async setNames(splits: readonly NameSplit[]): Promise<void> {
    if (this.busy !== null || this.step !== 'preview') return;
    this.names = nameChoices(splits);
    this.error = null;
    this.#forgetPreview();
    await this.#preview();
  }

  /** Runs the real import; rejected rows are left out only when the clerk said so. */
  async confirm(): Promise<void> {
    const preview = this.preview;
    if (!this.canConfirm || preview === null) return;
    this.error = null;
    const outcome = await this.#run('importing', false, this.acceptValid && preview.rejected > 0);
    if (outcome !== null) {
      this.result = outcome;
      this.errorSheet.path = null;
      this.step = 'result';
    }
  }

  /** Asks the running preview or import to stop; it then ends with nothing written. */
  async cancel(): Promise<void> {
    if (!this.running || this.cancelling) return;
    this.cancelling = true;
    try {
      await this.#api.cancel(this.#runNumber);
    } catch (error) {
      this.cancelling = false;
      this.error = wizardError(error);
    }
  }

  async saveErrors(): Promise<void> {
    if (this.outcome === null || this.outcome.problems.length === 0) return;
    await this.errorSheet.run((message) => (this.error = { code: 'io', title: strings.wizard.errors.io, detail: message }));
  }

  /** A message from elsewhere on the screen (the file manager would not open). */
  showMessage(message: string): void {
    this.error = { code: 'message', title: message, detail: null };
  }

  /** Starts again with another file. */
  restart(): void {
    if (this.busy !== null) return;
    this.step = 'file';
    this.path = null;
    this.kind = null;
    this.error = null;
    this.#forgetLayout();
  }

  async #inspect(sheet: string | null): Promise<boolean> {
    if (this.path === null || this.kind === null) return false;
    this.busy = 'inspecting';
    try {
      const layout = await this.#api.inspect(this.path, sheet, this.kind);
      this.layout = layout;
      this.mapping = layout.mapping;
      this.decided = new Set();
      this.names = [];
      this.#forgetPreview();
      return true;
    } catch (error) {
      this.error = wizardError(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  async #preview(): Promise<void> {
    const outcome = await this.#run('previewing', true, false);
    if (outcome === null) {
      // Cancelled or refused: the mapping is where to act on it.
      this.step = 'mapping';
      return;
    }
    this.preview = outcome;
    this.acceptValid = false;
    this.errorSheet.path = null;
  }

  async #run(busy: 'previewing' | 'importing', dryRun: boolean, acceptValid: boolean): Promise<ImportOutcome | null> {
    if (this.path === null || this.kind === null || this.layout === null) return null;
    const request: ImportRequest = {
      kind: this.kind,
      sheet: this.layout.sheet,
      mapping: this.mapping,
      dry_run: dryRun,
      accept_valid: acceptValid,
      map: [],
      names: this.names,
    };
    this.busy = busy;
    this.cancelling = false;
    this.progress = { done: 0, total: 0 };
    try {
      this.#runNumber = (this.#runNumber + 1) % 0x7fff_ffff;
      return await this.#api.run(this.path, request, this.#runNumber, (p) => (this.progress = p));
    } catch (error) {
      this.error = wizardError(error);
      return null;
    } finally {
      this.busy = null;
      this.cancelling = false;
      this.progress = null;
    }
  }

  #forgetLayout(): void {
    this.layout = null;
    this.mapping = [];
    this.decided = new Set();
    this.names = [];
    this.#forgetPreview();
  }

  #forgetPreview(): void {
    this.preview = null;
    this.result = null;
    this.acceptValid = false;
    this.errorSheet.path = null;
  }
}
