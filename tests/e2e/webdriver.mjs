// A small W3C WebDriver client over fetch, enough to drive the real desktop
// window through tauri-driver (which hands the session to WebKitWebDriver).
// Kept dependency-free so the end-to-end tests need nothing from npm.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application) {
    const body = {
      capabilities: {
        alwaysMatch: { browserName: 'wry', 'tauri:options': { application } },
      },
    };
    const value = await request('POST', `${base}/session`, body);
    return new Session(base, value.sessionId);
  }

  async cmd(method, path, body) {
    return request(method, `${this.base}/session/${this.id}${path}`, body);
  }

  async end() {
    try {
      await this.cmd('DELETE', '');
    } catch {
      // The app may already be gone; nothing left to close.
    }
  }

  /** Finds one element by `data-testid`, waiting for it to appear. */
  async byTestId(testId, timeoutMs = 10000) {
    return this.waitFor(`[data-testid="${testId}"]`, timeoutMs);
  }

  async waitFor(css, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      try {
        const value = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        return new Element(this, elementId(value));
      } catch (e) {
        lastError = e;
        await sleep(150);
      }
    }
    throw new Error(`no element ${css} within ${timeoutMs} ms: ${lastError?.message}`);
  }

  async all(css) {
    const value = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return value.map((v) => new Element(this, elementId(v)));
  }

  /** Waits until `check()` returns a truthy value, and returns it. */
  async until(what, check, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        last = await check();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${what} (last: ${last})`);
  }

  async script(source, args = []) {
    return this.cmd('POST', '/execute/sync', { script: source, args });
  }

  async keys(text) {
    const actions = [...text].flatMap((ch) => [
      { type: 'keyDown', value: ch },
      { type: 'keyUp', value: ch },
    ]);
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.cmd('POST', '/click', {});
  }

  clear() {
    return this.cmd('POST', '/clear', {});
  }

  type(text) {
    return this.cmd('POST', '/value', { text });
  }

  text() {
    return this.cmd('GET', '/text');
  }

  value() {
    return this.cmd('GET', '/property/value');
  }

  attribute(name) {
    return this.cmd('GET', `/attribute/${name}`);
  }

  /** The first element inside this one matching `css`. */
  async find(css) {
    const value = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this.session, elementId(value));
  }
}

/** The element reference of a WebDriver answer (W3C key, or the legacy one). */
function elementId(value) {
  const id = value?.[ELEMENT] ?? value?.ELEMENT;
  if (!id) throw new Error(`not an element reference: ${JSON.stringify(value)}`);
  return id;
}

export const Keys = { ENTER: '\uE007', ESCAPE: '\uE00C', TAB: '\uE004' };

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function request(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new Error(`${method} ${url}: ${v.error ?? response.status} ${v.message ?? ''}`.trim());
  }
  return json.value;
}
