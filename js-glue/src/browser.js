// Browser loader (also the package's default): streams the .wasm next to this package, so the
// module compiles while it downloads.
import createCartliftModule from '../dist/cartlift.js';
import { CartliftError, createEngineFromModule, instantiateWith, moduleCache, version } from './core.js';

export { CartliftError, version };
// Pure JavaScript, no wasm: arms and event aggregation (src/events/).
export { aggregateEvents, assignArm, createEvent, fnv1a32 } from './events/index.js';

const cached = moduleCache();

async function instantiateFromUrl(url, imports) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return await WebAssembly.instantiateStreaming(response.clone(), imports);
    } catch {
      // Typically a server sending the file without "Content-Type: application/wasm".
    }
  }
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

function loadModule(opts) {
  if (opts.wasmModule) {
    return cached(opts.wasmModule, () =>
      instantiateWith(createCartliftModule, async (imports) => ({
        instance: await WebAssembly.instantiate(opts.wasmModule, imports),
        module: opts.wasmModule,
      })),
    );
  }
  // A caller's relative wasmUrl means relative to the page, like any other URL it writes; the
  // default sits next to this file.
  const url = opts.wasmUrl
    ? new URL(opts.wasmUrl, globalThis.location?.href ?? import.meta.url).href
    : new URL('../dist/cartlift.wasm', import.meta.url).href;
  return cached(url, () => instantiateWith(createCartliftModule, (imports) => instantiateFromUrl(url, imports)));
}

export function createEngine(bundle, options = {}) {
  return createEngineFromModule(loadModule, bundle, options);
}
