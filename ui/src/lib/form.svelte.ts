// State of an add/edit form: the values as typed, and the core's answer
// mapped onto the form: each field message beside its field, anything else
// (duplicate, refused, not found) at the top.
import { isErrorBody } from './errors';
import { strings } from './strings';

export interface FormErrors {
  /** Message per input key. */
  fields: Record<string, string>;
  /** Message for the top of the form, or `null`. */
  form: string | null;
}

/**
 * Where the core reports a field under another key than the form's input
 * (a course's `kind` comes back as `course_kind`): core key → input key.
 */
export type FieldAliases = Readonly<Record<string, string>>;

/**
 * Maps a rejection onto a form that has the inputs `keys`. Field messages
 * for keys the form lacks go to the top, so nothing the core said is lost.
 */
export function mapError(error: unknown, keys: readonly string[], aliases: FieldAliases = {}): FormErrors {
  if (!isErrorBody(error)) {
    return { fields: {}, form: strings.common.unexpectedError };
  }
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const f of error.fields) {
    const key = aliases[f.field] ?? f.field;
    if (keys.includes(key)) {
      fields[key] = fields[key] ? `${fields[key]} ${f.message}` : f.message;
    } else {
      unplaced.push(f.message);
    }
  }
  let form: string | null = null;
  if (error.fields.length === 0) {
    form = error.message.trim() !== '' ? error.message : strings.common.unexpectedError;
  } else if (unplaced.length > 0) {
    form = unplaced.join('\n');
  }
  return { fields, form };
}

/** Optional text: an empty or blank input is sent as `null`. */
export function emptyToNull(value: string): string | null {
  return value.trim() === '' ? null : value;
}

export class FormState<V extends Record<string, unknown>> {
  values: V;
  errors: Record<string, string> = $state({});
  formError: string | null = $state(null);
  saving = $state(false);

  readonly #keys: readonly string[];
  readonly #aliases: FieldAliases;

  constructor(initial: V, keys: readonly string[] = Object.keys(initial), aliases: FieldAliases = {}) {
    this.values = $state(initial);
    this.#keys = keys;
    this.#aliases = aliases;
  }

  /** Forgets a field's message once the clerk edits that field. */
  touch(key: string): void {
    if (key in this.errors) delete this.errors[key];
  }

  /**
   * Runs `action` with a snapshot of the values. On rejection the messages
   * are placed and `undefined` is returned; a second submit while one is
   * running is ignored.
   */
  async submit<R>(action: (values: V) => Promise<R>): Promise<R | undefined> {
    if (this.saving) return undefined;
    this.saving = true;
    this.errors = {};
    this.formError = null;
    try {
      return await action($state.snapshot(this.values) as V);
    } catch (error) {
      const mapped = mapError(error, this.#keys, this.#aliases);
      this.errors = mapped.fields;
      this.formError = mapped.form;
      return undefined;
    } finally {
      this.saving = false;
    }
  }
}
