// Shared by the tests: fixture paths and a raw module for tests that need to look inside the
// instance (heap size, allocation balance, a faked ABI version).
import { readFileSync } from 'node:fs';
import createCartliftModule from '../dist/cartlift.js';

export const fixtureUrl = new URL('./fixtures/bundle.json', import.meta.url);
export const bundleText = readFileSync(fixtureUrl, 'utf8');
export const wasmBytes = readFileSync(new URL('../dist/cartlift.wasm', import.meta.url));

export function rawModule() {
  return createCartliftModule({ wasmBinary: wasmBytes });
}

// Wraps a module so every allocation the glue makes and every C string it receives can be
// matched with a free.
export function countingModule(mod) {
  const live = new Set();
  const views = new Set(); // responses in the engine's own buffer: never to be freed
  const counts = { alloc: 0, free: 0, destroy: 0, freedViews: 0, handedOver: 0, live };
  const own = (ptr) => {
    if (ptr) live.add(ptr);
    return ptr;
  };
  const wrapped = new Proxy(mod, {
    get(target, key) {
      switch (key) {
        case '_cartlift_alloc':
          return (n) => (counts.alloc++, own(target._cartlift_alloc(n)));
        case '_cartlift_recommend':
          return (...a) => own(target._cartlift_recommend(...a));
        case '_cartlift_recommend_view':
        case '_cartlift_recommend_packed':
          return (...a) => {
            const ptr = target[key](...a);
            if (ptr) views.add(ptr);
            return ptr;
          };
        case '_cartlift_packed_keys':
          return (...a) => own(target._cartlift_packed_keys(...a));
        case '_cartlift_engine_info':
          return (...a) => own(target._cartlift_engine_info(...a));
        case '_cartlift_assign_arm':
          return (...a) => own(target._cartlift_assign_arm(...a));
        case '_cartlift_free':
          return (p) => (counts.free++, views.has(p) && counts.freedViews++, live.delete(p), target._cartlift_free(p));
        case '_cartlift_engine_create_owned':
          // The module takes the buffer over (it frees or keeps it): no longer the caller's to free.
          return (p, n) => (counts.handedOver++, live.delete(p), target._cartlift_engine_create_owned(p, n));
        case '_cartlift_engine_destroy':
          return (h) => (counts.destroy++, target._cartlift_engine_destroy(h));
        default:
          return target[key];
      }
    },
  });
  return { mod: wrapped, counts };
}

export function heapBytes(mod) {
  return mod.HEAPU8.buffer.byteLength;
}
