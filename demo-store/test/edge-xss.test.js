// The OWASP XSS vector catalog (tests/fixtures/xss/vectors.json) through the edge worker: the real
// store serves a bundle whose titles, URLs, images, categories and upgrade attributes are the
// vectors, the real workerd worker renders the offers into the cart page, and Chromium renders
// that page with the store's Content-Security-Policy. A script let in by the markup would either
// run (the __xss sentinel, a dialog) or be blocked by the policy (a securitypolicyviolation
// event): both fail the test. The widget side of the same catalog: js-glue/test/browser/xss.test.js.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildXssBundle, isSafeUrl, productId, SENTINEL, shownAsText, VECTORS } from '../../tests/fixtures/xss/bundle.mjs';
import { cartCookie, startEdge, warmEdge } from './support/edge.js';
import { CLI, launchBrowser, screenshot, startTestStore, visitorIn } from './support/store.js';

const WIDGET_TAGS = new Set(['style', 'section', 'div', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'li', 'input', 'img', 'span', 'a', 'strong', 'button', 'b', 'dl', 'dt', 'dd', 's', 'del', 'ins', 'small', 'em']);
const WIDGET_ATTR = /^(class|part|id|dir|role|type|checked|href|src|alt|width|height|loading|decoding|disabled|aria-[a-z]+|data-[a-z-]+)$/;

describe('XSS vector catalog (OWASP) through the edge worker', { timeout: 600_000 }, () => {
  let dir;
  let built;
  let store;
  let edge;
  let browser;
  let context;
  const covered = new Set();

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cartlift-edge-xss-'));
    built = buildXssBundle(dir, CLI);
    // Room for a whole batch (8 vectors) in the basket widget.
    store = await startTestStore({ dir, bundle: built.bundle, evalFile: null, varDir: path.join(dir, 'var') }, { cartLimit: 10 });
    edge = await startEdge({ dir: path.join(dir, 'edge'), origin: store.url, bundle: built.bundle, offerLimit: 10 });
    const visitor = visitorIn('fbt', 'v-xss');
    await warmEdge(edge.url, '/cart', `cartlift_visitor=${visitor}; ${cartCookie([{ id: built.batches[0].anchor, qty: 1 }])}`);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'cartlift_visitor', value: visitor, url: edge.url }]);
    await context.addInitScript(`
      window.__xssHits = [];
      window.${SENTINEL} = (n) => window.__xssHits.push(String(n));
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
    `);
  });

  after(async () => {
    await browser?.close();
    await edge?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (let b = 0; b * 8 < VECTORS.length; b++) {
    test(`batch ${b}: the edge-rendered cart page runs nothing, adds no attribute, links nowhere unsafe, shows text`, async () => {
      const batch = built.batches[b];
      await context.addCookies([{ name: 'cartlift_cart', value: encodeURIComponent(JSON.stringify([{ id: batch.anchor, qty: 1 }])), url: edge.url }]);
      const page = await context.newPage();
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      const problems = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => msg.type() === 'error' && !/Failed to load resource|^Loading the image 'https?:\/\/xss\.invalid\/.*img-src/.test(msg.text()) && problems.push(`console: ${msg.text()}`));
      const response = await page.goto(`${edge.url}/cart`);
      assert.match(response.headers()['server-timing'] ?? '', /^cartlift;dur=/, 'the worker injected the offers');
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
      const widget = page.locator('[data-cartlift-slot] cartlift-offers');
      await widget.locator('.cl-item').first().waitFor();
      for (const row of await widget.locator('.cl-item').all()) await row.hover({ timeout: 2000 }).catch(() => {});
      await page.keyboard.press('Tab');
      await page.waitForTimeout(300);

      const a = await page.evaluate(() => {
        const all = [];
        const walk = (root, inWidget) => {
          for (const el of root.querySelectorAll('*')) {
            all.push({ el, inWidget });
            if (el.shadowRoot) walk(el.shadowRoot, inWidget || el.localName === 'cartlift-offers');
          }
        };
        walk(document, false);
        const w = all.filter((x) => x.inWidget).map((x) => x.el);
        const host = document.querySelector('[data-cartlift-slot] cartlift-offers');
        return {
          hits: window.__xssHits,
          csp: window.__csp,
          adopted: !!host.shadowRoot.querySelector('[data-cartlift-ssr]'),
          widgetTags: [...new Set(w.map((el) => el.localName))],
          widgetAttrs: [...new Set(w.flatMap((el) => [...el.attributes].map((x) => x.name)))],
          styles: w.filter((el) => el.localName === 'style' && !el.textContent.includes('.cl-item{')).length,
          handlers: all.flatMap(({ el }) => [...el.attributes].filter((x) => /^on/i.test(x.name)).map((x) => `${el.localName}[${x.name}]`)),
          urls: all.flatMap(({ el }) =>
            ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data']
              .filter((n) => el.hasAttribute(n))
              .map((n) => ({ tag: el.localName, name: n, value: el.getAttribute(n) })),
          ),
          items: [...host.shadowRoot.querySelectorAll('.cl-item')].map((li) => ({ id: li.dataset.id, name: li.querySelector('.cl-name')?.textContent ?? '', reason: li.querySelector('.cl-reason')?.textContent ?? '' })),
          // The store's own rendering of the same catalog: basket line titles.
          lineTitles: [...document.querySelectorAll('.line-title')].map((n) => n.textContent),
        };
      });
      assert.deepEqual(a.hits, [], `payloads ran: ${a.hits}`);
      assert.deepEqual(dialogs, []);
      // An https image on another host (a catalog may link one) is refused by img-src 'self':
      // that is the policy doing its job on a plain image. Anything else (an inline script or
      // handler, a javascript:/data: URL, a frame, an object, a style) means markup got in.
      assert.deepEqual(a.csp.filter((v) => !/^img-src https?:\/\/xss\.invalid\//.test(v)), [], 'the policy had to block something the page tried to load or run');
      assert.deepEqual(problems, []);
      assert.ok(a.adopted, 'the widget adopted the worker’s markup');
      assert.deepEqual(a.handlers, [], 'event handler attributes');
      assert.deepEqual(a.widgetTags.filter((t) => !WIDGET_TAGS.has(t)), [], 'tags in the widget');
      assert.deepEqual(a.widgetAttrs.filter((n) => !WIDGET_ATTR.test(n)), [], 'attributes in the widget');
      assert.equal(a.styles, 0, 'a payload added a stylesheet');
      for (const u of a.urls) assert.ok(isSafeUrl(u.value, edge.url), `${u.tag}[${u.name}]=${JSON.stringify(u.value)}`);
      const anchor = built.products.find((p) => p.id === batch.anchor);
      assert.ok(shownAsText(anchor.title, a.lineTitles[0] ?? ''), `basket line ${JSON.stringify(a.lineTitles[0])}`);
      for (const i of batch.members) {
        const row = a.items.find((r) => r.id === productId(i));
        assert.ok(row, `vector ${VECTORS[i].name} (${productId(i)}) is offered`);
        assert.ok(shownAsText(VECTORS[i].payload, row.name), `${VECTORS[i].name} shows as ${JSON.stringify(row.name)}`);
        assert.match(row.reason, /^Bought together in \d+ of \d+ orders with /i);
        covered.add(i);
      }
      if (b === 0) await screenshot(page, 'edge-xss-cart');
      await page.close();
    });
  }

  test('every vector went through the worker’s renderer', () => {
    assert.equal(covered.size, VECTORS.length);
  });
});
