// Bundle ready time and memory after load in wasm-in-Node (createEngine from js-glue), one
// bundle per process so the figures are that bundle's alone.
// Usage: node bench/scale-wasm.mjs BUNDLE.bin BUNDLE.json [BIN_ROUNDS=10] [JSON_ROUNDS=3]
// Order: the binary bundle is loaded first and kept, memory is read (Node RSS delta from before
// the first createEngine, which includes instantiating the module, and the wasm linear memory
// size); then the timed rounds (binary, then JSON; each engine disposed at once). The linear
// memory never shrinks, so the heap size after the JSON rounds is reported separately.
import { readFileSync } from 'node:fs';
import { createEngine } from '../js-glue/src/node.js';

const [binPath, jsonPath, binRounds = '10', jsonRounds = '3'] = process.argv.slice(2);
// Capture the instance's memory: wrap WebAssembly.instantiate before the glue calls it.
const memories = [];
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const r = await instantiate.apply(WebAssembly, args);
  const inst = r.instance ?? r;
  for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
  const env = args[1] && args[1].env;
  if (env) for (const v of Object.values(env)) if (v instanceof WebAssembly.Memory) memories.push(v);
  return r;
};
const heapMb = () => (memories.length ? memories[0].buffer.byteLength / 1048576 : NaN);
const rssMb = () => process.memoryUsage().rss / 1048576;
const median = (v) => v.slice().sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
const time = async (bundle, rounds) => {
  const ms = [];
  for (let i = 0; i < rounds; ++i) {
    const t0 = process.hrtime.bigint();
    const e = await createEngine(bundle);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    e.dispose();
  }
  return { p50: median(ms), min: Math.min(...ms) };
};

const bin = readFileSync(binPath);
const out = { bin_bytes: bin.length };
const rss0 = rssMb();
const t0 = process.hrtime.bigint();
const kept = await createEngine(bin);
out.bin_first_ms = Number(process.hrtime.bigint() - t0) / 1e6;
out.rss_delta_mb = rssMb() - rss0;
out.heap_after_bin_load_mb = heapMb();
kept.dispose();
out.bin_ready_ms = await time(bin, Number(binRounds));
if (Number(jsonRounds) > 0) {
  const json = readFileSync(jsonPath, 'utf8');
  out.json_bytes = Buffer.byteLength(json);
  try {
    out.json_ready_ms = await time(json, Number(jsonRounds));
  } catch (e) {
    out.json_error = `${e.code ?? ''} ${e.message}`;
  }
  out.heap_after_json_mb = heapMb();
}
console.log(JSON.stringify(out));
