// Wires the store together: loads the bundle (catalog + engine), builds the request context
// (visitor, arm, cart) and dispatches to the routes. `startStore` is what main.js and the tests
// call, so the tests run exactly the server people run.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleStats } from './bundle-stats.js';
import { CART_COOKIE, parseCart, priceCart } from './cart.js';
import { Catalog } from './catalog.js';
import { Pricing, TakenSets } from './deals.js';
import { EventStore } from './events.js';
import { assignArm, isVisitorId, newVisitorId } from './experiment.js';
import { cookie, parseCookies, sendHtml, VISITOR_COOKIE } from './http-util.js';
import { OfferService } from './offers.js';
import { OrderStore } from './orders.js';
import { IMPORT_MAP_HASH } from './pages/layout.js';
import { notFoundPage } from './pages/checkout.js';
import { readOrders, replayOrders } from './replay.js';
import { routes } from './routes.js';

const here = dirname(fileURLToPath(import.meta.url));
export const STORE_DIR = resolve(here, '..');
export const REPO_DIR = resolve(STORE_DIR, '..');

export function defaultConfig(env = process.env) {
  return {
    host: env.HOST || '127.0.0.1',
    port: Number(env.PORT ?? 8080),
    bundle: env.CARTLIFT_BUNDLE || join(STORE_DIR, 'build', 'bundle.json'),
    eval: env.CARTLIFT_EVAL || join(STORE_DIR, 'build', 'eval.json'),
    heldout: env.CARTLIFT_HELDOUT || join(REPO_DIR, 'data', 'online-retail', 'orders-2011-06_2011-08.csv.gz'),
    bench: env.CARTLIFT_BENCH_RESULTS || join(REPO_DIR, 'bench', 'RESULTS.md'),
    varDir: env.CARTLIFT_VAR || join(STORE_DIR, 'var'),
    edgeUrl: (env.EDGE_URL || 'http://127.0.0.1:8787').replace(/\/$/, ''),
    freeShipping: Number(env.FREE_DELIVERY_PENCE || 3000),
    shippingFee: Number(env.DELIVERY_FEE_PENCE || 395),
    cartLimit: 4,
  };
}

const CSP = [
  "default-src 'self'",
  // The import map is the only inline script; wasm needs wasm-unsafe-eval to compile.
  `script-src 'self' 'wasm-unsafe-eval' '${IMPORT_MAP_HASH}'`,
  // The widget's pre-rendered shadow root carries its own <style>.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function loadReplay(config, catalog, offers, log) {
  if (!offers.engine) return Promise.resolve({ error: `the engine did not load: ${offers.error?.message}` });
  if (!existsSync(config.heldout)) return Promise.resolve({ missing: true });
  // Cached beside the bundle: one engine call per held-out order is seconds of work per start.
  const b = statSync(config.bundle);
  const h = statSync(config.heldout);
  const key = `${b.size}:${Math.floor(b.mtimeMs)}:${h.size}:${Math.floor(h.mtimeMs)}`;
  const cacheFile = join(dirname(config.bundle), 'replay-cache.json');
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
    if (cached.key === key) return Promise.resolve(cached.replay);
  } catch {
    // no cache yet
  }
  return new Promise((resolveReplay) => {
    setImmediate(() => {
      try {
        const t = performance.now();
        const replay = replayOrders(readOrders(config.heldout), catalog, offers);
        log.log?.(`replay: ${replay.orders.length} held-out orders in ${Math.round(performance.now() - t)} ms`);
        try {
          writeFileSync(cacheFile, JSON.stringify({ key, replay }));
        } catch {
          // read-only build folder: fine, recompute next time
        }
        resolveReplay(replay);
      } catch (err) {
        log.error?.(`replay failed: ${err.message}`);
        resolveReplay({ error: err.message });
      }
    });
  });
}

export async function createStore(overrides = {}, { log = console } = {}) {
  const config = { ...defaultConfig(), ...overrides };
  if (!existsSync(config.bundle)) {
    throw new Error(`no store bundle at ${config.bundle}: run scripts/demo.sh (or cartlift build … -o ${config.bundle})`);
  }
  const bundleBytes = readFileSync(config.bundle);
  const bundle = JSON.parse(bundleBytes.toString('utf8'));
  const catalog = new Catalog(bundle);
  // The compact binary form of the same bundle, when scripts/demo.sh made one: the engine loads
  // it without parsing JSON (milliseconds instead of seconds in wasm), here and in the widget.
  const binaryPath = config.bundle.replace(/\.json$/, '.bin');
  const binaryBytes = binaryPath !== config.bundle && existsSync(binaryPath) &&
    statSync(binaryPath).mtimeMs >= statSync(config.bundle).mtimeMs ? readFileSync(binaryPath) : null;
  const offers = await OfferService.load(binaryBytes || bundleBytes, { log });
  const stats = bundleStats(bundle, catalog);
  const events = new EventStore(join(config.varDir, 'events.jsonl'));
  const orders = new OrderStore(join(config.varDir, 'orders.jsonl'));
  let gzipped = null;
  const app = {
    config,
    catalog,
    // The bundle's merchant rules, priced as the engine quotes them (deals.js).
    pricing: new Pricing(bundle.rules),
    takenSets: new TakenSets(),
    offers,
    stats,
    events,
    orders,
    bundleBytes,
    binaryBytes,
    get bundleGzip() {
      gzipped ??= gzipSync(bundleBytes, { level: 6 });
      return gzipped;
    },
    replay: null,
    log,
  };
  app.replay = loadReplay(config, catalog, offers, log);
  return app;
}

function context(app, req, res, url) {
  const cookies = parseCookies(req.headers.cookie);
  let visitor = cookies[VISITOR_COOKIE];
  const setCookies = [];
  if (!isVisitorId(visitor)) {
    visitor = newVisitorId();
    setCookies.push(cookie(VISITOR_COOKIE, visitor, { maxAge: 60 * 60 * 24 * 180 }));
  }
  const arm = assignArm(visitor);
  const lines = parseCart(cookies[CART_COOKIE], app.catalog);
  const ctx = {
    app,
    req,
    res,
    url,
    catalog: app.catalog,
    visitor,
    arm,
    lines,
    cartCount: lines.reduce((s, l) => s + l.qty, 0),
    priced: () => app.pricing.apply(priceCart(lines, app.catalog), app.takenSets.of(visitor)),
    freeShipping: app.config.freeShipping,
    shippingFee: app.config.shippingFee,
    viaEdge: req.headers['x-cartlift-via'] === 'edge',
    // Set by the edge worker on its requests to the store: the worker renders the offers into
    // the slot itself, so the store leaves it empty rather than making the worker back off.
    behindEdge: req.headers['x-cartlift-edge-hop'] === '1',
    edgeNotice: url.searchParams.get('via') === 'edge',
    edgeUrl: app.config.edgeUrl,
    setCookies,
  };
  const rest = new URLSearchParams(url.searchParams);
  rest.delete('via');
  ctx.pathWithoutVia = url.pathname + (rest.size ? `?${rest}` : '');
  if (req.method === 'GET' && !/^\/(static|vendor|img|api)\//.test(url.pathname) && url.pathname !== '/bundle.json' && url.pathname !== '/bundle.bin') {
    app.events.noteVisit(visitor, arm);
  }
  return ctx;
}

export async function handle(app, req, res) {
  const url = new URL(req.url, 'http://store.local');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  const ctx = context(app, req, res, url);
  if (ctx.setCookies.length) res.setHeader('Set-Cookie', ctx.setCookies);
  try {
    for (const route of routes) {
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue;
      const m = route.path.exec(url.pathname);
      if (!m) continue;
      const handled = await route.handler(ctx, ...m.slice(1).map((s) => (s == null ? s : safeDecode(s))));
      if (handled !== false) return;
    }
    sendHtml(ctx, notFoundPage(ctx), 404);
  } catch (err) {
    const status = err.status || 500;
    if (status >= 500) app.log.error?.(err.stack || err);
    if (!res.headersSent) {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(status >= 500 ? 'Something went wrong on our side.' : String(err.message));
    } else res.end();
  }
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Starts the store; resolves once it listens. `port: 0` picks a free port (tests). */
export async function startStore(overrides = {}, opts = {}) {
  const app = await createStore(overrides, opts);
  const server = http.createServer((req, res) => handle(app, req, res));
  server.keepAliveTimeout = 5000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(app.config.port, app.config.host, ok);
  });
  const { port } = server.address();
  const url = `http://${app.config.host}:${port}`;
  return {
    app,
    server,
    url,
    port,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections?.();
      }),
  };
}
