// Shared harness of the browser tests: builds the bundle fixtures with the native CLI, packs the
// package and serves the unpacked tarball like a store would install it, and drives Debian's
// Chromium through playwright-core.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const PKG_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_DIR = resolve(PKG_DIR, '..');
export const OUTPUT_DIR = join(REPO_DIR, 'build', 'test-output');
const CLI = join(REPO_DIR, 'build', 'native-release', 'bin', 'cartlift');
const require = createRequire(import.meta.url);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A fresh work folder, removed by the returned function. */
export function workDir(prefix = 'cartlift-widget-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function cli(args) {
  if (!existsSync(CLI)) {
    throw new Error(`missing ${CLI}: build it with "cmake --preset native-release && cmake --build --preset native-release"`);
  }
  execFileSync(CLI, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The real-data bundle (Online Retail, Dec 2010 – May 2011), built once per work folder. */
export function buildRealBundle(dir) {
  const out = join(dir, 'bundle.json');
  if (!existsSync(out)) {
    cli([
      'build',
      '--orders', join(REPO_DIR, 'data/online-retail/orders-2010-12_2011-05.csv.gz'),
      '--catalog', join(REPO_DIR, 'data/online-retail/catalog.json'),
      '-o', out,
    ]);
  }
  return out;
}

export const HOSTILE_LONG_TITLE = 'Very long title '.repeat(300).slice(0, 4096);

/**
 * A store whose catalog attacks the widget: markup in titles, script URLs (plain, upper-case,
 * with a tab, with a leading space), a data: image, an attribute break-out in an image URL, the
 * longest title the engine accepts, RTL text and emoji sequences. Built with the real CLI so it
 * is exactly what an engine would serve.
 */
export function buildHostileBundle(dir) {
  const out = join(dir, 'hostile.json');
  if (existsSync(out)) return out;
  const products = [
    { id: 'H1', title: '</p><img src=x onerror=window.__pwned=2> Anchor', price: '10.00', url: '/product/H1' },
    { id: 'H2', title: '<img src=x onerror=window.__pwned=1>', price: '2.50', url: 'javascript:window.__pwned=1', image: 'javascript:window.__pwned=1' },
    { id: 'H3', title: HOSTILE_LONG_TITLE, price: '3.00', url: 'java\tscript:window.__pwned=3', image: 'data:image/svg+xml,<svg onload=window.__pwned=4>' },
    { id: 'H4', title: 'מנורת שולחן בעיצוב נורדי 🕯️✨', price: '12.00', url: '/product/H4', image: '/img/H4.svg' },
    { id: 'H5', title: 'Party set 🎉🎈 👨‍👩‍👧‍👦', price: '4.25', url: 'JAVASCRIPT:window.__pwned=5' },
    { id: 'H6', title: '"><script>window.__pwned=6</script>', price: '1.00', url: ' javascript:window.__pwned=7', image: '/img/H6.svg" onerror="window.__pwned=8' },
  ];
  const catalog = join(dir, 'hostile-catalog.json');
  writeFileSync(catalog, JSON.stringify({ format: 'cartlift.catalog/1', currency: 'GBP', products }));
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  for (let k = 0; k < 30; k++) {
    for (const p of products.slice(0, 2 + (k % 5))) lines.push(`${2000 + k},${p.id},x,1,2011-01-01 10:00:00,1.00,1.0,United Kingdom`);
  }
  const orders = join(dir, 'hostile-orders.csv');
  writeFileSync(orders, `${lines.join('\n')}\n`);
  cli(['build', '--orders', orders, '--catalog', catalog, '-o', out]);
  return out;
}

/** Packs the package like `npm publish` would and unpacks it; returns the package folder. */
export function packAndUnpack(dir) {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: PKG_DIR,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const packed = JSON.parse(out.slice(out.search(/^\[/m)));
  execFileSync('tar', ['-xzf', join(dir, packed[0].filename), '-C', dir]);
  const root = join(dir, 'package');
  // While the core is being changed, a known-good wasm build can be tested instead of whatever
  // dist/ holds: CARTLIFT_TEST_WASM_DIR=build/wasm-release/bin (it must hold both files).
  const override = process.env.CARTLIFT_TEST_WASM_DIR;
  if (override) {
    for (const f of ['cartlift.js', 'cartlift.wasm']) copyFileSync(join(override, f), join(root, 'dist', f));
    console.log(`# dist/ of the packed package replaced by ${override}`);
  }
  return { root, files: packed[0].files.map((f) => f.path) };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.png': 'image/png',
};

// Product photos do not exist in the data set: each gets a soft tinted tile with its initials,
// enough for screenshots that look like a store.
function placeholderImage(id) {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const label = id.replace(/[^A-Za-z0-9]/g, '').slice(-3);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 92%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 60% 80%)"/></linearGradient></defs>
<rect width="120" height="120" fill="url(#g)"/>
<circle cx="60" cy="52" r="22" fill="hsl(${hue} 45% 55% / .55)"/>
<rect x="28" y="82" width="64" height="10" rx="5" fill="hsl(${hue} 40% 45% / .35)"/>
<text x="60" y="58" text-anchor="middle" font-family="sans-serif" font-size="15" font-weight="700" fill="#fff">${label}</text>
</svg>`;
}

/**
 * Static server on 127.0.0.1 with a random port.
 *   /node_modules/cartlift/**        the unpacked tarball
 *   /no-wasm/node_modules/cartlift/** the same, but dist/cartlift.wasm answers 404
 *   /node_modules/axe-core/axe.min.js
 *   /fixtures/<name>                 files registered with serveFile()
 *   /img/<id>.svg                    placeholder product images
 *   /pages/<name>.html               pages registered with page(), with their own headers
 */
export async function startServer({ packageRoot: rootDir }) {
  const packageRoot = resolve(rootDir);
  const files = new Map();
  const pages = new Map();
  const axePath = require.resolve('axe-core/axe.min.js');
  const log = [];

  const sendFile = (res, path) => {
    let body;
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      body = readFileSync(path);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  };
  const underRoot = (root, rel) => {
    const full = normalize(join(root, decodeURIComponent(rel)));
    return full === root || full.startsWith(root + sep) ? full : null;
  };

  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    log.push(pathname);
    let m;
    if ((m = pathname.match(/^\/(no-wasm\/)?node_modules\/cartlift\/(.*)$/))) {
      if (m[1] && m[2] === 'dist/cartlift.wasm') return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      const full = underRoot(packageRoot, m[2]);
      return full ? sendFile(res, full) : res.writeHead(403).end();
    }
    if (pathname === '/node_modules/axe-core/axe.min.js') return sendFile(res, axePath);
    if ((m = pathname.match(/^\/fixtures\/([\w.-]+)$/))) {
      const f = files.get(m[1]);
      if (!f) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store' }).end(f.body);
    }
    if ((m = pathname.match(/^\/img\/([\w-]+)\.svg$/))) {
      return res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' }).end(placeholderImage(m[1]));
    }
    if ((m = pathname.match(/^\/pages\/([\w-]+)\.html$/)) && pages.has(m[1])) {
      const { html, headers } = pages.get(m[1]);
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(html);
    }
    if (pathname === '/favicon.ico') return res.writeHead(204).end();
    if (pathname.startsWith('/product/')) {
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Product</title><h1>Product</h1>');
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    log,
    serveFile(name, body, type = 'application/json') {
      files.set(name, { body, type });
      return `/fixtures/${name}`;
    },
    /** Registers a page; `headers` are sent with it (e.g. a Content-Security-Policy). */
    page(name, html, headers = {}) {
      pages.set(name, { html, headers });
      return `${origin}/pages/${name}.html`;
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * A store page that uses the package through an import map, as documented for stores without
 * a bundler. `body` is trusted test markup; `script` runs as a module after the import map.
 */
export function storePage({ body = '', script = '', base = '/node_modules/cartlift', theme = 'light', head = '' } = {}) {
  const importMap = { imports: { cartlift: `${base}/src/browser.js`, 'cartlift/widget': `${base}/src/widget/index.js` } };
  return `<!doctype html>
<html lang="en-GB" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test store</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<style>
  body { margin: 0; padding: 32px; font-family: system-ui, sans-serif; background: #f3f4f6; color: #111; }
  html[data-theme="dark"] body { background: #0c0d10; color: #eee; }
  main { max-width: 720px; margin: 0 auto; display: grid; gap: 20px; }
</style>
${head}
</head>
<body>
<main>
<h1>Your basket</h1>
${body}
<button id="page-button" type="button" onclick="this.dataset.clicks = String(Number(this.dataset.clicks || 0) + 1)">Continue shopping</button>
</main>
<script type="module">
window.__events = [];
for (const type of ['cartlift:add', 'cartlift:impression', 'cartlift:click', 'cartlift:error']) {
  document.addEventListener(type, (e) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)), target: e.target.id || e.target.localName }));
}
window.__rejections = [];
window.addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason && e.reason.message || e.reason)));
${script}
</script>
</body>
</html>`;
}

/** Collects page errors and console errors, for asserting that a page stayed healthy. */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

/** Waits until the element shows offers (or the timeout) and returns how many items. */
export async function waitForOffers(page, selector = 'cartlift-offers', timeout = 60_000) {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return !!(el && el.shadowRoot && el.shadowRoot.querySelector('.cl [data-offer-index]'));
    },
    selector,
    { timeout, polling: 50 },
  );
}

export function ensureOutputDir() {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return OUTPUT_DIR;
}
