// When anything the widget depends on is missing or broken, the element shows nothing, reports
// one cartlift:error, and the store page keeps working (no unhandled rejection, no page error).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, packAndUnpack, PKG_DIR, startServer, storePage, watchPage, workDir } from './helpers.js';

let work;
let server;
let browser;

before(async () => {
  work = workDir();
  const pkg = packAndUnpack(work.dir);
  server = await startServer({ packageRoot: pkg.root });
  // The small committed fixture keeps these tests about failures, not about parsing speed.
  server.serveFile('small.json', readFileSync(`${PKG_DIR}/test/fixtures/bundle.json`));
  server.serveFile('corrupt.json', '{"format":"cartlift.bundle/1","products":[{"id":"85123A","tit');
  server.serveFile('html.json', '<!doctype html><title>Not found</title><p>Our page could not be found.', 'text/html');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  work?.remove();
});

const CART = `cart='[{"id":"85123A","qty":1}]'`;

const cases = [
  { name: 'wasm answers 404', attrs: `bundle="/fixtures/small.json" ${CART}`, base: '/no-wasm/node_modules/cartlift', code: 'load_failed' },
  { name: 'wasm blocked by the network', attrs: `bundle="/fixtures/small.json" ${CART}`, block: '**/dist/cartlift.wasm', code: 'load_failed' },
  {
    name: 'wasm blocked by CSP (no wasm-unsafe-eval)',
    attrs: `bundle="/fixtures/small.json" ${CART}`,
    head: `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">`,
    code: 'load_failed',
  },
  { name: 'glue module blocked', attrs: `bundle="/fixtures/small.json" ${CART}`, block: '**/dist/cartlift.js', code: 'load_failed' },
  { name: 'bundle answers 404', attrs: `bundle="/fixtures/missing.json" ${CART}`, code: 'load_failed' },
  { name: 'corrupt bundle', attrs: `bundle="/fixtures/corrupt.json" ${CART}`, code: /^(malformed_json|missing_field|wrong_type|invalid_value|unsupported_format)$/ },
  { name: 'an HTML page instead of a bundle', attrs: `bundle="/fixtures/html.json" ${CART}`, code: /^(malformed_json|unsupported_format)$/ },
  { name: 'worker mode: bundle answers 404', attrs: `worker bundle="/fixtures/missing.json" ${CART}`, code: 'load_failed' },
  { name: 'worker mode: wasm answers 404', attrs: `worker bundle="/fixtures/small.json" ${CART}`, base: '/no-wasm/node_modules/cartlift', code: 'load_failed' },
  { name: 'worker mode: corrupt bundle', attrs: `worker bundle="/fixtures/corrupt.json" ${CART}`, code: /^(malformed_json|missing_field|wrong_type|invalid_value|unsupported_format)$/ },
  { name: 'cart attribute that is not JSON', attrs: `bundle="/fixtures/small.json" cart='[{"id": 85123A'`, code: 'malformed_json' },
];

for (const c of cases) {
  test(`${c.name}: nothing rendered, cartlift:error, page still works`, async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    if (c.block) await page.route(c.block, (route) => route.abort('blockedbyclient'));
    const slug = c.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const url = server.page(
      slug,
      storePage({
        base: c.base,
        head: c.head || '',
        body: `<cartlift-offers id="w" placement="cart" ${c.attrs} style="--cartlift-reserve: 200px"></cartlift-offers>`,
        script: `import('cartlift/widget').catch((e) => window.__importError = String(e));`,
      }),
    );
    await page.goto(url);
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'cartlift:error'), null, { timeout: 60_000 });
    await page.waitForTimeout(200);
    const state = await page.evaluate(() => {
      const el = document.querySelector('#w');
      return {
        errors: window.__events.filter((e) => e.type === 'cartlift:error').map((e) => e.detail),
        other: window.__events.filter((e) => e.type !== 'cartlift:error').map((e) => e.type),
        rendered: !!el.shadowRoot?.querySelector('.cl'),
        height: el.getBoundingClientRect().height,
        busy: el.getAttribute('aria-busy'),
        rejections: window.__rejections,
        importError: window.__importError ?? null,
      };
    });
    assert.equal(state.importError, null);
    assert.equal(state.errors.length, 1, JSON.stringify(state.errors));
    const [err] = state.errors;
    if (c.code instanceof RegExp) assert.match(err.code, c.code);
    else assert.equal(err.code, c.code, err.message);
    assert.equal(typeof err.message, 'string');
    assert.ok(err.message.length > 0);
    assert.deepEqual(state.other, []);
    assert.equal(state.rendered, false);
    assert.equal(state.height, 0, 'no reserved space once loading failed');
    assert.equal(state.busy, null);
    assert.deepEqual(state.rejections, []);

    await page.click('#page-button');
    assert.equal(await page.getAttribute('#page-button', 'data-clicks'), '1');
    // Only network noise may reach the console, never a script error.
    assert.deepEqual(problems.filter((p) => !/Failed to load resource|net::ERR_|Content Security Policy|WebAssembly/.test(p)), []);
    await page.close();
  });
}

test('an empty response renders nothing and keeps no reserved space', async () => {
  const page = await browser.newPage();
  const url = server.page(
    'empty',
    storePage({
      body: `<cartlift-offers id="w" placement="cart" style="--cartlift-reserve: 240px"></cartlift-offers>`,
      script: `
        import 'cartlift/widget';
        const el = document.querySelector('#w');
        let release;
        el.engine = { recommend: () => new Promise((r) => { release = r; }) };
        el.cart = [{ id: 'A', qty: 1 }];
        await new Promise((r) => setTimeout(r, 50));
        window.__reserved = el.getBoundingClientRect().height;
        release({ offers: [], arm: 'default' });
        await new Promise((r) => setTimeout(r, 50));
        window.__after = el.getBoundingClientRect().height;`,
    }),
  );
  await page.goto(url);
  await page.waitForFunction(() => window.__after !== undefined);
  assert.equal(await page.evaluate(() => window.__reserved), 240, 'space is reserved while loading');
  assert.equal(await page.evaluate(() => window.__after), 0);
  assert.deepEqual(await page.evaluate(() => window.__events), []);
  await page.close();
});

test('an engine that throws on recommend reports its code and path-free message', async () => {
  const page = await browser.newPage();
  const url = server.page(
    'throws',
    storePage({
      body: `<cartlift-offers id="w" placement="cart"></cartlift-offers>`,
      script: `
        import 'cartlift/widget';
        const el = document.querySelector('#w');
        el.engine = { recommend() { throw Object.assign(new Error('qty must be at least 1'), { code: 'invalid_value', path: '/cart/0/qty' }); } };
        el.cart = [{ id: 'A', qty: 1 }];`,
    }),
  );
  await page.goto(url);
  await page.waitForFunction(() => window.__events.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__events.map((e) => e.detail)), [{ code: 'invalid_value', message: 'qty must be at least 1' }]);
  await page.close();
});
