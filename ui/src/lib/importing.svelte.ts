// Importing TVTO standards from a workbook: the clerk picks the file, sees
// what a dry run would do, and only then confirms the real import. A real
// import writes every row or, if any row is wrong, nothing.
import type { ImportReport, RowProblem } from './api';
import { errorMessage } from './errors';
import { strings } from './strings';

export interface ImportCount {
  key: 'added' | 'updated' | 'unchanged' | 'rejected';
  label: string;
  value: number;
}

export interface ImportPreview {
  /** The file's name without its folder. */
  file: string;
  counts: ImportCount[];
  /** Every problem, by row and then in the sheet's column order. */
  problems: RowProblem[];
  /** Rows with at least one problem. */
  rejectedRows: number;
  /** Nothing wrong and something to write. */
  canConfirm: boolean;
  /** Nothing wrong, but every row is already in the catalogue as it is. */
  nothingToDo: boolean;
  ignoredColumns: string[];
}

/** The name at the end of a path, with either kind of separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter((p) => p !== '').at(-1) ?? path;
}

/** What the preview and the result show of the core's report. */
export function importPreview(report: ImportReport, path: string): ImportPreview {
  const problems = report.problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.row - b.p.row || a.i - b.i)
    .map(({ p }) => p);
  const rejectedRows = report.rejected;
  const labels = strings.importing.counts;
  const counts: ImportCount[] = [
    { key: 'added', label: labels.added, value: report.added },
    { key: 'updated', label: labels.updated, value: report.updated },
    { key: 'unchanged', label: labels.unchanged, value: report.unchanged },
    { key: 'rejected', label: labels.rejected, value: rejectedRows },
  ];
  const writes = report.added + report.updated;
  return {
    file: report.file || fileName(path),
    counts,
    problems,
    rejectedRows,
    canConfirm: rejectedRows === 0 && problems.length === 0 && writes > 0,
    nothingToDo: rejectedRows === 0 && problems.length === 0 && writes === 0,
    ignoredColumns: report.ignored_columns,
  };
}

export type ImportPhase = 'idle' | 'picking' | 'checking' | 'preview' | 'saving' | 'done';

export class ImportFlow {
  phase: ImportPhase = $state('idle');
  path: string | null = $state(null);
  preview: ImportPreview | null = $state.raw(null);
  /** The counts of the finished import. */
  result: ImportPreview | null = $state.raw(null);
  error: string | null = $state(null);

  readonly #pick: () => Promise<string | null>;
  readonly #run: (path: string, dryRun: boolean) => Promise<ImportReport>;

  constructor(pick: () => Promise<string | null>, run: (path: string, dryRun: boolean) => Promise<ImportReport>) {
    this.#pick = pick;
    this.#run = run;
  }

  get busy(): boolean {
    return this.phase === 'picking' || this.phase === 'checking' || this.phase === 'saving';
  }

  /**
   * Asks for a file and previews it. Cancelling the dialog leaves the
   * panel as it was.
   */
  async choose(): Promise<void> {
    if (this.busy) return;
    const before = this.phase;
    this.phase = 'picking';
    this.error = null;
    let path: string | null;
    try {
      path = await this.#pick();
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = before === 'done' ? 'idle' : before;
      return;
    }
    if (path === null) {
      this.phase = before;
      return;
    }
    this.path = path;
    this.preview = null;
    this.result = null;
    this.phase = 'checking';
    try {
      this.preview = importPreview(await this.#run(path, true), path);
      this.phase = 'preview';
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = 'idle';
    }
  }

  /** Runs the real import of the previewed file; `true` when it was written. */
  async confirm(): Promise<boolean> {
    if (this.phase !== 'preview' || this.path === null || !this.preview?.canConfirm) return false;
    this.phase = 'saving';
    this.error = null;
    try {
      this.result = importPreview(await this.#run(this.path, false), this.path);
      this.phase = 'done';
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = 'preview';
      return false;
    }
  }

  reset(): void {
    this.phase = 'idle';
    this.path = null;
    this.preview = null;
    this.result = null;
    this.error = null;
  }
}
