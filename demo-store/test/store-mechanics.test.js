// The offer mechanics of the demo's rules (demo-store/rules.json) in the real store, driven by
// Chromium: a merchant set and a mined set taken from the widget add all their products and are
// charged at the price the offer quoted; a volume offer raises the line's quantity and the line is
// charged at the tier; the next-order reward is shown in the basket and on the confirmation. The
// same without JavaScript, through the plain forms. Plus the pricing module on its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEngine } from 'cartlift';
import { Pricing, percentSaving, TakenSets } from '../server/deals.js';
import { CATALOG, CLI, launchBrowser, RULES, screenshot, startTestStore, TRAIN, visitorIn } from './support/store.js';

const gbp = (pence) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(pence / 100);

describe('pricing of the rules (deals.js)', () => {
  const catalog = new Map(
    [
      ['A', 295, ['Home']],
      ['B', 1275, ['Home']],
      ['C', 295, ['Kitchen']],
      ['D', 165, ['Bags']],
    ].map(([id, price, category]) => [id, { id, name: id, price, category }]),
  );
  const priced = (lines) => {
    const items = lines.map(([id, qty]) => ({ id, qty, product: catalog.get(id), lineTotal: catalog.get(id).price * qty }));
    return { items, subtotal: items.reduce((s, i) => s + i.lineTotal, 0) };
  };
  const rules = {
    bundles: [{ id: 'set', title: 'The set', products: ['A', 'B', 'C'], percent_off: 10 }],
    volume_tiers: [
      { min_qty: 6, percent_off: 10 },
      { min_qty: 12, percent_off: 15 },
      { min_qty: 3, percent_off: 20, categories: ['Bags'] },
    ],
  };

  test('volume: the best tier reached takes its percentage off the whole line, rounded down', () => {
    const p = new Pricing(rules).apply(priced([['A', 5], ['C', 6], ['D', 12]]));
    assert.deepEqual(p.discounts.map((d) => [d.key, d.amount]), [['volume:C', percentSaving(6 * 295, 1000)], ['volume:D', percentSaving(12 * 165, 2000)]]);
    assert.equal(p.discounts[0].amount, 177);
    assert.equal(p.net, p.subtotal - 177 - 396);
  });

  test('sets: a merchant set is discounted once when complete; a taken mined set while complete', () => {
    const pricing = new Pricing(rules);
    assert.deepEqual(pricing.apply(priced([['A', 1], ['B', 1]])).discounts, []);
    const full = pricing.apply(priced([['A', 1], ['B', 2], ['C', 1]]));
    assert.deepEqual(full.discounts.map((d) => [d.key, d.amount]), [['bundle:set', percentSaving(295 + 1275 + 295, 1000)]]);
    const taken = new TakenSets();
    taken.take('v', { ids: ['A', 'D'], bp: 500 });
    taken.take('v', { ids: ['D', 'A'], bp: 500 }); // the same set once
    assert.equal(taken.of('v').length, 1);
    assert.deepEqual(pricing.apply(priced([['A', 1], ['D', 1]]), taken.of('v')).discounts.map((d) => d.amount), [percentSaving(295 + 165, 500)]);
    assert.deepEqual(pricing.apply(priced([['A', 1]]), taken.of('v')).discounts, [], 'not when the set is broken up');
    taken.take('w', { ids: ['A'], bp: 500 });
    taken.take('w', { ids: ['A', 'B'], bp: 0 });
    assert.deepEqual(taken.of('w'), [], 'nothing that is not a set with a discount');
  });

  test('no rules, no discounts', () => {
    const p = new Pricing(undefined).apply(priced([['A', 40]]));
    assert.deepEqual([p.discounts, p.discount, p.net], [[], 0, p.subtotal]);
  });
});

describe('the mechanics in the store, in Chromium', { timeout: 300_000 }, () => {
  let dir;
  let store;
  let browser;
  let engine;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cartlift-store-mech-'));
    const bundle = join(dir, 'bundle.json');
    execFileSync(CLI, ['build', '--quiet', '--orders', TRAIN, '--catalog', CATALOG, '--rules', RULES, '-o', bundle], { stdio: ['ignore', 'inherit', 'inherit'] });
    engine = await createEngine(readFileSync(bundle));
    store = await startTestStore({ dir, bundle, evalFile: null, varDir: join(dir, 'var') });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await store?.close();
    engine?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function shopperWith(cart, { prefix, js = true } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, javaScriptEnabled: js });
    const visitor = visitorIn('fbt', prefix);
    await context.addCookies([
      { name: 'cartlift_visitor', value: visitor, url: store.url },
      { name: 'cartlift_cart', value: encodeURIComponent(JSON.stringify(cart)), url: store.url },
    ]);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
    return { context, page, problems };
  }

  const widgetRequest = (cart) => ({ cart, limit: 4, types: ['cross_sell', 'bundle', 'volume', 'reward'], page: 'cart' });
  const lines = (page) => page.locator('[data-testid="cart-lines"] .line').evaluateAll((ls) => ls.map((l) => [l.dataset.line, Number(l.querySelector('input[name=qty]').value)]));
  const savings = (page) => page.locator('.summary .saving').evaluateAll((rows) => rows.map((r) => [r.dataset.discount, r.querySelector('dt').textContent, r.querySelector('dd').textContent]));
  const pence = (text) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);

  async function takeFromWidget(page, part) {
    const widget = page.locator('[data-cartlift-slot] cartlift-offers');
    await widget.locator(`[part~="${part}"]`).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => customElements.get('cartlift-offers') !== undefined);
    await Promise.all([page.waitForEvent('framenavigated'), widget.locator(`[part~="${part}-button"]`).first().click()]);
    await page.waitForLoadState('load');
  }

  test('a merchant set taken from the widget adds its products and is charged at the quoted price', async () => {
    const cart = [{ id: '22423', qty: 1 }];
    const offer = engine.recommend(widgetRequest(cart)).offers.find((o) => o.type === 'bundle');
    assert.equal(offer.bundle_id, 'regency-tea', 'the cake stand starts the Regency set');
    const { context, page, problems } = await shopperWith(cart, { prefix: 'v-mset' });
    await page.goto(`${store.url}/cart`);
    const card = page.locator('[data-cartlift-slot] cartlift-offers [part~="bundle"]');
    await card.waitFor();
    assert.equal(await card.locator('[part~="saving"]').innerText(), `Save ${offer.discount_text}`);
    await screenshot(page, 'store-mechanics-cart');
    await takeFromWidget(page, 'bundle');
    assert.deepEqual((await lines(page)).sort(), [['22423', 1], ['22697', 1], ['22699', 1]]);
    const rows = await savings(page);
    assert.deepEqual(rows.map((r) => r[0]), ['bundle']);
    assert.match(rows[0][1], /^Regency afternoon tea set \(10% off the set\)$/);
    assert.equal(rows[0][2], `−${offer.discount_text}`, 'the saving the offer quoted');
    const subtotal = pence(await page.getByTestId('subtotal').innerText());
    assert.equal(subtotal, 1275 + 295 + 295);
    const total = pence(await page.getByTestId('total').innerText());
    assert.equal(total, subtotal - offer.discount + 395, 'total = subtotal − saving + delivery');
    // Checkout and the confirmation charge the same.
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.waitForURL(/\/checkout$/);
    assert.equal(pence(await page.getByTestId('total').innerText()), total);
    await page.getByRole('button', { name: `Pay ${gbp(total)}` }).click();
    await page.getByTestId('confirmation').waitFor();
    assert.equal(pence(await page.getByTestId('order-total').innerText()), total);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a mined set is priced as taken; a volume offer raises the line to the tier and is charged at it', async () => {
    const cart = [{ id: '85123A', qty: 4 }];
    const offers = engine.recommend(widgetRequest(cart)).offers;
    const mined = offers.find((o) => o.type === 'bundle');
    const volume = offers.find((o) => o.type === 'volume');
    assert.equal(mined.bundle_id, 'mined');
    assert.deepEqual([volume.id, volume.add_qty, volume.min_qty], ['85123A', 2, 6]);
    const { context, page, problems } = await shopperWith(cart, { prefix: 'v-mvol' });
    await page.goto(`${store.url}/cart`);
    const note = page.locator('[data-cartlift-slot] cartlift-offers [part~="volume"]');
    await note.waitFor();
    assert.equal(await note.locator('.cl-message').innerText(), volume.reason.text);
    assert.equal(await note.locator('button').innerText(), 'Add 2 more');

    await takeFromWidget(page, 'volume');
    assert.deepEqual(await lines(page), [['85123A', 6]]);
    assert.match(await page.getByTestId('volume-price').innerText(), /^6 or more: 10% off$/);
    let rows = await savings(page);
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), [['volume', `−${gbp(percentSaving(6 * 295, 1000))}`]]);
    assert.equal(percentSaving(6 * 295, 1000), volume.discount, 'the saving the offer quoted');

    // The mined set for the same cart product, taken through the widget.
    const minedNow = engine.recommend(widgetRequest([{ id: '85123A', qty: 6 }])).offers.find((o) => o.type === 'bundle');
    await takeFromWidget(page, 'bundle');
    const ids = (await lines(page)).map((l) => l[0]).sort();
    assert.deepEqual(ids, ['85123A', ...minedNow.products.map((p) => p.id)].sort());
    rows = await savings(page);
    const set = rows.find((r) => r[0] === 'bundle');
    assert.ok(set, `a set saving row: ${JSON.stringify(rows)}`);
    assert.equal(set[2], `−${minedNow.discount_text}`, 'the mined set is charged as quoted');
    assert.equal(set[1], `Set of ${minedNow.products.length + 1} bought together (5% off the set)`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'store-mechanics-volume-and-set');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the next-order reward is shown in the basket (no button) and on the confirmation', async () => {
    const cart = [{ id: '22423', qty: 2 }];
    const reward = engine.recommend(widgetRequest(cart)).offers.find((o) => o.type === 'reward');
    assert.ok(reward, 'a basket of £25.50 earns the reward');
    const { context, page, problems } = await shopperWith(cart, { prefix: 'v-mrew' });
    await page.goto(`${store.url}/cart`);
    const note = page.locator('[data-cartlift-slot] cartlift-offers [part~="reward"]');
    await note.waitFor();
    assert.equal(await note.locator('.cl-code').innerText(), 'THANKS10');
    assert.equal(await note.locator('button, a, input').count(), 0);
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.waitForURL(/\/checkout$/);
    await page.getByRole('button', { name: /^Pay £/ }).click();
    await page.getByTestId('confirmation').waitFor();
    const shown = page.getByTestId('order-reward');
    assert.match(await shown.innerText(), /Thank you: 10 % off your next order\s+Your code for next time: THANKS10/);
    await screenshot(page, 'store-mechanics-confirmation');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('without JavaScript the set and volume forms do the same', async () => {
    const { context, page } = await shopperWith([{ id: '22720', qty: 4 }], { prefix: 'v-mnojs', js: false });
    await page.goto(`${store.url}/cart`);
    const set = page.locator('[data-cartlift-slot] .offer[data-offer-type="bundle"]');
    await set.getByRole('button', { name: /^Add set/ }).click();
    await page.waitForURL(/\/cart$/);
    assert.deepEqual((await lines(page)).sort(), [['22720', 4], ['22722', 1], ['22960', 1]]);
    assert.deepEqual((await savings(page)).map((r) => r[0]), ['bundle']);
    await page.locator('[data-cartlift-slot] .offer[data-offer-type="volume"]').getByRole('button', { name: /^Add 2 more/ }).click();
    await page.waitForURL(/\/cart$/);
    assert.deepEqual((await lines(page)).find((l) => l[0] === '22720'), ['22720', 6]);
    assert.deepEqual((await savings(page)).map((r) => r[0]).sort(), ['bundle', 'volume']);
    await context.close();
  });
});
