// One engine per bundle URL for the whole page: several <cartlift-offers> elements showing the
// same store share a single download, parse and wasm heap. Failed loads are forgotten so a
// later cart change can retry (a flaky network must not disable offers for the whole visit).
import { fetchBundle, WidgetError } from './loader.js';

const engines = new Map();

async function loadOnMainThread(url, wasmUrl) {
  const glue = import('../browser.js').catch((err) => {
    throw new WidgetError('load_failed', `cannot load the cartlift module: ${err && err.message ? err.message : err}`);
  });
  const [bytes, { createEngine }] = await Promise.all([fetchBundle(url), glue]);
  return createEngine(bytes, wasmUrl ? { wasmUrl } : {});
}

/**
 * Engine living in a module worker; recommend() answers a Promise instead of a value, which the
 * element awaits either way.
 */
export class WorkerEngine {
  #worker;
  #pending = new Map();
  #seq = 0;
  #failure = null;

  constructor(worker) {
    this.#worker = worker;
    worker.addEventListener('message', (event) => {
      const { id, ok, result, error } = event.data || {};
      const call = this.#pending.get(id);
      if (!call) return;
      this.#pending.delete(id);
      if (ok) call.resolve(result);
      else call.reject(new WidgetError(error.code, error.message, error.path));
    });
    // A worker script that cannot load (404, CSP worker-src) only ever reports this event.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#fail(new WidgetError('load_failed', `the cartlift worker failed: ${event.message || 'script error'}`));
    });
    worker.addEventListener('messageerror', () => this.#fail(new WidgetError('internal', 'the cartlift worker sent an unreadable message')));
  }

  #fail(err) {
    this.#failure = err;
    for (const call of this.#pending.values()) call.reject(err);
    this.#pending.clear();
    this.#worker.terminate();
  }

  /** @internal */
  call(op, payload = {}) {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, ...payload });
    });
  }

  recommend(request) {
    return this.call('recommend', { request: typeof request === 'string' ? JSON.parse(request) : request });
  }

  get disposed() {
    return this.#failure !== null;
  }

  dispose() {
    if (!this.#failure) this.#fail(new WidgetError('disposed', 'this cartlift engine was disposed'));
  }
}

async function loadInWorker(url, wasmUrl) {
  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'cartlift' });
  } catch (err) {
    throw new WidgetError('load_failed', `cannot start the cartlift worker: ${err && err.message ? err.message : err}`);
  }
  const engine = new WorkerEngine(worker);
  try {
    await engine.call('load', { bundle: url, wasmUrl });
  } catch (err) {
    engine.dispose();
    throw err;
  }
  return engine;
}

/**
 * The page-wide engine for a bundle URL, loading it on first use.
 * @param {string} bundleUrl relative to the document
 * @param {{worker?: boolean, wasmUrl?: string}} [options]
 */
export function getEngine(bundleUrl, { worker = false, wasmUrl } = {}) {
  const base = globalThis.document ? document.baseURI : globalThis.location?.href;
  const url = new URL(bundleUrl, base).href;
  const wasm = wasmUrl ? new URL(wasmUrl, base).href : undefined;
  const key = `${worker ? 'worker' : 'main'}\n${wasm || ''}\n${url}`;
  let promise = engines.get(key);
  if (!promise) {
    promise = worker ? loadInWorker(url, wasm) : loadOnMainThread(url, wasm);
    engines.set(key, promise);
    promise.catch(() => {
      if (engines.get(key) === promise) engines.delete(key);
    });
  }
  return promise;
}

/** Disposes every cached engine (e.g. when a single-page app switches store). */
export async function clearEngineCache() {
  const all = [...engines.values()];
  engines.clear();
  await Promise.all(
    all.map((p) =>
      p.then(
        (engine) => engine.dispose(),
        () => {},
      ),
    ),
  );
}
