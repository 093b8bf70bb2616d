// Ship what is tested: pack the package, install the tarball into an empty folder without the
// network, and use it from there exactly as a store would (import and CLI).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/bundle.json', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'cartlift-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));

const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

test('the packed tarball installs offline and works from a fresh folder', () => {
  // The prepack size check prints to stdout too; the JSON array follows it.
  const packOut = npm(['pack', '--json', '--pack-destination', work], pkgDir);
  const packed = JSON.parse(packOut.slice(packOut.search(/^\[/m)));
  const files = packed[0].files.map((f) => f.path).sort();
  for (const must of ['dist/cartlift.js', 'dist/cartlift.wasm', 'src/core.js', 'src/node.js', 'src/browser.js', 'src/workerd.js', 'bin/cartlift.js', 'index.d.ts', 'package.json']) {
    assert.ok(files.includes(must), `tarball lacks ${must}`);
  }
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('scripts/')), `tarball carries dev files: ${files}`);

  const app = join(work, 'app');
  npm(['init', '-y'], (execFileSync('mkdir', ['-p', app]), app));
  npm(['install', '--offline', '--no-audit', '--no-fund', join(work, packed[0].filename)], app);

  const script = `
    import { readFileSync } from 'node:fs';
    import { createEngine, CartliftError, version } from 'cartlift';
    const engine = await createEngine(readFileSync(${JSON.stringify(fixture)}));
    const res = engine.recommend({ cart: [{ id: '85123A', qty: 1 }], limit: 3 });
    engine.dispose();
    let code;
    try { engine.info(); } catch (e) { code = e instanceof CartliftError && e.code; }
    const wasmPath = import.meta.resolve('cartlift/wasm');
    console.log(JSON.stringify({ version, offers: res.offers.length, code, wasmPath }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' }));
  assert.equal(out.version, JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version);
  assert.ok(out.offers > 0);
  assert.equal(out.code, 'disposed');
  assert.match(out.wasmPath, /node_modules\/cartlift\/dist\/cartlift\.wasm$/);

  const cli = spawnSync(join(app, 'node_modules', '.bin', 'cartlift'), ['recommend', '--bundle', fixture, '--cart', '85123A'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(JSON.parse(cli.stdout).offers.length > 0);
});
