// The only module that talks to the Rust side. Components import typed
// functions from here and never touch `@tauri-apps/api` themselves, so the
// UI can also run in a plain browser against the stand-in below.
import { invoke, isTauri } from '@tauri-apps/api/core';

/** What the `app_info` command returns. */
export interface AppInfo {
  name: string;
  version: string;
}

/** One invalid field of a form or an imported row, as the core reports it. */
export interface FieldMessage {
  field: string;
  value: string;
  message: string;
}

/**
 * Errors cross IPC as the core's `ErrorBody`: a stable code, a Persian
 * message for the clerk, and the fields at fault.
 */
export interface ApiError {
  code: string;
  message: string;
  fields: FieldMessage[];
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).code === 'string' &&
    typeof (value as ApiError).message === 'string' &&
    Array.isArray((value as ApiError).fields)
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isApiError(error)) {
      throw error;
    }
    throw { code: 'ipc', message: String(error), fields: [] } satisfies ApiError;
  }
}

// Lets the UI run under `vite dev` in an ordinary browser.
const standIn = {
  appInfo: async (): Promise<AppInfo> => ({ name: 'Taavon Training Desk', version: '0.0.0-browser' }),
};

export async function appInfo(): Promise<AppInfo> {
  return isTauri() ? call<AppInfo>('app_info') : standIn.appInfo();
}
