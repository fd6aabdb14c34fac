// A file the core writes on request (a sheet, an email draft, a backup):
// whether it is being written, and where it was saved. A refusal goes to the
// screen's own message; a save dialog the clerk cancelled (`null`) changes
// nothing.
import type { ExportedFile } from './api';
import { errorMessage } from './errors';

export class FileJob {
  busy = $state(false);
  /** Where the last file was saved. */
  path: string | null = $state(null);

  #write: () => Promise<ExportedFile | null>;

  constructor(write: () => Promise<ExportedFile | null>) {
    this.#write = write;
  }

  /**
   * Writes the file; its path, or `null` when the dialog was cancelled or
   * after `onError` got the message.
   */
  async run(onError: (message: string) => void): Promise<string | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const saved = await this.#write();
      if (saved === null) return null;
      this.path = saved.path;
      return this.path;
    } catch (error) {
      onError(errorMessage(error));
      return null;
    } finally {
      this.busy = false;
    }
  }
}
