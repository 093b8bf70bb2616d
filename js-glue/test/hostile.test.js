// The hostile-input corpus through the wasm engine (docs/reliability.md, "Hostile-input corpus").
// Same manifests and same assertions as tests/integration/hostile_test.cpp: every case of
// tests/fixtures/hostile/{catalog,bundle,binary,request}/cases.json must give its typed error
// (CartliftError.code and .path) or its well-defined result. The orders manifest is native only:
// the wasm module does not read order files.
//
// Catalog documents are not loadable through the package, so each is wrapped into a bundle exactly
// as the native runner does (wrapCatalog). Requests go through engine.recommend(); the few whose
// bytes are not valid UTF-8 cannot be expressed as a JS string, so they are handed to the same
// module's cartlift_recommend as bytes. After every case the engine must still answer a good
// request, and a second pass over the whole corpus must not grow the wasm heap.
//
// Binary cases and the adversarial carts need the native CLI (`cartlift convert`, `cartlift
// build`), like binary.test.js; set CARTLIFT_NATIVE_CLI to use one outside build/native-release.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CartliftError } from '../src/node.js';
import { createEngineFromModule } from '../src/core.js';
import { countingModule, heapBytes, rawModule } from './helpers.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const hostileDir = join(repoRoot, 'tests', 'fixtures', 'hostile');
const cli = process.env.CARTLIFT_NATIVE_CLI ?? join(repoRoot, 'build', 'native-release', 'bin', 'cartlift');

function manifest(kind) {
  const m = JSON.parse(readFileSync(join(hostileDir, kind, 'cases.json'), 'utf8'));
  return Array.isArray(m) ? { cases: m } : m;
}
const catalog = manifest('catalog');
const bundle = manifest('bundle');
const binary = manifest('binary');
const request = manifest('request');

const goodRequestText = '{"cart":["A"],"limit":2}';
const caseName = (c) => c.name ?? c.file.slice(0, c.file.lastIndexOf('.'));

// The input of a case as bytes: raw "text", "json" serialised compactly, a committed "file",
// or "generate" ([text, repeat] pairs concatenated; the huge inputs are never committed).
function input(kind, c) {
  if (c.text !== undefined) return Buffer.from(c.text, 'utf8');
  if (c.json !== undefined) return Buffer.from(JSON.stringify(c.json), 'utf8');
  if (c.file !== undefined) return readFileSync(join(hostileDir, kind, c.file));
  return Buffer.from(c.generate.map(([unit, n]) => unit.repeat(n)).join(''), 'utf8');
}

// Keep in step with WrapCatalogAsBundle in hostile_test.cpp.
function wrapCatalog(bytes) {
  const blank = (ch) => [0x20, 0x09, 0x0a, 0x0d].includes(ch);
  let b = 0;
  let e = bytes.length;
  while (b < e && blank(bytes[b])) b++;
  while (e > b && blank(bytes[e - 1])) e--;
  if (e - b >= 2 && bytes[b] === 0x7b && bytes[e - 1] === 0x7d) {
    return Buffer.concat([bytes.subarray(0, e - 1), Buffer.from(',"format":"cartlift.bundle/1"'), bytes.subarray(e - 1)]);
  }
  return Buffer.concat([Buffer.from('{"format":"cartlift.bundle/1","products":'), bytes, Buffer.from('}')]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// XXH64 with seed 0, as bundle_binary.cpp seals version 4 files (BigInt: slow, fine for tests).
const M64 = (1n << 64n) - 1n;
const [P1, P2, P3, P4, P5] = [0x9e3779b185ebca87n, 0xc2b2ae3d27d4eb4fn, 0x165667b19e3779f9n, 0x85ebca77c2b2ae63n,
  0x27d4eb2f165667c5n];
const rotl = (x, r) => ((x << BigInt(r)) | (x >> BigInt(64 - r))) & M64;
const round = (acc, lane) => (rotl((acc + lane * P2) & M64, 31) * P1) & M64;
function xxh64(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0, n = bytes.length, h;
  if (n >= 32) {
    const v = [(P1 + P2) & M64, P2, 0n, (-P1) & M64];
    for (; n >= 32; p += 32, n -= 32) for (let i = 0; i < 4; i++) v[i] = round(v[i], view.getBigUint64(p + 8 * i, true));
    h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M64;
    for (const x of v) h = (((h ^ round(0n, x)) * P1) + P4) & M64;
  } else {
    h = P5;
  }
  h = (h + BigInt(bytes.length)) & M64;
  for (; n >= 8; p += 8, n -= 8) h = (rotl(h ^ round(0n, view.getBigUint64(p, true)), 27) * P1 + P4) & M64;
  if (n >= 4) {
    h = (rotl(h ^ ((BigInt(view.getUint32(p, true)) * P1) & M64), 23) * P2 + P3) & M64;
    p += 4;
    n -= 4;
  }
  for (; n > 0; p++, n--) h = (rotl(h ^ ((BigInt(bytes[p]) * P5) & M64), 11) * P1) & M64;
  h ^= h >> 33n;
  h = (h * P2) & M64;
  h ^= h >> 29n;
  h = (h * P3) & M64;
  return h ^ (h >> 32n);
}
const checksum = (version, payload) => (version <= 3 ? crc32(payload) : Number(xxh64(payload) & 0xffffffffn));

function sectionAt(b, tag) {
  let p = 20;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  while (p + 12 <= b.length) {
    if (Buffer.from(b.subarray(p, p + 4)).toString('latin1') === tag) return p;
    p += 12 + Number(view.getBigUint64(p + 4, true));
  }
  throw new Error(`no section ${tag}`);
}

// Keep in step with Mutate in hostile_test.cpp.
function mutate(base, ops) {
  let b = Buffer.from(base);
  for (const op of ops) {
    if (op.op === 'truncate') {
      b = b.subarray(0, op.keep >= 0 ? op.keep : b.length + op.keep);
    } else if (op.op === 'append') {
      b = Buffer.concat([b, Buffer.from(op.hex, 'hex')]);
    } else if (op.op === 'reseal') {
      b = Buffer.from(b);
      b.writeBigUInt64LE(BigInt(b.length - 20), 8);
      b.writeUInt32LE(checksum(b.readUInt32LE(4), b.subarray(20)), 16);
    } else {
      b = Buffer.from(b);
      const at = (op.section === null ? 0 : sectionAt(b, op.section)) + op.at;
      const max = op.value === 'max';
      if (op.op === 'xor8') b[at] ^= op.value;
      else if (op.op === 'set8') b[at] = max ? 0xff : op.value;
      else if (op.op === 'set32') b.writeUInt32LE(max ? 0xffffffff : op.value, at);
      else if (op.op === 'set64') b.writeBigUInt64LE(max ? 0xffffffffffffffffn : BigInt(op.value), at);
      else throw new Error(`unknown op ${op.op}`);
    }
  }
  return b;
}

function isUtf8(bytes) {
  return Buffer.compare(Buffer.from(bytes.toString('utf8'), 'utf8'), bytes) === 0;
}

// code/path, or the ok details (products for bundles; offers, offer_ids, warnings for requests).
function check(expect, outcome, label) {
  if (expect.code !== 'ok') {
    assert.ok(outcome.error, `${label}: expected ${expect.code}, got ${String(JSON.stringify(outcome.value)).slice(0, 300)}`);
    assert.ok(outcome.error instanceof CartliftError, `${label}: ${outcome.error}`);
    assert.equal(outcome.error.code, expect.code, `${label}: ${outcome.error.message}`);
    if (expect.path !== undefined) assert.equal(outcome.error.path, expect.path, `${label}: ${outcome.error.message}`);
    assert.ok(outcome.error.message.length > 0);
    return;
  }
  assert.equal(outcome.error, undefined, outcome.error && `${label}: ${outcome.error.code} at ${outcome.error.path}: ${outcome.error.message}`);
  const v = outcome.value;
  if (expect.products !== undefined) assert.equal(v.products, expect.products, label);
  if (expect.offers !== undefined) assert.equal(v.offers.length, expect.offers, label);
  if (expect.offer_ids !== undefined) assert.deepEqual(v.offers.map((o) => o.id), expect.offer_ids, label);
  if (expect.warnings !== undefined) assert.equal((v.warnings ?? []).length, expect.warnings, label);
}

describe('hostile-input corpus through wasm', () => {
  let mod;
  let counts;
  let engine; // the request manifest's bundle
  let rawHandle; // the same bundle, for request bytes a JS string cannot carry
  let binaryBase;
  let dir;
  const factory = async () => mod;
  const goodRequest = { cart: ['A'], limit: 2 };

  before(async () => {
    ({ mod, counts } = countingModule(await rawModule()));
    const bundleBytes = readFileSync(join(repoRoot, request.bundle));
    engine = await createEngineFromModule(factory, bundleBytes);
    const ptr = mod._cartlift_alloc(bundleBytes.length);
    mod.HEAPU8.set(bundleBytes, ptr);
    rawHandle = mod._cartlift_engine_create(ptr, bundleBytes.length);
    mod._cartlift_free(ptr);
    assert.ok(rawHandle > 0);
    assert.ok(existsSync(cli), `binary cases need the native CLI at ${cli} (build native-release or set CARTLIFT_NATIVE_CLI)`);
    dir = mkdtempSync(join(tmpdir(), 'cartlift-hostile-'));
    const out = join(dir, 'base.bin');
    const r = spawnSync(cli, ['convert', '--in', join(repoRoot, binary.base), '--out', out, '--to', 'binary'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    binaryBase = readFileSync(out);
  });

  after(() => {
    engine?.dispose();
    if (rawHandle) mod._cartlift_engine_destroy(rawHandle);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function load(bytes) {
    try {
      const e = await createEngineFromModule(factory, bytes);
      const value = e.info();
      e.dispose();
      return { value };
    } catch (error) {
      return { error };
    }
  }

  function recommendBytes(bytes) {
    if (isUtf8(bytes)) {
      try {
        return { value: engine.recommend(bytes.toString('utf8')) };
      } catch (error) {
        return { error };
      }
    }
    const ptr = mod._cartlift_alloc(bytes.length);
    mod.HEAPU8.set(bytes, ptr);
    const out = mod._cartlift_recommend(rawHandle, ptr, bytes.length);
    mod._cartlift_free(ptr);
    if (!out) {
      const e = JSON.parse(new TextDecoder().decode(mod.HEAPU8.subarray(mod._cartlift_last_error()).subarray(0, 4096)).split('\0')[0]);
      return { error: new CartliftError(e.code, e.message, e.path) };
    }
    const heap = mod.HEAPU8;
    const text = new TextDecoder().decode(heap.subarray(out, heap.indexOf(0, out)));
    mod._cartlift_free(out);
    return { value: JSON.parse(text) };
  }

  // Every case of the four wasm kinds as [label, run]; run() performs the case and its checks.
  const all = [
    ...catalog.cases.map((c) => [`catalog/${caseName(c)}`, async () => check(c.as_bundle ?? c, await load(wrapCatalog(input('catalog', c))), `catalog/${caseName(c)}`)]),
    ...bundle.cases.map((c) => [`bundle/${caseName(c)}`, async () => check(c, await load(input('bundle', c)), `bundle/${caseName(c)}`)]),
    ...binary.cases.map((c) => [`binary/${caseName(c)}`, async () => check(c, await load(mutate(binaryBase, c.ops)), `binary/${caseName(c)}`)]),
    ...request.cases.map((c) => [
      `request/${caseName(c)}`,
      async () => check(c, c.json !== undefined ? tryRecommend(c.json) : recommendBytes(input('request', c)), `request/${caseName(c)}`),
    ]),
  ];
  function tryRecommend(value) {
    try {
      return { value: engine.recommend(value) };
    } catch (error) {
      return { error };
    }
  }

  for (const [label, run] of all) {
    test(label, async () => {
      const t0 = performance.now();
      await run();
      // A safety bound (the 50 MB cases included), not a benchmark.
      assert.ok(performance.now() - t0 < 5000, `${label} took ${performance.now() - t0} ms`);
      assert.equal(engine.recommend(goodRequest).offers.length, 3, 'the engine answers a good request after the case');
    });
  }

  test('counts: well over 100 cases run through wasm', () => {
    assert.ok(all.length >= 200, `${all.length} cases`);
  });

  test('a second pass over the whole corpus does not grow the wasm heap or leak buffers', async () => {
    const heapBefore = heapBytes(mod);
    for (const [, run] of all) await run();
    assert.equal(heapBytes(mod), heapBefore, 'heap grew');
    assert.equal(counts.live.size, 0, 'unfreed buffers');
  });
});

test('a 50 MB request is refused before it is copied into the wasm heap', async () => {
  const mod = await rawModule();
  const engine = await createEngineFromModule(async () => mod, readFileSync(join(repoRoot, request.bundle)));
  engine.recommend(goodRequestText);
  const before = heapBytes(mod);
  const t0 = performance.now();
  assert.throws(
    () => engine.recommend(`{"cart": ["${'x'.repeat(50 * 1024 * 1024)}"]}`),
    (err) => err instanceof CartliftError && err.code === 'limit_exceeded' && err.path === '',
  );
  assert.ok(performance.now() - t0 < 1000);
  assert.equal(heapBytes(mod), before, 'the heap grew for a request that is refused by size');
  // Exactly 1 MiB still reaches the engine, which answers.
  assert.equal(engine.recommend(goodRequestText + ' '.repeat(1024 * 1024 - goodRequestText.length)).offers.length, 3);
  engine.dispose();
});

// ---- adversarial carts: worst-case request time ----------------------------------------------

describe('adversarial carts on the real Online Retail bundle', () => {
  let dir;
  let bundleText;

  before(() => {
    assert.ok(existsSync(cli), `needs the native CLI at ${cli}`);
    dir = mkdtempSync(join(tmpdir(), 'cartlift-adversarial-'));
    const out = join(dir, 'online-retail.json');
    const r = spawnSync(
      cli,
      ['build', '--orders', join(repoRoot, 'data/online-retail/orders-2010-12_2011-05.csv.gz'), '--catalog', join(repoRoot, 'data/online-retail/catalog.json'), '-o', out],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    bundleText = readFileSync(out, 'utf8');
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('1,000-line carts built to be slow answer within a safety bound', async () => {
    const doc = JSON.parse(bundleText);
    const busiest = doc.associations
      .map((a) => [a.neighbours.length, a.id])
      .sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? 1 : -1))
      .slice(0, 1000)
      .map(([, id]) => id);
    assert.equal(busiest.length, 1000);
    const unknown = Array.from({ length: 1000 }, (_, i) => `no-such-product-${i}`);
    const cartOf = (ids) => ids.map((id) => ({ id, qty: 1 }));
    const mixed = unknown.map((u, i) => (i % 2 ? busiest[(i - 1) / 2] : u));
    const carts = {
      '1000 distinct busiest items, explain, limit 100': { cart: cartOf(busiest), limit: 100, explain: true },
      '1000 distinct busiest items, every type': { cart: cartOf(busiest), limit: 100 },
      '1000 unknown ids, explain': { cart: cartOf(unknown), limit: 100, explain: true },
      '1000 lines of one busy id': { cart: cartOf(Array(1000).fill(busiest[0])), limit: 100, explain: true },
      '500 busy + 500 unknown, exclude 1000': { cart: cartOf(mixed), limit: 100, explain: true, exclude: busiest },
      'upsell only, 1000 items': { cart: cartOf(busiest), types: ['upsell'], limit: 100 },
    };
    const mod = await rawModule();
    const engine = await createEngineFromModule(async () => mod, bundleText);
    // A safety bound that catches pathological (quadratic) behaviour, not a benchmark: these carts
    // take a few milliseconds in wasm on a developer machine.
    const boundMs = 500;
    for (const [name, req] of Object.entries(carts)) {
      const text = JSON.stringify(req);
      let worst = 0;
      for (let rep = 0; rep < 3; rep++) {
        const t0 = performance.now();
        const r = engine.recommend(text);
        const ms = performance.now() - t0;
        assert.ok(Array.isArray(r.offers), name);
        if (rep > 0) worst = Math.max(worst, ms); // the first call warms up
      }
      assert.ok(worst < boundMs, `${name}: ${worst.toFixed(1)} ms`);
    }
    engine.dispose();
  });
});
