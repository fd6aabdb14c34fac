// The period the dashboard or the monthly report shows, as the clerk typed
// it, and the core's figures for it: one `dashboard` call per «نمایش», an
// answer older than the newest request dropped, and the core's messages
// placed beside «از ماه» and «تا ماه». Nothing is counted here.
import type { Figures, PeriodInput } from './bindings';
import { emptyToNull, mapError } from './form.svelte';

/** The period fields, keyed as the core names them in its field errors. */
export const PERIOD_KEYS = ['from', 'to'] as const;

export type PeriodKey = (typeof PERIOD_KEYS)[number];

export class PeriodFigures {
  /** `1404/07` in any digits; empty means Mehr 1404. */
  from = $state('');
  /** Empty means this month. */
  to = $state('');
  /** One month: `from` is sent as both ends. */
  single = $state(false);
  figures: Figures | null = $state.raw(null);
  errors: Partial<Record<PeriodKey, string>> = $state({});
  formError: string | null = $state(null);
  /** Set once the first answer (or refusal) has arrived. */
  loaded = $state(false);
  /** Set while the newest request has not been answered. */
  loading = $state(false);

  readonly #fetch: (period: PeriodInput) => Promise<Figures>;
  #seq = 0;

  constructor(fetch: (period: PeriodInput) => Promise<Figures>, from = '', to = '', single = false) {
    this.#fetch = fetch;
    this.from = from;
    this.to = to;
    this.single = single;
  }

  /** The period as sent: an empty field goes as `null`, the core's default. */
  get input(): PeriodInput {
    const from = emptyToNull(this.from);
    return { from, to: this.single ? from : emptyToNull(this.to) };
  }

  /** Forgets a field's message once the clerk edits it. */
  touch(key: PeriodKey): void {
    if (key in this.errors) delete this.errors[key];
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const figures = await this.#fetch(this.input);
      if (seq !== this.#seq) return;
      this.figures = figures;
      this.errors = {};
      this.formError = null;
    } catch (error) {
      if (seq !== this.#seq) return;
      const mapped = mapError(error, PERIOD_KEYS);
      // One month is one field: the same month refused as the end says
      // nothing more.
      if (this.single && mapped.fields.from) delete mapped.fields.to;
      else if (this.single && mapped.fields.to) {
        mapped.fields.from = mapped.fields.to;
        delete mapped.fields.to;
      }
      this.errors = mapped.fields;
      this.formError = mapped.form;
    } finally {
      if (seq === this.#seq) {
        this.loaded = true;
        this.loading = false;
      }
    }
  }
}
