// The Content-Security-Policy the widget works under, sent as a real response header (not a
// <meta>): no 'unsafe-eval', no 'unsafe-inline' anywhere; 'wasm-unsafe-eval' for the engine,
// worker-src 'self' for worker mode. The page has no inline script (no import map: the module is
// imported by path) and no inline style. Three elements: rendering in the page, rendering in a
// worker, and adopting server markup rendered with `styles: false` (the element then adds its
// constructable stylesheet, which style-src does not govern). docs/reliability.md explains each
// directive.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ensureOutputDir, launch, packAndUnpack, PKG_DIR, startServer, watchPage, workDir } from './helpers.js';

export const WIDGET_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// The same without 'wasm-unsafe-eval': the engine cannot compile in the page.
const NO_WASM_CSP = WIDGET_CSP.replace(" 'wasm-unsafe-eval'", '');

const CART = [{ id: '85123A', qty: 1 }];

const PAGE_SCRIPT = `
import '/node_modules/cartlift/src/widget/index.js';
window.__events = [];
for (const type of ['cartlift:impression', 'cartlift:error']) {
  document.addEventListener(type, (e) => window.__events.push({ type, target: e.target.id, detail: JSON.parse(JSON.stringify(e.detail)) }));
}
`;
const PAGE_CSS = 'body{margin:0;padding:24px;font-family:system-ui,sans-serif;background:#f3f4f6}main{max-width:680px;margin:0 auto;display:grid;gap:20px}';

describe('the widget under a Content-Security-Policy header', { timeout: 180_000 }, () => {
  let work;
  let server;
  let browser;
  let ssrMarkup;

  before(async () => {
    work = workDir('cartlift-csp-');
    const pkg = packAndUnpack(work.dir);
    server = await startServer({ packageRoot: pkg.root });
    const bundle = readFileSync(`${PKG_DIR}/test/fixtures/bundle.json`);
    server.serveFile('small.json', bundle);
    server.serveFile('csp-page.js', PAGE_SCRIPT, 'text/javascript; charset=utf-8');
    server.serveFile('csp-page.css', PAGE_CSS, 'text/css');
    const { renderOffersHTML } = await import(pathToFileURL(join(pkg.root, 'src/widget/index.js')).href);
    const { createEngine } = await import(pathToFileURL(join(pkg.root, 'src/node.js')).href);
    const engine = await createEngine(bundle);
    const request = { cart: CART, page: 'cart' };
    ssrMarkup = renderOffersHTML(engine.recommend(request), { request, locale: 'en-GB', styles: false });
    engine.dispose();
    assert.ok(ssrMarkup.includes('data-cartlift-ssr') && !ssrMarkup.includes('<style'));
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    work?.remove();
  });

  function widgetPage(name, policy) {
    const cart = `cart='${JSON.stringify(CART)}'`;
    return server.page(
      name,
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>CSP</title>
<link rel="stylesheet" href="/fixtures/csp-page.css">
<script type="module" src="/fixtures/csp-page.js"></script></head>
<body><main><h1>Your basket</h1>
<cartlift-offers id="page" bundle="/fixtures/small.json" placement="cart" ${cart}></cartlift-offers>
<cartlift-offers id="worker" worker bundle="/fixtures/small.json" placement="cart" ${cart}></cartlift-offers>
<cartlift-offers id="ssr" bundle="/fixtures/small.json" placement="cart" ${cart}>${ssrMarkup}</cartlift-offers>
</main></body></html>`,
      { 'content-security-policy': policy },
    );
  }

  async function open(name, policy) {
    const page = await browser.newPage({ viewport: { width: 800, height: 1400 } });
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    });
    const problems = watchPage(page);
    const response = await page.goto(widgetPage(name, policy));
    assert.equal(response.headers()['content-security-policy'], policy);
    return { page, problems };
  }

  const state = (page) =>
    page.evaluate(() => {
      const of = (id) => {
        const root = document.getElementById(id).shadowRoot;
        const cl = root?.querySelector('.cl');
        return {
          offers: root ? root.querySelectorAll('[data-offer-index][data-id]').length : 0,
          ssr: !!root?.querySelector('[data-cartlift-ssr]'),
          // Styled by the widget's sheet: the card has its rounded border.
          radius: cl ? getComputedStyle(cl).borderTopLeftRadius : null,
          height: document.getElementById(id).getBoundingClientRect().height,
        };
      };
      return {
        page: of('page'),
        worker: of('worker'),
        ssr: of('ssr'),
        errors: window.__events.filter((e) => e.type === 'cartlift:error').map((e) => `${e.target}: ${e.detail.code}`),
        violations: window.__violations,
      };
    });

  test(`offers render in the page, in a worker and from server markup with zero violations: ${WIDGET_CSP}`, async () => {
    assert.doesNotMatch(WIDGET_CSP, /\s'unsafe-eval'|unsafe-inline/);
    const { page, problems } = await open('csp-ok', WIDGET_CSP);
    await page.waitForFunction(
      () => ['page', 'worker', 'ssr'].every((id) => document.getElementById(id).shadowRoot?.querySelector('.cl [data-offer-index]')),
      null,
      { timeout: 60_000, polling: 50 },
    );
    await page.waitForTimeout(300);
    const s = await state(page);
    assert.deepEqual(s.violations, []);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(problems, []);
    for (const id of ['page', 'worker', 'ssr']) {
      assert.ok(s[id].offers >= 1, `${id}: ${s[id].offers} offers`);
      assert.equal(s[id].radius, '14px', `${id} is styled by the widget stylesheet`);
    }
    assert.ok(s.ssr.ssr, 'the server markup was adopted');
    await page.screenshot({ path: join(ensureOutputDir(), 'widget-csp.png'), fullPage: true });
    await page.close();
  });

  test("without 'wasm-unsafe-eval' the engine cannot start: no crash, one cartlift:error, server markup still shown", async () => {
    const { page, problems } = await open('csp-no-wasm', NO_WASM_CSP);
    await page.waitForFunction(() => window.__events?.some((e) => e.type === 'cartlift:error' && e.target === 'page'), null, { timeout: 60_000 });
    await page.waitForTimeout(1000);
    const s = await state(page);
    assert.deepEqual(s.errors.filter((e) => e.startsWith('page')), ['page: load_failed']);
    assert.equal(s.page.offers, 0, 'nothing rendered in the page');
    assert.ok(s.page.height < 1, `the empty element takes no space (${s.page.height}px)`);
    // The server-rendered offers need no engine: they stay, adopted and usable.
    assert.ok(s.ssr.offers >= 1 && s.ssr.ssr);
    assert.ok(s.violations.length >= 1 && s.violations.every((v) => v.directive === 'script-src' && v.blocked === 'wasm-eval'), JSON.stringify(s.violations));
    // The only console errors are the browser's own CSP reports; no page error, no rejection.
    assert.deepEqual(problems.filter((p) => !/Content Security Policy|WebAssembly/i.test(p)), []);
    await page.close();
  });
});
