// The demo store served through the real edge worker (workerd) and driven by headless Chromium:
// browse, add to the basket, see the offers the worker rendered into the cart page (the store
// leaves its slot empty behind the worker), take one through the widget that adopts that
// markup, check out. Then the same with an edge whose engine cannot load: the page passes
// unchanged and the widget renders the offers itself.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cartCookie, fixturesDir, startEdge, warmEdge } from './support/edge.js';
import { buildFixture, launchBrowser, screenshot, startTestStore, visitorIn } from './support/store.js';

const REASON = /^Bought together in (\d[\d,]*) of (\d[\d,]*) orders with .+/;

describe('the store through the edge worker in Chromium', { timeout: 300_000 }, () => {
  let fixture;
  let store;
  let edge;
  let brokenEdge;
  let browser;

  before(async () => {
    fixture = buildFixture();
    // The JSON bundle for both: the native CLI's binary format may be newer than the wasm
    // module's reader while the core changes, and JSON is read by every version.
    store = await startTestStore(fixture);
    [edge, brokenEdge] = await Promise.all([
      startEdge({ dir: path.join(fixture.dir, 'edge'), origin: store.url, bundle: fixture.bundle }),
      // A bundle the engine rejects: every page must pass through unchanged.
      startEdge({ dir: path.join(fixture.dir, 'edge-broken'), origin: store.url, bundle: path.join(fixturesDir, 'broken-bundle.json') }),
    ]);
    await warmEdge(edge.url, '/cart', `cartlift_visitor=${visitorIn('fbt')}; ${cartCookie([{ id: '85123A', qty: 1 }])}`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await edge?.stop();
    await brokenEdge?.stop();
    await store?.close();
    if (fixture && !process.env.KEEP_FIXTURE) rmSync(fixture.dir, { recursive: true, force: true });
  });

  async function shopper(base, prefix) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = visitorIn('fbt', prefix);
    await context.addCookies([{ name: 'cartlift_visitor', value: visitor, url: base }]);
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    return { context, page, visitor, problems, requests };
  }

  /** Home → search → product → add to basket; resolves with the /cart document response. */
  async function browseToCart(page, base) {
    await page.goto(base);
    await page.locator('#q').fill('hanging heart t-light');
    await page.locator('.search button').click();
    await page.waitForURL(/\/search\?q=/);
    await page.locator('.card-title a').first().click();
    await page.waitForURL(/\/product\//);
    const [cartResponse] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/cart' && r.request().method() === 'GET'),
      page.getByRole('button', { name: 'Add to basket' }).click(),
    ]);
    await page.waitForURL(/\/cart$/);
    return cartResponse;
  }

  async function offersOnPage(widget) {
    return widget.locator('.cl-item').evaluateAll((items) =>
      items.map((li) => ({ id: li.dataset.id, title: li.querySelector('.cl-name')?.textContent, reason: li.querySelector('.cl-reason')?.textContent ?? '' })),
    );
  }

  /** Takes the first offer through the widget, then checks out; returns the offer id. */
  async function takeOfferAndCheckOut(page, name) {
    const widget = page.locator('[data-cartlift-slot] cartlift-offers');
    const boxes = widget.locator('.cl-check');
    for (let i = 1; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
    const firstOfferId = await widget.locator('.cl-item').first().getAttribute('data-id');
    await Promise.all([page.waitForEvent('framenavigated'), widget.locator('[data-action="add-selected"]').click()]);
    await page.locator(`[data-line="${firstOfferId}"]`).waitFor();
    assert.equal(await page.locator('[data-testid="cart-lines"] .line').count(), 2);
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.waitForURL(/\/checkout$/);
    await page.getByTestId('pay-form').waitFor();
    await screenshot(page, `${name}-checkout`);
    await page.getByRole('button', { name: /^Pay £/ }).click();
    await page.waitForURL(/\/order\/CL-/);
    await page.getByTestId('confirmation').waitFor();
    assert.equal(await page.locator('.confirm .mini-lines li').count(), 2);
    assert.equal(await page.locator('.confirm .badge').count(), 1, 'the item taken from an offer is marked');
    await screenshot(page, `${name}-confirmation`);
    return firstOfferId;
  }

  test('the offers on the cart page are rendered by the edge worker, explained, adopted and bought', async () => {
    const { context, page, problems, requests } = await shopper(edge.url, 'v-edge');
    const cartResponse = await browseToCart(page, edge.url);

    // The document as the worker sent it: offers already in the HTML, with the worker's timing.
    const headers = cartResponse.headers();
    assert.match(headers['server-timing'] ?? '', /^cartlift;dur=\d+(\.\d+)?, cartlift-html;dur=\d+(\.\d+)?$/, 'Server-Timing of the worker');
    assert.equal(headers['cache-control'], 'private, no-store');
    const html = await cartResponse.text();
    const slot = html.match(/<section class="slot" data-cartlift-slot[\s\S]*?<\/cartlift-offers>/);
    assert.ok(slot, 'the slot and its <cartlift-offers> are in the page');
    assert.match(slot[0], /<cartlift-offers [^>]*><template shadowrootmode="open">[\s\S]*data-cartlift-ssr/, 'server-rendered markup inside the store’s element');
    // The same request to the store alone, marked as coming from the worker: the store leaves
    // the element empty, so what the shopper sees can only have come from the worker.
    const cookies = (await context.cookies(edge.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const originRes = await fetch(`${store.url}/cart`, { headers: { cookie: cookies, 'x-cartlift-edge-hop': '1' } });
    const originHtml = await originRes.text();
    assert.match(originHtml, /<cartlift-offers [^>]*><\/cartlift-offers>/, 'the store’s own element is empty behind the edge');
    assert.equal(originRes.headers.get('server-timing'), null);
    assert.equal(headers['content-security-policy'], originRes.headers.get('content-security-policy'), 'the store’s CSP reaches the shopper unchanged');
    assert.match(headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(headers['content-security-policy'], /\s'unsafe-eval'/);

    // In the browser: the element adopted the worker's markup and did not fetch the bundle.
    const widget = page.locator('[data-cartlift-slot] cartlift-offers');
    await widget.locator('.cl-item').first().waitFor();
    assert.equal(await widget.evaluate((el) => !!el.shadowRoot.querySelector('[data-cartlift-ssr]')), true, 'adopted server markup');
    assert.deepEqual(requests.filter((p) => /^\/bundle\.(bin|json)$/.test(p)), [], 'the widget did not download the bundle');
    assert.match(await page.locator('.via').innerText(), /Served via edge/);
    const offers = await offersOnPage(widget);
    assert.ok(offers.length >= 2, `${offers.length} offers`);
    for (const o of offers) {
      const m = o.reason.match(REASON);
      assert.ok(m, `offer ${o.id} is explained: ${JSON.stringify(o.reason)}`);
      const [co, of] = [m[1], m[2]].map((n) => Number(n.replace(/,/g, '')));
      assert.ok(co >= 1 && co <= of, `real counts in "${o.reason}"`);
      assert.ok(o.title && o.title.trim().length > 2);
    }
    assert.equal(new Set(offers.map((o) => o.id)).size, offers.length, 'no duplicates');
    await screenshot(page, 'edge-cart');

    const taken = await takeOfferAndCheckOut(page, 'edge');
    assert.ok(offers.some((o) => o.id === taken));
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation on the confirmation page');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('edge engine that fails to load: the page passes unchanged and the flow still works', async () => {
    const { context, page, problems, requests } = await shopper(brokenEdge.url, 'v-broken');
    const cartResponse = await browseToCart(page, brokenEdge.url);
    const headers = cartResponse.headers();
    assert.equal(headers['server-timing'], undefined, 'nothing injected');
    const viaEdge = Buffer.from(await cartResponse.body());
    const cookies = (await context.cookies(brokenEdge.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const direct = await fetch(`${store.url}/cart`, { headers: { cookie: cookies, 'x-cartlift-edge-hop': '1', 'x-cartlift-via': 'edge' } });
    assert.ok(Buffer.from(await direct.arrayBuffer()).equals(viaEdge), 'the page is the store’s, byte for byte');
    assert.equal(headers['cache-control'], direct.headers.get('cache-control'));
    assert.equal(headers['content-security-policy'], direct.headers.get('content-security-policy'));
    assert.match(brokenEdge.logs(), /served without offers \(error/);

    // The store's element was empty: the widget renders the offers itself, from the bundle.
    const widget = page.locator('[data-cartlift-slot] cartlift-offers');
    await widget.locator('.cl-item').first().waitFor({ timeout: 60_000 });
    assert.equal(await widget.evaluate((el) => !!el.shadowRoot.querySelector('[data-cartlift-ssr]')), false, 'rendered in the browser');
    assert.ok(requests.some((p) => /^\/bundle\.(bin|json)$/.test(p)), 'the widget downloaded the bundle');
    for (const o of await offersOnPage(widget)) assert.match(o.reason, REASON);
    await screenshot(page, 'edge-fallback-cart');
    await takeOfferAndCheckOut(page, 'edge-fallback');
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
