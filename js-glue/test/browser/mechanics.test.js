// Offer mechanics from the bundle's rules (set bundles, volume tiers, protection plans, the
// next-order reward) in real Chromium: a small store built with the native CLI and its rules,
// served by the wasm engine of the packed package, rendered by <cartlift-offers> and by the
// server-side markup it adopts. A hostile reward (markup in its text and code) stays text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { ensureOutputDir, launch, packAndUnpack, REPO_DIR, startServer, storePage, waitForOffers, watchPage, workDir } from './helpers.js';

const CLI = join(REPO_DIR, 'build', 'native-release', 'bin', 'cartlift');
const CART = [
  { id: 'TEA', qty: 1 },
  { id: 'NAP', qty: 2 },
  { id: 'LAMP', qty: 1 },
];
const REQUEST = { cart: CART, limit: 4, page: 'cart' };
const HOSTILE_CODE = '"><img src=x onerror=window.__pwned=1>';
const HOSTILE_TEXT = '<script>window.__pwned=2</script><b>10 % off</b> your next order';
const HOSTILE_TITLE = '<img src=x onerror=window.__pwned=3> NAPKINS';

const RULES = {
  bundles: [{ id: 'tea-set', title: 'Tea for two', products: ['TEA', 'CUP', 'SAU'], percent_off: 10 }],
  volume_tiers: [{ min_qty: 4, percent_off: 10, products: ['NAP'] }],
  protection: [{ categories: ['Lighting'], min_price: 2000, product: 'CARE' }],
  reward: { code: 'THANKS10', text: '10 % off your next order', min_order: 2000 },
};

/** A tea shop built by the real CLI from a catalog, a few orders and `rules`. */
function buildShop(dir, name, { rules = RULES, napTitle = 'NAPKINS' } = {}) {
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: build the native-release preset first`);
  const products = [
    { id: 'TEA', title: 'TEAPOT', price: '12.00', category: ['Kitchen'], url: '/product/TEA', image: '/img/TEA.svg' },
    { id: 'CUP', title: 'TEACUP', price: '3.50', category: ['Kitchen'], url: '/product/CUP', image: '/img/CUP.svg' },
    { id: 'SAU', title: 'SAUCER', price: '2.25', category: ['Kitchen'], url: '/product/SAU', image: '/img/SAU.svg' },
    { id: 'NAP', title: napTitle, price: '1.25', category: ['Kitchen'], url: '/product/NAP', image: '/img/NAP.svg' },
    { id: 'LAMP', title: 'DESK LAMP', price: '30.00', category: ['Lighting'], url: '/product/LAMP', image: '/img/LAMP.svg' },
    { id: 'CARE', title: '2-YEAR CARE PLAN', price: '4.00', category: ['Services'], kind: 'protection', url: '/product/CARE' },
  ];
  const catalog = join(dir, `${name}-catalog.json`);
  writeFileSync(catalog, JSON.stringify({ format: 'cartlift.catalog/1', currency: 'GBP', products }));
  const baskets = [];
  for (let k = 0; k < 12; k++) baskets.push(['TEA', 'CUP', 'SAU']);
  for (let k = 0; k < 6; k++) baskets.push(['NAP', 'CUP']);
  for (let k = 0; k < 4; k++) baskets.push(['LAMP', 'NAP']);
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  baskets.forEach((b, k) => b.forEach((id) => lines.push(`${3000 + k},${id},x,1,2011-01-01 10:00:00,1.00,1.0,United Kingdom`)));
  const orders = join(dir, `${name}-orders.csv`);
  writeFileSync(orders, `${lines.join('\n')}\n`);
  const rulesFile = join(dir, `${name}-rules.json`);
  writeFileSync(rulesFile, JSON.stringify(rules));
  const out = join(dir, `${name}.json`);
  execFileSync(CLI, ['build', '--quiet', '--orders', orders, '--catalog', catalog, '--rules', rulesFile, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

let work;
let pkg;
let server;
let browser;
let shopPath;
let hostilePath;
let engineFor;

before(async () => {
  work = workDir('cartlift-mechanics-');
  shopPath = buildShop(work.dir, 'shop');
  hostilePath = buildShop(work.dir, 'hostile', { rules: { ...RULES, reward: { code: HOSTILE_CODE, text: HOSTILE_TEXT, min_order: 100 } }, napTitle: HOSTILE_TITLE });
  pkg = packAndUnpack(work.dir);
  server = await startServer({ packageRoot: pkg.root });
  server.serveFile('shop.json', readFileSync(shopPath));
  server.serveFile('hostile.json', readFileSync(hostilePath));
  const { createEngine } = await import(pathToFileURL(join(pkg.root, 'src/node.js')).href);
  engineFor = async (path) => createEngine(readFileSync(path));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  work?.remove();
});

const events = (p, type) => p.evaluate((t) => window.__events.filter((e) => e.type === t), type);
const byType = (response, type) => response.offers.find((o) => o.type === type);

// What a shopper sees of each mechanic, read from the shadow DOM.
function readMechanics(p, selector = '#w') {
  return p.evaluate((sel) => {
    const root = document.querySelector(sel).shadowRoot;
    const one = (q) => root.querySelector(q);
    const text = (el, q) => el?.querySelector(q)?.textContent ?? null;
    const volume = one('[part~="volume"]');
    const reward = one('[part~="reward"]');
    const bundle = one('[part~="bundle"]');
    const protection = one('[part~="protection"]');
    return {
      volume: volume && {
        id: volume.dataset.id,
        message: text(volume, '.cl-message'),
        name: text(volume, '.cl-name'),
        button: text(volume, 'button'),
      },
      reward: reward && {
        message: text(reward, '.cl-message'),
        code: text(reward, '.cl-code'),
        line: text(reward, '.cl-reason'),
        controls: reward.querySelectorAll('button, a, input, select, textarea, [tabindex]').length,
        userSelect: getComputedStyle(reward.querySelector('.cl-code')).userSelect,
        last: reward === root.querySelector('.cl').lastElementChild,
      },
      bundle: bundle && {
        title: text(bundle, '.cl-name'),
        titleIsLink: bundle.querySelector('.cl-name').localName === 'a',
        products: [...bundle.querySelectorAll('.cl-bundle-items li')].map((li) => ({
          id: li.dataset.id,
          name: li.querySelector('.cl-bundle-name').textContent,
          href: li.querySelector('a.cl-bundle-name')?.getAttribute('href') ?? null,
          price: li.querySelector('.cl-bundle-price')?.textContent ?? null,
        })),
        price: text(bundle, '[part~="price"]'),
        was: text(bundle, '[part~="list-price"] s'),
        save: text(bundle, '[part~="saving"]'),
        button: text(bundle, 'button'),
      },
      protection: protection && {
        for: protection.dataset.for,
        eyebrow: text(protection, '.cl-eyebrow'),
        reason: text(protection, '.cl-reason'),
        checkbox: protection.querySelectorAll('input').length,
        button: text(protection, 'button'),
      },
      scriptish: root.querySelectorAll('script, img:not(.cl-media), iframe, svg, b, i').length,
    };
  }, selector);
}

test('volume, reward, bundle and protection offers from the real engine render as their own parts', async () => {
  const engine = await engineFor(shopPath);
  const response = engine.recommend(REQUEST);
  assert.deepEqual(response.offers.map((o) => o.type).sort(), ['addon', 'bundle', 'reward', 'volume']);
  const vol = byType(response, 'volume');
  const reward = byType(response, 'reward');
  const set = byType(response, 'bundle');
  assert.equal(vol.add_qty, 2);

  const page = await browser.newPage({ viewport: { width: 760, height: 1100 } });
  const problems = watchPage(page);
  const url = server.page(
    'mechanics',
    storePage({
      body: `<div id="frame" style="padding:24px;background:#f3f4f6"><cartlift-offers id="w" bundle="/fixtures/shop.json" placement="cart" limit="4" locale="en-GB"
        cart='${JSON.stringify(CART)}'></cartlift-offers></div>`,
      script: `import 'cartlift/widget';`,
    }),
  );
  await page.goto(url);
  await waitForOffers(page);
  const m = await readMechanics(page);

  assert.equal(m.volume.id, 'NAP');
  assert.equal(m.volume.message, vol.reason.text);
  assert.match(m.volume.message, /^Buy 4 or more: 10% off\. Add 2 more for £2\.50 and save £0\.50 on all 4$/);
  assert.equal(m.volume.name, 'Napkins');
  assert.equal(m.volume.button, 'Add 2 more');

  assert.equal(m.reward.message, reward.title);
  assert.equal(m.reward.code, 'THANKS10');
  assert.equal(m.reward.line, 'Your code: THANKS10');
  assert.equal(m.reward.controls, 0, 'a reward has nothing to press');
  assert.equal(m.reward.userSelect, 'all', 'the code selects as one piece for copying');
  assert.ok(m.reward.last, 'the reward comes last, after everything that can be added');

  assert.equal(m.bundle.title, 'Tea for two');
  assert.equal(m.bundle.titleIsLink, false, 'the set title does not link to its first product');
  assert.deepEqual(
    m.bundle.products,
    set.products.map((p) => ({ id: p.id, name: p.id === 'CUP' ? 'Teacup' : 'Saucer', href: `/product/${p.id}`, price: p.price_text })),
  );
  assert.equal(m.bundle.price, set.price_text);
  assert.equal(m.bundle.was, set.list_price_text);
  assert.equal(m.bundle.save, `Save ${set.discount_text}`);

  assert.equal(m.protection.for, 'LAMP');
  assert.equal(m.protection.eyebrow, 'Protection');
  assert.match(m.protection.reason, /Desk Lamp/, 'says what it protects');
  assert.equal(m.protection.checkbox, 0, 'a protection plan is never a pre-ticked box');
  assert.equal(m.protection.button, 'Add protection');

  // The volume button asks for add_qty more of the same product; the bundle for its products.
  await page.locator('#w [part~="volume-button"]').click();
  await page.locator('#w [part~="bundle-button"]').click();
  await page.locator('#w [part~="protection-button"]').click();
  const adds = await events(page, 'cartlift:add');
  assert.deepEqual(
    adds.map((a) => [a.detail.source, a.detail.ids, a.detail.lines]),
    [
      ['volume', ['NAP'], [{ id: 'NAP', qty: 2 }]],
      ['bundle', ['CUP', 'SAU'], [{ id: 'CUP', qty: 1 }, { id: 'SAU', qty: 1 }]],
      ['addon', ['CARE'], [{ id: 'CARE', qty: 1 }]],
    ],
  );
  assert.equal(adds[0].detail.offers[0].add_qty, 2);
  const imps = await events(page, 'cartlift:impression');
  assert.deepEqual(imps[0].detail.ids, response.offers.map((o) => o.id));

  // Accessible in both themes.
  await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => document.querySelector('#w').setAttribute('theme', t), theme);
    await page.waitForTimeout(300);
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    assert.deepEqual(violations, [], theme);
  }
  await page.evaluate(() => document.querySelector('#w').removeAttribute('theme'));
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForTimeout(300);
  await page.locator('#frame').screenshot({ path: join(ensureOutputDir(), 'widget-mechanics.png') });
  await page.setViewportSize({ width: 420, height: 1300 });
  await page.waitForTimeout(200);
  await page.locator('#frame').screenshot({ path: join(ensureOutputDir(), 'widget-mechanics-narrow.png') });
  const overflow = await page.evaluate(() => {
    const cl = document.querySelector('#w').shadowRoot.querySelector('.cl');
    return cl.scrollWidth - cl.clientWidth;
  });
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px in a narrow column`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('server-rendered mechanics are adopted: the volume button still carries its quantity', async () => {
  const { renderOffersHTML } = await import(pathToFileURL(join(pkg.root, 'src/widget/index.js')).href);
  const engine = await engineFor(shopPath);
  const response = engine.recommend(REQUEST);
  const ssr = renderOffersHTML(response, { request: REQUEST, locale: 'en-GB' });
  assert.match(ssr, /part="volume"[^>]*data-add-qty="2"/);
  assert.match(ssr, /<span class="cl-code" part="code" dir="ltr">THANKS10<\/span>/);

  const page = await browser.newPage();
  const problems = watchPage(page);
  const url = server.page(
    'mechanics-ssr',
    storePage({
      body: `<cartlift-offers id="w" bundle="/fixtures/shop.json" placement="cart" limit="4" locale="en-GB" cart='${JSON.stringify(CART)}'>${ssr}</cartlift-offers>
        <script>window.__ssrNode = document.querySelector('#w').shadowRoot.querySelector('[data-cartlift-ssr]');</script>`,
      script: `await import('cartlift/widget'); window.__defined = true;`,
    }),
  );
  const fetchesBefore = server.log.filter((x) => x === '/fixtures/shop.json').length;
  await page.goto(url);
  await page.waitForFunction(() => window.__defined && window.__events.some((e) => e.type === 'cartlift:impression'));
  assert.ok(await page.evaluate(() => window.__ssrNode === document.querySelector('#w').shadowRoot.querySelector('.cl')), 'the server node is kept');
  assert.equal(server.log.filter((x) => x === '/fixtures/shop.json').length, fetchesBefore, 'no bundle download');
  await page.locator('#w [part~="volume-button"]').click();
  await page.locator('#w [part~="bundle-button"]').click();
  const adds = await events(page, 'cartlift:add');
  assert.deepEqual(adds[0].detail.lines, [{ id: 'NAP', qty: 2 }]);
  assert.equal(adds[0].detail.offers[0].add_qty, 2);
  assert.deepEqual(adds[1].detail.ids, ['CUP', 'SAU']);
  assert.deepEqual(adds[1].detail.offers[0].products.map((p) => [p.id, p.price]), byType(response, 'bundle').products.map((p) => [p.id, p.price]));
  assert.equal(adds[1].detail.offers[0].bundle_id, 'tea-set');
  const imps = await events(page, 'cartlift:impression');
  assert.deepEqual(imps[0].detail.ids, response.offers.map((o) => o.id));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a hostile reward text and code (and product title) are shown as text, in the browser and from server markup', async () => {
  const engine = await engineFor(hostilePath);
  const response = engine.recommend(REQUEST);
  const reward = byType(response, 'reward');
  assert.equal(reward.code, HOSTILE_CODE, 'the engine passes the code through as data');
  const { renderOffersHTML } = await import(pathToFileURL(join(pkg.root, 'src/widget/index.js')).href);
  const ssr = renderOffersHTML(response, { request: REQUEST, locale: 'en-GB' });
  assert.ok(!ssr.includes('<img src=x') && !ssr.includes('<script>window') && !ssr.includes('<b>10'), 'no data reaches the markup unescaped');

  for (const mode of ['client', 'ssr']) {
    const page = await browser.newPage({ viewport: { width: 760, height: 1100 } });
    const problems = watchPage(page);
    const url = server.page(
      `mechanics-hostile-${mode}`,
      storePage({
        body: `<div id="frame" style="padding:24px"><cartlift-offers id="w" bundle="/fixtures/hostile.json" placement="cart" limit="4" locale="en-GB"
          cart='${JSON.stringify(CART)}'>${mode === 'ssr' ? ssr : ''}</cartlift-offers></div>`,
        script: `import 'cartlift/widget';`,
      }),
    );
    await page.goto(url);
    await waitForOffers(page);
    await page.waitForTimeout(300);
    const m = await readMechanics(page);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, `${mode}: no hostile script ran`);
    assert.equal(m.scriptish, 0, `${mode}: no element came from the data`);
    assert.equal(m.reward.code, HOSTILE_CODE, `${mode}: the code is shown exactly, as text`);
    assert.equal(m.reward.message, HOSTILE_TEXT, `${mode}: the merchant text is shown as text`);
    assert.equal(m.reward.controls, 0);
    assert.match(m.volume.name, /^<img src=x onerror=window\.__pwned=3> Napkins$/);
    assert.deepEqual(problems, []);
    if (mode === 'client') await page.locator('#frame').screenshot({ path: join(ensureOutputDir(), 'widget-mechanics-hostile.png') });
    await page.close();
  }
});
