// What the components call: one typed function per command, generated from
// the command table into `bindings.ts`, plus the few names the UI gives to
// answers and steps of its own. `ipc.ts` carries the calls.
import { pickBackupTarget, saveBackupAs, type Saved } from './bindings';

export * from './bindings';

/**
 * Where the core saved a file, and the name that was asked for when a file
 * of that name was open in another program (the core's `Saved`).
 */
export type ExportedFile = Saved;

/**
 * Saves a checked backup where the clerk chooses in the save dialog (a USB
 * stick); `null` when the dialog is cancelled.
 */
export async function saveBackupWhereChosen(): Promise<ExportedFile | null> {
  const target = await pickBackupTarget();
  return target === null ? null : saveBackupAs(target);
}
