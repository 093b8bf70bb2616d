// Lays out a workerd build folder for the edge worker and runs workerd on it. Shared by
// `npm run edge` (run.mjs), the tests and the load test, so all three serve exactly the same
// files with the same configuration.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, copyFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const demoDir = path.resolve(here, '..');
export const repoDir = path.resolve(demoDir, '..');
export const jsGlueDir = path.join(repoDir, 'js-glue');
export const nativeCli = path.join(repoDir, 'build', 'native-release', 'bin', 'cartlift');
export const demoOrders = path.join(repoDir, 'data', 'online-retail', 'orders-2010-12_2011-05.csv.gz');
export const demoCatalog = path.join(repoDir, 'data', 'online-retail', 'catalog.json');
export const demoRules = path.join(demoDir, 'rules.json');

const WORKER_FILES = ['worker.js', 'lib.js', 'offers-markup.js'];

export function workerdBinary() {
  const candidates = [
    path.join(demoDir, 'node_modules', '@cloudflare', `workerd-${process.platform}-${process.arch === 'x64' ? '64' : process.arch}`, 'bin', 'workerd'),
    path.join(demoDir, 'node_modules', 'workerd', 'bin', 'workerd'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('workerd is not installed: run `npm --prefix demo-store install`');
  return found;
}

/**
 * Builds the demo store bundle from the committed order history with the native CLI, reusing
 * an existing output that is newer than its inputs and the CLI. Returns the path, or null when
 * the CLI has not been built.
 */
export function buildDemoBundle(out) {
  if (!existsSync(nativeCli)) return null;
  const inputs = [nativeCli, demoOrders, demoCatalog, demoRules];
  if (existsSync(out) && inputs.every((p) => statSync(p).mtimeMs <= statSync(out).mtimeMs)) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const r = spawnSync(nativeCli, ['build', '--orders', demoOrders, '--catalog', demoCatalog, '--rules', demoRules, '-o', out], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`cartlift build failed (${r.status}): ${r.stderr || r.stdout}`);
  return out;
}

function copy(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function capnpString(s) {
  return JSON.stringify(String(s)); // capnp text literals use the same escapes as JSON strings
}

/**
 * Prepares `dir` (wiped first) so that `workerd serve dir/config.capnp` runs the worker.
 * Options: bundle (path of a cartlift.bundle/1 file, required), origin, port, budgetMs,
 * inject (false: proxy only), paths (array), maxHtmlBytes, offerLimit.
 * Returns {dir, config, files} where files lists what the worker ships.
 */
export function prepareBuild(opts) {
  const dir = path.resolve(opts.dir);
  if (!opts.bundle || !existsSync(opts.bundle)) throw new Error(`store bundle not found: ${opts.bundle}`);
  const wasm = path.join(jsGlueDir, 'dist', 'cartlift.wasm');
  const glueJs = path.join(jsGlueDir, 'dist', 'cartlift.js');
  if (!existsSync(wasm) || !existsSync(glueJs)) {
    throw new Error('js-glue/dist/cartlift.{js,wasm} missing: run the wasm build (cmake --preset wasm-release && cmake --build --preset wasm-release && npm --prefix js-glue run build:wasm)');
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  for (const f of WORKER_FILES) copy(path.join(here, f), path.join(dir, f));
  copy(opts.bundle, path.join(dir, 'store-bundle.json'));
  const pkg = path.join(dir, 'node_modules', 'cartlift');
  copy(path.join(jsGlueDir, 'package.json'), path.join(pkg, 'package.json'));
  copy(path.join(jsGlueDir, 'src', 'workerd.js'), path.join(pkg, 'src', 'workerd.js'));
  copy(path.join(jsGlueDir, 'src', 'core.js'), path.join(pkg, 'src', 'core.js'));
  copy(glueJs, path.join(pkg, 'dist', 'cartlift.js'));
  copy(wasm, path.join(pkg, 'dist', 'cartlift.wasm'));
  writeFileSync(
    path.join(dir, 'cartlift-entry.js'),
    "// The package's workerd entry under its bare name.\nexport * from 'node_modules/cartlift/src/workerd.js';\n",
  );

  const extraModules = [];
  // The wasm-free modules the workerd entry and core.js import (errors, experiment arms, the packed
  // response reader, events).
  const glueModules = [
    ...['errors.js', 'experiment.js', 'unpack.js'].filter((f) => existsSync(path.join(jsGlueDir, 'src', f))).map((f) => `src/${f}`),
    ...(existsSync(path.join(jsGlueDir, 'src', 'events'))
      ? readdirSync(path.join(jsGlueDir, 'src', 'events')).filter((f) => f.endsWith('.js')).map((f) => `src/events/${f}`)
      : []),
  ];
  for (const f of glueModules) {
    copy(path.join(jsGlueDir, f), path.join(pkg, f));
    const name = `node_modules/cartlift/${f}`;
    extraModules.push(`(name = ${capnpString(name)}, esModule = embed ${capnpString(name)}),`);
  }

  // The widget's own server-side renderer, when its package ships one, replaces the fallback so
  // the injected markup is the one the widget adopts.
  const widgetDir = path.join(jsGlueDir, 'src', 'widget');
  const useWidgetMarkup = opts.widgetMarkup !== false && existsSync(path.join(widgetDir, 'markup.js'));
  if (useWidgetMarkup) {
    for (const f of readdirSync(widgetDir).filter((f) => f.endsWith('.js'))) {
      copy(path.join(widgetDir, f), path.join(pkg, 'src', 'widget', f));
      const name = `node_modules/cartlift/src/widget/${f}`;
      extraModules.push(`(name = ${capnpString(name)}, esModule = embed ${capnpString(name)}),`);
    }
    writeFileSync(
      path.join(dir, 'offers-markup.js'),
      "// The widget package's server-side renderer (js-glue/src/widget/markup.js).\nexport { renderOffersHTML } from 'node_modules/cartlift/src/widget/markup.js';\n",
    );
  }

  const bindings = [];
  if (opts.inject === false) bindings.push('(name = "INJECT", text = "off"),');
  if (opts.paths) bindings.push(`(name = "PATHS", text = ${capnpString(opts.paths.join(','))}),`);
  if (opts.maxHtmlBytes !== undefined) bindings.push(`(name = "MAX_HTML_BYTES", text = ${capnpString(opts.maxHtmlBytes)}),`);
  if (opts.offerLimit !== undefined) bindings.push(`(name = "OFFER_LIMIT", text = ${capnpString(opts.offerLimit)}),`);

  let config = readFileSync(path.join(here, 'config.capnp'), 'utf8');
  const port = opts.port ?? 8787;
  config = config
    .replace(/address = "127\.0\.0\.1:\d+"/, `address = "127.0.0.1:${port}"`)
    .replace(/\(name = "ORIGIN", text = "[^"]*"\)/, `(name = "ORIGIN", text = ${capnpString(opts.origin ?? 'http://127.0.0.1:8080')})`)
    .replace(/\(name = "BUDGET_MS", text = "[^"]*"\)/, `(name = "BUDGET_MS", text = ${capnpString(opts.budgetMs ?? 50)})`)
    .replace(/^(\s*)# @modules$/m, (m, indent) => [...extraModules.map((l) => indent + l), m].join('\n'))
    .replace(/^(\s*)# @bindings$/m, (m, indent) => [...bindings.map((l) => indent + l), m].join('\n'));
  const configPath = path.join(dir, 'config.capnp');
  writeFileSync(configPath, config);

  const files = [
    ...WORKER_FILES.map((f) => path.join(dir, f)),
    path.join(dir, 'cartlift-entry.js'),
    path.join(dir, 'store-bundle.json'),
    ...['src/workerd.js', 'src/core.js', ...glueModules, 'dist/cartlift.js', 'dist/cartlift.wasm'].map((f) => path.join(pkg, f)),
    ...(useWidgetMarkup ? readdirSync(path.join(pkg, 'src', 'widget')).map((f) => path.join(pkg, 'src', 'widget', f)) : []),
  ];
  return { dir, config: configPath, files, port, widgetMarkup: useWidgetMarkup };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `workerd serve` on a prepared build and waits until `readyPath` answers 200 (any
 * answer when readyPath is null). The default probe is a HEAD request, which the worker never
 * personalises and which does not start loading the engine, so a test can still observe a cold
 * engine. Returns {proc, url, stop(), coldStartMs, logs()}.
 */
export async function startWorkerd({ config, port, readyPath = null, readyMethod = 'HEAD', timeoutMs = 60_000, stdio = 'pipe' }) {
  const started = performance.now();
  const proc = spawn(workerdBinary(), ['serve', config], { stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  let output = '';
  if (proc.stdout) proc.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  if (proc.stderr) proc.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  let exited = null;
  proc.on('exit', (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => {
        if (!exited) proc.kill('SIGKILL');
      }, 3000).unref();
    });
  while (true) {
    if (exited) throw new Error(`workerd exited (${exited.code ?? exited.signal}) before serving:\n${output}`);
    if (performance.now() - started > timeoutMs) {
      await stop();
      throw new Error(`workerd did not serve within ${timeoutMs} ms:\n${output}`);
    }
    try {
      const res = await fetch(url + (readyPath ?? '/'), { method: readyMethod, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (readyPath === null || res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { proc, url, stop, coldStartMs: performance.now() - started, logs: () => output };
}
