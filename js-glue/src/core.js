// Runtime-independent half of the package: turns an Emscripten module exporting the C ABI of
// wasm/c_api.h into Engine objects. The loaders (node.js, browser.js, workerd.js) only decide
// how the .wasm bytes become an instance.

import { CartliftError } from './errors.js';
import { unpack } from './unpack.js';

/** ABI version this glue speaks; must equal cartlift_abi_version() of the loaded module. */
export const ABI_VERSION = 4;
/** Package version (kept equal to package.json by a test). */
export const version = '0.1.0';

export { CartliftError };

const encoder = new TextEncoder();
const MAX_REQUEST_BYTES = 1 << 20;
const decoder = new TextDecoder();

// Modules that trapped (abort, out of memory, unreachable): their heap can no longer be
// trusted, so engines living in them refuse work and loaders stop handing them out.
const brokenModules = new WeakSet();

/**
 * Memoises module instantiation per key. Decision: ONE shared instance per loaded wasm, many
 * engine handles inside it. Compiling and instantiating costs milliseconds and a fresh 16 MB
 * linear memory that can never shrink, whereas an engine is only a handle into the C heap; a
 * store switching bundles or a worker serving several stores would otherwise keep one dead
 * heap per engine alive until GC. The risk of sharing (one trap poisons every engine of the
 * instance) is contained: a trapped instance is evicted here and the next createEngine gets a
 * fresh one. A failed load is evicted too, so a transient fetch error can be retried.
 */
export function moduleCache() {
  const byKey = new Map();
  const byObject = new WeakMap();
  return function cached(key, create) {
    const table = typeof key === 'object' && key !== null ? byObject : byKey;
    const hit = table.get(key);
    if (hit && !(hit.module && brokenModules.has(hit.module))) return hit.promise;
    const entry = { module: null, promise: null };
    entry.promise = Promise.resolve()
      .then(create)
      .then(
        (mod) => {
          entry.module = mod;
          return mod;
        },
        (err) => {
          table.delete(key);
          throw err instanceof CartliftError
            ? err
            : new CartliftError('load_failed', `cannot load the cartlift wasm module: ${err && err.message ? err.message : err}`);
        },
      );
    table.set(key, entry);
    return entry.promise;
  };
}

/**
 * Instantiates the Emscripten factory through its instantiateWasm hook. Emscripten 3.1.6 never
 * settles its ready promise when the hook fails asynchronously, so the failure is raced in here.
 */
export function instantiateWith(factory, instantiate) {
  return new Promise((resolve, reject) => {
    factory({
      instantiateWasm(imports, receive) {
        Promise.resolve()
          .then(() => instantiate(imports))
          .then(({ instance, module }) => receive(instance, module), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}

function isTrap(err) {
  return typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
}

// Every call into wasm goes through here so a trap marks the instance broken and surfaces as
// a CartliftError instead of an opaque RuntimeError.
function guarded(mod, fn) {
  if (brokenModules.has(mod)) {
    throw new CartliftError('internal', 'the cartlift wasm instance failed earlier; create a new engine');
  }
  try {
    return fn();
  } catch (err) {
    if (isTrap(err)) {
      brokenModules.add(mod);
      throw new CartliftError('internal', `the cartlift wasm instance trapped: ${err.message}`);
    }
    throw err;
  }
}

function lastError(mod) {
  const ptr = mod._cartlift_last_error();
  const text = ptr ? readCString(mod, ptr) : '';
  try {
    const e = JSON.parse(text);
    return new CartliftError(String(e.code || 'internal'), String(e.message || ''), String(e.path || ''));
  } catch {
    return new CartliftError('internal', text || 'unknown error');
  }
}

function readCString(mod, ptr) {
  const heap = mod.HEAPU8; // re-read: the buffer is replaced whenever memory grows
  const end = heap.indexOf(0, ptr);
  return decoder.decode(heap.subarray(ptr, end < 0 ? heap.length : end));
}

// Copies bytes into a fresh C buffer with a trailing NUL (the ABI passes lengths, the NUL only
// protects an implementation that reads C strings).
function copyIn(mod, bytes) {
  const ptr = mod._cartlift_alloc(bytes.length + 1);
  if (!ptr) throw new CartliftError('limit_exceeded', `cannot allocate ${bytes.length} bytes in the wasm heap`);
  const heap = mod.HEAPU8;
  heap.set(bytes, ptr);
  heap[ptr + bytes.length] = 0;
  return ptr;
}

// Encodes a JS string straight into the wasm heap: no intermediate Uint8Array per request.
function copyInString(mod, text) {
  const max = text.length * 3 + 1;
  const ptr = mod._cartlift_alloc(max);
  if (!ptr) throw new CartliftError('limit_exceeded', `cannot allocate ${max} bytes in the wasm heap`);
  const { written } = encoder.encodeInto(text, mod.HEAPU8.subarray(ptr, ptr + max - 1));
  mod.HEAPU8[ptr + written] = 0;
  return { ptr, len: written };
}

// Takes ownership of a malloc'd C string: parses it and always frees it.
function takeJson(mod, ptr) {
  if (!ptr) throw lastError(mod);
  try {
    return JSON.parse(readCString(mod, ptr));
  } finally {
    mod._cartlift_free(ptr);
  }
}

function toJsonText(value, what) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') {
    throw new CartliftError('wrong_type', `${what} must be an object or a JSON string`);
  }
  try {
    return JSON.stringify(value);
  } catch (err) {
    throw new CartliftError('invalid_value', `${what} cannot be serialised as JSON: ${err.message}`);
  }
}

function bundleBytes(bundle) {
  if (bundle instanceof Uint8Array) return bundle;
  if (bundle instanceof ArrayBuffer) return new Uint8Array(bundle);
  if (ArrayBuffer.isView(bundle)) return new Uint8Array(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  return encoder.encode(toJsonText(bundle, 'bundle'));
}

// Forgotten engines are destroyed when collected. Only the module and the handle are held, never
// the Engine, so registration does not keep it alive.
const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ mod, handle }) => {
        if (!brokenModules.has(mod)) {
          try {
            mod._cartlift_engine_destroy(handle);
          } catch {
            brokenModules.add(mod);
          }
        }
      })
    : null;

class Engine {
  #mod;
  #handle;

  // The engine's packed-response keys (cartlift_packed_keys), read again when a response names
  // more than are held here: the engine gives out ids as keys are first written.
  #keys = [];
  #keysFor = (count) => {
    if (this.#keys.length < count) this.#keys = takeJson(this.#mod, this.#mod._cartlift_packed_keys(this.#handle));
    return this.#keys;
  };

  constructor(mod, handle) {
    this.#mod = mod;
    this.#handle = handle;
    if (registry) registry.register(this, { mod, handle }, this);
  }

  #live() {
    if (!this.#handle) throw new CartliftError('disposed', 'this cartlift engine was disposed');
    return this.#mod;
  }

  recommend(request) {
    const mod = this.#live();
    const text = toJsonText(request, 'request');
    // Same limit and error as the engine (Limits::kMaxRequestBytes), checked before copying: a
    // string takes at least one UTF-8 byte per UTF-16 unit, and copyInString reserves 3 bytes
    // per unit, so a 50 MB string would otherwise grow the wasm heap (which never shrinks) by
    // 150 MB only to be refused.
    if (text.length > MAX_REQUEST_BYTES) throw new CartliftError('limit_exceeded', 'request larger than 1 MiB', '');
    return guarded(mod, () => {
      const { ptr, len } = copyInString(mod, text);
      let out;
      try {
        out = mod._cartlift_recommend_packed(this.#handle, ptr, len);
      } finally {
        mod._cartlift_free(ptr);
      }
      if (!out) throw lastError(mod);
      // The engine's own buffer, valid until its next call: read now, never freed here.
      return unpack(mod, out, mod._cartlift_view_length(), this.#keysFor);
    });
  }

  info() {
    const mod = this.#live();
    return guarded(mod, () => takeJson(mod, mod._cartlift_engine_info(this.#handle)));
  }

  // The bundle's first experiment, as recommend() serves it; experiment.js gives the same arm
  // without wasm for any experiment definition.
  assignArm(visitor) {
    const mod = this.#live();
    if (typeof visitor !== 'string') throw new CartliftError('wrong_type', 'visitor must be a string', '/visitor');
    return guarded(mod, () => {
      const { ptr, len } = copyInString(mod, visitor);
      let out;
      try {
        out = mod._cartlift_assign_arm(this.#handle, ptr, len);
      } finally {
        mod._cartlift_free(ptr);
      }
      return takeJson(mod, out);
    });
  }

  get disposed() {
    return this.#handle === 0;
  }

  dispose() {
    if (!this.#handle) return;
    const mod = this.#mod;
    const handle = this.#handle;
    this.#handle = 0;
    if (registry) registry.unregister(this);
    if (!brokenModules.has(mod)) guarded(mod, () => mod._cartlift_engine_destroy(handle));
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Engine.prototype[Symbol.dispose] = Engine.prototype.dispose;
}

/**
 * Creates an engine from a store bundle inside the module `moduleFactory(opts)` resolves to.
 * Loaders pass a factory backed by moduleCache(), so engines share one instance.
 */
export async function createEngineFromModule(moduleFactory, bundle, opts = {}) {
  const bytes = bundleBytes(bundle); // validate before paying for a module load
  const mod = await moduleFactory(opts);
  return guarded(mod, () => {
    const abi = mod._cartlift_abi_version();
    if (abi !== ABI_VERSION) {
      throw new CartliftError(
        'version_mismatch',
        `cartlift wasm module speaks ABI ${abi}, this glue speaks ABI ${ABI_VERSION}; reinstall the package so both come from the same build`,
      );
    }
    // The engine takes the buffer over (and frees it unless a binary bundle reads from it in
    // place), so the heap holds the bundle once.
    const handle = mod._cartlift_engine_create_owned(copyIn(mod, bytes), bytes.length);
    if (!handle) throw lastError(mod);
    return new Engine(mod, handle);
  });
}

