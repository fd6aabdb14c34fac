// A file the core writes on request (a sheet, an email draft): whether it
// is being written, and where it was saved. A refusal goes to the screen's
// own message.
import type { ExportedFile } from './api';
import { errorMessage } from './errors';

export class FileJob {
  busy = $state(false);
  /** Where the last file was saved. */
  path: string | null = $state(null);

  #write: () => Promise<ExportedFile>;

  constructor(write: () => Promise<ExportedFile>) {
    this.#write = write;
  }

  /** Writes the file; its path, or `null` after `onError` got the message. */
  async run(onError: (message: string) => void): Promise<string | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      this.path = (await this.#write()).path;
      return this.path;
    } catch (error) {
      onError(errorMessage(error));
      return null;
    } finally {
      this.busy = false;
    }
  }
}
