// Memory stays flat under churn: engines created and disposed, and many requests on one engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CartliftError } from '../src/node.js';
import { createEngineFromModule } from '../src/core.js';
import { bundleText, countingModule, heapBytes, rawModule } from './helpers.js';

const bundleBytes = new TextEncoder().encode(bundleText);

test('1,000 engines created and disposed keep the wasm heap flat', async () => {
  const { mod, counts } = countingModule(await rawModule());
  const factory = async () => mod;
  for (let i = 0; i < 50; i++) (await createEngineFromModule(factory, bundleBytes)).dispose();
  const before = heapBytes(mod);
  for (let i = 0; i < 1000; i++) {
    const engine = await createEngineFromModule(factory, bundleBytes);
    engine.recommend({ cart: [{ id: '85123A', qty: 1 }] });
    engine.dispose();
  }
  assert.equal(heapBytes(mod), before, 'heap grew');
  assert.equal(counts.live.size, 0);
  assert.equal(counts.destroy, 1050);
});

test('100,000 recommend calls keep the wasm heap flat', async () => {
  const { mod, counts } = countingModule(await rawModule());
  const engine = await createEngineFromModule(async () => mod, bundleBytes);
  const requests = [
    { cart: [{ id: '85123A', qty: 1 }], limit: 5 },
    { cart: [{ id: '22423', qty: 2 }, { id: '71053', qty: 1 }] },
    '{"cart":[{"id":"21212","qty":3}],"limit":2}',
    { cart: [{ id: 'not-in-bundle', qty: 1 }] },
  ];
  for (let i = 0; i < 1000; i++) engine.recommend(requests[i % requests.length]);
  const before = heapBytes(mod);
  let offers = 0;
  for (let i = 0; i < 100_000; i++) {
    if (i % 1000 === 999) {
      assert.throws(() => engine.recommend({ cart: [{ id: 'x', qty: -1 }] }), CartliftError);
    } else {
      offers += engine.recommend(requests[i % requests.length]).offers.length;
    }
  }
  assert.ok(offers > 0);
  assert.equal(heapBytes(mod), before, 'heap grew');
  assert.equal(counts.live.size, 0, 'unfreed pointers');
  engine.dispose();
});
