import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CartliftError, createEngine, version } from '../src/node.js';
import { ABI_VERSION, createEngineFromModule, moduleCache } from '../src/core.js';
import { bundleText, countingModule, rawModule } from './helpers.js';

const cart = { cart: [{ id: '85123A', qty: 1 }] };

async function expectError(promiseOrFn, code, path) {
  let err;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected CartliftError ${code}`);
  assert.ok(err instanceof CartliftError, `not a CartliftError: ${err && err.stack}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'CartliftError');
  assert.equal(err.code, code, err.message);
  if (path !== undefined) assert.equal(err.path, path);
  assert.equal(typeof err.message, 'string');
  return err;
}

describe('load', () => {
  test('from a JSON string, an object, a Uint8Array, a Buffer and an ArrayBuffer', async () => {
    const bytes = new TextEncoder().encode(bundleText);
    const inputs = [bundleText, JSON.parse(bundleText), bytes, Buffer.from(bytes), bytes.slice().buffer];
    const answers = [];
    for (const input of inputs) {
      const engine = await createEngine(input);
      answers.push(JSON.stringify(engine.recommend(cart)));
      engine.dispose();
    }
    assert.equal(new Set(answers).size, 1, 'every bundle form gives the same answer');
  });

  test('version matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(version, pkg.version);
  });

  test('info() describes the bundle', async () => {
    const engine = await createEngine(bundleText);
    const info = engine.info();
    assert.equal(typeof info, 'object');
    assert.ok(info !== null);
    engine.dispose();
  });
});

describe('recommend', () => {
  test('returns offers with everything a widget needs', async () => {
    const engine = await createEngine(bundleText);
    const res = engine.recommend({ cart: [{ id: '85123A', qty: 1 }], limit: 3 });
    assert.ok(Array.isArray(res.offers));
    assert.ok(res.offers.length > 0 && res.offers.length <= 3);
    assert.equal(typeof res.arm, 'string');
    for (const o of res.offers) {
      assert.equal(typeof o.type, 'string');
      assert.equal(typeof o.id, 'string');
      assert.equal(typeof o.title, 'string');
      assert.ok(Number.isInteger(o.price), 'money is integer minor units');
      assert.equal(typeof o.reason.text, 'string');
      assert.notEqual(o.id, '85123A', 'never offers what is in the cart');
    }
    engine.dispose();
  });

  test('a request as JSON text gives the same answer as the object', async () => {
    const engine = await createEngine(bundleText);
    const req = { cart: [{ id: '22423', qty: 2 }], limit: 2 };
    assert.deepEqual(engine.recommend(JSON.stringify(req)), engine.recommend(req));
    engine.dispose();
  });

  test('non-ASCII text survives the round trip', async () => {
    const engine = await createEngine(bundleText);
    const res = engine.recommend({ cart: [{ id: 'ünïcødé-✓-😀', qty: 1 }, { id: '85123A', qty: 1 }] });
    const w = (res.warnings || []).find((x) => x.path === '/cart/0/id');
    assert.ok(w, 'unknown cart id is reported as a warning');
    engine.dispose();
  });

  test('assignArm is deterministic', async () => {
    const engine = await createEngine(bundleText);
    const a = engine.assignArm('v-123');
    assert.equal(typeof a.arm, 'string');
    assert.deepEqual(engine.assignArm('v-123'), a);
    await expectError(() => engine.assignArm(42), 'wrong_type');
    engine.dispose();
  });
});

describe('errors', () => {
  test('malformed bundle', async () => {
    await expectError(createEngine('{"format": "cartlift.bundle/1", '), 'malformed_json');
  });

  test('unsupported bundle format names the member', async () => {
    await expectError(createEngine({ format: 'cartlift.bundle/999', products: [] }), 'unsupported_format', '/format');
  });

  test('a product without a price names its path', async () => {
    const bundle = JSON.parse(bundleText);
    delete bundle.products[3].price;
    await expectError(createEngine(bundle), 'missing_field', '/products/3/price');
  });

  test('a bundle that is not JSON-able or not a bundle at all', async () => {
    await expectError(createEngine(42), 'wrong_type');
    await expectError(createEngine(null), 'wrong_type');
    const cyclic = {};
    cyclic.self = cyclic;
    await expectError(createEngine(cyclic), 'invalid_value');
  });

  test('bad requests name the offending member', async () => {
    const engine = await createEngine(bundleText);
    await expectError(() => engine.recommend('{"cart": ['), 'malformed_json');
    await expectError(() => engine.recommend({}), 'missing_field', '/cart');
    await expectError(() => engine.recommend({ cart: 'x' }), 'wrong_type', '/cart');
    await expectError(() => engine.recommend({ cart: [{ id: '85123A', qty: 0 }] }), 'invalid_value', '/cart/0/qty');
    await expectError(() => engine.recommend(7), 'wrong_type');
    // The engine stays usable after errors.
    assert.ok(engine.recommend(cart).offers.length > 0);
    engine.dispose();
  });

  test('nesting far beyond the limit is an error, not a crash', async () => {
    const engine = await createEngine(bundleText);
    const deep = `{"cart":[${'['.repeat(100000)}${']'.repeat(100000)}]}`;
    const err = await expectError(() => engine.recommend(deep), 'limit_exceeded');
    assert.ok(err.message.length > 0);
    assert.ok(engine.recommend(cart).offers.length > 0);
    engine.dispose();
  });
});

describe('lifecycle', () => {
  test('dispose is idempotent and use after dispose throws "disposed"', async () => {
    const engine = await createEngine(bundleText);
    assert.equal(engine.disposed, false);
    engine.dispose();
    engine.dispose();
    assert.equal(engine.disposed, true);
    await expectError(() => engine.recommend(cart), 'disposed');
    await expectError(() => engine.info(), 'disposed');
    await expectError(() => engine.assignArm('v'), 'disposed');
  });

  test('engines are independent', async () => {
    const a = await createEngine(bundleText);
    const b = await createEngine(bundleText);
    const before = b.recommend(cart);
    a.dispose();
    assert.deepEqual(b.recommend(cart), before);
    b.dispose();
  });

  test('version guard refuses a module with another ABI', async () => {
    const mod = await rawModule();
    const liar = new Proxy(mod, {
      get: (t, k) => (k === '_cartlift_abi_version' ? () => ABI_VERSION + 1 : t[k]),
    });
    const { counts, mod: counted } = countingModule(liar);
    await expectError(createEngineFromModule(async () => counted, bundleText), 'version_mismatch');
    assert.equal(counts.alloc, 0, 'nothing is loaded into a mismatched module');
  });

  test('the glue frees every buffer it allocates and every string it receives', async () => {
    const { mod, counts } = countingModule(await rawModule());
    const factory = async () => mod;
    const engine = await createEngineFromModule(factory, bundleText);
    for (let i = 0; i < 50; i++) {
      engine.recommend(cart);
      engine.info();
      engine.assignArm(`v-${i}`);
      assert.throws(() => engine.recommend({ cart: 'x' }), CartliftError);
    }
    await assert.rejects(createEngineFromModule(factory, '{'), CartliftError);
    engine.dispose();
    assert.equal(counts.live.size, 0, 'unfreed pointers');
    // info() and assignArm() receive strings to free, and so does the engine's first recommend()
    // (the key table of packed responses); recommend() reads the engine's own buffer. The two
    // bundle buffers (one good, one refused) are handed over to the module, which frees them.
    assert.equal(counts.handedOver, 2);
    assert.equal(counts.alloc - counts.handedOver + 50 * 2 + 1, counts.free, 'allocations and returned strings are all freed');
    assert.equal(counts.freedViews, 0, 'a response view was freed');
    assert.equal(counts.destroy, 1);
  });

  test('forgotten engines are destroyed by the FinalizationRegistry', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    const { mod, counts } = countingModule(await rawModule());
    await (async () => {
      for (let i = 0; i < 20; i++) await createEngineFromModule(async () => mod, bundleText);
    })();
    for (let i = 0; i < 100 && counts.destroy < 20; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(counts.destroy, 20);
  });

  test('a trapped instance is retired: its engines refuse work, the next load gets a new one', async () => {
    const cached = moduleCache();
    let made = 0;
    let trap = false;
    const factory = () =>
      cached('wasm', async () => {
        made++;
        const mod = await rawModule();
        return new Proxy(mod, {
          get: (t, k) =>
            k === '_cartlift_recommend_packed' && trap
              ? () => {
                  throw new WebAssembly.RuntimeError('unreachable');
                }
              : t[k],
        });
      });
    const a = await createEngineFromModule(factory, bundleText);
    const b = await createEngineFromModule(factory, bundleText);
    assert.equal(made, 1, 'engines share one instance');
    trap = true;
    await expectError(() => a.recommend(cart), 'internal');
    await expectError(() => b.info(), 'internal');
    b.dispose();
    trap = false;
    const c = await createEngineFromModule(factory, bundleText);
    assert.equal(made, 2);
    assert.ok(c.recommend(cart).offers.length > 0);
    c.dispose();
  });
});
