// The shape every rejected call takes (the core's `ErrorBody`), and how a
// place without form fields shows it.
import type { ErrorBody } from './bindings';
import { strings } from './strings';

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    typeof (value as ErrorBody).message === 'string' &&
    Array.isArray((value as ErrorBody).fields)
  );
}

/** The Persian message of any rejection, for places without fields. */
export function errorMessage(error: unknown): string {
  return isErrorBody(error) && error.message.trim() !== '' ? error.message : strings.common.unexpectedError;
}
