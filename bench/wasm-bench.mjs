// The same measurements as recommend_bench.cpp, through the npm package in Node (wasm).
// Usage: node bench/wasm-bench.mjs BUNDLE CARTS_1 CARTS_5 CARTS_20
import { readFileSync } from 'node:fs';
import { createEngine } from '../js-glue/src/node.js';

const [bundlePath, ...cartFiles] = process.argv.slice(2);
const bundle = readFileSync(bundlePath, 'utf8');
const pct = (v, q) => v.slice().sort((a, b) => a - b)[Math.floor(q * (v.length - 1))];

const loads = [];
for (let i = 0; i < 10; ++i) {
  const t0 = process.hrtime.bigint();
  const e = await createEngine(bundle);
  loads.push(Number(process.hrtime.bigint() - t0) / 1e6);
  e.dispose();
}
const out = { runtime: 'wasm-node', load_ms: pct(loads.slice(1), 0.5) };
if (process.env.BINARY_BUNDLE) {
  const bytes = readFileSync(process.env.BINARY_BUNDLE);
  const bin = [];
  for (let i = 0; i < 10; ++i) {
    const t0 = process.hrtime.bigint();
    const e = await createEngine(bytes);
    bin.push(Number(process.hrtime.bigint() - t0) / 1e6);
    e.dispose();
  }
  out.binary_load_ms = pct(bin.slice(1), 0.5);
}
// The JS heap and the wasm memory after load, for the memory budget.
const engine = await createEngine(bundle);
for (const [i, size] of [1, 5, 20].entries()) {
  const reqs = readFileSync(cartFiles[i], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  for (let w = 0; w < 2000; ++w) engine.recommend(reqs[w % reqs.length]);  // warm up the JIT tiers
  const us = [];
  for (let r = 0; r < 20000; ++r) {
    const t0 = process.hrtime.bigint();
    engine.recommend(reqs[r % reqs.length]);
    us.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  out[`cart${size}`] = { p50_us: pct(us, 0.5), p99_us: pct(us, 0.99) };
}
engine.dispose();
out.rss_mb = process.memoryUsage().rss / 1048576;
console.log(JSON.stringify(out));
