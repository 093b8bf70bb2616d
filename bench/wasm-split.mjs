// Where the time of recommend() in wasm-in-Node goes: the wasm call alone against the glue's
// steps around it, each timed separately on the same requests (p50 of 20,000 after 2,000 to
// warm the JIT). The module is driven through its C ABI directly, as js-glue/src/core.js does:
// the packed response read by src/unpack.js (what recommend() does), and for comparison in the
// same run the JSON text response decoded and parsed (what it did before ABI 3).
// Usage: node bench/wasm-split.mjs BUNDLE CARTS.jsonl
import { readFileSync } from 'node:fs';
import createCartliftModule from '../js-glue/dist/cartlift.js';
import { unpack } from '../js-glue/src/unpack.js';

const [bundlePath, cartsPath] = process.argv.slice(2);
const mod = await createCartliftModule({ wasmBinary: readFileSync(new URL('../js-glue/dist/cartlift.wasm', import.meta.url)) });
const bytes = readFileSync(bundlePath);
const at = mod._cartlift_alloc(bytes.length);
mod.HEAPU8.set(bytes, at);
const engine = mod._cartlift_engine_create(at, bytes.length);
mod._cartlift_free(at);
if (!engine) throw new Error(`bundle refused: ${mod.UTF8ToString?.(mod._cartlift_last_error()) ?? ''}`);
const requests = readFileSync(cartsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const steps = { stringify: [], encode: [], wasm: [], decode: [], parse: [], total: [], wasm_packed: [], unpack: [], total_packed: [] };
let keys = [];
const keysFor = (n) => {
  if (keys.length < n) {
    const p = mod._cartlift_packed_keys(engine);
    keys = JSON.parse(decoder.decode(mod.HEAPU8.subarray(p, mod.HEAPU8.indexOf(0, p))));
    mod._cartlift_free(p);
  }
  return keys;
};
const now = () => process.hrtime.bigint();
const us = (a, b) => Number(b - a) / 1e3;
for (let r = 0; r < 22000; ++r) {
  const t0 = now();
  const text = JSON.stringify(requests[r % requests.length]);
  const t1 = now();
  const max = text.length * 3 + 1;
  const ptr = mod._cartlift_alloc(max);
  const { written } = encoder.encodeInto(text, mod.HEAPU8.subarray(ptr, ptr + max));
  const t2 = now();
  const out = mod._cartlift_recommend_view(engine, ptr, written);
  mod._cartlift_free(ptr);
  const t3 = now();
  const response = decoder.decode(mod.HEAPU8.subarray(out, out + mod._cartlift_view_length()));
  const t4 = now();
  JSON.parse(response);
  const t5 = now();
  // The packed path, on the same request.
  const u0 = now();
  const text2 = JSON.stringify(requests[r % requests.length]);
  const ptr2 = mod._cartlift_alloc(text2.length * 3 + 1);
  const enc2 = encoder.encodeInto(text2, mod.HEAPU8.subarray(ptr2, ptr2 + text2.length * 3 + 1));
  const u1 = now();
  const packed = mod._cartlift_recommend_packed(engine, ptr2, enc2.written);
  mod._cartlift_free(ptr2);
  const u2 = now();
  unpack(mod, packed, mod._cartlift_view_length(), keysFor);
  const u3 = now();
  if (r < 2000) continue;
  steps.wasm_packed.push(us(u1, u2));
  steps.unpack.push(us(u2, u3));
  steps.total_packed.push(us(u0, u3));
  steps.stringify.push(us(t0, t1));
  steps.encode.push(us(t1, t2));
  steps.wasm.push(us(t2, t3));
  steps.decode.push(us(t3, t4));
  steps.parse.push(us(t4, t5));
  steps.total.push(us(t0, t5));
}
const p50 = (v) => v.sort((a, b) => a - b)[Math.floor(0.5 * (v.length - 1))];
console.log(JSON.stringify(Object.fromEntries(Object.entries(steps).map(([k, v]) => [`${k}_p50_us`, +p50(v).toFixed(2)]))));
