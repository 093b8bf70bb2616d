import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const bin = fileURLToPath(new URL('../bin/cartlift.js', import.meta.url));
const bundle = fileURLToPath(new URL('./fixtures/bundle.json', import.meta.url));

function run(args, input) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cartlift recommend', () => {
  test('--cart prints one JSON response', () => {
    const r = run(['recommend', '--bundle', bundle, '--cart', '85123A,22423', '--limit', '2']);
    assert.equal(r.code, 0, r.err);
    const res = JSON.parse(r.out);
    assert.ok(res.offers.length > 0 && res.offers.length <= 2);
    assert.ok(!res.offers.some((o) => o.id === '85123A' || o.id === '22423'));
  });

  test('--batch answers every line with exactly one line, errors in place', () => {
    const input = [
      JSON.stringify({ cart: [{ id: '85123A', qty: 1 }], limit: 1 }),
      'not json',
      JSON.stringify({ cart: [{ id: '22423', qty: 0 }] }),
      '',
      JSON.stringify({ cart: [{ id: '22423', qty: 1 }] }),
    ].join('\n') + '\n';
    const r = run(['recommend', '--bundle', bundle, '--batch', '-'], input);
    assert.equal(r.code, 0, 'bad lines are answered in place, as the native CLI does');
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 5);
    assert.equal(lines[0].offers.length, 1);
    assert.equal(lines[1].error.code, 'malformed_json');
    assert.deepEqual(Object.keys(lines[2].error).sort(), ['code', 'message', 'path']);
    assert.equal(lines[2].error.code, 'invalid_value');
    assert.equal(lines[2].error.path, '/cart/0/qty');
    assert.equal(typeof lines[3].error.code, 'string');
    assert.ok(Array.isArray(lines[4].offers));
  });

  test('--batch FILE with only good lines exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cartlift-cli-'));
    const file = join(dir, 'requests.jsonl');
    writeFileSync(file, Array.from({ length: 200 }, (_, i) => JSON.stringify({ cart: [{ id: i % 2 ? '85123A' : '21212', qty: 1 }] })).join('\n'));
    const r = run(['recommend', '--bundle', bundle, '--batch', file]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trimEnd().split('\n').length, 200);
  });

  test('usage errors exit 1', () => {
    for (const args of [[], ['frobnicate'], ['recommend', '--cart', 'x'], ['recommend', '--bundle', bundle], ['recommend', '--bundle', bundle, '--cart', 'x', '--batch', '-'], ['recommend', '--bundle', bundle, '--cart', 'x', '--limit', 'many'], ['recommend', '--bundle', bundle, '--cart', 'a,,b'], ['recommend', '--bogus']]) {
      const r = run(args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /usage:/);
      assert.equal(r.out, '');
    }
  });

  test('bad input exits 2 with the code on stderr', () => {
    let r = run(['recommend', '--bundle', '/nonexistent/bundle.json', '--cart', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /io_error/);
    const dir = mkdtempSync(join(tmpdir(), 'cartlift-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "cartlift.bundle/1", "products": [');
    r = run(['recommend', '--bundle', bad, '--cart', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /malformed_json/);
    r = run(['recommend', '--bundle', bundle, '--batch', join(dir, 'missing.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /io_error/);
  });

  test('--help and --version', () => {
    assert.equal(run(['--help']).code, 0);
    assert.match(run(['--version']).out, /^\d+\.\d+\.\d+\n$/);
  });
});
