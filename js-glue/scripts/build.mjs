#!/usr/bin/env node
// Builds the wasm module with the CMake preset and copies it into dist/, the only place the
// loaders and the packed tarball look.
//   node scripts/build.mjs                 configure + build preset wasm-release, then copy
//   node scripts/build.mjs --clean         the same from scratch (use for anything shipped)
//   node scripts/build.mjs --from DIR      only copy DIR/bin/cartlift.{js,wasm} (another build)
// --clean exists because an incremental build that overlaps an edit of a source can keep an
// object compiled from the old text with a newer timestamp; mixed objects linked into one
// module have trapped with "memory access out of bounds" at the first call.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(pkgDir, '..');
const args = process.argv.slice(2);
const fromIdx = args.indexOf('--from');
let buildDir = join(repoDir, 'build', 'wasm-release');

if (fromIdx >= 0) {
  if (!args[fromIdx + 1]) {
    console.error('usage: build.mjs [--clean | --from BUILD_DIR]');
    process.exit(1);
  }
  buildDir = resolve(args[fromIdx + 1]);
} else {
  // emcc's JS optimiser needs Debian's node modules (acorn).
  const env = { ...process.env, NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' };
  const build = ['--build', '--preset', 'wasm-release', ...(args.includes('--clean') ? ['--clean-first'] : [])];
  for (const step of [['--preset', 'wasm-release'], build]) {
    console.log(`$ cmake ${step.join(' ')}`);
    const r = spawnSync('cmake', step, { cwd: repoDir, env, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const dist = join(pkgDir, 'dist');
mkdirSync(dist, { recursive: true });
for (const file of ['cartlift.js', 'cartlift.wasm']) {
  const src = join(buildDir, 'bin', file);
  if (!existsSync(src)) {
    console.error(`missing ${src}: build the wasm-release preset first`);
    process.exit(1);
  }
  copyFileSync(src, join(dist, file));
  console.log(`copied ${src} -> dist/${file}`);
}
