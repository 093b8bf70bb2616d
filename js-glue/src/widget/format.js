// Pure helpers shared by the browser renderer, the server-side markup (workerd) and the worker:
// no DOM, no globals beyond Intl and URL, so every runtime formats and filters identically.

const formatters = new Map();
const digitsCache = new Map();

/** Fraction digits of a currency's minor unit (GBP 2, JPY 0, KWD 3); 2 when Intl does not know it. */
export function minorDigits(currency) {
  if (digitsCache.has(currency)) return digitsCache.get(currency);
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    // An unknown code: keep the common case rather than failing the whole offer list.
  }
  digitsCache.set(currency, digits);
  return digits;
}

function formatter(locale, currency) {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale || undefined, { style: 'currency', currency });
    } catch {
      // A malformed locale attribute must not cost the store its offers.
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    }
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats an integer amount in minor units. `sourceCurrency` decides the minor unit (the
 * engine's currency); `displayCurrency` only changes the symbol, never converts.
 */
export function formatMoney(minor, sourceCurrency, { locale, displayCurrency } = {}) {
  if (!Number.isFinite(minor)) return '';
  const src = isCurrencyCode(sourceCurrency) ? sourceCurrency : 'USD';
  const shown = isCurrencyCode(displayCurrency) ? displayCurrency : src;
  const amount = minor / 10 ** minorDigits(src);
  try {
    return formatter(locale, shown).format(amount);
  } catch {
    return String(amount);
  }
}

/** Signed amount for price differences: "+£2.00", "−£1.50". */
export function formatDelta(minor, sourceCurrency, opts) {
  if (!Number.isFinite(minor)) return '';
  const text = formatMoney(Math.abs(minor), sourceCurrency, opts);
  return `${minor < 0 ? '\u2212' : '+'}${text}`;
}

export function isCurrencyCode(value) {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value);
}

// Browsers drop tabs and newlines inside URLs ("java\tscript:" runs script), and treat "\" like
// "/", so any control character, space or backslash disqualifies a URL outright.
const UNSAFE_URL_CHARS = /[\u0000-\u0020\u007f-\u009f\\\u2028\u2029]/;
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * Returns the URL unchanged when it is http(s) or relative, otherwise null. Protocol-relative
 * ("//host") URLs count as http(s) only through the parser, never by string prefix.
 */
export function safeUrl(value) {
  if (typeof value !== 'string') return null;
  const url = value.trim();
  if (!url || url.length > 2048 || UNSAFE_URL_CHARS.test(url)) return null;
  let parsed;
  try {
    parsed = new URL(url, 'https://base.invalid/');
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (HAS_SCHEME.test(url) && !/^https?:/i.test(url)) return null;
  return url;
}

/** Cuts by code points so emoji and surrogate pairs are never split. */
export function clip(text, max) {
  if (typeof text !== 'string') return '';
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, max - 1).join('').trimEnd()}\u2026`;
}

const SHOUTING = /\p{Lu}[\p{Lu}\p{N}'’&.\-/]*(?:\s+[\p{Lu}\p{N}'’&.\-/]+)*/gu;

function titleCaseWord(word, locale) {
  const lower = word.toLocaleLowerCase(locale || undefined);
  return lower.replace(/(^|[\s\-/(])(\p{Ll})/gu, (_, sep, ch) => sep + ch.toLocaleUpperCase(locale || undefined));
}

/**
 * Many catalogs (and the Online Retail data) store titles in capitals; shouting runs of at
 * least two words or five letters are shown in title case. Text with lower-case letters in the
 * run, or short acronyms (LED, XL), is left as written.
 */
export function softenCaps(text, locale) {
  if (typeof text !== 'string' || !/\p{Lu}{2}/u.test(text)) return text;
  return text.replace(SHOUTING, (run) => {
    const letters = run.replace(/[^\p{L}]/gu, '');
    const words = run.trim().split(/\s+/).length;
    if (letters.length < 5 && words < 2) return run;
    return titleCaseWord(run, locale);
  });
}

/** A stable key for a request, so a server-rendered list and the browser agree on "same cart". */
export function requestKey(request) {
  const cart = Array.isArray(request && request.cart) ? request.cart : [];
  return JSON.stringify([
    cart.map((l) => [String(l.id), l.qty ?? 1]),
    request.limit ?? null,
    request.types ?? null,
    request.page ?? null,
  ]);
}

/** Identifies what was shown, for one impression per distinct response. */
export function impressionKey(arm, offers) {
  return `${arm || ''}|${offers.map((o) => `${o.type}:${o.id}`).join(',')}`;
}

/** Turns the (not yet stable) attributes_diff member into rows of {name, from, to}. */
export function attributeRows(diff) {
  const rows = [];
  const push = (name, from, to) => {
    if (name == null || (from == null && to == null)) return;
    rows.push({ name: String(name), from: from == null ? '' : String(from), to: to == null ? '' : String(to) });
  };
  if (Array.isArray(diff)) {
    for (const d of diff) {
      if (d && typeof d === 'object') push(d.name ?? d.attribute ?? d.key, d.from ?? d.old ?? d.before, d.to ?? d.new ?? d.after);
    }
  } else if (diff && typeof diff === 'object') {
    for (const [name, v] of Object.entries(diff)) {
      if (Array.isArray(v)) push(name, v[0], v[1]);
      else if (v && typeof v === 'object') push(name, v.from ?? v.old ?? v.before, v.to ?? v.new ?? v.after);
      else push(name, null, v);
    }
  }
  return rows.slice(0, 6);
}

/** Normalises a cart from the property or the JSON attribute; throws TypeError on bad input. */
export function normaliseCart(value) {
  if (value == null) return null;
  if (!Array.isArray(value)) throw new TypeError('cart must be an array of {id, qty}');
  const lines = [];
  for (const line of value) {
    if (typeof line === 'string') {
      lines.push({ id: line, qty: 1 });
      continue;
    }
    if (!line || (typeof line.id !== 'string' && typeof line.id !== 'number')) continue;
    const out = { id: String(line.id), qty: Number.isInteger(line.qty) && line.qty > 0 ? line.qty : 1 };
    if (Number.isInteger(line.price) && line.price >= 0) out.price = line.price;
    lines.push(out);
  }
  return lines;
}
