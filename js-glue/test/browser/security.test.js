// A hostile catalog must not run script, smuggle a script URL into a link or image, or break
// the layout: through the real engine, through a host-provided engine (100 KB titles, odd
// upsell fields), and through the server-rendered markup.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { buildHostileBundle, ensureOutputDir, launch, packAndUnpack, startServer, storePage, waitForOffers, watchPage, workDir } from './helpers.js';

let work;
let pkg;
let server;
let browser;
let hostilePath;

before(async () => {
  work = workDir();
  hostilePath = buildHostileBundle(work.dir);
  pkg = packAndUnpack(work.dir);
  server = await startServer({ packageRoot: pkg.root });
  server.serveFile('hostile.json', readFileSync(hostilePath));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  work?.remove();
});

// Every URL-bearing attribute in the document and in every open shadow root.
function auditPage(page) {
  return page.evaluate(() => {
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const urls = [];
    for (const el of all) {
      for (const name of ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster']) {
        if (el.hasAttribute(name)) urls.push({ tag: el.localName, name, value: el.getAttribute(name) });
      }
    }
    const host = document.querySelector('#w');
    const root = host.shadowRoot;
    const box = host.getBoundingClientRect();
    const frame = document.querySelector('#frame').getBoundingClientRect();
    const cl = root.querySelector('.cl');
    return {
      pwned: window.__pwned ?? null,
      urls,
      handlers: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.outerHTML.slice(0, 80)),
      scriptsInWidget: root.querySelectorAll('script, iframe, object, embed').length,
      width: box.width,
      frameWidth: frame.width,
      height: box.height,
      overflowX: cl ? cl.scrollWidth - cl.clientWidth : 0,
      rowHeights: [...root.querySelectorAll('.cl-item')].map((r) => r.getBoundingClientRect().height),
      cardHeights: [...root.querySelectorAll('.cl-card')].map((r) => r.getBoundingClientRect().height),
      titles: [...root.querySelectorAll('.cl-name')].map((n) => ({ tag: n.localName, text: n.textContent, dir: getComputedStyle(n).direction })),
    };
  });
}

function assertSafe(audit) {
  assert.equal(audit.pwned, null, 'no hostile script ran');
  assert.deepEqual(audit.handlers.filter((h) => !h.startsWith('<button id="page-button"')), [], 'no inline event handler attributes');
  assert.equal(audit.scriptsInWidget, 0);
  for (const u of audit.urls) {
    if (u.tag === 'script' || u.tag === 'link') continue; // the test page's own module scripts
    assert.doesNotMatch(u.value, /^\s*(javascript|data|vbscript|blob):/i, `${u.tag}[${u.name}]=${u.value}`);
    assert.doesNotMatch(u.value, /[\s"'<>\\]/, `${u.tag}[${u.name}] carries markup: ${u.value}`);
    assert.match(u.value, /^(https?:\/\/|\/(?!\/)|[A-Za-z0-9._~-])/, `${u.tag}[${u.name}] is http(s) or relative: ${u.value}`);
  }
}

function assertLayout(audit) {
  assert.ok(audit.width <= audit.frameWidth + 0.5, `widget ${audit.width}px wider than its container ${audit.frameWidth}px`);
  assert.ok(audit.overflowX <= 0, `horizontal overflow of ${audit.overflowX}px`);
  for (const h of audit.rowHeights) assert.ok(h < 160, `a row is ${h}px tall: long text is not clamped`);
  for (const h of audit.cardHeights) assert.ok(h < 320, `a card is ${h}px tall: long text is not clamped`);
  assert.ok(audit.height < 2000, `widget is ${audit.height}px tall`);
}

const frame = (inner, width = 640) => `<div id="frame" style="width:${width}px;padding:0;margin:0 auto">${inner}</div>`;

test('hostile catalog through the real engine: text stays text, script URLs are dropped, layout holds', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const problems = watchPage(page);
  const url = server.page(
    'hostile',
    storePage({
      body: frame(`<cartlift-offers id="w" bundle="/fixtures/hostile.json" placement="cart" limit="8" cart='[{"id":"H1","qty":1}]'></cartlift-offers>`),
      script: `import 'cartlift/widget';`,
    }),
  );
  await page.goto(url);
  await waitForOffers(page);
  await page.waitForTimeout(500); // give any injected onerror a chance to fire
  const audit = await auditPage(page);
  assertSafe(audit);
  assertLayout(audit);

  const ids = await page.evaluate(() => [...document.querySelector('#w').shadowRoot.querySelectorAll('.cl-item')].map((li) => li.dataset.id));
  assert.deepEqual(ids.sort(), ['H2', 'H3', 'H4', 'H5', 'H6']);
  // Markup in titles is shown literally, as the merchant typed it.
  assert.ok(audit.titles.some((t) => t.text === '<img src=x onerror=window.__pwned=1>' && t.tag === 'span'), JSON.stringify(audit.titles));
  assert.ok(audit.titles.some((t) => t.text === '"><script>window.__pwned=6</script>' && t.tag === 'span'));
  // Only the product with a safe URL is a link.
  const links = audit.urls.filter((u) => u.tag === 'a').map((u) => u.value);
  assert.deepEqual(links, ['/product/H4']);
  const images = audit.urls.filter((u) => u.tag === 'img').map((u) => u.value);
  assert.deepEqual(images, ['/img/H4.svg']);
  // RTL and emoji survive intact, with the direction taken from the text.
  const rtl = audit.titles.find((t) => t.text.startsWith('מנורת'));
  assert.equal(rtl.dir, 'rtl');
  assert.equal(rtl.text, 'מנורת שולחן בעיצוב נורדי 🕯️✨');
  assert.ok(audit.titles.some((t) => t.text === 'Party set 🎉🎈 👨‍👩‍👧‍👦'));
  // The 4 KB title is shortened on a code point boundary.
  const long = audit.titles.find((t) => t.text.startsWith('Very long'));
  assert.ok(Array.from(long.text).length <= 160 && long.text.endsWith('…'));
  // The reason quotes the hostile anchor title as text too.
  const reasons = await page.evaluate(() => [...document.querySelector('#w').shadowRoot.querySelectorAll('.cl-reason')].map((r) => r.textContent));
  assert.ok(reasons.every((r) => r.includes('</p><img src=x onerror=window.__pwned=2> Anchor')));

  await page.locator('#frame').screenshot({ path: join(ensureOutputDir(), 'widget-hostile.png') });
  // Adding still works with hostile ids and titles.
  await page.locator('#w [data-action="add-selected"]').click();
  const add = await page.evaluate(() => window.__events.find((e) => e.type === 'cartlift:add'));
  assert.deepEqual(add.detail.ids.sort(), ['H2', 'H3', 'H4', 'H5', 'H6']);
  assert.deepEqual(problems, []);
  await page.close();
});

const HUGE = `${'🎉 Ünïcødé ∑ long title '.repeat(4200)}`.slice(0, 100_000);
const hostileResponse = {
  arm: '"><img src=x onerror=window.__pwned=20>',
  offers: [
    { type: 'cross_sell', id: 'X1', title: HUGE, price: 100, currency: 'GBP', url: '/product/X1', reason: { text: HUGE } },
    { type: 'cross_sell', id: 'X2"><b>', title: 'Tab URL', price: 200, currency: 'GBP', url: 'java\tscript:window.__pwned=21', image: 'javascript:window.__pwned=22' },
    { type: 'cross_sell', id: 'X3', title: 'Newline URL', price: 300, currency: 'GBP', url: 'javascript\n:window.__pwned=23', image: '\u0000javascript:window.__pwned=24' },
    { type: 'cross_sell', id: 'X4', title: 'Entity URL', price: 400, currency: 'GBP', url: 'javascript&colon;window.__pwned=25', image: 'vbscript:msgbox(1)' },
    { type: 'cross_sell', id: 'X5', title: 'Backslash URL', price: 500, currency: 'GBP', url: '/\\evil.example/', image: 'data:image/png;base64,AAAA' },
    { type: 'cross_sell', id: 'X6', title: 'Bad price', price: '100"><img src=x onerror=window.__pwned=26>', currency: 'GBP' },
    { type: 'cross_sell', id: 'X7', title: 'Bad currency', price: 700, currency: '"><img src=x onerror=window.__pwned=27>' },
    {
      type: 'upsell', id: 'U1', title: '<svg onload=window.__pwned=28>', price: 900, currency: 'GBP', url: 'https://shop.example/u1',
      price_delta: 250, attributes_diff: { '<img src=x onerror=window.__pwned=29>': ['<b>a</b>', '<i>b</i>'], [HUGE.slice(0, 5000)]: { from: HUGE, to: HUGE } },
      reason: { text: '<script>window.__pwned=30</script>' },
    },
    { type: 'bundle', id: 'B1', title: 'Bundle', price: 1000, currency: 'GBP', products: [{ id: '<x>', title: '<img src=x onerror=window.__pwned=31>' }], reason: { text: 'ok' } },
    { type: '<img src=x onerror=window.__pwned=32>', id: 'T?', title: 'Unknown type', price: 50, currency: 'GBP' },
  ],
};

test('hostile offers from a host-provided engine (100 KB titles, broken URLs, odd fields)', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 1600 } });
  const problems = watchPage(page);
  const url = server.page(
    'hostile-engine',
    storePage({
      body: frame(`<cartlift-offers id="w" placement="cart" theme="dark"></cartlift-offers>`, 420),
      script: `
        import 'cartlift/widget';
        const response = ${JSON.stringify(hostileResponse).replace(/</g, '\\u003c')};
        const el = document.querySelector('#w');
        el.engine = { recommend: () => structuredClone(response) };
        el.cart = [{ id: 'A', qty: 1 }];`,
    }),
  );
  await page.goto(url);
  await waitForOffers(page);
  await page.waitForTimeout(500);
  await page.locator('#frame').screenshot({ path: join(ensureOutputDir(), 'widget-hostile-narrow-dark.png') });
  const audit = await auditPage(page);
  assertSafe(audit);
  assertLayout(audit);
  const links = audit.urls.filter((u) => u.tag === 'a').map((u) => u.value);
  // "javascript&colon;…" has no scheme: it is a harmless relative path, kept as text.
  assert.deepEqual(links, ['/product/X1', 'javascript&colon;window.__pwned=25', 'https://shop.example/u1']);
  assert.deepEqual(audit.urls.filter((u) => u.tag === 'img'), []);
  const longest = Math.max(...audit.titles.map((t) => Array.from(t.text).length));
  assert.ok(longest <= 160, `a title of ${longest} code points reached the page`);
  const ids = await page.evaluate(() => [...document.querySelector('#w').shadowRoot.querySelectorAll('[data-offer-index][data-id]')].map((n) => n.dataset.id));
  assert.ok(!ids.includes('X6'), 'an offer without an integer price is not shown');
  assert.ok(ids.includes('X2"><b>'), 'odd ids survive as attribute values');
  assert.deepEqual(problems, []);
  await page.close();
});

test('server-rendered markup of hostile offers is escaped and safe to adopt', async () => {
  const { renderOffersHTML } = await import(pathToFileURL(join(pkg.root, 'src/widget/index.js')).href);
  const { createEngine } = await import(pathToFileURL(join(pkg.root, 'src/node.js')).href);
  const engine = await createEngine(readFileSync(hostilePath));
  const real = engine.recommend({ cart: [{ id: 'H1', qty: 1 }], limit: 8 });
  for (const response of [real, hostileResponse]) {
    const html = renderOffersHTML(response, { locale: 'en-GB' });
    assert.ok(html.length > 0);
    // Tokenise like a parser would: every "<" must open or close one of our tags, and every
    // attribute must be one the widget writes, with no script URL.
    const startTag = /<([a-z][a-z0-9]*)((?:\s[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)>/g;
    const tags = [];
    const attrs = [];
    const rest = html
      .replace(/<style>[^<]*<\/style>/, '')
      .replace(startTag, (_, tag, list) => {
        tags.push(tag);
        for (const a of list.matchAll(/\s([a-z][a-z0-9-]*)(?:="([^"]*)")?/g)) attrs.push({ tag, name: a[1], value: a[2] ?? '' });
        return '';
      })
      .replace(/<\/[a-z][a-z0-9]*>/g, '');
    assert.doesNotMatch(rest, /</, 'a "<" from data survived unescaped');
    const allowed = new Set(['template', 'section', 'div', 'h2', 'p', 'ul', 'li', 'input', 'img', 'span', 'a', 'strong', 'button', 'b']);
    assert.deepEqual([...new Set(tags.filter((t) => !allowed.has(t)))], []);
    const names = new Set(attrs.map((a) => a.name));
    for (const name of names) assert.match(name, /^(class|part|id|dir|role|type|checked|href|src|alt|width|height|loading|decoding|shadowrootmode|aria-[a-z]+|data-[a-z-]+)$/, `unexpected attribute ${name}`);
    for (const a of attrs.filter((x) => x.name === 'href' || x.name === 'src')) {
      assert.doesNotMatch(a.value, /^\s*(javascript|data|vbscript):/i, `${a.tag}[${a.name}]=${a.value}`);
    }
  }
  const page = await browser.newPage({ viewport: { width: 900, height: 1600 } });
  const problems = watchPage(page);
  const url = server.page(
    'hostile-ssr',
    storePage({
      body: frame(`<cartlift-offers id="w" placement="cart">${renderOffersHTML(hostileResponse, { locale: 'en-GB' })}</cartlift-offers>`),
      script: `import 'cartlift/widget';`,
    }),
  );
  await page.goto(url);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'cartlift:impression'));
  await page.waitForTimeout(500);
  const audit = await auditPage(page);
  assertSafe(audit);
  assertLayout(audit);
  assert.deepEqual(problems, []);
  await page.close();
});
