// Node loader. The module is built for web/worker only (Emscripten 3.1.6 emits __dirname for
// "node", which breaks ES modules), so the bytes are read here and handed over as wasmBinary.
import { readFile } from 'node:fs/promises';
import createCartliftModule from '../dist/cartlift.js';
import { CartliftError, createEngineFromModule, instantiateWith, moduleCache, version } from './core.js';

export { CartliftError, version };
// Pure JavaScript, no wasm: arms and event aggregation (src/events/).
export { aggregateEvents, assignArm, createEvent, fnv1a32 } from './events/index.js';

const defaultWasm = new URL('../dist/cartlift.wasm', import.meta.url);
const cached = moduleCache();

function loadModule(opts) {
  if (opts.wasmModule) {
    return cached(opts.wasmModule, () =>
      instantiateWith(createCartliftModule, async (imports) => ({
        instance: await WebAssembly.instantiate(opts.wasmModule, imports),
        module: opts.wasmModule,
      })),
    );
  }
  const where = opts.wasmPath ?? defaultWasm;
  const key = where instanceof URL ? where.href : String(where);
  return cached(key, async () => createCartliftModule({ wasmBinary: await readFile(where) }));
}

export function createEngine(bundle, options = {}) {
  return createEngineFromModule(loadModule, bundle, options);
}
