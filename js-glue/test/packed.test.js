// recommend() reads the engine's packed response (src/unpack.js) instead of parsing JSON text. It
// must make exactly the objects JSON.parse makes of the engine's JSON response to the same request:
// same members in the same order, same strings, same doubles. Checked on every integration case's
// bundle and request (all offer types, explain), and on a catalog of hostile strings and numbers.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createEngine } from '../src/node.js';
import { bundleText, rawModule } from './helpers.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const casesDir = join(repoRoot, 'tests', 'integration', 'cases');

// The engine's JSON text for `request`, through the C ABI of a separate instance.
async function textEngine(bundle) {
  const mod = await rawModule();
  const bytes = typeof bundle === 'string' ? new TextEncoder().encode(bundle) : bundle;
  const at = mod._cartlift_alloc(bytes.length);
  mod.HEAPU8.set(bytes, at);
  const handle = mod._cartlift_engine_create(at, bytes.length);
  mod._cartlift_free(at);
  assert.ok(handle, 'bundle loads');
  return (request) => {
    const req = new TextEncoder().encode(JSON.stringify(request));
    const p = mod._cartlift_alloc(req.length);
    mod.HEAPU8.set(req, p);
    const out = mod._cartlift_recommend(handle, p, req.length);
    mod._cartlift_free(p);
    if (!out) return null;
    const end = mod.HEAPU8.indexOf(0, out);
    const text = new TextDecoder().decode(mod.HEAPU8.subarray(out, end));
    mod._cartlift_free(out);
    return text;
  };
}

async function assertSame(bundle, requests, seen = []) {
  const engine = await createEngine(bundle);
  const text = await textEngine(bundle);
  let compared = 0;
  for (const request of requests) {
    const want = text(request);
    if (want === null) continue; // an error: the error path does not read a response
    const got = engine.recommend(request);
    assert.deepStrictEqual(got, JSON.parse(want));
    assert.equal(JSON.stringify(got), JSON.stringify(JSON.parse(want)), 'members in the same order');
    seen.push(JSON.stringify(got));
    compared++;
  }
  engine.dispose();
  return compared;
}

const variants = (request) => [request, { ...request, explain: true }, { ...request, limit: 20, explain: true }];

test('every integration case: recommend() equals JSON.parse of the JSON response', async () => {
  let compared = 0;
  const cases = readdirSync(casesDir).filter((f) => f.startsWith('ok_') && f.endsWith('.json'));
  assert.ok(cases.length > 10);
  for (const file of cases) {
    const c = JSON.parse(readFileSync(join(casesDir, file), 'utf8'));
    const bundle =
      typeof c.bundle === 'string'
        ? readFileSync([resolve(casesDir, c.bundle), resolve(repoRoot, c.bundle)].find((p) => {
            try {
              readFileSync(p);
              return true;
            } catch {
              return false;
            }
          }))
        : JSON.stringify(c.bundle);
    compared += await assertSame(bundle, variants(c.request));
  }
  assert.ok(compared >= 3 * 20, `compared ${compared} responses`);
});

test('hostile strings and numbers come out as JSON.parse reads them', async () => {
  const bundle = JSON.parse(bundleText);
  const strings = [
    '\uFEFFstarts with a byte order mark',
    'gift 🎁 box (a pair of UTF-16 units)',
    '£ € 漢字 — mixed widths',
    'quote " backslash \\ newline \n tab \t bell \u0007',
    '__proto__',
    'x'.repeat(300),
  ];
  bundle.products.forEach((p, i) => {
    p.title = strings[i % strings.length] + ` #${i}`;
    if (p.category) p.category = [strings[(i + 1) % strings.length].slice(0, 40)];
  });
  // Above 2^31 minor units the packed form carries the number as text.
  bundle.products[1].price = '31000000.99';
  const ids = bundle.products.map((p) => p.id);
  const requests = [];
  for (let i = 0; i < ids.length; i++) {
    for (const extra of [[], [ids[(i + 1) % ids.length]], [ids[(i + 3) % ids.length], ids[(i + 5) % ids.length]]]) {
      requests.push(...variants({ cart: [ids[i], ...extra].map((id) => ({ id, qty: 1 })) }));
    }
  }
  requests.push({ cart: [{ id: 'not-in-the-catalog', qty: 1 }, { id: ids[0], qty: 2 }] });
  const seen = [];
  const compared = await assertSame(JSON.stringify(bundle), requests, seen);
  assert.ok(compared >= requests.length - 1, `compared ${compared} of ${requests.length}`);
  // The responses did carry what this test is about.
  const all = seen.join('\n');
  for (const s of ['\uFEFFstarts', '🎁', '漢字', '\\"', '__proto__', '3100000099']) assert.ok(all.includes(s), `no response had ${s}`);
});
