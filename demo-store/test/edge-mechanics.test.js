// The edge worker (real workerd) rendering the rules' mechanics into a cart page: a volume tier
// and a next-order reward whose text, code and product title are hostile, with the widget's own
// renderer and with the worker's fallback renderer. Escaped either way; a cart that earns no
// offers still passes through byte for byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, nativeCli, prepareBuild, startWorkerd } from '../edge/build.mjs';

const CODE = '"><img src=x onerror=alert(1)>';
const TEXT = '<script>alert(2)</script> 10 % off next time';
const TITLE = '<svg onload=alert(3)> NAPKINS';
const PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Basket</title></head><body><main><h1>Your basket</h1>' +
  '<section data-cartlift-slot><cartlift-offers placement="cart" limit="4" types="cross_sell,bundle,volume,reward"></cartlift-offers></section>' +
  '</main></body></html>';

function buildBundle(dir) {
  const products = [
    { id: 'TEA', title: 'TEAPOT', price: '12.00', category: ['Kitchen'], url: '/product/TEA' },
    { id: 'CUP', title: 'TEACUP', price: '3.50', category: ['Kitchen'], url: '/product/CUP' },
    { id: 'NAP', title: TITLE, price: '1.25', category: ['Kitchen'], url: '/product/NAP' },
  ];
  writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify({ format: 'cartlift.catalog/1', currency: 'GBP', products }));
  const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  for (let k = 0; k < 10; k++) for (const id of ['TEA', 'CUP', 'NAP']) rows.push(`${4000 + k},${id},x,1,2011-01-01 10:00:00,1.00,1.0,United Kingdom`);
  writeFileSync(path.join(dir, 'orders.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'rules.json'),
    JSON.stringify({ volume_tiers: [{ min_qty: 4, percent_off: 10, products: ['NAP'] }], reward: { code: CODE, text: TEXT, min_order: 500 } }),
  );
  const out = path.join(dir, 'bundle.json');
  execFileSync(nativeCli, ['build', '--quiet', '--orders', path.join(dir, 'orders.csv'), '--catalog', path.join(dir, 'catalog.json'), '--rules', path.join(dir, 'rules.json'), '-o', out]);
  return out;
}

const cookie = (cart) => `cartlift_cart=${encodeURIComponent(JSON.stringify(cart))}`;

async function get(url, headers) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('edge worker: volume and reward offers', { timeout: 240_000 }, () => {
  let tmp;
  let origin;
  let originUrl;
  let bundle;
  const edges = {};

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'cartlift-edge-mech-'));
    bundle = buildBundle(tmp);
    origin = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE), 'cache-control': 'public, max-age=60' });
      res.end(PAGE);
    });
    await new Promise((r) => origin.listen(0, '127.0.0.1', r));
    originUrl = `http://127.0.0.1:${origin.address().port}`;
    for (const [name, widgetMarkup] of [['widget', true], ['fallback', false]]) {
      const port = await freePort();
      const build = prepareBuild({ dir: path.join(tmp, name), origin: originUrl, port, bundle, budgetMs: 30_000, widgetMarkup });
      assert.equal(build.widgetMarkup, widgetMarkup);
      edges[name] = await startWorkerd({ config: build.config, port });
    }
  });

  after(async () => {
    await Promise.all(Object.values(edges).map((e) => e.stop()));
    await new Promise((r) => origin?.close(r));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  // The engine loads in the background on a cold isolate: ask until the worker injected.
  async function injected(edge, cart) {
    for (let i = 0; i < 600; i++) {
      const res = await get(`${edge.url}/cart`, { cookie: cookie(cart) });
      if (res.headers.get('server-timing')) return res.body.toString('utf8');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the worker never injected offers');
  }

  function assertInert(html) {
    for (const raw of [CODE, TEXT, '<svg onload', '<img src=x', '<script>alert']) assert.ok(!html.includes(raw), `unescaped data: ${raw}`);
    assert.match(html, /(&quot;|")&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/span>/, 'the code is shown, escaped');
    assert.ok(html.includes('&lt;script&gt;alert(2)&lt;/script&gt; 10 % off next time'), 'the reward text is shown, escaped');
    assert.ok(html.includes('&lt;svg onload=alert(3)&gt;'), 'the product title is shown, escaped');
  }

  test("the widget's renderer: a volume note with its quantity and a reward without a control", async () => {
    const html = await injected(edges.widget, [{ id: 'NAP', qty: 2 }, { id: 'TEA', qty: 1 }]);
    assertInert(html);
    const volume = html.match(/<div class="cl-note cl-volume" part="volume"[^>]*>[\s\S]*?<\/button><\/div>/);
    assert.ok(volume, 'a volume note');
    assert.match(volume[0], /data-id="NAP"[^>]*data-add-qty="2"/);
    assert.match(volume[0], /Buy 4 or more: 10% off\. Add 2 more for £2\.50 and save £0\.50 on all 4/);
    assert.match(volume[0], />Add 2 more<\/button>/);
    const reward = html.match(/<div class="cl-note cl-reward" part="reward"[\s\S]*?<\/div><\/div>/);
    assert.ok(reward, 'a reward note');
    assert.doesNotMatch(reward[0], /<(button|a|input)\b/, 'nothing to press in the reward');
    assert.match(reward[0], /<span class="cl-code" part="code" dir="ltr">"&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/span>/);
  });

  test("the worker's fallback renderer: the same offers, escaped", async () => {
    const html = await injected(edges.fallback, [{ id: 'NAP', qty: 2 }, { id: 'TEA', qty: 1 }]);
    assertInert(html);
    assert.match(html, /data-id="NAP" data-type="volume"[^>]*data-add-qty="2"/);
    assert.match(html, /<li class="cl-note cl-reward"[^>]*data-type="reward"[\s\S]*?<span class="cl-code">&quot;&gt;&lt;img/);
  });

  test('a cart without offers passes through unchanged', async () => {
    await injected(edges.widget, [{ id: 'NAP', qty: 2 }, { id: 'TEA', qty: 1 }]); // warm
    const direct = await get(`${originUrl}/cart`, {});
    for (const edge of Object.values(edges)) {
      const res = await get(`${edge.url}/cart`, { cookie: cookie([{ id: 'UNKNOWN', qty: 3 }]) });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('server-timing'), null);
      assert.ok(res.body.equals(direct.body), 'byte for byte');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=60');
    }
  });
});
