#!/usr/bin/env node
// Prints the gzip size of what a storefront downloads for the engine (the wasm, Emscripten's
// loader and the package's own glue that the browser entry imports) and fails above the budget,
// or with --exports, what each entry of the package's "exports" loads, file by file;
// so a size regression breaks the test run rather than a store's page weight. The event helpers
// the browser entry also re-exports (src/events/, about 4 KB) are left out: a bundler drops them
// from a page that does not call them.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

// What each entry of package.json "exports" makes a page or worker load: the files reachable by
// static and dynamic imports and by `new URL('./x.js', import.meta.url)` (the widget's worker),
// plus the wasm wherever Emscripten's loader is among them. gzip per file, as above. The main
// entries re-export the event helpers, which a bundler drops from a page that does not use them.
const REFERENCES = /(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

export function measureExports(packageUrl = new URL('../', import.meta.url)) {
  const pkg = JSON.parse(readFileSync(new URL('package.json', packageUrl), 'utf8'));
  const entries = [];
  const add = (name, target) => {
    if (typeof target === 'string' && target.endsWith('.js')) entries.push({ name, entry: target });
    else if (target && typeof target === 'object')
      for (const [cond, t] of Object.entries(target)) if (cond !== 'types') add(cond === 'default' ? name : `${name} (${cond})`, t);
  };
  for (const [key, target] of Object.entries(pkg.exports)) add(key, target);
  // "default" repeats the browser entry under "."; list each file once.
  const unique = entries.filter((e, i) => entries.findIndex((o) => o.entry === e.entry) === i);
  return unique.map(({ name, entry }) => {
    const seen = new Set();
    const visit = (url) => {
      if (seen.has(url.href) || !existsSync(url)) return;
      seen.add(url.href);
      if (url.pathname.endsWith('/dist/cartlift.js')) seen.add(new URL('cartlift.wasm', url).href);
      if (!url.pathname.endsWith('.js')) return;
      for (const m of readFileSync(url, 'utf8').matchAll(REFERENCES)) visit(new URL(m[1], url));
    };
    visit(new URL(entry, packageUrl));
    const files = [...seen].map((href) => {
      const raw = readFileSync(new URL(href));
      return { file: fileURLToPath(href).slice(fileURLToPath(packageUrl).length), raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
    });
    return { name, files, raw: files.reduce((n, f) => n + f.raw, 0), gzip: files.reduce((n, f) => n + f.gzip, 0) };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--exports')) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const e of measureExports()) {
    console.log(`${e.name.padEnd(22)} ${kb(e.raw).padStart(10)} raw ${kb(e.gzip).padStart(10)} gzip  ${e.files.length} files`);
    if (!process.argv.includes('--brief'))
      for (const f of e.files) console.log(`    ${f.file.padEnd(30)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`);
  }
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
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
