// How a command reaches the core: the only module that imports
// `@tauri-apps/*`. In the desktop window through Tauri's IPC; in a plain
// browser (the browser tests, `npm run dev`) through the development bridge,
// `taavon serve`, which answers the same commands with the same core.
//
// What a browser cannot do stays here: the system's file dialogs answer
// with the path the tests named (`TAAVON_PICK_FILE` / `TAAVON_SAVE_FILE` in
// sessionStorage, as the desktop's tests name them in the environment), and
// "show in folder" only records the path.
import { Channel, invoke, isTauri } from '@tauri-apps/api/core';
import type { ErrorBody, Progress } from './bindings';
import { isErrorBody } from './errors';

/** Where the bridge listens and the token it printed at start. */
export interface BridgeAddress {
  url: string;
  token: string;
}

declare global {
  interface Window {
    /** Set by the browser tests before the page loads. */
    __TAAVON_BRIDGE__?: BridgeAddress;
  }
}

export const PICK_FILE_KEY = 'TAAVON_PICK_FILE';
export const SAVE_FILE_KEY = 'TAAVON_SAVE_FILE';
/** The paths "show in folder" was asked for, newest last (JSON array). */
export const SHOWN_KEY = 'TAAVON_SHOWN';
const BRIDGE_KEY = 'TAAVON_BRIDGE';

function failure(message: string): ErrorBody {
  return { code: 'ipc', message, fields: [] };
}

/** The bridge's address: set by the tests, or given once as `?bridge=URL&token=T`. */
function bridge(): BridgeAddress {
  const given = new URLSearchParams(location.search);
  const url = given.get('bridge');
  const token = given.get('token');
  if (url && token) sessionStorage.setItem(BRIDGE_KEY, JSON.stringify({ url, token }));
  const stored = sessionStorage.getItem(BRIDGE_KEY);
  const address = window.__TAAVON_BRIDGE__ ?? (stored ? (JSON.parse(stored) as BridgeAddress) : null);
  if (!address) {
    throw failure('برنامه در مرورگر باز شده است؛ نشانی «taavon serve» داده نشده است (‎?bridge=…&token=…‎).');
  }
  return address;
}

const canned: Record<string, (args: Record<string, unknown>) => unknown> = {
  pick_import_file: () => sessionStorage.getItem(PICK_FILE_KEY),
  pick_backup_file: () => sessionStorage.getItem(PICK_FILE_KEY),
  pick_backup_target: () => sessionStorage.getItem(SAVE_FILE_KEY),
  show_in_folder: ({ path }) => {
    const shown = JSON.parse(sessionStorage.getItem(SHOWN_KEY) ?? '[]') as string[];
    sessionStorage.setItem(SHOWN_KEY, JSON.stringify([...shown, path]));
    return null;
  },
};

async function viaBridge<T>(
  command: string,
  args: Record<string, unknown>,
  onProgress?: (progress: Progress) => void,
): Promise<T> {
  const { url, token } = bridge();
  let response: Response;
  try {
    response = await fetch(`${url}/invoke/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
  } catch (error) {
    throw failure(`پل توسعه پاسخ نداد: ${String(error)}`);
  }
  if (!response.ok || !response.body) throw failure(`پل توسعه نپذیرفت: ${response.status}`);
  // Lines of JSON: progress while the command works, then its answer.
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? '';
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, end)) as { progress?: Progress; ok?: T; err?: ErrorBody };
      buffered = buffered.slice(end + 1);
      if (line.progress) onProgress?.(line.progress);
      else if ('err' in line) throw line.err;
      else if ('ok' in line) return line.ok as T;
    }
    if (done) throw failure('پل توسعه پیش از پاسخ بسته شد.');
  }
}

/** Runs one command of the table; rejects with the core's `ErrorBody`. */
export async function call<T>(
  command: string,
  args: Record<string, unknown>,
  onProgress?: (progress: Progress) => void,
): Promise<T> {
  if (!isTauri()) {
    const local = canned[command];
    if (local) return local(args) as T;
    return viaBridge<T>(command, args, onProgress);
  }
  try {
    if (onProgress) {
      const channel = new Channel<Progress>();
      channel.onmessage = onProgress;
      return await invoke<T>(command, { ...args, onProgress: channel });
    }
    return await invoke<T>(command, args);
  } catch (error) {
    if (isErrorBody(error)) throw error;
    throw failure(String(error));
  }
}
