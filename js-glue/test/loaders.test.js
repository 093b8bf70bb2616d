// The browser and workerd entries, exercised in Node: a loopback HTTP server stands in for the
// CDN, and a compiled WebAssembly.Module for the edge worker's wasm import.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import * as browser from '../src/browser.js';
import * as node from '../src/node.js';
import * as workerd from '../src/workerd.js';
import { bundleText, wasmBytes } from './helpers.js';

const cart = { cart: [{ id: '85123A', qty: 1 }] };
let server;
let base;
const hits = { wasm: 0, plain: 0 };

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/cartlift.wasm') {
      hits.wasm++;
      res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasmBytes);
    } else if (req.url === '/wrong-type.wasm') {
      hits.plain++;
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wasmBytes);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

describe('browser entry', () => {
  test('streams the wasm once and shares the instance between engines', async () => {
    const url = `${base}/cartlift.wasm`;
    const [a, b] = await Promise.all([browser.createEngine(bundleText, { wasmUrl: url }), browser.createEngine(bundleText, { wasmUrl: url })]);
    const c = await browser.createEngine(bundleText, { wasmUrl: new URL(url) });
    assert.equal(hits.wasm, 1);
    assert.ok(a.recommend(cart).offers.length > 0);
    assert.deepEqual(b.recommend(cart), c.recommend(cart));
    [a, b, c].forEach((e) => e.dispose());
  });

  test('falls back to bytes when the server sends the wrong content type', async () => {
    const e = await browser.createEngine(bundleText, { wasmUrl: `${base}/wrong-type.wasm` });
    assert.ok(e.recommend(cart).offers.length > 0);
    e.dispose();
  });

  test('a missing wasm is a load_failed error, and a later call can retry', async () => {
    const url = `${base}/missing.wasm`;
    await assert.rejects(browser.createEngine(bundleText, { wasmUrl: url }), { name: 'CartliftError', code: 'load_failed' });
    await assert.rejects(browser.createEngine(bundleText, { wasmUrl: url }), { code: 'load_failed' });
  });

  test('a bad bundle is reported before any download', async () => {
    await assert.rejects(browser.createEngine(undefined, { wasmUrl: `${base}/never.wasm` }), { code: 'wrong_type' });
  });
});

describe('workerd entry', () => {
  test('instantiates a precompiled module', async () => {
    const wasmModule = await WebAssembly.compile(wasmBytes);
    const e = await workerd.createEngine(bundleText, { wasmModule });
    assert.ok(e.recommend(cart).offers.length > 0);
    e.dispose();
  });

  test('without a module it explains what to pass', async () => {
    await assert.rejects(workerd.createEngine(bundleText), { name: 'CartliftError', code: 'missing_field', path: 'wasmModule' });
    await assert.rejects(workerd.createEngine(bundleText, { wasmModule: wasmBytes }), { code: 'missing_field' });
  });
});

describe('node entry', () => {
  test('accepts another wasm path or a compiled module', async () => {
    const a = await node.createEngine(bundleText, { wasmPath: new URL('../dist/cartlift.wasm', import.meta.url) });
    const b = await node.createEngine(bundleText, { wasmModule: await WebAssembly.compile(wasmBytes) });
    assert.deepEqual(a.recommend(cart), b.recommend(cart));
    a.dispose();
    b.dispose();
    await assert.rejects(node.createEngine(bundleText, { wasmPath: '/nonexistent/cartlift.wasm' }), { code: 'load_failed' });
  });

  test('every entry exports the same error class and version', () => {
    assert.equal(browser.CartliftError, node.CartliftError);
    assert.equal(workerd.CartliftError, node.CartliftError);
    assert.equal(browser.version, node.version);
    assert.equal(workerd.version, node.version);
  });
});
