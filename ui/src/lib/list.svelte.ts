// State of a searchable, paged list (cooperatives, people). Typing is
// debounced; every request carries a number and only the newest one's answer
// is shown, so a slow early answer never overwrites a later one.
import type { Page, PageRequest } from './bindings';
import { pageCount } from './format';
import { errorMessage } from './errors';

export type Fetcher<F, T> = (filter: F, page: PageRequest) => Promise<Page<T>>;

/** One page of a list the core answers whole (the course catalogue). */
export function pageOf<T>(items: readonly T[], page: PageRequest): Page<T> {
  const size = Math.max(1, page.page_size);
  const last = Math.max(1, Math.ceil(items.length / size));
  const number = Math.min(Math.max(1, page.page), last);
  return {
    items: items.slice((number - 1) * size, number * size),
    total: items.length,
    page: number,
    page_size: size,
    capped: false,
    more: number < last,
  };
}

export interface ListOptions {
  pageSize?: number;
  /**
   * Wait after the last keystroke before asking. Short, because a people
   * search at 400,000 people answers in 1–30 ms (BENCHMARKS.md) and
   * results should follow typing within 100 ms; answers to older
   * keystrokes are dropped anyway.
   */
  debounceMs?: number;
}

export class ListState<F extends object, T> {
  filter: F;
  page = $state(1);
  items: T[] = $state.raw([]);
  total = $state(0);
  /** More than `total` match: the core stopped counting (people search). */
  capped = $state(false);
  /** Rows follow the page shown. */
  more = $state(false);
  loading = $state(false);
  /** Typed but not yet asked: the debounce is running. */
  pending = $state(false);
  /** Set once the first answer has arrived. */
  loaded = $state(false);
  error: string | null = $state(null);
  /**
   * The last refusal as the core sent it, so a screen can put its field
   * messages beside the filter fields they name.
   */
  rejection: unknown = $state.raw(null);

  readonly pageSize: number;

  #fetch: Fetcher<F, T>;
  #debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;

  constructor(fetch: Fetcher<F, T>, initial: F, options: ListOptions = {}) {
    this.#fetch = fetch;
    this.filter = $state(initial);
    this.pageSize = options.pageSize ?? 20;
    this.#debounceMs = options.debounceMs ?? 15;
  }

  /** Waiting for typing to pause or for an answer. */
  get busy(): boolean {
    return this.pending || this.loading;
  }

  get pages(): number {
    return pageCount(this.total, this.pageSize);
  }

  get hasPrev(): boolean {
    return this.page > 1;
  }

  get hasNext(): boolean {
    return this.capped ? this.more : this.page < this.pages;
  }

  /** Changes the filter while the clerk types: back to page 1, debounced. */
  type(patch: Partial<F>): void {
    Object.assign(this.filter, patch);
    this.page = 1;
    this.#schedule();
  }

  /** Changes a filter control (select, checkbox): back to page 1 at once. */
  set(patch: Partial<F>): Promise<void> {
    Object.assign(this.filter, patch);
    this.page = 1;
    return this.refresh();
  }

  goTo(page: number): Promise<void> {
    // Past a capped count the last page is not known: the core answers an
    // empty page for one beyond the end.
    this.page = Math.max(1, this.capped ? page : Math.min(page, this.pages));
    return this.refresh();
  }

  next(): Promise<void> {
    return this.hasNext ? this.goTo(this.page + 1) : Promise.resolve();
  }

  prev(): Promise<void> {
    return this.hasPrev ? this.goTo(this.page - 1) : Promise.resolve();
  }

  /** Asks now, dropping any pending debounced request. */
  refresh(): Promise<void> {
    this.#cancelTimer();
    return this.#load();
  }

  /** Stops a pending debounced request (when the list leaves the screen). */
  dispose(): void {
    this.#cancelTimer();
  }

  #schedule(): void {
    this.#cancelTimer();
    this.pending = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.pending = false;
      void this.#load();
    }, this.#debounceMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.pending = false;
  }

  async #load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const result = await this.#fetch($state.snapshot(this.filter) as F, {
        page: this.page,
        page_size: this.pageSize,
      });
      if (seq !== this.#seq) return;
      this.items = result.items;
      this.total = result.total;
      this.capped = result.capped;
      this.more = result.more;
      this.error = null;
      this.rejection = null;
      this.loaded = true;
    } catch (error) {
      if (seq !== this.#seq) return;
      this.error = errorMessage(error);
      this.rejection = error;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
