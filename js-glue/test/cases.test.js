// Runs the integration cases shared with the C++ tests (tests/integration/cases/*.json) through
// the wasm engine. A case: {"name", "bundle": "path" | {...}, "request": {...}, "expect": {...}}
// where expect is {"error": {"code", "path"?}}, {"offer_ids": [...]} (exact, in order) or
// {"offers_count": N, "excludes": [...]}, {"offers_match": [partial offer, ...]} (offer k holds
// every member given for it, recursively; arrays match element by element and in length); keys may
// be combined. A relative bundle path is
// resolved against the case file's folder, then against the repository root.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { CartliftError, createEngine } from '../src/node.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const casesDir = process.env.CARTLIFT_CASES_DIR
  ? resolve(process.env.CARTLIFT_CASES_DIR)
  : join(repoRoot, 'tests', 'integration', 'cases');
const KNOWN = new Set(['error', 'offer_ids', 'offers_count', 'excludes', 'offers_match', 'dropped_match']);

// True when `actual` holds everything `want` says: objects by member, arrays element by element.
function matches(want, actual) {
  if (Array.isArray(want)) {
    return Array.isArray(actual) && actual.length === want.length && want.every((w, i) => matches(w, actual[i]));
  }
  if (want !== null && typeof want === 'object') {
    return actual !== null && typeof actual === 'object' && Object.keys(want).every((k) => k in actual && matches(want[k], actual[k]));
  }
  return want === actual;
}

const files = existsSync(casesDir) ? readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort() : [];

test(`integration cases exist in ${casesDir}`, () => {
  assert.ok(files.length > 0, 'no case files: an empty suite must not pass');
});

function loadBundle(spec, caseFile) {
  if (typeof spec !== 'string') return spec;
  const candidates = isAbsolute(spec) ? [spec] : [resolve(dirname(caseFile), spec), resolve(repoRoot, spec)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`bundle ${spec} not found (tried ${candidates.join(', ')})`);
  return readFileSync(found);
}

for (const file of files) {
  const path = join(casesDir, file);
  const c = JSON.parse(readFileSync(path, 'utf8'));
  test(`${file}: ${c.name ?? '(unnamed)'}`, async () => {
    assert.ok(c.bundle !== undefined && c.request !== undefined && c.expect, 'case needs bundle, request, expect');
    const unknown = Object.keys(c.expect).filter((k) => !KNOWN.has(k));
    assert.deepEqual(unknown, [], 'unknown expectation keys (the runner would ignore them)');

    let engine;
    let response;
    let error;
    try {
      engine = await createEngine(loadBundle(c.bundle, path));
      response = engine.recommend(c.request);
    } catch (err) {
      if (!(err instanceof CartliftError)) throw err;
      error = err;
    } finally {
      engine?.dispose();
    }

    if (c.expect.error) {
      assert.ok(error, `expected error ${c.expect.error.code}, got ${JSON.stringify(response)}`);
      assert.equal(error.code, c.expect.error.code, error.message);
      if (c.expect.error.path !== undefined) assert.equal(error.path, c.expect.error.path);
      return;
    }
    assert.equal(error, undefined, error && `${error.code} at ${error.path}: ${error.message}`);
    const ids = response.offers.map((o) => o.id);
    if (c.expect.offer_ids) assert.deepEqual(ids, c.expect.offer_ids);
    if (c.expect.offers_count !== undefined) assert.equal(ids.length, c.expect.offers_count);
    for (const id of c.expect.excludes ?? []) assert.ok(!ids.includes(id), `offered excluded id ${id}`);
    (c.expect.offers_match ?? []).forEach((want, i) => {
      assert.ok(matches(want, response.offers[i]), `offer ${i}: want ${JSON.stringify(want)}, got ${JSON.stringify(response.offers[i])}`);
    });
    // Each wanted entry must match one of explain.dropped, in any order.
    const dropped = response.explain?.dropped ?? [];
    for (const want of c.expect.dropped_match ?? []) {
      assert.ok(dropped.some((d) => matches(want, d)), `no dropped candidate matches ${JSON.stringify(want)} in ${JSON.stringify(dropped)}`);
    }
  });
}
