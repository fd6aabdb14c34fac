// Importing TVTO standards from a workbook: the clerk picks the file, sees
// what a dry run would do, and only then confirms the real import. A real
// import writes every row or, if any row is wrong, nothing.
import type { ImportReport, RowProblem } from './api';
import { CheckedFile } from './checked.svelte';
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

/**
 * Standards from a workbook: the picked file is previewed with a dry run,
 * and imported for real only once confirmed, and only when every row is
 * right and something would change.
 */
export class ImportFlow extends CheckedFile<ImportPreview, ImportPreview> {
  constructor(pick: () => Promise<string | null>, run: (path: string, dryRun: boolean) => Promise<ImportReport>) {
    super({
      pick,
      check: async (path) => importPreview(await run(path, true), path),
      allowed: (preview) => preview.canConfirm,
      run: async (path) => importPreview(await run(path, false), path),
    });
  }
}
