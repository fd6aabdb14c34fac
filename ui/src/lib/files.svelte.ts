// A file the core writes on request (a sheet, an email draft, a backup):
// whether it is being written, and where it was saved. A refusal goes to the
// screen's own message; a save dialog the clerk cancelled (`null`) changes
// nothing.
import { errorMessage } from './errors';

/** A written file: where it is, and the name asked for if that one was open elsewhere. */
interface Written {
  path: string;
  busy?: string | null;
}

export class FileJob {
  busy = $state(false);
  /** Where the last file was saved. */
  path: string | null = $state(null);
  /**
   * The file that was asked for, when it was open in another program (Excel)
   * and the new one went under the next free name.
   */
  heldOpen: string | null = $state(null);

  #write: () => Promise<Written | null>;

  constructor(write: () => Promise<Written | null>) {
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
      this.heldOpen = saved.busy ?? null;
      return this.path;
    } catch (error) {
      onError(errorMessage(error));
      return null;
    } finally {
      this.busy = false;
    }
  }
}
