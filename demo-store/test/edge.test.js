// The edge worker in the real runtime: a node:http origin serving fixture pages, workerd running
// edge/worker.js, and assertions on the HTTP responses a browser would get.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoBundle, freePort, prepareBuild, startWorkerd } from '../edge/build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'edge');
const HOSTILE = '<img src=x onerror=alert(1)>';
const MAX_HTML_BYTES = 64 * 1024;

const cartScript = (cart) => `<script type="application/json" id="cartlift-cart">${JSON.stringify(cart)}</script>`;
const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Basket</title></head><body><main>${body}</main></body></html>`;
const CART_PAGE = page(
  `<h1>Your basket</h1><aside id="offers" data-cartlift-slot><p>More for your basket</p></aside>${cartScript([{ id: 'A1', qty: 1 }])}`,
);
const PAGES = {
  cart: CART_PAGE,
  nocart: page('<h1>Your basket</h1><aside data-cartlift-slot></aside>'),
  noslot: page(`<h1>Your basket</h1>${cartScript([{ id: 'A1', qty: 1 }])}`),
  adopted: page(`<aside data-cartlift-slot><section data-cartlift-ssr>already there</section></aside>${cartScript([{ id: 'A1' }])}`),
  widget: page('<h1>Checkout</h1><cartlift-offers data-cartlift-slot placement="checkout" limit="2"></cartlift-offers>'),
  // The demo store's shape: a section slot holding its own <cartlift-offers> host.
  store: page(
    `<section class="slot" data-cartlift-slot aria-label="Suggestions"><cartlift-offers bundle="/bundle.json" placement="cart" limit="3" types="cross_sell,bundle" visitor="v-1" cart='[{"id":"A1","qty":1}]'></cartlift-offers></section>`,
  ),
  big: page(`<aside data-cartlift-slot></aside>${cartScript([{ id: 'A1' }])}<p>${'x'.repeat(MAX_HTML_BYTES)}</p>`),
};
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function htmlHeaders(res, extra = {}) {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'public, max-age=300');
  res.setHeader('etag', '"page-v1"');
  res.setHeader('last-modified', 'Mon, 02 Nov 2026 10:00:00 GMT');
  res.setHeader('vary', 'Accept-Encoding');
  res.setHeader('set-cookie', 'session=abc; Path=/; HttpOnly');
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
}

// Routes by the `f` query parameter so every fixture lives on a personalised path (/cart,
// /checkout): what is tested is the worker's judgement of the response, not the path match.
function origin(req, res) {
  res.sendDate = false;
  const url = new URL(req.url, 'http://origin');
  const f = url.searchParams.get('f') || (url.pathname === '/checkout' ? 'widget' : 'cart');
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      htmlHeaders(res);
      res.end(page(`<aside data-cartlift-slot></aside><pre>${Buffer.concat(chunks).toString('utf8')}</pre>${cartScript([{ id: 'A1' }])}`));
    });
    return;
  }
  switch (f) {
    case 'gzip': {
      htmlHeaders(res, { 'content-encoding': 'gzip' });
      return res.end(gzipSync(CART_PAGE));
    }
    case 'stream': {
      htmlHeaders(res);
      res.write(CART_PAGE.slice(0, 100));
      setTimeout(() => res.write(CART_PAGE.slice(100, 200)), 30);
      setTimeout(() => res.end(CART_PAGE.slice(200)), 60);
      return;
    }
    case '404':
      htmlHeaders(res);
      res.statusCode = 404;
      return res.end(CART_PAGE);
    case 'json':
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'public, max-age=60');
      return res.end(JSON.stringify({ cart: [{ id: 'A1', qty: 1 }] }));
    case 'image':
      res.setHeader('content-type', 'image/png');
      res.setHeader('cache-control', 'public, max-age=86400, immutable');
      return res.end(PNG);
    case 'notransform':
      htmlHeaders(res, { 'cache-control': 'public, max-age=60, no-transform' });
      return res.end(CART_PAGE);
    default:
      htmlHeaders(res);
      return res.end(PAGES[f] ?? CART_PAGE);
  }
}

/** Raw HTTP exchange: bytes exactly as sent (no decompression), headers as received. */
function request(base, pathAndQuery, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + pathAndQuery, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

// Headers that describe the connection, not the response.
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);
const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k)));

function cookieFor(cart) {
  return `theme=dark; cartlift_cart=${encodeURIComponent(JSON.stringify(cart))}; other=1`;
}

async function waitForOffers(base, pathAndQuery, headers, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const res = await request(base, pathAndQuery, { headers });
    if (res.headers['server-timing']) return res;
    if (Date.now() - started > timeoutMs) throw new Error('the worker never injected offers');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let originServer;
let originUrl;
let tmp;
const workers = [];

async function startEdge(name, opts) {
  const port = await freePort();
  const build = prepareBuild({ dir: path.join(tmp, name), origin: originUrl, port, ...opts });
  const w = await startWorkerd({ config: build.config, port });
  workers.push(w);
  return w;
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cartlift-edge-'));
  originServer = http.createServer(origin);
  await new Promise((r) => originServer.listen(0, '127.0.0.1', r));
  originUrl = `http://127.0.0.1:${originServer.address().port}`;
});

after(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await new Promise((r) => originServer.close(r));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('edge worker with a hostile catalog', () => {
  let edge;
  before(async () => {
    // A generous budget: this suite is about what is injected; the budget has its own test.
    edge = await startEdge('hostile', {
      bundle: path.join(fixtures, 'hostile-bundle.json'),
      budgetMs: 30_000,
      maxHtmlBytes: MAX_HTML_BYTES,
    });
    await waitForOffers(edge.url, '/cart', { cookie: cookieFor([{ id: 'A1', qty: 1 }]) });
  });

  async function assertUnchanged(pathAndQuery, init = {}) {
    const direct = await request(originUrl, pathAndQuery, init);
    const viaEdge = await request(edge.url, pathAndQuery, init);
    assert.equal(viaEdge.status, direct.status, 'status');
    assert.deepEqual(endToEnd(viaEdge.headers), endToEnd(direct.headers), 'headers');
    assert.ok(viaEdge.body.equals(direct.body), `body of ${pathAndQuery} must be byte-identical`);
    assert.equal(viaEdge.headers['server-timing'], undefined);
    return viaEdge;
  }

  test('offers for a cookie cart are injected into the slot, titles escaped', async () => {
    const res = await request(edge.url, '/cart', { headers: { cookie: cookieFor([{ id: 'A1', qty: 1 }]) } });
    assert.equal(res.status, 200);
    const html = res.body.toString('utf8');
    assert.match(html, /data-cartlift-ssr/);
    for (const id of ['B2', 'C3', 'D4']) assert.match(html, new RegExp(`data-id="${id}"`));
    assert.match(html, /Bought together in 12 of 40 orders with Plain Mug|Bought together in 12 of 40 orders with PLAIN MUG/);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the hostile title is shown, escaped');
    assert.ok(!html.includes(HOSTILE), 'the hostile title never appears as markup');
    assert.ok(!html.includes('javascript:alert(2)'), 'unsafe links are dropped');
    assert.ok(!/onload="alert\(3\)"/.test(html), 'attribute injection through an image URL is impossible');
    // The page around the offers is exactly the origin's.
    const block = html.match(/<cartlift-offers [^>]*>[\s\S]*<\/cartlift-offers>/);
    assert.ok(block, 'offers are wrapped in a <cartlift-offers> host the widget adopts');
    assert.equal(html.replace(block[0], ''), CART_PAGE);
    assert.ok(html.indexOf(block[0]) < html.indexOf('</aside>'), 'appended inside the slot');
  });

  test('hostile text in reasons is escaped too', async () => {
    const res = await request(edge.url, '/cart', { headers: { cookie: cookieFor([{ id: 'B2', qty: 2 }]) } });
    const html = res.body.toString('utf8');
    assert.match(html, /data-id="A1"/);
    assert.ok(html.includes('orders with &lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes(HOSTILE));
  });

  test('personalised responses are private, vary on Cookie and carry the engine time', async () => {
    const res = await request(edge.url, '/cart', { headers: { cookie: cookieFor([{ id: 'A1', qty: 1 }]) } });
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.headers.vary, /Accept-Encoding/);
    assert.match(res.headers.vary, /Cookie/);
    assert.equal(res.headers.etag, undefined, "the origin's validator no longer describes the body");
    assert.equal(res.headers['last-modified'], undefined);
    assert.match(res.headers["server-timing"], /^cartlift;dur=\d+(\.\d+)?, cartlift-html;dur=\d+(\.\d+)?$/);
    assert.deepEqual(res.headers['set-cookie'], ['session=abc; Path=/; HttpOnly'], "the origin's cookies still reach the shopper");
    assert.equal(Number(res.headers['content-length']), res.body.length);
  });

  test('without the cookie the cart embedded in the page is used', async () => {
    const res = await request(edge.url, '/cart');
    const html = res.body.toString('utf8');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.headers['server-timing'], /^cartlift;dur=/);
    assert.match(html, /data-id="B2"/);
    assert.match(html, /cart="\[\{&quot;id&quot;:&quot;A1&quot;,&quot;qty&quot;:1\}\]"/);
  });

  test('a <cartlift-offers> slot gets the markup directly, with its own limit and placement', async () => {
    const res = await request(edge.url, '/checkout', { headers: { cookie: cookieFor([{ id: 'A1', qty: 1 }]) } });
    const html = res.body.toString('utf8');
    assert.match(html, /<cartlift-offers data-cartlift-slot placement="checkout" limit="2">(<template shadowrootmode="open">)?[\s\S]*data-cartlift-ssr/);
    assert.equal((html.match(/<cartlift-offers/g) || []).length, 1, 'no second host inside the store’s own');
    assert.equal((html.match(/data-offer-index=/g) || []).filter(Boolean).length >= 2, true);
    assert.match(html, /data-key="\[\[\[&quot;A1&quot;,1\]\],2,null,&quot;checkout&quot;\]"/);
  });

  test("the store's own <cartlift-offers> inside the slot receives the markup", async () => {
    const res = await request(edge.url, '/cart?f=store', { headers: { cookie: cookieFor([{ id: 'A1', qty: 1 }]) } });
    const html = res.body.toString('utf8');
    assert.equal((html.match(/<cartlift-offers/g) || []).length, 1, 'no second widget host');
    assert.match(html, /<cartlift-offers bundle="\/bundle.json"[^>]*>(<template shadowrootmode="open">)?[\s\S]*data-cartlift-ssr[\s\S]*<\/cartlift-offers><\/section>/);
    assert.match(html, /data-key="\[\[\[&quot;A1&quot;,1\]\],3,\[&quot;cross_sell&quot;,&quot;bundle&quot;\],&quot;cart&quot;\]"/);
  });

  describe('fails open: the origin response passes through unchanged', () => {
    const cookie = cookieFor([{ id: 'A1', qty: 1 }]);
    test('page without a slot', () => assertUnchanged('/cart?f=noslot', { headers: { cookie } }));
    test('page that already has server-rendered offers', () => assertUnchanged('/cart?f=adopted', { headers: { cookie } }));
    test('gzip-encoded page', () => assertUnchanged('/cart?f=gzip', { headers: { cookie, 'accept-encoding': 'gzip' } }));
    test('streamed page of unknown length', () => assertUnchanged('/cart?f=stream', { headers: { cookie } }));
    test('page larger than MAX_HTML_BYTES', () => assertUnchanged('/cart?f=big', { headers: { cookie } }));
    test('Cache-Control: no-transform', () => assertUnchanged('/cart?f=notransform', { headers: { cookie } }));
    test('404', () => assertUnchanged('/cart?f=404', { headers: { cookie } }));
    test('JSON response', () => assertUnchanged('/cart?f=json', { headers: { cookie } }));
    test('image', () => assertUnchanged('/cart?f=image', { headers: { cookie } }));
    test('HEAD', () => assertUnchanged('/cart', { method: 'HEAD', headers: { cookie } }));
    test('POST', () =>
      assertUnchanged('/cart', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'add=B2&qty=1',
      }));
    test('page outside the configured paths', () => assertUnchanged('/product/A1', { headers: { cookie } }));
    test('no cart at all', () => assertUnchanged('/cart?f=nocart'));
    test('cart of products the catalog does not know (no offers)', () =>
      assertUnchanged('/cart', { headers: { cookie: cookieFor([{ id: 'NOPE', qty: 1 }]) } }));
    // An unusable cookie is not replaced by the embedded cart: the page has one, and it is ignored.
    test('malformed cookie', () => assertUnchanged('/cart', { headers: { cookie: 'cartlift_cart=%7B%22id%22%3A' } }));
    test('cookie that is not a cart', () => assertUnchanged('/cart', { headers: { cookie: cookieFor({ id: 'A1' }) } }));
    test('cookie line with a bad quantity', () =>
      assertUnchanged('/cart', { headers: { cookie: cookieFor([{ id: 'A1', qty: -1 }]) } }));
    test('cookie over 4 KB', () =>
      assertUnchanged('/cart', { headers: { cookie: cookieFor([{ id: 'A1', qty: 1 }, { id: 'X'.repeat(250), qty: 1 }].concat(Array.from({ length: 20 }, (_, i) => ({ id: `P${i}${'y'.repeat(200)}`, qty: 1 })))) } }));
    test('cookie with more than 100 lines', () =>
      assertUnchanged('/cart', { headers: { cookie: cookieFor(Array.from({ length: 101 }, (_, i) => ({ id: String(i) }))) } }));
  });
});

describe('edge worker faults', () => {
  test('engine error (a bundle the engine rejects): unchanged', async () => {
    const edge = await startEdge('broken', { bundle: path.join(fixtures, 'broken-bundle.json'), budgetMs: 30_000 });
    const cookie = cookieFor([{ id: 'A1', qty: 1 }]);
    for (let i = 0; i < 3; i++) {
      const direct = await request(originUrl, '/cart', { headers: { cookie } });
      const viaEdge = await request(edge.url, '/cart', { headers: { cookie } });
      assert.equal(viaEdge.status, 200);
      assert.deepEqual(endToEnd(viaEdge.headers), endToEnd(direct.headers));
      assert.ok(viaEdge.body.equals(direct.body));
    }
    assert.match(edge.logs(), /served without offers/);
  });

  test('engine-time budget overrun (cold engine, 1 ms budget): unchanged', async () => {
    const bundle = buildDemoBundle(path.join(tmp, 'demo-bundle.json')) ?? path.join(fixtures, 'hostile-bundle.json');
    const edge = await startEdge('budget', { bundle, budgetMs: 1 });
    const cookie = cookieFor([{ id: '85123A', qty: 2 }, { id: 'A1', qty: 1 }]);
    const direct = await request(originUrl, '/cart', { headers: { cookie } });
    const viaEdge = await request(edge.url, '/cart', { headers: { cookie } });
    assert.equal(viaEdge.status, direct.status);
    assert.deepEqual(endToEnd(viaEdge.headers), endToEnd(direct.headers));
    assert.ok(viaEdge.body.equals(direct.body));
    assert.match(edge.logs(), /served without offers \(budget/);
  });
});

describe('edge worker with the demo catalog (native CLI bundle)', () => {
  let edge;
  let bundle;
  before(async () => {
    bundle = buildDemoBundle(path.join(tmp, 'demo-bundle.json'));
    if (!bundle) return;
    edge = await startEdge('demo', { bundle, budgetMs: 30_000 });
  });

  test('offers from the real order history are injected', async (t) => {
    if (!bundle) throw new Error('build/native-release/bin/cartlift is not built: run the native build first');
    const cookie = cookieFor([{ id: '85123A', qty: 2 }, { id: '22423', qty: 1 }]);
    const res = await waitForOffers(edge.url, '/cart', { cookie });
    const html = res.body.toString('utf8');
    assert.match(html, /data-cartlift-ssr/);
    assert.match(html, /Bought together in [\d,]+ of [\d,]+ orders with/);
    assert.ok((html.match(/data-offer-index=/g) || []).length >= 2);
    assert.ok(!/data-id="(85123A|22423)"/.test(html), 'items already in the cart are not offered');
    assert.match(res.headers['server-timing'], /^cartlift;dur=/);
  });
});
