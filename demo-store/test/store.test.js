// End-to-end tests of the demo store: the real server (real bundle built by the native CLI, real
// wasm engine through the npm package) driven by headless Chromium, plus the small pure modules.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { parseCart, serializeCart } from '../server/cart.js';
import { loadEval } from '../server/evaluation.js';
import { assignArm, fnv1a32 } from '../server/experiment.js';
import { escape, html } from '../server/html.js';
import { displayTitle } from '../server/titles.js';
import { buildFixture, launchBrowser, screenshot, startTestStore, visitorIn } from './support/store.js';

describe('small modules', () => {
  test('html escapes every interpolation, nested templates are not escaped twice', () => {
    const evil = `<script>alert("x")</script>'&`;
    const out = String(html`<p title="${evil}">${evil}${html`<b>${evil}</b>`}</p>`);
    assert.ok(!out.includes('<script>'));
    assert.equal((out.match(/&lt;script&gt;/g) || []).length, 3);
    assert.ok(out.includes('<b>'));
    assert.equal(escape(null), '');
  });

  test('FNV-1a 32-bit matches the published test vectors, arms are stable and ~50/50', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
    assert.equal(assignArm('v-abc'), assignArm('v-abc'));
    let fbt = 0;
    for (let i = 0; i < 2000; i++) if (assignArm(`v-${i}`) === 'fbt') fbt++;
    assert.ok(fbt > 900 && fbt < 1100, `fbt share ${fbt}/2000`);
  });

  test('the cart cookie is parsed defensively', () => {
    const catalog = { get: (id) => (['A', 'B'].includes(id) ? { id, price: 100 } : undefined) };
    assert.deepEqual(parseCart('not json', catalog), []);
    assert.deepEqual(parseCart(encodeURIComponent('{"id":"A"}'), catalog), []);
    const cookie = serializeCart([{ id: 'A', qty: 2 }, { id: 'X', qty: 1 }, { id: 'B', qty: 500 }, { id: 'A', qty: 1 }]);
    assert.deepEqual(parseCart(cookie, catalog), [{ id: 'A', qty: 2 }, { id: 'B', qty: 99 }]);
  });

  test('titles are shown in title case, the raw title is untouched', () => {
    assert.equal(displayTitle('WHITE HANGING HEART T-LIGHT HOLDER'), 'White Hanging Heart T-Light Holder');
    assert.equal(displayTitle('SET OF 3 CAKE TINS PANTRY DESIGN'), 'Set of 3 Cake Tins Pantry Design');
  });
});

describe('the store in Chromium', { timeout: 240_000 }, () => {
  let fixture;
  let store;
  let browser;

  before(async () => {
    fixture = buildFixture();
    store = await startTestStore(fixture);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await store?.close();
    if (fixture && !process.env.KEEP_FIXTURE) rmSync(fixture.dir, { recursive: true, force: true });
  });

  async function pageAs(arm, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const visitor = visitorIn(arm);
    await context.addCookies([{ name: 'cartlift_visitor', value: visitor, url: store.url }]);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
    return { context, page, visitor, problems };
  }

  test('browse, get explained offers, add one, check out, see the confirmation', async () => {
    const { context, page, visitor, problems } = await pageAs('fbt');
    await page.goto(store.url);
    await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
    assert.ok((await page.locator('.departments-grid li').count()) >= 8);
    await screenshot(page, 'home');

    // Server-side search over titles.
    await page.locator('#q').fill('hanging heart t-light');
    await page.locator('.search button').click();
    await page.waitForURL(/\/search\?q=/);
    assert.match(await page.getByTestId('search-count').innerText(), /\d+ products?/);
    await page.locator('.card-title a').first().click();
    await page.waitForURL(/\/product\//);

    // Product page: title case, "Frequently bought together" with the engine's reasons.
    const title = await page.locator('h1.product-title').innerText();
    assert.equal(title, displayTitle(await page.locator('h1.product-title').getAttribute('data-raw-title')));
    const fbt = page.getByTestId('fbt');
    await fbt.waitFor();
    assert.ok((await fbt.locator('.fbt-item[data-offer-id]').count()) >= 1);
    assert.match(await fbt.locator('.reason').first().innerText(), /Bought together in \d[\d,]* of \d[\d,]* orders/);
    await screenshot(page, 'product');
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL(/\/cart$/);

    // Cart page: the widget is in the slot, rendered, with its reason text visible.
    const widget = page.locator('[data-cartlift-slot] cartlift-offers');
    await widget.waitFor();
    const reason = widget.locator('.cl-reason').first();
    await reason.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await reason.innerText(), /Bought together/);
    const island = JSON.parse(await page.locator('#cartlift-cart').textContent());
    assert.equal(island.length, 1);
    await page.waitForFunction(() => customElements.get('cartlift-offers') !== undefined);
    await screenshot(page, 'cart');

    // Take one offer through the widget: keep only the first box ticked.
    const boxes = widget.locator('.cl-check');
    const n = await boxes.count();
    for (let i = 1; i < n; i++) await boxes.nth(i).uncheck();
    const firstOfferId = await widget.locator('.cl-item').first().getAttribute('data-id');
    await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), widget.locator('[data-action="add-selected"]').click()]);
    await page.locator(`[data-line="${firstOfferId}"]`).waitFor();
    assert.equal(await page.locator('[data-testid="cart-lines"] .line').count(), 2);

    // Checkout: last-chance add-ons and the free-delivery gap, then the simulated payment.
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.waitForURL(/\/checkout$/);
    await page.getByTestId('pay-form').waitFor();
    assert.match(await page.getByTestId('free-delivery').first().innerText(), /free delivery/i);
    await screenshot(page, 'checkout');
    await page.getByRole('button', { name: /^Pay £/ }).click();
    await page.waitForURL(/\/order\/CL-/);
    await page.getByTestId('confirmation').waitFor();
    assert.equal(await page.locator('.confirm .mini-lines li').count(), 2);
    assert.equal(await page.locator('.confirm .badge').count(), 1, 'the item taken from an offer is marked');
    await screenshot(page, 'confirmation');
    assert.deepEqual(problems, []);

    // What the store recorded for this visitor.
    const mine = readFileSync(`${fixture.varDir}/events.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.visitor === visitor);
    assert.ok(mine.some((e) => e.type === 'impression' && e.placement === 'cart' && String(e.source).startsWith('widget')), 'widget impression recorded');
    assert.ok(mine.some((e) => e.type === 'add' && e.ids.includes(firstOfferId)), 'offer add recorded');
    const order = mine.find((e) => e.type === 'order');
    assert.ok(order && order.arm === 'fbt' && order.value > 0);
    assert.deepEqual(order.attached, [firstOfferId]);
    await context.close();
  });

  test('the control arm sees no offers anywhere', async () => {
    const { context, page } = await pageAs('control');
    await page.goto(`${store.url}/product/85123A`);
    assert.equal(await page.getByTestId('fbt').count(), 0);
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL(/\/cart$/);
    assert.equal(await page.locator('cartlift-offers').count(), 0);
    assert.equal(await page.getByTestId('upgrade').count(), 0);
    assert.match(await page.getByTestId('arm').innerText(), /control/);
    await context.close();
  });

  test('without JavaScript the forms still add offers and check out', async () => {
    const { context, page } = await pageAs('fbt', { javaScriptEnabled: false });
    await page.goto(`${store.url}/product/20725`);
    await page.getByRole('button', { name: 'Add selected to basket' }).click();
    await page.waitForURL(/\/cart$/);
    const lines = await page.locator('[data-testid="cart-lines"] .line').count();
    assert.ok(lines >= 2, `bought-together form added ${lines} lines`);
    const fallback = page.locator('noscript + *, [data-cartlift-slot] .offer');
    assert.ok((await fallback.count()) >= 1, 'no-script offer list is shown');
    assert.equal(await page.locator('cartlift-offers').isVisible(), false, 'the widget is hidden without scripts');
    await page.locator('[data-cartlift-slot] .offer button').first().click();
    await page.waitForURL(/\/cart$/);
    assert.equal(await page.locator('[data-testid="cart-lines"] .line').count(), lines + 1);
    await context.close();
  });

  test('the dashboard shows the evaluation, the bundle, the replay estimate and the A/B table', async () => {
    const { context, page } = await pageAs('fbt');
    await page.goto(`${store.url}/dashboard?accept=3`, { timeout: 120_000 });
    await page.getByTestId('bundle-stats').waitFor();
    const bundle = JSON.parse(readFileSync(fixture.bundle, 'utf8'));
    assert.equal(await page.getByTestId('bundle-orders').innerText(), bundle.built_from.orders.toLocaleString('en-GB'));

    const ev = loadEval(fixture.evalFile);
    assert.ok(ev.methods, 'the eval JSON is understood');
    const cells = await page.locator('[data-testid="eval-table"] td[data-metric]').evaluateAll((tds) => tds.map((td) => [td.dataset.method, td.dataset.metric, td.dataset.value]));
    assert.ok(cells.length > 0);
    for (const [method, metricName, value] of cells) {
      const expected = ev.methods.find((m) => m.name === method).metrics.get(metricName);
      if (expected === undefined) assert.equal(value, '');
      else assert.equal(Number(value), expected, `${method} ${metricName}`);
    }
    const bars = await page.locator('#quality svg rect[data-value]').evaluateAll((rs) => rs.map((r) => Number(r.dataset.value)));
    const published = new Set(cells.filter((c) => c[2] !== '').map((c) => Number(c[2])));
    assert.ok(bars.length >= ev.methods.length);
    for (const v of bars) assert.ok(published.has(v), `bar value ${v} is a number of the eval JSON`);

    const replay = page.getByTestId('replay');
    await replay.waitFor();
    assert.match(await replay.innerText(), /Estimate, not a measurement/);
    const attach3 = await page.getByTestId('replay-attach').innerText();
    await page.goto(`${store.url}/dashboard?accept=10#replay`);
    assert.notEqual(await page.getByTestId('replay-attach').innerText(), attach3, 'the acceptance assumption changes the estimate');

    const fbtRow = page.locator('[data-testid="ab-table"] tr[data-arm="fbt"]');
    assert.ok(Number(await fbtRow.locator('[data-k="orders"]').innerText()) >= 1);
    assert.ok(Number((await fbtRow.locator('[data-k="impressions"]').innerText()).replace(/,/g, '')) >= 1);
    await page.goto(`${store.url}/dashboard?accept=3`);
    await screenshot(page, 'dashboard');
    await context.close();
  });

  test('without an evaluation file the dashboard says so and draws no quality charts', async () => {
    const bare = await startTestStore(fixture, { eval: join(fixture.dir, 'missing-eval.json'), varDir: join(fixture.dir, 'var-bare') });
    try {
      const html = await (await fetch(`${bare.url}/dashboard`)).text();
      assert.match(html, /data-testid="eval-missing"/);
      assert.doesNotMatch(html, /data-testid="eval-table"/);
    } finally {
      await bare.close();
    }
  });

  test('the pages have no serious or critical accessibility violations (axe-core)', async () => {
    const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    // The store's CSP rightly blocks injected inline scripts; the audit needs to inject axe.
    const { context, page } = await pageAs('fbt', { bypassCSP: true });
    await context.addCookies([{ name: 'cartlift_cart', value: encodeURIComponent(JSON.stringify([{ id: '85123A', qty: 2 }, { id: '22423', qty: 1 }])), url: store.url }]);
    const found = [];
    for (const path of ['/', '/category/home', '/search?q=lunch+bag', '/product/85123A', '/cart', '/checkout', '/dashboard']) {
      await page.goto(`${store.url}${path}`, { timeout: 120_000 });
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'] })).violations);
      for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${path}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    }
    assert.deepEqual(found, []);
    await context.close();
  });

  test('hostile input stays inert', async () => {
    const evil = encodeURIComponent('<img src=x onerror=alert(1)>');
    const search = await (await fetch(`${store.url}/search?q=${evil}`)).text();
    assert.ok(!search.includes('<img src=x'));
    const svg = await (await fetch(`${store.url}/img/${encodeURIComponent('<script>')}.svg`)).text();
    assert.ok(!svg.includes('<script'));
    const escapeAttempt = await fetch(`${store.url}/vendor/cartlift/src/..%2f..%2fpackage.json`);
    assert.equal(escapeAttempt.status, 404);
    const redirect = await fetch(`${store.url}/cart/add`, { method: 'POST', body: 'id=85123A&return=//evil.example', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    assert.equal(redirect.headers.get('location'), '/cart');
    const badEvent = await fetch(`${store.url}/api/events`, { method: 'POST', body: JSON.stringify({ type: 'order', value: 1e9 }), headers: { 'content-type': 'application/json' } });
    assert.equal(badEvent.status, 400, 'orders cannot be posted by the page');
  });
});
