import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUDGET_BYTES, measure, measureExports } from '../scripts/size.mjs';

test('wasm, loader and the package glue fit the gzip size budget', () => {
  const rows = measure();
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  assert.ok(total <= BUDGET_BYTES, `${total} bytes gzip > ${BUDGET_BYTES}: ${JSON.stringify(rows)}`);
});

test('per export: each entry lists what it loads, the wasm only where the engine is', () => {
  const byName = Object.fromEntries(measureExports().map((e) => [e.name, e.files.map((f) => f.file)]));
  for (const name of ['. (browser)', '. (node)', '. (workerd)', './widget']) {
    for (const file of ['dist/cartlift.wasm', 'dist/cartlift.js', 'src/core.js', 'src/unpack.js', 'src/errors.js'])
      assert.ok(byName[name]?.includes(file), `${name} loads ${file}`);
  }
  assert.ok(byName['./widget'].includes('src/widget/worker.js'), 'the widget worker is counted');
  assert.ok(!byName['./events'].includes('dist/cartlift.wasm'), 'the event helpers load no wasm');
});
