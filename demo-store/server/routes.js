// Routes: method + path pattern → handler(ctx, ...captures). Handlers return false to fall
// through (e.g. an unknown product id becomes the 404 page).
import { addToCart, CART_COOKIE, removeFromCart, replaceInCart, serializeCart, setQty } from './cart.js';
import { loadBenchResults, loadEval } from './evaluation.js';
import { basisPoints } from './deals.js';
import { cleanEvent } from './events.js';
import { assignArm, newVisitorId } from './experiment.js';
import { cookie, readForm, readJson, safeReturn, sendHtml, VISITOR_COOKIE, wantsJson } from './http-util.js';
import { productSvg } from './images.js';
import { cartPage, deliveryFor } from './pages/cart.js';
import { checkoutPage, orderPage } from './pages/checkout.js';
import { dashboardPage } from './pages/dashboard.js';
import { productPage } from './pages/product.js';
import { categoryPage, homePage, searchPage } from './pages/shop.js';
import { CART_WIDGET_TYPES, CHECKOUT_TYPES } from './offers.js';
import { estimate } from './replay.js';
import { serveStatic } from './static.js';

// The widget's own server renderer, so the pre-rendered markup is exactly what the element
// adopts. Loaded lazily and optional: if the widget cannot be imported the slot stays empty and
// the element renders client-side.
let widgetRenderer;
async function renderWidgetHtml(response, request) {
  if (widgetRenderer === undefined) {
    widgetRenderer = await import('cartlift/widget').then(
      (m) => m.renderOffersHTML ?? null,
      () => null,
    );
  }
  if (!widgetRenderer) return '';
  try {
    return widgetRenderer(response, { locale: 'en-GB', currency: 'GBP', headingLevel: 2, limit: request.limit, request });
  } catch {
    return '';
  }
}

function redirect(ctx, location, lines) {
  const cookies = [...ctx.setCookies];
  if (lines) cookies.push(cookie(CART_COOKIE, serializeCart(lines), { maxAge: 60 * 60 * 24 * 30, httpOnly: false }));
  if (cookies.length) ctx.res.setHeader('Set-Cookie', cookies);
  if (wantsJson(ctx.req)) {
    const body = JSON.stringify({ ok: true, cart: lines ?? ctx.lines, count: (lines ?? ctx.lines).reduce((s, l) => s + l.qty, 0), location });
    ctx.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    ctx.res.end(body);
    return;
  }
  ctx.res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' });
  ctx.res.end();
}

function sendJson(ctx, status, data) {
  ctx.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  ctx.res.end(JSON.stringify(data));
}

/** Server-side record of an offer being taken: works for plain form posts without any script. */
function recordAdd(ctx, ids, form) {
  const type = form.get('offer_type');
  if (!type || !ids.length) return;
  const ev = cleanEvent({ type: 'add', ids, offer_type: type, placement: form.get('placement') || undefined, source: form.get('source') || 'form' });
  if (ev) ctx.app.events.record({ ...ev, visitor: ctx.visitor, arm: ctx.arm });
}

function recordImpression(ctx, offers, placement) {
  if (ctx.arm !== 'fbt' || !offers.length || ctx.req.method === 'HEAD') return;
  ctx.app.events.record({ type: 'impression', visitor: ctx.visitor, arm: ctx.arm, placement, ids: offers.map((o) => o.id), types: [...new Set(offers.map((o) => o.type))], source: 'server' });
}

function productIdOk(ctx, id) {
  return ctx.catalog.get(id) ? id : null;
}

export { CART_WIDGET_TYPES };

const r = (method, path, handler) => ({ method, path, handler });

export const routes = [
  r('GET', /^\/$/, (ctx) => sendHtml(ctx, homePage(ctx))),
  r('GET', /^\/healthz$/, (ctx) => sendJson(ctx, 200, { ok: true, products: ctx.catalog.products.length })),
  r('GET', /^\/search$/, (ctx) => sendHtml(ctx, searchPage(ctx, (ctx.url.searchParams.get('q') || '').slice(0, 100).trim()))),
  r('GET', /^\/category\/([a-z0-9-]+(?:\/[a-z0-9-]+)?)\/?$/, (ctx, slug) => {
    const cat = ctx.catalog.category(slug);
    if (!cat) return false;
    return sendHtml(ctx, categoryPage(ctx, cat, Number.parseInt(ctx.url.searchParams.get('page') || '1', 10) || 1));
  }),
  r('GET', /^\/product\/([^/]+)$/, (ctx, id) => {
    const product = ctx.catalog.get(id);
    if (!product) return false;
    const offers = ctx.arm === 'fbt' ? ctx.app.offers.forProduct(product.id, { limit: 3 }) : [];
    recordImpression(ctx, offers, 'product');
    return sendHtml(ctx, productPage(ctx, product, offers));
  }),
  r('GET', /^\/img\/([^/]+)\.svg$/, (ctx, id) => {
    const product = ctx.catalog.get(id) || { id, title: '', category: ['Other'] };
    ctx.res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
    ctx.res.end(productSvg(product));
  }),
  r('GET', /^\/bundle\.json$/, (ctx) => {
    const etag = `"b-${ctx.app.bundleBytes.length.toString(16)}"`;
    const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300', ETag: etag, Vary: 'Accept-Encoding' };
    if (ctx.req.headers['if-none-match'] === etag) {
      ctx.res.writeHead(304, headers);
      return ctx.res.end();
    }
    const gzip = /\bgzip\b/.test(String(ctx.req.headers['accept-encoding'] || ''));
    const body = gzip ? ctx.app.bundleGzip : ctx.app.bundleBytes;
    ctx.res.writeHead(200, { ...headers, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), 'Content-Length': body.length });
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body);
  }),

  r('GET', /^\/bundle\.bin$/, (ctx) => {
    const bytes = ctx.app.binaryBytes;
    if (!bytes) {
      ctx.res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return ctx.res.end('no binary bundle: run scripts/demo.sh');
    }
    const etag = `"bb-${bytes.length.toString(16)}"`;
    const headers = { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'public, max-age=300', ETag: etag };
    if (ctx.req.headers['if-none-match'] === etag) {
      ctx.res.writeHead(304, headers);
      return ctx.res.end();
    }
    ctx.res.writeHead(200, { ...headers, 'Content-Length': bytes.length });
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : bytes);
  }),

  r('GET', /^\/cart$/, async (ctx) => {
    const priced = ctx.priced();
    const lines = priced.items.map(({ id, qty }) => ({ id, qty }));
    let upgrades = [];
    let gapInfo = null;
    const cartOffers = { offers: [], ssr: '', limit: ctx.app.config.cartLimit };
    if (ctx.arm === 'fbt' && lines.length) {
      upgrades = ctx.app.offers.upgrades(lines);
      // Same request the element builds from its attributes, so its key matches and it adopts
      // the markup instead of downloading the bundle.
      const request = { cart: lines, limit: cartOffers.limit, types: CART_WIDGET_TYPES, page: 'cart', visitor: ctx.visitor };
      const response = ctx.app.offers.engine ? safeRecommend(ctx, request) : { offers: [] };
      cartOffers.offers = response.offers.filter((o) => o.type !== 'upsell');
      if (!ctx.behindEdge) cartOffers.ssr = await renderWidgetHtml(response, request);
      // The delivery-gap suggestion should not repeat a product the widget already shows.
      gapInfo = ctx.app.offers.shippingGap(lines, priced.net, ctx.freeShipping, { exclude: cartOffers.offers.map((o) => o.id) });
      recordImpression(ctx, upgrades, 'upgrade');
      if (gapInfo?.offer) recordImpression(ctx, [gapInfo.offer], 'shipping');
    }
    return sendHtml(ctx, cartPage(ctx, priced, { upgrades, cartOffers, gapInfo }));
  }),
  r('POST', /^\/cart\/add$/, async (ctx) => {
    const form = await readForm(ctx.req);
    const id = productIdOk(ctx, form.get('id'));
    if (!id) return redirect(ctx, safeReturn(form.get('return'), '/cart'));
    recordAdd(ctx, [id], form);
    return redirect(ctx, safeReturn(form.get('return'), '/cart'), addToCart(ctx.lines, id, form.get('qty') || 1));
  }),
  r('POST', /^\/cart\/add-many$/, async (ctx) => {
    const form = await readForm(ctx.req);
    // `qty` fields, when there is one per `id`, say how many of each (a volume offer: N more).
    const rawIds = form.getAll('id');
    const rawQty = form.getAll('qty');
    const wanted = new Map();
    rawIds.forEach((id, i) => {
      if (!productIdOk(ctx, id) || wanted.has(id) || wanted.size >= 20) return;
      wanted.set(id, rawQty.length === rawIds.length ? rawQty[i] : 1);
    });
    const ids = [...wanted.keys()];
    let lines = ctx.lines;
    for (const [id, qty] of wanted) if (!lines.some((l) => l.id === id) || id !== form.get('anchor')) lines = addToCart(lines, id, qty);
    // A set taken from a bundle offer: priced as the set only when the engine offers exactly it
    // for the cart it was taken from. Merchant sets are priced from the rules whatever the way
    // into the cart; a mined set is remembered for this visitor.
    if (form.get('offer_type') === 'bundle' && ctx.arm === 'fbt') {
      const offer = ctx.app.offers.bundleOffer(ctx.lines, ids);
      if (offer?.bundle_id === 'mined' && offer.reason?.evidence?.with) {
        ctx.app.takenSets.take(ctx.visitor, { ids: [String(offer.reason.evidence.with), ...ids], bp: basisPoints(offer.percent_off) });
      }
    }
    // The anchor (the product page's own item) is not an offer being taken.
    recordAdd(ctx, ids.filter((id) => id !== form.get('anchor')), form);
    return redirect(ctx, safeReturn(form.get('return'), '/cart'), lines);
  }),
  r('POST', /^\/cart\/update$/, async (ctx) => {
    const form = await readForm(ctx.req);
    return redirect(ctx, '/cart', setQty(ctx.lines, String(form.get('id')), form.get('qty')));
  }),
  r('POST', /^\/cart\/remove$/, async (ctx) => {
    const form = await readForm(ctx.req);
    return redirect(ctx, '/cart', removeFromCart(ctx.lines, String(form.get('id'))));
  }),
  r('POST', /^\/cart\/replace$/, async (ctx) => {
    const form = await readForm(ctx.req);
    const to = productIdOk(ctx, form.get('id'));
    if (!to) return redirect(ctx, '/cart');
    recordAdd(ctx, [to], form);
    return redirect(ctx, safeReturn(form.get('return'), '/cart'), replaceInCart(ctx.lines, String(form.get('from')), to));
  }),

  r('GET', /^\/checkout$/, (ctx) => {
    const priced = ctx.priced();
    const lines = priced.items.map(({ id, qty }) => ({ id, qty }));
    let addons = [];
    let gapInfo = null;
    if (ctx.arm === 'fbt' && lines.length) {
      addons = ctx.app.offers.forCart(lines, { page: 'checkout', limit: 3, types: CHECKOUT_TYPES });
      gapInfo = ctx.app.offers.shippingGap(lines, priced.net, ctx.freeShipping);
      if (gapInfo?.offer) addons = addons.filter((o) => o.id !== gapInfo.offer.id);
      recordImpression(ctx, addons, 'checkout');
      if (gapInfo?.offer) recordImpression(ctx, [gapInfo.offer], 'shipping');
    }
    return sendHtml(ctx, checkoutPage(ctx, priced, { addons, gapInfo }));
  }),
  r('POST', /^\/checkout\/pay$/, async (ctx) => {
    await readForm(ctx.req); // the details are not kept: payment is simulated
    const priced = ctx.priced();
    if (!priced.items.length) return redirect(ctx, '/cart');
    const ids = priced.items.map((i) => i.id);
    const attached = ctx.app.events.attachedIds(ctx.visitor, ids);
    const delivery = deliveryFor(priced.net, ctx);
    // The thank-you for the next order, when the rules give this cart one (offers arm only).
    const reward = ctx.arm === 'fbt' ? ctx.app.offers.reward(priced.items.map(({ id, qty }) => ({ id, qty }))) : null;
    const order = ctx.app.orders.place({
      visitor: ctx.visitor,
      arm: ctx.arm,
      items: priced.items.map((i) => ({ id: i.id, name: i.product.name, qty: i.qty, price: i.product.price, lineTotal: i.lineTotal, fromOffer: attached.includes(i.id) })),
      subtotal: priced.subtotal,
      discounts: priced.discounts.map(({ kind, label, amount }) => ({ kind, label, amount })),
      discount: priced.discount,
      delivery,
      total: priced.net + delivery,
      reward: reward ? { code: reward.code, text: reward.title } : undefined,
    });
    ctx.app.takenSets.clear(ctx.visitor);
    // Order value for AOV is the merchandise after discounts: delivery is not something offers sell.
    ctx.app.events.record({ type: 'order', visitor: ctx.visitor, arm: ctx.arm, order: order.id, value: priced.net, ids, attached });
    return redirect(ctx, `/order/${order.id}`, []);
  }),
  r('GET', /^\/order\/([A-Z0-9-]+)$/, (ctx, id) => {
    const order = ctx.app.orders.get(id);
    // Confirmation pages are private to the visitor who placed the order.
    if (!order || order.visitor !== ctx.visitor) return false;
    return sendHtml(ctx, orderPage(ctx, order));
  }),

  r('GET', /^\/dashboard$/, async (ctx) => {
    const app = ctx.app;
    const ev = loadEval(app.config.eval);
    const k = Number.parseInt(ctx.url.searchParams.get('k') || '10', 10) || 10;
    let acceptancePct = Number.parseFloat(ctx.url.searchParams.get('accept') ?? '3');
    if (!Number.isFinite(acceptancePct) || acceptancePct < 0 || acceptancePct > 100) acceptancePct = 3;
    const replay = await app.replay;
    const est = replay && replay.orders ? estimate(replay, acceptancePct / 100) : null;
    const replayState = replay?.missing ? 'The held-out orders file is not there, so no estimate can be made.' : replay?.error ? `The replay failed: ${replay.error}` : null;
    return sendHtml(
      ctx,
      dashboardPage(ctx, { ev, k, stats: app.stats, bench: loadBenchResults(app.config.bench), estimate: est, acceptancePct, replayState, abSummary: app.events.summary() }),
    );
  }),
  r('GET', /^\/api\/eval$/, (ctx) => {
    const ev = loadEval(ctx.app.config.eval);
    return sendJson(ctx, ev.methods ? 200 : 404, ev.methods ? { file: ev.file, ks: ev.ks, methods: ev.methods.map((m) => ({ name: m.name, metrics: Object.fromEntries(m.metrics) })) } : { missing: true });
  }),
  r('POST', /^\/api\/events$/, async (ctx) => {
    let body;
    try {
      body = await readJson(ctx.req);
    } catch {
      return sendJson(ctx, 400, { error: 'body must be JSON' });
    }
    const list = (Array.isArray(body) ? body : [body]).slice(0, 20);
    let stored = 0;
    for (const item of list) {
      const ev = cleanEvent(item);
      if (!ev) continue;
      // The arm is the server's, from the visitor cookie: the page cannot claim another arm.
      ctx.app.events.record({ ...ev, visitor: ctx.visitor, arm: ctx.arm });
      stored++;
    }
    return sendJson(ctx, stored ? 202 : 400, { stored });
  }),
  r('POST', /^\/visitor\/new$/, async (ctx) => {
    await readForm(ctx.req);
    const visitor = newVisitorId();
    ctx.app.events.noteVisit(visitor, assignArm(visitor));
    ctx.res.setHeader('Set-Cookie', [cookie(VISITOR_COOKIE, visitor, { maxAge: 60 * 60 * 24 * 180 }), cookie(CART_COOKIE, '', { maxAge: 0, httpOnly: false })]);
    ctx.res.writeHead(303, { Location: '/' });
    ctx.res.end();
  }),
  r('GET', /^\/(?:static|vendor)\//, (ctx) => serveStatic(ctx.req, ctx.res, ctx.url.pathname)),
];

function safeRecommend(ctx, request) {
  try {
    return ctx.app.offers.engine.recommend(request);
  } catch (err) {
    ctx.app.log.error?.(`cartlift: recommend failed: ${err.message}`);
    return { offers: [] };
  }
}

