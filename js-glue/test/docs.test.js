// Every public declaration carries TSDoc with an example: the typings are the package's docs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const files = ['../index.d.ts', '../src/node.d.ts', '../src/browser.d.ts', '../src/workerd.d.ts'];

for (const f of files) {
  test(`${f}: every export and member is documented with @example`, () => {
    const text = readFileSync(new URL(f, import.meta.url), 'utf8');
    const missing = [];
    const re = /^(export (?:declare )?(?:interface|type|class|function|const) (\w+)|  (?:readonly )?(\w+)\(.*$|  (constructor)\(.*$)/gm;
    for (const m of text.matchAll(re)) {
      const before = text.slice(0, m.index).trimEnd();
      const doc = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
      if (!doc.includes('@example')) missing.push(m[2] || m[3] || m[4]);
    }
    assert.deepEqual(missing, []);
  });
}
