// The same visitor gets the same arm everywhere: the native CLI (`cartlift assign`), the wasm
// engine (assignArm and recommend) and the pure-JS assignArm, on 10,000 deterministic ids
// (ascii, unicode, empty-ish, up to the 256-byte limit). Needs the native CLI, as binary.test.js
// does: build/native-release/bin/cartlift, or CARTLIFT_NATIVE_CLI. A missing CLI fails the test:
// the point is the comparison, and scripts/test.sh builds the CLI first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { assignArm, CartliftError, createEngine, fnv1a32 } from '../src/node.js';
import { bundleText } from './helpers.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = process.env.CARTLIFT_NATIVE_CLI ?? join(repoRoot, 'build', 'native-release', 'bin', 'cartlift');

const FBT = { id: 'fbt-vs-control', arms: [{ name: 'fbt', weight: 50 }, { name: 'control', weight: 50, control: true }] };
const THREE = { id: 'offer-mix/2026 ✓', arms: [{ name: 'upsell-first', weight: 1 }, { name: 'off', weight: 0 }, { name: 'fbt', weight: 2 }, { name: 'none', weight: 7, control: true }] };
const experiments = [FBT, THREE];
const bundle = bundleText.replace('"experiments": []', `"experiments": ${JSON.stringify(experiments)}`);

// xorshift32: the same ids on every run and every machine.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:@/+= ';
const UNICODE = ['é', 'ü', 'ß', 'ø', 'Ж', 'ש', 'ع', '中', '文', '日', '本', '한', '✓', '€', '😀', '🛒', '👩‍👩‍👧', 'e\u0301', '\u200b', '\ufeff', '\u0000', '\ud800'];

function visitorIds(n) {
  const r = rng(20261123);
  const pick = (s) => s[Math.floor(r() * s.length)];
  const bytes = (s) => Buffer.byteLength(s, 'utf8');
  const ids = new Set(['', ' ', '  ', '\t', '0', '-', 'null', 'undefined', ':', 'fbt-vs-control:', 'v-', 'a', 'foobar']);
  for (let k = 0; ids.size < n; k++) {
    const kind = k % 5;
    if (kind === 0) ids.add(`v-${Math.floor(r() * 1e9).toString(36)}`);
    else if (kind === 1) ids.add(Array.from({ length: 1 + Math.floor(r() * 40) }, () => pick(ALPHABET)).join(''));
    else if (kind === 2) ids.add(Array.from({ length: 1 + Math.floor(r() * 12) }, () => (r() < 0.5 ? pick(UNICODE) : pick(ALPHABET))).join(''));
    else if (kind === 3) {
      // Long: up to exactly the 256-byte limit, ascii or multi-byte.
      let s = r() < 0.5 ? 'long-' : 'länger-✓-';
      while (bytes(s) < 256 - 4) s += r() < 0.7 ? pick(ALPHABET) : pick(UNICODE.slice(0, 16));
      while (bytes(s) < 256) s += 'x';
      ids.add(s);
    } else ids.add(`${pick([' ', '  ', ''])}${Math.floor(r() * 1e6)}${pick([' ', '', '\t'])}`); // empty-ish
  }
  return [...ids];
}

// demo-store/server/experiment.js before the package had assignArm: existing visitors keep it.
function legacyDemoArm(visitor) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`fbt-vs-control:${visitor}`)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100 < 50 ? 'fbt' : 'control';
}

function nativeArms(bundlePath, experiment, ids) {
  const r = spawnSync(cli, ['assign', '--bundle', bundlePath, '--experiment', experiment], {
    input: `${ids.join('\n')}\n`,
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, `cartlift assign failed (is ${cli} current?): ${r.stderr}`);
  const lines = r.stdout.toString('utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, ids.length);
  return lines.map((l) => l.slice(l.lastIndexOf('\t') + 1));
}

describe('arms agree across runtimes', () => {
  const ids = visitorIds(10_000);
  let dir;
  let bundlePath;
  let engine;

  before(async () => {
    assert.ok(existsSync(cli), `no native CLI at ${cli}: build it (cmake --preset native-release && cmake --build --preset native-release) or set CARTLIFT_NATIVE_CLI`);
    dir = mkdtempSync(join(tmpdir(), 'cartlift-arms-'));
    bundlePath = join(dir, 'bundle.json');
    writeFileSync(bundlePath, bundle);
    engine = await createEngine(bundle);
  });

  after(() => {
    engine?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the ids are what the test claims', () => {
    assert.equal(new Set(ids).size, ids.length, 'distinct');
    assert.ok(ids.includes(''));
    assert.ok(ids.some((v) => Buffer.byteLength(v) === 256 && /[^\x00-\x7f]/.test(v)), 'a multi-byte id at the limit');
    assert.ok(ids.some((v) => /\p{Extended_Pictographic}/u.test(v)), 'emoji');
    assert.ok(ids.every((v) => Buffer.byteLength(v) <= 256 && !/[\r\n]/.test(v)));
  });

  for (const experiment of experiments) {
    test(`${experiment.id}: native CLI, wasm and pure JS give every id the same arm`, () => {
      const native = nativeArms(bundlePath, experiment.id, ids);
      const first = experiment === experiments[0];
      const mismatches = [];
      const counts = new Map();
      ids.forEach((v, i) => {
        const js = assignArm(v, experiment);
        // engine.assignArm answers for the bundle's first experiment; recommend for any. A request
        // is JSON, which cannot carry a lone surrogate (the engine rejects "\ud800"); every byte
        // path turns one into U+FFFD, so the request sends that.
        const asJson = v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
        const wasm = first ? engine.assignArm(v) : { ...js, arm: engine.recommend({ cart: [], visitor: asJson, experiment: experiment.id }).arm };
        const legacy = first && v ? legacyDemoArm(v) : js.arm;
        if (js.arm !== native[i] || js.arm !== legacy || JSON.stringify(wasm) !== JSON.stringify(js)) {
          mismatches.push(`${JSON.stringify(v)}: js ${js.arm}, wasm ${wasm.arm}, native ${native[i]}, legacy ${legacy}`);
        }
        counts.set(js.arm, (counts.get(js.arm) ?? 0) + 1);
      });
      assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${ids.length} ids disagree`);
      // Shares near the weights: within 4 standard deviations of the binomial count.
      const assigned = ids.filter((v) => v !== '').length;
      assert.equal(counts.get('default'), ids.length - assigned, 'only the empty id is unassigned');
      const total = experiment.arms.reduce((s, a) => s + a.weight, 0);
      for (const arm of experiment.arms) {
        const p = arm.weight / total;
        const got = counts.get(arm.name) ?? 0;
        const sd = Math.sqrt(assigned * p * (1 - p));
        assert.ok(Math.abs(got - assigned * p) <= 4 * sd + 1e-9, `${arm.name}: ${got} of ${assigned}, weight share ${p}`);
      }
    });
  }

  test('the control arm is served no offers, the other arm is', () => {
    const control = ids.find((v) => v && assignArm(v, FBT).control);
    const fbt = ids.find((v) => v && !assignArm(v, FBT).control);
    const cart = [{ id: '85123A', qty: 1 }];
    const none = engine.recommend({ cart, visitor: control });
    assert.equal(none.arm, 'control');
    assert.deepEqual(none.offers, []);
    const some = engine.recommend({ cart, visitor: fbt });
    assert.equal(some.arm, 'fbt');
    assert.ok(some.offers.length > 0);
    const stale = engine.recommend({ cart, visitor: control, experiment: 'retired' });
    assert.equal(stale.arm, 'default');
    assert.equal(stale.warnings[0].code, 'unknown_experiment');
  });
});

describe('assignArm (pure JS)', () => {
  test('FNV-1a 32 test vectors', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
    assert.equal(fnv1a32('bar', fnv1a32('foo')), fnv1a32('foobar'));
  });

  test('rejects what the bundle reader rejects, with a path', () => {
    const cases = [
      [() => assignArm(7, FBT), 'wrong_type', '/visitor'],
      [() => assignArm('v', null), 'wrong_type', '/experiment'],
      [() => assignArm('v', { id: '', arms: FBT.arms }), 'invalid_value', '/experiment/id'],
      [() => assignArm('v', { id: 'x', arms: [] }), 'invalid_value', '/experiment/arms'],
      [() => assignArm('v', { id: 'x', arms: [{ name: 'a', weight: -1 }] }), 'invalid_value', '/experiment/arms/0/weight'],
      [() => assignArm('v', { id: 'x', arms: [{ name: 'a', weight: 0.5 }] }), 'invalid_value', '/experiment/arms/0/weight'],
      [() => assignArm('v', { id: 'x', arms: [{ name: 'a', weight: 0 }] }), 'invalid_value', '/experiment/arms'],
      [() => assignArm('v', { id: 'x', arms: [{ weight: 1 }] }), 'invalid_value', '/experiment/arms/0/name'],
      [() => assignArm('é'.repeat(129), FBT), 'limit_exceeded', '/visitor'],
    ];
    for (const [fn, code, path] of cases) {
      assert.throws(fn, (e) => e instanceof CartliftError && e.code === code && e.path === path, `${code} ${path}`);
    }
  });
});
