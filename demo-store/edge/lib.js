// Pure helpers of the edge worker: no runtime APIs here, so Node tests can exercise the
// parsing rules directly and the worker stays a thin layer of HTTP decisions.

export const CART_COOKIE = 'cartlift_cart';

export const DEFAULTS = Object.freeze({
  budgetMs: 50,
  paths: ['/cart', '/checkout'],
  // Pages are buffered to find the slot and the embedded cart before any byte is sent; a cart
  // page larger than this is unusual enough that delaying it is worse than not personalising it.
  maxHtmlBytes: 1024 * 1024,
  maxCookieBytes: 4096,
  maxCartLines: 100,
  // The embedded cart is page data the store controls, but the page itself may be large.
  maxEmbeddedCartBytes: 16 * 1024,
  offerLimit: 4,
});

function positiveNumber(value, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Reads the worker's bindings (all text, any may be missing) into a settled configuration. */
export function readConfig(env = {}) {
  const paths =
    typeof env.PATHS === 'string' && env.PATHS.trim()
      ? env.PATHS.split(',').map((p) => p.trim()).filter(Boolean).map(normalisePath)
      : DEFAULTS.paths;
  return {
    origin: typeof env.ORIGIN === 'string' ? env.ORIGIN.replace(/\/+$/, '') : '',
    budgetMs: positiveNumber(env.BUDGET_MS, DEFAULTS.budgetMs),
    paths,
    maxHtmlBytes: positiveNumber(env.MAX_HTML_BYTES, DEFAULTS.maxHtmlBytes),
    offerLimit: Math.max(1, Math.min(20, Math.floor(positiveNumber(env.OFFER_LIMIT, DEFAULTS.offerLimit)))),
    // A kill switch: the worker keeps proxying but never personalises.
    inject: !/^(off|false|0|no)$/i.test(String(env.INJECT ?? 'on')),
  };
}

function normalisePath(p) {
  const withSlash = p.startsWith('/') ? p : `/${p}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

/** Whether a request path is one of the personalised pages (exact, trailing slash tolerated). */
export function matchPage(pathname, paths) {
  const p = normalisePath(pathname);
  if (!paths.includes(p)) return null;
  return /checkout/i.test(p) ? 'checkout' : 'cart';
}

const utf8 = new TextEncoder();

/**
 * Turns untrusted cart data into engine cart lines, or null when it is not a usable cart.
 * Only id and qty are kept: a price from the client must never reach the engine (the engine
 * falls back to the catalog price), and unknown fields would only grow the request.
 */
export function normaliseCart(value, maxLines = DEFAULTS.maxCartLines) {
  let lines = value;
  if (lines && !Array.isArray(lines) && typeof lines === 'object') lines = lines.cart ?? lines.items;
  if (!Array.isArray(lines) || lines.length > maxLines) return null;
  const byId = new Map();
  for (const line of lines) {
    if (!line || typeof line !== 'object') return null;
    const { id } = line;
    const qty = line.qty === undefined ? 1 : line.qty;
    if (typeof id !== 'string' || id.length === 0 || utf8.encode(id).length > 256) return null;
    if (!Number.isInteger(qty) || qty < 1 || qty > 10000) return null;
    // The same product added twice is one cart line to the engine.
    byId.set(id, (byId.get(id) || 0) + qty);
  }
  return [...byId].map(([id, qty]) => ({ id, qty }));
}

/**
 * Finds the cart cookie. Returns {state: 'absent'} when there is none, {state: 'invalid',
 * reason} when it is there but unusable (too large, not URL-encoded JSON, not a cart), and
 * {state: 'ok', cart} otherwise. An invalid cookie is not second-guessed with other sources:
 * a tampered or truncated cart must not produce offers.
 */
export function cartFromCookie(cookieHeader, limits = DEFAULTS) {
  if (!cookieHeader) return { state: 'absent' };
  let raw = null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === CART_COOKIE) {
      if (raw !== null) return { state: 'invalid', reason: 'duplicate_cookie' };
      raw = part.slice(eq + 1).trim();
    }
  }
  if (raw === null) return { state: 'absent' };
  if (raw.length > limits.maxCookieBytes) return { state: 'invalid', reason: 'cookie_too_large' };
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1);
  let parsed;
  try {
    parsed = JSON.parse(decodeURIComponent(raw));
  } catch {
    return { state: 'invalid', reason: 'cookie_malformed' };
  }
  if (!Array.isArray(parsed)) return { state: 'invalid', reason: 'cookie_not_a_cart' };
  const cart = normaliseCart(parsed, limits.maxCartLines);
  if (!cart) return { state: 'invalid', reason: parsed.length > limits.maxCartLines ? 'cookie_too_many_lines' : 'cookie_not_a_cart' };
  return { state: 'ok', cart };
}

/** The cart embedded in the page as `<script type="application/json" id="cartlift-cart">`. */
export function cartFromEmbeddedJson(text, limits = DEFAULTS) {
  if (typeof text !== 'string' || !text.trim() || text.length > limits.maxEmbeddedCartBytes) return null;
  try {
    return normaliseCart(JSON.parse(text), limits.maxCartLines);
  } catch {
    return null;
  }
}

/** `text/html` with any parameters. */
export function isHtml(contentType) {
  return typeof contentType === 'string' && /^\s*text\/html\s*(;|$)/i.test(contentType);
}

/** Whether the body is stored with an encoding we would have to undo (and redo) to rewrite it. */
export function isEncoded(contentEncoding) {
  if (!contentEncoding) return false;
  return contentEncoding
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .some((s) => s && s !== 'identity');
}

/** `Cache-Control: no-transform` forbids intermediaries to change the body. */
export function forbidsTransform(cacheControl) {
  return typeof cacheControl === 'string' && /(^|,)\s*no-transform\s*(,|$)/i.test(cacheControl);
}

/** Adds a token to a comma-separated header value unless it is already there. */
export function addToken(headerValue, token) {
  if (!headerValue) return token;
  const tokens = headerValue.split(',').map((t) => t.trim().toLowerCase());
  if (tokens.includes('*') || tokens.includes(token.toLowerCase())) return headerValue;
  return `${headerValue}, ${token}`;
}

/** Milliseconds for Server-Timing: at most 3 decimals, never negative. */
export function formatDuration(ms) {
  const v = Math.max(0, Math.round(ms * 1000) / 1000);
  return String(v);
}

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside a `<script>` element: `<` can never open `</script>` or `<!--`,
 * and U+2028/2029 stay valid in every JavaScript parser that might read it.
 */
export function jsonForScript(value) {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Only same-site paths and http(s) URLs become links or images; anything else is dropped. */
export function safeUrl(url) {
  if (typeof url !== 'string' || !url) return null;
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return url;
  if (/^https?:\/\//i.test(url)) return url;
  return null;
}
