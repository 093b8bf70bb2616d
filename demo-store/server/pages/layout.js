// Page shell shared by every page: header (search, departments, cart), footer (experiment arm,
// data source), and the optional widget import map.
import { createHash } from 'node:crypto';
import { html, raw } from '../html.js';

export const STORE_NAME = 'Hearth & Ribbon';

// The widget is addressed as `cartlift/widget`, as stores will write it; the import map points
// that name at the package files the server exposes under /vendor/cartlift/.
export const IMPORT_MAP = JSON.stringify({
  imports: {
    cartlift: '/vendor/cartlift/src/browser.js',
    'cartlift/widget': '/vendor/cartlift/src/widget/index.js',
  },
});
export const IMPORT_MAP_HASH = `sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}`;

function departmentsNav(ctx) {
  const current = ctx.currentDepartment;
  return ctx.catalog.topCategories().map(
    (c) => html`<li><a href="/category/${c.slug}" ${current === c.slug ? raw('aria-current="page"') : ''}>${c.name}</a></li>`,
  );
}

function viaSwitch(ctx) {
  if (ctx.viaEdge) return html`<span class="via via-edge" title="This page came through the cartlift edge worker">Served via edge</span>`;
  return html`<a class="via" href="?via=edge" title="Open the same store through the edge worker">Origin · try the edge</a>`;
}

export function layout(ctx, { title, body, widget = false, bodyClass = '', head = '' }) {
  const { cartCount = 0, arm, query = '' } = ctx;
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title ? `${title} · ${STORE_NAME}` : STORE_NAME}</title>
<link rel="stylesheet" href="/static/store.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${widget ? html`<script type="importmap">${raw(IMPORT_MAP)}</script>` : ''}
<script type="module" src="/static/store.js"></script>
${head}
</head>
<body class="${bodyClass}" data-arm="${arm}">
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <div class="bar container">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span><span>${STORE_NAME}</span></a>
    <form class="search" action="/search" method="get" role="search" aria-label="Site search">
      <label class="visually-hidden" for="q">Search products</label>
      <input id="q" name="q" type="search" placeholder="Search 3,000+ gifts and homeware" value="${query}" autocomplete="off">
      <button type="submit">Search</button>
    </form>
    <nav class="tools" aria-label="Store">
      ${viaSwitch(ctx)}
      <a class="tool" href="/dashboard">Dashboard</a>
      <a class="tool cart-link" href="/cart">Basket${cartCount ? html` <span class="count" data-cart-count>${cartCount}</span>` : ''}</a>
    </nav>
  </div>
  <nav class="departments" aria-label="Departments"><ul class="container">${departmentsNav(ctx)}</ul></nav>
</header>
${ctx.edgeNotice ? edgeNotice(ctx) : ''}
<main id="main" class="container">
${body}
</main>
<footer class="site-footer">
  <div class="container footer-grid">
    <div>
      <strong>${STORE_NAME}</strong> is the cartlift demo store: 3,291 real products and real orders from
      the UCI Online Retail data set (a UK giftware retailer, 2010–2011). Payment is simulated.
    </div>
    <div class="experiment">
      Experiment <code>fbt-vs-control</code>: you are in the <strong data-testid="arm">${arm === 'fbt' ? 'offers (FBT)' : 'control'}</strong> arm${arm === 'control' ? ' — no offers are shown' : ''}.
      <form method="post" action="/visitor/new" class="inline"><button class="link-button" type="submit">Start as a new visitor</button></form>
    </div>
  </div>
</footer>
</body>
</html>`;
}

function edgeNotice(ctx) {
  const target = `${ctx.edgeUrl}${ctx.pathWithoutVia}`;
  return html`<aside class="container notice" role="note" data-testid="edge-notice">
  <strong>Same store, served through the edge worker.</strong>
  The edge worker (workerd, Cloudflare's runtime) proxies this store and renders the basket offers into the page
  with the same WebAssembly engine before the HTML reaches the browser. Start it with
  <code>npm --prefix demo-store run edge</code>, then open <a href="${target}">${target}</a>.
</aside>`;
}
