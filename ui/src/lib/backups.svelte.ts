// Backups and restore (C10). A restore is always checked first (what the
// backup holds) and then confirmed by the clerk, who has been told that the
// current data will be replaced and is itself backed up first. A database
// found damaged at start answers with its own code, so the app offers the
// newest good backup instead of its screens.
import type { ExportedFile } from './api';
import type { BackupCheck, BackupInfo } from './bindings';
import { CheckedFile } from './checked.svelte';
import { isErrorBody } from './errors';
import { fileName } from './paths';
import { strings } from './strings';

/** The code of every answer while the database file is damaged (state.rs). */
export const DAMAGED = 'database_damaged';

export function isDamaged(error: unknown): boolean {
  return isErrorBody(error) && error.code === DAMAGED;
}

/** A listed backup as the clerk reads it: «پشتیبان روزانه ۱۴۰۴/۰۸/۲۵ ۰۸:۱۲». */
export function backupName(b: BackupInfo): string {
  return strings.backups.backupName(b.kind_label, b.created_label);
}

/** The calls a restore makes (api.ts in the app, fakes in tests). */
export interface RestoreApi {
  pick(): Promise<string | null>;
  inspect(path: string): Promise<BackupCheck>;
  restore(path: string): Promise<ExportedFile>;
}

/**
 * A restore: a listed backup or a file is checked (what it holds), and
 * restored once confirmed. The result is where the replaced data was kept.
 */
export class RestoreFlow extends CheckedFile<BackupCheck, string> {
  /** The listed backup last offered. */
  #listed: BackupInfo | null = $state.raw(null);

  constructor(api: RestoreApi) {
    super({ pick: api.pick, check: api.inspect, run: async (path) => (await api.restore(path)).path });
  }

  /** How the confirmation names the backup: a listed one by kind and time, a file by its name. */
  get name(): string {
    if (this.path === null) return '';
    return this.#listed?.path === this.path ? backupName(this.#listed) : fileName(this.path);
  }

  /** Checks a listed backup, then waits for the clerk's confirmation. */
  async offerListed(b: BackupInfo): Promise<void> {
    if (this.busy) return;
    this.#listed = b;
    await this.take(b.path);
  }
}
