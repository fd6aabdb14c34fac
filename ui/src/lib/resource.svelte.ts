// One thing a screen reads from the core (a list of rounds, a letter, a
// person's training, the health check): its value, the Persian message when
// reading failed, whether the first answer has come, and whether a reading
// is under way. Reading again drops any answer older than the newest
// request, as lists do.
import { errorMessage } from './errors';

export class Resource<T> {
  value: T;
  error: string | null = $state(null);
  /** Set once the first answer (or failure) has arrived. */
  loaded = $state(false);
  /** Set while the newest request has not been answered. */
  loading = $state(false);

  #fetch: () => Promise<T>;
  #seq = 0;

  constructor(fetch: () => Promise<T>, initial: T) {
    this.value = $state.raw(initial);
    this.#fetch = fetch;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const value = await this.#fetch();
      if (seq !== this.#seq) return;
      this.value = value;
      this.error = null;
    } catch (error) {
      if (seq !== this.#seq) return;
      this.error = errorMessage(error);
    } finally {
      if (seq === this.#seq) {
        this.loaded = true;
        this.loading = false;
      }
    }
  }
}
