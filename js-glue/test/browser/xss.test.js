// The OWASP XSS vector catalog (tests/fixtures/xss/vectors.json) through the widget in Chromium:
// every vector sits in a title, a URL, an image, an anchor title quoted by a reason, a category
// or an upgrade attribute of a real-engine bundle, and is rendered twice per page: by the element
// itself from the bundle (client rendering) and from renderOffersHTML markup that the element
// adopts (server rendering). The page has no CSP on purpose: a policy would hide a rendering bug
// by blocking the script it let in; here any script that got in runs and is caught.
// The same catalog goes through the edge worker in demo-store/test/edge-xss.test.js.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { buildXssBundle, isSafeUrl, productId, SENTINEL, shownAsText, VECTORS } from '../../../tests/fixtures/xss/bundle.mjs';
import { ensureOutputDir, launch, packAndUnpack, REPO_DIR, startServer, storePage, waitForOffers, watchPage, workDir } from './helpers.js';

const CLI = join(REPO_DIR, 'build', 'native-release', 'bin', 'cartlift');

// What the widget may write: its own tags and attributes, nothing a payload could add.
const WIDGET_TAGS = new Set(['style', 'section', 'div', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'li', 'input', 'img', 'span', 'a', 'strong', 'button', 'b', 'dl', 'dt', 'dd', 's', 'del', 'ins', 'small', 'em']);
const WIDGET_ATTR = /^(class|part|id|dir|role|type|checked|href|src|alt|width|height|loading|decoding|disabled|aria-[a-z]+|data-[a-z-]+)$/;

/** Installed before any page script: records payload calls, CSP reports. */
const INIT = `
  window.__xssHits = [];
  window.${SENTINEL} = (n) => window.__xssHits.push(String(n));
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
`;

/** Everything a reviewer needs to judge the page: elements of the widgets, every URL, every handler. */
function audit(page) {
  return page.evaluate(() => {
    const all = [];
    const walk = (root, inWidget) => {
      for (const el of root.querySelectorAll('*')) {
        all.push({ el, inWidget });
        if (el.shadowRoot) walk(el.shadowRoot, inWidget || el.localName === 'cartlift-offers');
      }
    };
    walk(document, false);
    const widgetEls = all.filter((x) => x.inWidget).map((x) => x.el);
    return {
      hits: window.__xssHits,
      csp: window.__cspViolations,
      widgetTags: [...new Set(widgetEls.map((el) => el.localName))],
      widgetAttrs: [...new Set(widgetEls.flatMap((el) => [...el.attributes].map((a) => a.name)))],
      handlers: all.flatMap(({ el }) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.localName}[${a.name}]`)),
      urls: all.flatMap(({ el, inWidget }) =>
        ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data']
          .filter((n) => el.hasAttribute(n) && (inWidget || !['script', 'link'].includes(el.localName)))
          .map((n) => ({ tag: el.localName, name: n, value: el.getAttribute(n) })),
      ),
      // Shadow-root style elements other than the widget's own stylesheet.
      styles: widgetEls.filter((el) => el.localName === 'style' && !el.textContent.includes('.cl-item{')).length,
      items: Object.fromEntries(
        ['client', 'ssr'].map((id) => {
          const root = document.getElementById(id)?.shadowRoot;
          const rows = root ? [...root.querySelectorAll('[data-offer-index][data-id]')] : [];
          return [
            id,
            rows.map((row) => ({
              id: row.getAttribute('data-id'),
              name: row.querySelector('.cl-name')?.textContent ?? null,
              reason: row.querySelector('.cl-reason')?.textContent ?? '',
              text: row.textContent,
            })),
          ];
        }),
      ),
      ssrAdopted: !!document.getElementById('ssr')?.shadowRoot?.querySelector('[data-cartlift-ssr]'),
    };
  });
}

describe('XSS vector catalog (OWASP) through the widget', { timeout: 600_000 }, () => {
  let work;
  let server;
  let browser;
  let built;
  let renderOffersHTML;
  let engine;
  const covered = { client: new Set(), ssr: new Set() };

  before(async () => {
    work = workDir('cartlift-xss-');
    built = buildXssBundle(work.dir, CLI);
    const pkg = packAndUnpack(work.dir);
    server = await startServer({ packageRoot: pkg.root });
    server.serveFile('xss.json', readFileSync(built.bundle));
    ({ renderOffersHTML } = await import(pathToFileURL(join(pkg.root, 'src/widget/index.js')).href));
    const { createEngine } = await import(pathToFileURL(join(pkg.root, 'src/node.js')).href);
    engine = await createEngine(readFileSync(built.bundle));
    browser = await launch();
  });

  after(async () => {
    engine?.dispose();
    await browser?.close();
    await server?.close();
    work?.remove();
  });

  test('the fixture is the cheat sheet: named text and URL vectors, every one in the bundle', () => {
    assert.ok(VECTORS.length >= 100, `${VECTORS.length} vectors`);
    for (const name of ['script-tag', 'img-onerror', 'svg-onload', 'javascript-mixed-case', 'javascript-hex-j', 'data-text-html', 'vbscript', 'attr-breakout-double-quote', 'attr-breakout-script', 'template-breakout', 'style-breakout', 'javascript-null', 'rtl-override', 'very-long']) {
      assert.ok(VECTORS.some((v) => v.name === name), `vector ${name}`);
    }
    const titles = new Set(built.products.map((p) => p.title));
    for (const v of VECTORS) assert.ok(titles.has(v.payload), `vector ${v.name} is a product title`);
  });

  for (let b = 0; b * 8 < VECTORS.length; b++) {
    test(`batch ${b}: no script runs, only the widget's own tags and attributes, safe URLs, payloads shown as text`, async () => {
      const batch = built.batches[b];
      const anchorTitle = built.products.find((p) => p.id === batch.anchor).title;
      const request = { cart: [{ id: batch.anchor, qty: 1 }], limit: 20, page: 'cart' };
      const markup = renderOffersHTML(engine.recommend(request), { request, locale: 'en-GB' });
      assert.ok(markup.includes('data-cartlift-ssr'));
      const cartAttr = `cart='${JSON.stringify(request.cart)}'`;
      const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
      await page.addInitScript(INIT);
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      const problems = watchPage(page);
      const url = server.page(
        `xss-${b}`,
        storePage({
          body: `<cartlift-offers id="client" bundle="/fixtures/xss.json" placement="cart" limit="20" ${cartAttr}></cartlift-offers>
<cartlift-offers id="ssr" bundle="/fixtures/xss.json" placement="cart" limit="20" ${cartAttr}>${markup}</cartlift-offers>`,
          script: `import 'cartlift/widget';`,
        }),
      );
      await page.goto(url);
      await waitForOffers(page, '#client');
      await waitForOffers(page, '#ssr');
      // Give handlers a chance: hover and focus every offer, wait for images to fail.
      for (const sel of ['#client', '#ssr']) {
        const rows = page.locator(`${sel} .cl-item, ${sel} .cl-card`);
        for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).hover({ timeout: 2000 }).catch(() => {});
      }
      await page.keyboard.press('Tab');
      await page.waitForTimeout(300);
      const a = await audit(page);

      assert.deepEqual(a.hits, [], `payloads ran: ${a.hits}`);
      assert.deepEqual(dialogs, []);
      // Images at safe but dead URLs (a relative path of percent escapes, a .invalid host) fail to
      // load: that is the expected outcome, not a page problem.
      assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
      assert.deepEqual(a.csp, []);
      assert.deepEqual(a.handlers.filter((h) => h !== 'button[onclick]'), [], 'event handler attributes'); // the test page's own button
      assert.deepEqual(a.widgetTags.filter((t) => !WIDGET_TAGS.has(t)), [], 'tags in the widgets');
      assert.deepEqual(a.widgetAttrs.filter((n) => !WIDGET_ATTR.test(n)), [], 'attributes in the widgets');
      assert.equal(a.styles, 0, 'a payload added a stylesheet');
      for (const u of a.urls) assert.ok(isSafeUrl(u.value, server.origin), `${u.tag}[${u.name}]=${JSON.stringify(u.value)}`);
      assert.ok(a.ssrAdopted, 'the server markup was adopted, not replaced');

      for (const which of ['client', 'ssr']) {
        const items = a.items[which];
        assert.ok(items.length >= batch.members.length, `${which}: ${items.length} offers`);
        for (const i of batch.members) {
          const row = items.find((r) => r.id === productId(i));
          assert.ok(row, `${which}: vector ${VECTORS[i].name} (${productId(i)}) is offered`);
          assert.ok(shownAsText(VECTORS[i].payload, row.name), `${which}: ${VECTORS[i].name} shows as ${JSON.stringify(row.name)}`);
          // The reason quotes the anchor's (hostile) title, as text.
          assert.ok(row.reason.toLowerCase().includes(anchorTitle.replace(/\u0000/g, '').slice(0, 12).toLowerCase()), `${which}: reason ${JSON.stringify(row.reason)}`);
          covered[which].add(i);
        }
        // The upgrade card lists the hostile attribute names and values as text.
        const upsell = items.find((r) => r.id.startsWith('XU'));
        if (upsell) {
          const attrs = built.products.find((p) => p.id === upsell.id).attributes;
          assert.ok(upsell.text.toLowerCase().includes(String(attrs.size).slice(0, 10).toLowerCase()), `${which}: upgrade attributes ${JSON.stringify(upsell.text.slice(0, 200))}`);
        }
      }
      if (b === 0) await page.screenshot({ path: join(ensureOutputDir(), 'widget-xss-catalog.png'), fullPage: true });
      await page.close();
    });
  }

  test('every vector was rendered by both renderers', () => {
    for (const which of ['client', 'ssr']) assert.equal(covered[which].size, VECTORS.length, `${which} rendered ${covered[which].size}/${VECTORS.length}`);
  });
});
