// What each export of the wasm module costs: the functions it reaches by direct calls (binaryen's
// call graph), their code bytes, the gzip of those bodies, and the bytes no other export reaches.
// Functions called only through a pointer (C++ virtuals, std::function, exception handling) are
// reported once, apart, since any export that calls through a pointer may reach them.
// Usage: node bench/wasm-exports.mjs [js-glue/dist/cartlift.wasm]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const path = process.argv[2] || new URL('../js-glue/dist/cartlift.wasm', import.meta.url).pathname;
const bytes = readFileSync(path);

function leb(at) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at.i++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
}

// Exports (function index by name), imported function count, and each body's byte range.
const exports = new Map();
const bodies = [];
let imported = 0;
for (const at = { i: 8 }; at.i < bytes.length; ) {
  const id = bytes[at.i++];
  const size = leb(at);
  const end = at.i + size;
  if (id === 2) {
    for (let n = leb(at); n > 0; n--) {
      for (let k = 0; k < 2; k++) {
        const len = leb(at); // module, then field name
        at.i += len;
      }
      const kind = bytes[at.i++];
      if (kind === 0) { leb(at); imported++; }
      else if (kind === 1) { at.i++; const flags = leb(at); leb(at); if (flags & 1) leb(at); }
      else if (kind === 2) { const flags = leb(at); leb(at); if (flags & 1) leb(at); }
      else if (kind === 3) at.i += 2;
      else if (kind === 4) { at.i++; leb(at); }
    }
  } else if (id === 7) {
    for (let n = leb(at); n > 0; n--) {
      const len = leb(at);
      const name = bytes.subarray(at.i, at.i + len).toString();
      at.i += len;
      const kind = bytes[at.i++];
      const index = leb(at);
      if (kind === 0) exports.set(name, index); // absolute: imports first
    }
  } else if (id === 10) {
    for (let n = leb(at); n > 0; n--) {
      const len = leb(at);
      bodies.push([at.i, at.i + len]);
      at.i += len;
    }
  }
  at.i = end;
}
// binaryen names an unnamed function by its place among the defined ones (imports are fimport$N).
const body = (f) => bodies[f];

// Emscripten minifies the export names; its loader maps the C names onto them.
const loader = readFileSync(path.replace(/\.wasm$/, '.js'), 'utf8');
const cName = new Map([...loader.matchAll(/Module\["(_\w+)"\]=Module\["asm"\]\["(\w+)"\]/g)].map((m) => [m[2], m[1]]));

// Direct calls from binaryen's call graph ("A" -> "B", functions named by their index).
const dot = execFileSync('wasm-opt', ['--all-features', path, '--print-call-graph', '-o', '/dev/null'], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
  stdio: ['ignore', 'pipe', 'ignore'],
});
const calls = new Map();
const indirect = new Set();
for (const line of dot.split('\n')) {
  let m = line.match(/^\s*"(\d+)" -> "(\d+)"/);
  if (m) {
    const from = Number(m[1]);
    if (!calls.has(from)) calls.set(from, []);
    calls.get(from).push(Number(m[2]));
    continue;
  }
  m = line.match(/^\s*"(\d+)" \[style="filled, rounded"/);
  if (m) indirect.add(Number(m[1]));
}

function reach(start) {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) for (const g of calls.get(stack.pop()) ?? []) if (!seen.has(g)) seen.add(g), stack.push(g);
  return [...seen];
}
const codeOf = (fs) => Buffer.concat(fs.filter((f) => body(f)).map((f) => bytes.subarray(...body(f))));
const reached = new Map(
  [...exports].filter(([, f]) => f >= imported).map(([name, f]) => [cName.get(name) ?? name, reach(f - imported)]),
);
const owners = new Map();
for (const fs of reached.values()) for (const f of fs) owners.set(f, (owners.get(f) ?? 0) + 1);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${path}: ${bytes.length} bytes, ${bodies.length} functions, ${exports.size} exported functions`);
console.log(`${'export'.padEnd(28)} ${'functions'.padStart(9)} ${'code'.padStart(10)} ${'gzip'.padStart(10)} ${'its own'.padStart(10)}`);
const rows = [...reached].sort((a, b) => codeOf(b[1]).length - codeOf(a[1]).length);
for (const [name, fs] of rows) {
  const own = fs.filter((f) => owners.get(f) === 1);
  console.log(
    `${name.padEnd(28)} ${String(fs.length).padStart(9)} ${kb(codeOf(fs).length).padStart(10)} ${kb(gzipSync(codeOf(fs), { level: 9 }).length).padStart(10)} ${kb(codeOf(own).length).padStart(10)}`,
  );
}
const viaPointer = [...indirect].filter((f) => !owners.has(f));
console.log(`${'(reached only by pointer)'.padEnd(28)} ${String(viaPointer.length).padStart(9)} ${kb(codeOf(viaPointer).length).padStart(10)} ${kb(gzipSync(codeOf(viaPointer), { level: 9 }).length).padStart(10)}`);
const all = bodies.map((_, i) => i);
console.log(`${'(all code)'.padEnd(28)} ${String(all.length).padStart(9)} ${kb(codeOf(all).length).padStart(10)} ${kb(gzipSync(codeOf(all), { level: 9 }).length).padStart(10)}`);
console.log(`the whole file, gzip -9: ${kb(gzipSync(bytes, { level: 9 }).length)}`);
