// A file that the core checks before anything is done with it, and that is
// used only once the clerk confirms what the check found: a standards sheet
// (a dry run, then the import) or a backup (what it holds, then the
// restore). The file comes from the open dialog or is named by the screen.
import { errorMessage } from './errors';

export type CheckedPhase = 'idle' | 'picking' | 'checking' | 'checked' | 'working' | 'done';

/** The calls behind the steps (api.ts in the app, fakes in tests). */
export interface CheckSteps<C, R> {
  pick(): Promise<string | null>;
  /** Reads the file without changing anything. */
  check(path: string): Promise<C>;
  /** Whether what the check found may go ahead; always, when left out. */
  allowed?(checked: C): boolean;
  /** Does the work with the checked file. */
  run(path: string): Promise<R>;
}

export class CheckedFile<C, R> {
  phase: CheckedPhase = $state('idle');
  path: string | null = $state(null);
  /** What the check found, until another file is checked. */
  checked: C | null = $state.raw(null);
  /** What the work gave, once done. */
  result: R | null = $state.raw(null);
  error: string | null = $state(null);

  readonly #steps: CheckSteps<C, R>;

  constructor(steps: CheckSteps<C, R>) {
    this.#steps = steps;
  }

  get busy(): boolean {
    return this.phase === 'picking' || this.phase === 'checking' || this.phase === 'working';
  }

  /** The check's findings allow the work to be confirmed. */
  get canConfirm(): boolean {
    return this.phase === 'checked' && this.checked !== null && (this.#steps.allowed?.(this.checked) ?? true);
  }

  /** Asks for a file and checks it. Cancelling the dialog leaves things as they were. */
  async choose(): Promise<void> {
    if (this.busy) return;
    const before = this.phase;
    this.phase = 'picking';
    this.error = null;
    let path: string | null;
    try {
      path = await this.#steps.pick();
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = before === 'done' ? 'idle' : before;
      return;
    }
    if (path === null) {
      this.phase = before;
      return;
    }
    await this.#check(path);
  }

  /** Checks a file the screen names; what an earlier one found is dropped. */
  async take(path: string): Promise<void> {
    if (!this.busy) await this.#check(path);
  }

  async #check(path: string): Promise<void> {
    this.path = path;
    this.checked = null;
    this.result = null;
    this.error = null;
    this.phase = 'checking';
    try {
      this.checked = await this.#steps.check(path);
      this.phase = 'checked';
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = 'idle';
    }
  }

  /** Does the work with the checked file; `true` when it was done. */
  async confirm(): Promise<boolean> {
    if (!this.canConfirm || this.path === null) return false;
    this.phase = 'working';
    this.error = null;
    try {
      this.result = await this.#steps.run(this.path);
      this.phase = 'done';
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = 'checked';
      return false;
    }
  }

  /** Drops the file and what was found; nothing was done with it. */
  reset(): void {
    if (this.busy) return;
    this.phase = 'idle';
    this.path = null;
    this.checked = null;
    this.result = null;
    this.error = null;
  }
}
