// The binary bundle form (src/cartlift/bundle/bundle_binary.h) through the npm package: the
// bytes go to the engine untouched and it answers exactly as it does from the JSON bundle.
// The binary fixture is made by the native CLI (`cartlift convert`), so this needs a native
// build; set CARTLIFT_NATIVE_CLI to point at one elsewhere.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CartliftError, createEngine } from '../src/node.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = process.env.CARTLIFT_NATIVE_CLI ?? join(repoRoot, 'build', 'native-release', 'bin', 'cartlift');
const jsonPath = fileURLToPath(new URL('./fixtures/bundle.json', import.meta.url));

const carts = [
  { cart: [{ id: '85123A', qty: 1 }] },
  { cart: [{ id: '85123A', qty: 2 }, { id: '22423', qty: 1 }], limit: 3 },
  { cart: [{ id: '22423', qty: 1 }], explain: true },
  { cart: [{ id: 'NOT-IN-BUNDLE', qty: 1 }] },
];

describe('binary bundle', { skip: existsSync(cli) ? false : `no native CLI at ${cli}` }, () => {
  let dir;
  let binary;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cartlift-binary-'));
    const out = join(dir, 'bundle.bin');
    const r = spawnSync(cli, ['convert', '--in', jsonPath, '--out', out, '--to', 'binary'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    binary = readFileSync(out);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('is the CLBN form, smaller than the JSON', () => {
    assert.equal(binary.subarray(0, 4).toString('latin1'), 'CLBN');
    assert.ok(binary.length < readFileSync(jsonPath).length);
  });

  test('gives the same offers as the JSON bundle, from a Buffer, a Uint8Array and an ArrayBuffer', async () => {
    const fromJson = await createEngine(readFileSync(jsonPath, 'utf8'));
    const expected = carts.map((c) => JSON.stringify(fromJson.recommend(c)));
    fromJson.dispose();
    assert.ok(JSON.parse(expected[0]).offers.length > 0, 'the fixture has offers for 85123A');
    const copy = new Uint8Array(binary); // its own buffer, offset 0
    for (const input of [binary, copy, copy.buffer]) {
      const engine = await createEngine(input);
      assert.deepEqual(carts.map((c) => JSON.stringify(engine.recommend(c))), expected);
      engine.dispose();
    }
  });

  test('a corrupt or truncated binary bundle is a typed error', async () => {
    const flipped = new Uint8Array(binary);
    flipped[flipped.length - 3] ^= 0x40;
    const cases = [
      [flipped, 'malformed_record'],
      [binary.subarray(0, binary.length - 1), 'malformed_record'],
      [binary.subarray(0, 10), 'unsupported_format'],
    ];
    for (const [bytes, code] of cases) {
      await assert.rejects(createEngine(bytes), (err) => err instanceof CartliftError && err.code === code);
    }
  });
});
