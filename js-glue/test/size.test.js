import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUDGET_BYTES, measure } from '../scripts/size.mjs';

test('wasm, loader and the package glue fit the gzip size budget', () => {
  const rows = measure();
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  assert.ok(total <= BUDGET_BYTES, `${total} bytes gzip > ${BUDGET_BYTES}: ${JSON.stringify(rows)}`);
});
