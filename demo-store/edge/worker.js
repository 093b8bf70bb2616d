// Edge worker: proxies the store and puts server-rendered offers into its cart and checkout
// pages, so shoppers see offers in the first paint instead of after the widget has loaded.
//
// The one promise: the page never gets worse. Whenever anything is off (an engine error, the
// engine-time budget exceeded, an unusable cart cookie, a page that is not plain 200 HTML, a
// missing slot, a body we would have to decode or wait for), the origin's response goes out
// unchanged, byte for byte, with its own status and headers.
//
// Why buffer: the cart may only be known from JSON embedded in the page, and that script can
// come after the slot; headers (Cache-Control, Server-Timing) also depend on whether offers
// were injected, and headers leave before the body. So an eligible page (GET, configured path,
// 200, text/html, not content-encoded, with a Content-Length within MAX_HTML_BYTES) is read
// whole first. With the cart cookie the page is rewritten in a single HTMLRewriter pass into a
// buffer; without it a first scanning pass finds the embedded cart (and the slot, so pages
// without one cost no engine time). Responses of unknown length (streamed by the origin) are
// never held back: they pass through as they arrive.
import { createEngine } from 'cartlift';
import wasmModule from 'cartlift/wasm';
import bundleData from './store-bundle.json';
import { renderOffersHTML } from './offers-markup.js';
import {
  addToken,
  cartFromCookie,
  cartFromEmbeddedJson,
  forbidsTransform,
  formatDuration,
  isEncoded,
  isHtml,
  matchPage,
  readConfig,
  escapeHtml,
} from './lib.js';

// One engine per isolate, created on first use: loading the store bundle is the expensive
// part (tens of milliseconds for a full catalog) and must not run for requests that never need
// it, nor again for every request.
let enginePromise = null;
let engineFailedAt = 0;
// After a failed load, the next attempts are spaced out so a broken bundle does not cost every
// request a full load.
const RETRY_AFTER_FAILURE_MS = 30_000;

function getEngine() {
  if (enginePromise) return enginePromise;
  if (engineFailedAt && Date.now() - engineFailedAt < RETRY_AFTER_FAILURE_MS) {
    return Promise.reject(new Error('the engine failed to load recently'));
  }
  enginePromise = createEngine(bundleData, { wasmModule }).then(
    (engine) => engine,
    (err) => {
      enginePromise = null;
      engineFailedAt = Date.now();
      throw err;
    },
  );
  return enginePromise;
}

// Resolves to the engine, or to null when it is not ready within the time left of the budget
// (cold isolate); the load keeps going in the background for the next request.
function engineWithin(ms, ctx) {
  const pending = getEngine();
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, ms));
  });
  return Promise.race([pending, timeout]).finally(() => {
    clearTimeout(timer);
    if (ctx && typeof ctx.waitUntil === 'function') ctx.waitUntil(pending.catch(() => {}));
  });
}

function now() {
  return performance.now();
}

class PassThrough extends Error {
  constructor(reason, loud = false) {
    super(reason);
    this.reason = reason;
    this.loud = loud;
  }
}

function sameAsOrigin(origin, body) {
  return new Response(body, { status: origin.status, statusText: origin.statusText, headers: origin.headers });
}

// Marks requests the worker sends, so an ORIGIN pointing back at the worker fails at once
// instead of recursing until file descriptors run out.
const HOP_HEADER = 'x-cartlift-edge-hop';

async function proxy(request, config) {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  headers.set('x-forwarded-host', url.host);
  headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
  headers.set(HOP_HEADER, '1');
  // The store's hook (demo-store/README.md): its header then says the page came through the edge.
  headers.set('x-cartlift-via', 'edge');
  const init = {
    method: request.method,
    headers,
    redirect: 'manual',
    // Keep the origin's encoded bytes: decoding and re-encoding a gzip body would change it.
    encodeResponseBody: 'manual',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') init.body = request.body;
  return fetch(config.origin + url.pathname + url.search, init);
}

const PLACEMENTS = new Set(['product', 'cart', 'checkout']);

/**
 * The request a `<cartlift-offers>` host would send itself (its limit, types, placement and
 * visitor attributes), so the key the markup carries (data-key) matches the widget's and it
 * adopts the offers instead of asking again.
 */
function widgetRequest(el, cart, page) {
  const request = { cart };
  const limit = Number.parseInt(el.getAttribute('limit') ?? '', 10);
  if (Number.isInteger(limit) && limit > 0) request.limit = Math.min(limit, 50);
  const types = (el.getAttribute('types') || '').split(/[\s,]+/).filter(Boolean);
  if (types.length) request.types = types;
  const placement = el.getAttribute('placement');
  request.page = PLACEMENTS.has(placement) ? placement : page;
  const visitor = el.getAttribute('visitor');
  if (visitor) request.visitor = visitor;
  return request;
}

function hostFor(request, markup) {
  return (
    `<cartlift-offers placement="${escapeHtml(request.page)}" limit="${escapeHtml(request.limit)}"` +
    ` cart="${escapeHtml(JSON.stringify(request.cart))}">${markup}</cartlift-offers>`
  );
}

async function scanPage(body) {
  const found = { slots: 0, adopted: false, cartText: '', cartScripts: 0 };
  let capturing = false;
  await new HTMLRewriter()
    .on('[data-cartlift-slot]', {
      element() {
        found.slots += 1;
      },
    })
    .on('[data-cartlift-ssr]', {
      element() {
        found.adopted = true;
      },
    })
    .on('script#cartlift-cart', {
      element(el) {
        found.cartScripts += 1;
        const type = (el.getAttribute('type') || '').split(';')[0].trim().toLowerCase();
        capturing = found.cartScripts === 1 && type === 'application/json';
      },
      text(chunk) {
        if (!capturing) return;
        // Bounded: the parse rejects anything over the embedded-cart limit anyway.
        if (found.cartText.length <= 64 * 1024) found.cartText += chunk.text;
        if (chunk.lastInTextNode) capturing = false;
      },
    })
    .transform(new Response(body))
    .arrayBuffer();
  return found;
}

// The engine runs inside the rewrite: only for pages that really have a slot, and with the
// request of the widget host found there. In the first slot, a `<cartlift-offers>` (the slot
// itself or one inside it, as the store's own pages have) receives the markup; a slot without
// one gets a host of ours just before its end tag. Faults are recorded rather than thrown, so
// the caller decides, and every exit hands back the original bytes.
async function injectInto(body, engine, cart, page, config) {
  const result = { slots: 0, adopted: false, injected: false, engineMs: 0, error: null };
  const run = (el, request, place) => {
    if (result.injected || result.error) return;
    try {
      const started = now();
      const response = engine.recommend(request);
      result.engineMs += now() - started;
      const markup = renderOffersHTML(response, { request, limit: request.limit });
      if (!markup) return;
      place(markup);
      result.injected = true;
    } catch (err) {
      result.error = err;
    }
  };
  let inFirstSlot = false;
  const out = await new HTMLRewriter()
    .on('[data-cartlift-ssr]', {
      element() {
        result.adopted = true;
      },
    })
    .on('[data-cartlift-slot]', {
      element(el) {
        result.slots += 1;
        if (result.slots !== 1) return;
        if (el.tagName.toLowerCase() === 'cartlift-offers') {
          const request = widgetRequest(el, cart, page);
          run(el, request, (markup) => el.append(markup, { html: true }));
          return;
        }
        inFirstSlot = true;
        el.onEndTag((end) => {
          inFirstSlot = false;
          const request = { cart, limit: config.offerLimit, page };
          run(el, request, (markup) => end.before(hostFor(request, markup), { html: true }));
        });
      },
    })
    .on('[data-cartlift-slot] cartlift-offers', {
      element(el) {
        if (!inFirstSlot) return;
        const request = widgetRequest(el, cart, page);
        run(el, request, (markup) => el.append(markup, { html: true }));
      },
    })
    .transform(new Response(body))
    .arrayBuffer();
  return { ...result, out };
}

function personalisedHeaders(originHeaders, engineMs, rewriteMs) {
  const headers = new Headers(originHeaders);
  // The body is now specific to this shopper: no shared cache may keep it, and validators
  // of the origin's generic page no longer describe it.
  headers.set('cache-control', 'private, no-store');
  headers.set('vary', addToken(headers.get('vary'), 'Cookie'));
  for (const name of ['content-length', 'etag', 'last-modified', 'expires', 'age']) headers.delete(name);
  // Engine time (including any wait for a cold engine), then markup and HTML rewriting.
  headers.append('server-timing', `cartlift;dur=${formatDuration(engineMs)}, cartlift-html;dur=${formatDuration(rewriteMs)}`);
  return headers;
}

async function personalise(request, origin, config, page, ctx) {
  if (origin.status !== 200) throw new PassThrough('status');
  const h = origin.headers;
  if (!isHtml(h.get('content-type'))) throw new PassThrough('not_html');
  if (isEncoded(h.get('content-encoding'))) throw new PassThrough('encoded');
  if (forbidsTransform(h.get('cache-control'))) throw new PassThrough('no_transform');
  const length = h.get('content-length');
  if (length === null) throw new PassThrough('streamed');
  if (!(Number(length) <= config.maxHtmlBytes)) throw new PassThrough('too_large');

  const cookie = cartFromCookie(request.headers.get('cookie'));
  if (cookie.state === 'invalid') throw new PassThrough(cookie.reason);

  // From here on the body is consumed; every exit must hand these exact bytes back.
  const body = await origin.arrayBuffer();
  try {
    let cart = cookie.state === 'ok' ? cookie.cart : null;
    if (!cart) {
      const scan = await scanPage(body);
      if (!scan.slots) throw new PassThrough('no_slot');
      if (scan.adopted) throw new PassThrough('already_rendered');
      cart = cartFromEmbeddedJson(scan.cartText);
    }
    if (!cart || cart.length === 0) throw new PassThrough('no_cart');

    const started = now();
    const engine = await engineWithin(config.budgetMs, ctx);
    const waitMs = now() - started;
    if (!engine || waitMs > config.budgetMs) throw new PassThrough('budget_cold_engine', true);

    const rewriteStarted = now();
    const injected = await injectInto(body, engine, cart, page, config);
    const rewriteMs = now() - rewriteStarted - injected.engineMs;
    if (injected.error) throw injected.error;
    const engineMs = waitMs + injected.engineMs;
    if (engineMs > config.budgetMs) throw new PassThrough('budget', true);
    if (!injected.slots) throw new PassThrough('no_slot');
    if (injected.adopted) throw new PassThrough('already_rendered');
    if (!injected.injected) throw new PassThrough('no_offers');

    return new Response(injected.out, {
      status: origin.status,
      statusText: origin.statusText,
      headers: personalisedHeaders(origin.headers, engineMs, rewriteMs),
    });
  } catch (err) {
    if (!(err instanceof PassThrough)) err = new PassThrough(`error: ${err && err.message ? err.message : err}`, true);
    err.body = body;
    throw err;
  }
}

export default {
  async fetch(request, env, ctx) {
    const config = readConfig(env);
    if (!config.origin) return new Response('cartlift edge: ORIGIN is not configured', { status: 500 });

    if (request.headers.has(HOP_HEADER)) {
      return new Response('cartlift edge: ORIGIN points back at this worker', { status: 508 });
    }

    // Loading starts with the first request of the isolate, in parallel with the origin fetch,
    // so the first cart page rarely has to wait for it.
    if (config.inject && request.method === 'GET' && !enginePromise && ctx && typeof ctx.waitUntil === 'function') {
      ctx.waitUntil(getEngine().catch(() => {}));
    }

    let origin;
    try {
      origin = await proxy(request, config);
    } catch (err) {
      // Nothing to pass through: the store itself is unreachable.
      return new Response('Bad gateway', { status: 502, headers: { 'content-type': 'text/plain' } });
    }

    const url = new URL(request.url);
    const page = config.inject && request.method === 'GET' ? matchPage(url.pathname, config.paths) : null;
    if (!page) return origin;

    try {
      return await personalise(request, origin, config, page, ctx);
    } catch (err) {
      const reason = err instanceof PassThrough ? err.reason : String(err);
      if (!(err instanceof PassThrough) || err.loud) {
        console.warn(`cartlift edge: page served without offers (${reason}) ${url.pathname}`);
      }
      if (err && err.body !== undefined) return sameAsOrigin(origin, err.body);
      if (!origin.bodyUsed) return origin;
      // Unreachable by construction (the body is only read inside the guarded block), kept so a
      // future change cannot turn a fault into an empty page.
      return new Response('Bad gateway', { status: 502 });
    }
  },
};
