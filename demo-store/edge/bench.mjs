// `npm --prefix demo-store run bench:edge [-- --duration 20 --connections 50]`: load test of the
// edge worker on loopback only. Runs the injecting worker and a pass-through worker (same code,
// INJECT=off) against the same origin in one run and prints throughput, latency, errors, the
// difference between the two, engine time per request (from Server-Timing), the shipped size
// and the cold start. Bounded: 127.0.0.1, fixed duration per worker, 50 connections.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { buildDemoBundle, demoDir, freePort, prepareBuild, startWorkerd } from './build.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    bundle: { type: 'string' },
    budget: { type: 'string', default: '50' },
  },
});
const duration = Math.min(120, Math.max(1, Number(values.duration)));
const connections = Math.min(200, Math.max(1, Number(values.connections)));
const SIZE_LIMIT = 3 * 1024 * 1024;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cartlift-edge-bench-'));
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

let bundle = values.bundle || process.env.CARTLIFT_BUNDLE;
if (!bundle && existsSync(path.join(demoDir, 'build', 'bundle.json'))) bundle = path.join(demoDir, 'build', 'bundle.json');
bundle = bundle || buildDemoBundle(path.join(tmp, 'store-bundle.json'));
if (!bundle) {
  console.error('No store bundle: pass --bundle FILE or build the native CLI.');
  process.exit(1);
}

// Carts of popular products, so offers are non-trivial: 1–5 lines from the 60 most ordered.
function sampleCarts(n) {
  const products = JSON.parse(readFileSync(bundle, 'utf8')).products || [];
  const popular = products
    .filter((p) => p.known !== false)
    .sort((a, b) => (b.orders || 0) - (a.orders || 0))
    .slice(0, 60)
    .map((p) => p.id);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => {
    const lines = 1 + Math.floor(rand() * 5);
    const ids = new Set();
    while (ids.size < lines) ids.add(popular[Math.floor(rand() * popular.length)]);
    return [...ids].map((id) => ({ id, qty: 1 + Math.floor(rand() * 3) }));
  });
}
const carts = sampleCarts(32);
const cookieOf = (cart) => `cartlift_cart=${encodeURIComponent(JSON.stringify(cart))}`;

async function startOrigin() {
  const proc = spawn(process.execPath, [path.join(demoDir, 'edge', 'bench-origin.mjs'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const port = await new Promise((resolve, reject) => {
    proc.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    proc.once('exit', (c) => reject(new Error(`origin exited ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}

async function firstOk(url, headers, want, timeoutMs = 120_000) {
  const started = performance.now();
  for (;;) {
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status === 200 && want(res)) return performance.now();
    } catch {
      // not up yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function runWorker(label, origin, inject) {
  const port = await freePort();
  const build = prepareBuild({ dir: path.join(tmp, label), bundle, origin: origin.url, port, budgetMs: Number(values.budget), inject });
  const t0 = performance.now();
  const edge = await startWorkerd({ config: build.config, port });
  children.push(edge.proc);
  const url = `${edge.url}/cart`;
  const headers = { cookie: cookieOf(carts[0]) };
  const first200 = (await firstOk(url, headers, () => true)) - t0;
  const firstOffers = inject ? (await firstOk(url, headers, (r) => r.headers.has('server-timing'))) - t0 : null;

  // Warm-up so both workers are measured hot.
  await autocannon({ url, connections: 10, duration: 2, headers });

  // One request at a time: the worker's own cost per page without queueing behind others.
  const serial = [];
  const serialHtml = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie: cookieOf(carts[i % carts.length]) } });
    await res.arrayBuffer();
    serial.push(performance.now() - t);
    const r = /cartlift-html;dur=([\d.]+)/.exec(res.headers.get('server-timing') || '');
    if (r) serialHtml.push(Number(r[1]));
  }
  serial.sort((a, b) => a - b);

  const engineMs = [];
  const htmlMs = [];
  let injected = 0;
  const requests = carts.map((cart) => ({
    method: 'GET',
    path: '/cart',
    headers: { cookie: cookieOf(cart) },
    onResponse: (status, body, context, h) => {
      const st = h && (h['server-timing'] || h['Server-Timing']);
      const m = st && /cartlift;dur=([\d.]+)/.exec(st);
      if (m) {
        injected += 1;
        engineMs.push(Number(m[1]));
        const r = /cartlift-html;dur=([\d.]+)/.exec(st);
        if (r) htmlMs.push(Number(r[1]));
      }
    },
  }));
  const result = await autocannon({ url: edge.url, connections, duration, requests });
  const warnings = (edge.logs().match(/served without offers \([^)]*\)/g) || []).length;
  await edge.stop();
  engineMs.sort((a, b) => a - b);
  const pct = (p) => (engineMs.length ? engineMs[Math.min(engineMs.length - 1, Math.floor((p / 100) * engineMs.length))] : null);
  return {
    label,
    build,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    injected,
    serialP50: serial[Math.floor(serial.length / 2)],
    serialMean: serial.reduce((a, b) => a + b, 0) / serial.length,
    serialHtml: serialHtml.length ? serialHtml.reduce((a, b) => a + b, 0) / serialHtml.length : null,
    htmlMean: htmlMs.length ? htmlMs.reduce((a, b) => a + b, 0) / htmlMs.length : null,
    engineMean: engineMs.length ? engineMs.reduce((a, b) => a + b, 0) / engineMs.length : null,
    engineP50: pct(50),
    engineP99: pct(99),
    warnings,
    first200,
    firstOffers,
  };
}

function shippedSize(build) {
  const rows = build.files.map((f) => {
    const bytes = readFileSync(f);
    return { file: path.relative(build.dir, f), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const sum = (pred, key) => rows.filter(pred).reduce((a, r) => a + r[key], 0);
  return {
    wasm: { raw: sum((r) => r.file.endsWith('.wasm'), 'raw'), gzip: sum((r) => r.file.endsWith('.wasm'), 'gzip') },
    js: { raw: sum((r) => r.file.endsWith('.js'), 'raw'), gzip: sum((r) => r.file.endsWith('.js'), 'gzip') },
    bundle: { raw: sum((r) => r.file.endsWith('store-bundle.json'), 'raw'), gzip: sum((r) => r.file.endsWith('store-bundle.json'), 'gzip') },
    total: { raw: sum(() => true, 'raw'), gzip: sum(() => true, 'gzip') },
  };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n, d = 1) => (n === null || n === undefined ? 'n/a' : `${n.toFixed(d)} ms`);

const origin = await startOrigin();
console.log(`load test: ${duration} s per worker, ${connections} connections, loopback; bundle ${path.relative(process.cwd(), bundle)}; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
const inj = await runWorker('inject', origin, true);
const pass = await runWorker('passthrough', origin, false);
origin.stop();
const size = shippedSize(inj.build);

const rows = [
  ['', 'injecting', 'pass-through'],
  ['requests/s', inj.rps.toFixed(0), pass.rps.toFixed(0)],
  ['latency p50', `${inj.p50} ms`, `${pass.p50} ms`],
  ['latency p99', `${inj.p99} ms`, `${pass.p99} ms`],
  ['requests', String(inj.total), String(pass.total)],
  ['one at a time: latency mean', ms(inj.serialMean), ms(pass.serialMean)],
  ['one at a time: latency p50', ms(inj.serialP50), ms(pass.serialP50)],
  ['errors (incl. non-2xx, timeouts)', String(inj.errors), String(pass.errors)],
  ['responses with offers', String(inj.injected), '-'],
];
const overhead = {
  rps: (1 - inj.rps / pass.rps) * 100,
  p50: inj.p50 - pass.p50,
  p99: inj.p99 - pass.p99,
};
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`overhead of injection: ${overhead.rps.toFixed(1)} % fewer requests/s, p50 +${overhead.p50} ms, p99 +${overhead.p99} ms`);
console.log(`engine time per injected request (Server-Timing, 1 ms resolution in workerd): mean ${ms(inj.engineMean, 2)}, p50 ${ms(inj.engineP50, 0)}, p99 ${ms(inj.engineP99, 0)}; markup + HTML rewrite (wall time) one at a time ${ms(inj.serialHtml, 2)}, under load ${ms(inj.htmlMean, 1)} (queueing); pages served without offers: ${inj.warnings} logged`);
console.log(`shipped (gzip -9): wasm ${kb(size.wasm.gzip)} + js ${kb(size.js.gzip)} + bundle ${kb(size.bundle.gzip)} = ${kb(size.total.gzip)} (raw ${kb(size.total.raw)}); limit 3 MB: ${size.total.gzip <= SIZE_LIMIT ? 'fits' : 'DOES NOT FIT'}`);
console.log(`cold start (workerd spawn to first 200): ${ms(inj.first200, 0)}; to first response with offers: ${ms(inj.firstOffers, 0)}; pass-through worker to first 200: ${ms(pass.first200, 0)}`);
const failed = inj.errors + pass.errors > 0 || size.total.gzip > SIZE_LIMIT;
process.exitCode = failed ? 1 : 0;
