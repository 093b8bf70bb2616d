#!/usr/bin/env node
// Prints the gzip size of what a storefront downloads for the engine (the wasm, Emscripten's
// loader and the package's own glue that the browser entry imports) and fails above the budget,
// so a size regression breaks the test run rather than a store's page weight. The event helpers
// the browser entry also re-exports (src/events/, about 4 KB) are left out: a bundler drops them
// from a page that does not call them.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

export const BUDGET_BYTES = 150 * 1024;
const files = ['dist/cartlift.wasm', 'dist/cartlift.js', 'src/core.js', 'src/unpack.js', 'src/browser.js', 'src/errors.js'];

export function measure(packageUrl = new URL('../', import.meta.url)) {
  return files.map((name) => {
    const url = new URL(name, packageUrl);
    if (!existsSync(url)) throw new Error(`missing ${name}: run npm run build:wasm`);
    const raw = readFileSync(url);
    return { name, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let rows;
  try {
    rows = measure();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const r of rows) console.log(`${r.name.padEnd(14)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`);
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  console.log(`${'total'.padEnd(14)} ${kb(rows.reduce((s, r) => s + r.raw, 0)).padStart(10)} raw ${kb(total).padStart(10)} gzip (budget ${kb(BUDGET_BYTES)})`);
  if (total > BUDGET_BYTES) {
    console.error(`over the size budget by ${kb(total - BUDGET_BYTES)}`);
    process.exit(1);
  }
}
