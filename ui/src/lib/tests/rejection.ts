// Shared by the logic tests: the error body of a call expected to fail.
import { isErrorBody } from '../errors';

export async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isErrorBody(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
