// Edge-worker loader (workerd / Cloudflare Workers). Workers refuse to compile wasm from bytes
// at run time, so the caller imports the .wasm as a module (`import wasm from 'cartlift/wasm'`,
// or a CompiledWasm module in the capnp config) and passes it in. It is not imported here:
// how a .wasm import is declared differs between wrangler, raw workerd and other bundlers.
import createCartliftModule from '../dist/cartlift.js';
import { CartliftError, createEngineFromModule, instantiateWith, moduleCache, version } from './core.js';

export { CartliftError, version };
// Pure JavaScript, no wasm: arms and event aggregation (src/events/).
export { aggregateEvents, assignArm, createEvent, fnv1a32 } from './events/index.js';

const cached = moduleCache();

function loadModule(opts) {
  const wasmModule = opts.wasmModule;
  if (!(wasmModule instanceof WebAssembly.Module)) {
    return Promise.reject(
      new CartliftError(
        'missing_field',
        "createEngine needs { wasmModule }: import wasmModule from 'cartlift/wasm' and pass it in",
        'wasmModule',
      ),
    );
  }
  return cached(wasmModule, () =>
    instantiateWith(createCartliftModule, async (imports) => ({
      instance: await WebAssembly.instantiate(wasmModule, imports),
      module: wasmModule,
    })),
  );
}

export function createEngine(bundle, options = {}) {
  return createEngineFromModule(loadModule, bundle, options);
}
