// Builds the offers view as a small tree of plain objects. The browser turns it into DOM nodes
// (render.js) and the edge serialises it to HTML (markup.js): one description, so the server
// markup and the client rendering can never drift apart, and both apply the same URL checks.
import { attributeRows, clip, formatDelta, formatMoney, impressionKey, isCurrencyCode, requestKey, safeUrl, softenCaps } from './format.js';

/** Default interface text; hosts override any of it through the element's `strings` property. */
export const DEFAULT_STRINGS = {
  heading: 'Frequently bought together',
  headingOther: 'You may also like',
  subheading: 'Based on what other shoppers bought together',
  total: 'Total for {count} items',
  totalOne: 'Total for {count} item',
  add: 'Add {count} items \u2014 {total}',
  addOne: 'Add {count} item \u2014 {total}',
  addNone: 'Select items to add',
  upgrade: 'Upgrade',
  upgradeAction: 'Upgrade',
  bundle: 'Bundle',
  bundleAction: 'Add bundle',
  save: 'Save {amount}',
  listPrice: 'Usual price',
  thresholdAction: 'Add {price}',
  volume: 'Buy {count} or more: {percent} off',
  volumeAction: 'Add {count} more',
  protection: 'Protection',
  protectionAction: 'Add protection',
  rewardCode: 'Your code:',
};

const TITLE_MAX = 160;
const REASON_MAX = 240;
const CODE_MAX = 64;
const LIST_TYPES = new Set(['cross_sell', 'addon']);
// The engine caps each type at the request's limit (cross-sells fill it; bundles, volume tiers and
// the reward come on top), so the view caps per type too and the whole list at this.
const MAX_SHOWN = 50;
const MAX_ADD_QTY = 10000;

export function h(tag, attrs, ...children) {
  return { tag, attrs: attrs || {}, children: children.flat(Infinity).filter((c) => c != null && c !== false && c !== '') };
}

export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

function usable(offer) {
  return (
    offer &&
    typeof offer === 'object' &&
    (typeof offer.id === 'string' || typeof offer.id === 'number') &&
    String(offer.id) !== '' &&
    Number.isInteger(offer.price) &&
    offer.price >= 0
  );
}

/**
 * Offers that can be shown, with `type` defaulted and at most `limit` (default 20) of each type,
 * as the engine counts a request's `limit`.
 */
export function usableOffers(response, limit) {
  const offers = response && Array.isArray(response.offers) ? response.offers.filter(usable) : [];
  const max = Number.isInteger(limit) && limit > 0 ? limit : 20;
  const perType = new Map();
  const out = [];
  for (const o of offers) {
    const offer = typeof o.type === 'string' ? o : { ...o, type: 'cross_sell' };
    const n = perType.get(offer.type) || 0;
    if (n >= max) continue;
    perType.set(offer.type, n + 1);
    out.push(offer);
    if (out.length >= MAX_SHOWN) break;
  }
  return out;
}

/** A volume offer's extra quantity (a positive integer), or 1. */
export function addQuantity(offer) {
  const q = offer && offer.type === 'volume' ? Number(offer.add_qty) : 1;
  return Number.isInteger(q) && q > 0 ? Math.min(q, MAX_ADD_QTY) : 1;
}

function textOf(value, max, opts) {
  const s = typeof value === 'string' ? value : value == null ? '' : String(value);
  const cut = clip(s, max);
  return opts.softCase ? clip(softenCaps(cut, opts.locale), max) : cut;
}

function media(offer, title, opts) {
  const src = safeUrl(offer.image);
  if (src) {
    return h('img', { class: 'cl-media', part: 'image', src, alt: '', width: '60', height: '60', loading: 'lazy', decoding: 'async' });
  }
  const initial = Array.from(title.trim())[0] || '';
  return h('span', { class: 'cl-media', part: 'image', 'aria-hidden': 'true' }, initial.toLocaleUpperCase(opts.locale || undefined));
}

function name(offer, index, title, opts) {
  const href = safeUrl(offer.url);
  const attrs = { class: 'cl-name', part: href ? 'link' : 'name', id: `${opts.idPrefix}-t${index}`, dir: 'auto' };
  if (href) return h('a', { ...attrs, href, 'data-offer-index': String(index) }, title);
  return h('span', attrs, title);
}

function reason(offer, index, opts) {
  const text = textOf(offer.reason && offer.reason.text, REASON_MAX, opts);
  if (!text) return null;
  return h('p', { class: 'cl-reason', part: 'reason', id: `${opts.idPrefix}-r${index}`, dir: 'auto' }, text);
}

function offerData(offer, index, opts) {
  return {
    'data-offer-index': String(index),
    'data-id': String(offer.id),
    'data-type': offer.type,
    'data-price': String(offer.price),
    'data-currency': currencyOf(offer, opts) || '',
  };
}

function currencyOf(offer, opts) {
  return isCurrencyCode(offer.currency) ? offer.currency : opts.sourceCurrency;
}

function money(minor, offer, opts) {
  return formatMoney(minor, currencyOf(offer, opts), opts);
}

function percentText(value, opts) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 100) return '';
  try {
    return new Intl.NumberFormat(opts.locale || undefined, { style: 'percent', maximumFractionDigits: 2 }).format(n / 100);
  } catch {
    return `${n}%`;
  }
}

function addButton(part, label, index, opts, extra = {}) {
  return h(
    'button',
    { class: 'cl-btn cl-btn-quiet', part, type: 'button', 'data-action': 'add', 'data-offer-index': String(index), 'aria-describedby': `${opts.idPrefix}-t${index}`, ...extra },
    label,
  );
}

function listItem(offer, index, opts) {
  const title = textOf(offer.title ?? offer.id, TITLE_MAX, opts) || String(offer.id);
  const r = reason(offer, index, opts);
  const p = opts.idPrefix;
  return h(
    'li',
    { class: 'cl-item', part: 'item', ...offerData(offer, index, opts) },
    h('input', {
      class: 'cl-check',
      part: 'checkbox',
      type: 'checkbox',
      checked: true,
      id: `${p}-c${index}`,
      'data-offer-index': String(index),
      'aria-labelledby': `${p}-t${index}`,
      'aria-describedby': r ? `${p}-p${index} ${p}-r${index}` : `${p}-p${index}`,
    }),
    media(offer, title, opts),
    h('div', { class: 'cl-text' }, name(offer, index, title, opts), r),
    h('span', { class: 'cl-price', part: 'price', id: `${p}-p${index}` }, money(offer.price, offer, opts)),
  );
}

/** Labels of the running total for `count` selected items summing to `minor`. */
export function totalLabels(count, minor, currency, opts) {
  const s = opts.strings;
  const total = formatMoney(minor, currency, opts);
  return {
    total,
    caption: fill(count === 1 ? s.totalOne : s.total, { count, total }),
    button: count === 0 ? s.addNone : fill(count === 1 ? s.addOne : s.add, { count, total }),
  };
}

function footer(listOffers, opts) {
  const sum = listOffers.reduce((acc, o) => acc + o.price, 0);
  const currency = currencyOf(listOffers[0], opts);
  const labels = totalLabels(listOffers.length, sum, currency, opts);
  return h(
    'div',
    { class: 'cl-foot', part: 'footer' },
    h(
      'p',
      { class: 'cl-total', part: 'total', id: `${opts.idPrefix}-total`, 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', { class: 'cl-total-caption' }, labels.caption),
      h('strong', { class: 'cl-total-amount' }, labels.total),
    ),
    h('button', { class: 'cl-btn', part: 'add-button', type: 'button', 'data-action': 'add-selected' }, labels.button),
  );
}

function upsellCard(offer, index, opts) {
  const title = textOf(offer.title ?? offer.id, TITLE_MAX, opts) || String(offer.id);
  const rows = attributeRows(offer.attributes_diff);
  const hasDelta = Number.isInteger(offer.price_delta);
  const priceText = hasDelta
    ? formatDelta(offer.price_delta, currencyOf(offer, opts), opts)
    : money(offer.price, offer, opts);
  return h(
    'div',
    { class: 'cl-card', part: 'upsell', ...offerData(offer, index, opts) },
    media(offer, title, opts),
    h(
      'div',
      { class: 'cl-text' },
      h('p', { class: 'cl-eyebrow' }, opts.strings.upgrade),
      name(offer, index, title, opts),
      reason(offer, index, opts),
      rows.length
        ? h(
            'ul',
            { class: 'cl-diff', part: 'diff' },
            rows.map((row) =>
              h('li', { dir: 'auto' }, h('b', null, `${textOf(row.name, 32, opts)}: `), row.from ? `${textOf(row.from, 40, opts)} \u2192 ` : '', textOf(row.to, 40, opts)),
            ),
          )
        : null,
    ),
    h(
      'div',
      { class: 'cl-side' },
      h('span', { class: 'cl-delta', part: 'price', id: `${opts.idPrefix}-p${index}` }, priceText),
      h(
        'button',
        { class: 'cl-btn cl-btn-quiet', part: 'upsell-button', type: 'button', 'data-action': 'add', 'data-offer-index': String(index), 'aria-describedby': `${opts.idPrefix}-t${index}` },
        opts.strings.upgradeAction,
      ),
    ),
  );
}

function bundleProduct(p, index, offer, opts) {
  const title = textOf(p.title ?? p.id, TITLE_MAX, opts) || String(p.id);
  const href = safeUrl(p.url);
  const priced = Number.isInteger(p.price) && p.price >= 0;
  return h(
    'li',
    { 'data-id': String(p.id), 'data-price': priced ? String(p.price) : null },
    href
      ? h('a', { class: 'cl-bundle-name', href, dir: 'auto', 'data-offer-index': String(index) }, title)
      : h('span', { class: 'cl-bundle-name', dir: 'auto' }, title),
    priced ? h('span', { class: 'cl-bundle-price' }, money(p.price, offer, opts)) : null,
  );
}

// A set to complete: the products to add (the cart item is not listed), what they cost with the
// set's saving, the usual price struck through and the saving in words.
function bundleCard(offer, index, opts) {
  const title = textOf(offer.title ?? offer.id, TITLE_MAX, opts) || String(offer.id);
  const products = Array.isArray(offer.products) ? offer.products.filter((p) => p && p.id != null).slice(0, 8) : [];
  const hasDiscount = Number.isInteger(offer.discount) && offer.discount > 0;
  const hasList = Number.isInteger(offer.list_price) && offer.list_price > offer.price;
  // The title names the set, not its first product: it links nowhere, the products below do.
  return h(
    'div',
    {
      class: 'cl-card',
      part: 'bundle',
      ...offerData(offer, index, opts),
      'data-bundle-id': typeof offer.bundle_id === 'string' ? offer.bundle_id : null,
    },
    media(offer, title, opts),
    h(
      'div',
      { class: 'cl-text' },
      h('p', { class: 'cl-eyebrow' }, opts.strings.bundle),
      name({ ...offer, url: undefined }, index, title, opts),
      reason(offer, index, opts),
      products.length ? h('ul', { class: 'cl-bundle-items', part: 'bundle-items' }, products.map((p) => bundleProduct(p, index, offer, opts))) : null,
    ),
    h(
      'div',
      { class: 'cl-side' },
      h(
        'span',
        { class: 'cl-price-group' },
        hasList
          ? h('span', { class: 'cl-was', part: 'list-price' }, h('span', { class: 'cl-sr' }, `${opts.strings.listPrice} `), h('s', null, money(offer.list_price, offer, opts)))
          : null,
        h('span', { class: 'cl-delta', part: 'price', id: `${opts.idPrefix}-p${index}` }, money(offer.price, offer, opts)),
      ),
      hasDiscount ? h('span', { class: 'cl-save', part: 'saving' }, fill(opts.strings.save, { amount: money(offer.discount, offer, opts) })) : null,
      addButton('bundle-button', opts.strings.bundleAction, index, opts),
    ),
  );
}

// A protection plan for one cart product (`for`): its own card with its own button, never a
// pre-ticked box in the list.
function protectionCard(offer, index, opts) {
  const title = textOf(offer.title ?? offer.id, TITLE_MAX, opts) || String(offer.id);
  return h(
    'div',
    { class: 'cl-card cl-card-quiet', part: 'protection', ...offerData(offer, index, opts), 'data-for': String(offer.for) },
    media(offer, title, opts),
    h('div', { class: 'cl-text' }, h('p', { class: 'cl-eyebrow' }, opts.strings.protection), name(offer, index, title, opts), reason(offer, index, opts)),
    h(
      'div',
      { class: 'cl-side' },
      h('span', { class: 'cl-delta', part: 'price', id: `${opts.idPrefix}-p${index}` }, money(offer.price, offer, opts)),
      addButton('protection-button', opts.strings.protectionAction, index, opts),
    ),
  );
}

// The next quantity tier of a cart line: the engine's sentence, the product, and one button that
// asks for `add_qty` more of it.
function volumeNote(offer, index, opts) {
  const title = textOf(offer.title ?? offer.id, TITLE_MAX, opts) || String(offer.id);
  const qty = addQuantity(offer);
  const p = opts.idPrefix;
  const percent = percentText(offer.percent_off, opts);
  const fallback = Number.isInteger(offer.min_qty) && percent ? fill(opts.strings.volume, { count: offer.min_qty, percent }) : '';
  const message = textOf(offer.reason && offer.reason.text, REASON_MAX, opts) || fallback;
  return h(
    'div',
    { class: 'cl-note cl-volume', part: 'volume', ...offerData(offer, index, opts), 'data-add-qty': String(qty) },
    h(
      'div',
      { class: 'cl-text' },
      message ? h('p', { class: 'cl-message', part: 'message', id: `${p}-r${index}`, dir: 'auto' }, message) : null,
      h('p', { class: 'cl-reason' }, name(offer, index, title, opts)),
    ),
    addButton('volume-button', fill(opts.strings.volumeAction, { count: qty }), index, opts, {
      'data-qty': String(qty),
      'aria-describedby': message ? `${p}-t${index} ${p}-r${index}` : `${p}-t${index}`,
    }),
  );
}

// A thank-you for the next order: the merchant's words and the code as plain, selectable text.
// Nothing to press, no countdown, no price.
function rewardNote(offer, index, opts) {
  // A code is typed back exactly as shown: never title-cased.
  const code = textOf(typeof offer.code === 'string' ? offer.code : offer.id, CODE_MAX, { ...opts, softCase: false });
  const message = textOf(offer.title, TITLE_MAX, opts) || textOf(offer.reason && offer.reason.text, REASON_MAX, opts);
  return h(
    'div',
    { class: 'cl-note cl-reward', part: 'reward', ...offerData(offer, index, opts) },
    h(
      'div',
      { class: 'cl-text' },
      message ? h('p', { class: 'cl-message', part: 'message', id: `${opts.idPrefix}-r${index}`, dir: 'auto' }, message) : null,
      code ? h('p', { class: 'cl-reason' }, `${opts.strings.rewardCode} `, h('span', { class: 'cl-code', part: 'code', dir: 'ltr' }, code)) : null,
    ),
  );
}

function thresholdNote(offer, index, opts) {
  const title = textOf(offer.title ?? offer.id, TITLE_MAX, opts) || String(offer.id);
  const message = textOf(offer.reason && offer.reason.text, REASON_MAX, opts);
  return h(
    'div',
    { class: 'cl-note', part: 'threshold', ...offerData(offer, index, opts) },
    h(
      'div',
      { class: 'cl-text' },
      message ? h('p', { class: 'cl-message', part: 'message', id: `${opts.idPrefix}-r${index}`, dir: 'auto' }, message) : null,
      h('p', { class: 'cl-reason' }, name(offer, index, title, opts)),
    ),
    h(
      'button',
      { class: 'cl-btn cl-btn-quiet', part: 'threshold-button', type: 'button', 'data-action': 'add', 'data-offer-index': String(index), 'aria-describedby': `${opts.idPrefix}-t${index}` },
      fill(opts.strings.thresholdAction, { price: money(offer.price, offer, opts) }),
    ),
  );
}

/** Resolves rendering options shared by the browser and the server. */
export function viewOptions(options = {}) {
  const level = Number(options.headingLevel);
  return {
    locale: typeof options.locale === 'string' && options.locale ? options.locale : undefined,
    displayCurrency: typeof options.currency === 'string' ? options.currency.toUpperCase() : undefined,
    sourceCurrency: options.sourceCurrency,
    strings: { ...DEFAULT_STRINGS, ...(options.strings || {}) },
    headingLevel: Number.isInteger(level) && level >= 2 && level <= 6 ? level : 2,
    idPrefix: typeof options.idPrefix === 'string' && /^[A-Za-z][\w-]*$/.test(options.idPrefix) ? options.idPrefix : 'cl',
    softCase: options.softCase !== false,
    limit: options.limit,
    request: options.request,
  };
}

/**
 * The whole view for a response, or null when there is nothing to show (the element then keeps
 * no box at all, so the host's layout is untouched).
 */
export function buildView(response, options) {
  const opts = viewOptions(options);
  const offers = usableOffers(response, opts.limit);
  if (offers.length === 0) return null;
  if (!isCurrencyCode(opts.sourceCurrency)) {
    opts.sourceCurrency = offers.find((o) => isCurrencyCode(o.currency))?.currency || (isCurrencyCode(response && response.currency) ? response.currency : undefined);
  }

  const listed = [];
  const notes = [];
  const cards = [];
  const after = [];
  const rewards = [];
  offers.forEach((offer, i) => {
    if (offer.type === 'addon' && offer.for != null && offer.for !== '') cards.push(protectionCard(offer, i, opts));
    else if (LIST_TYPES.has(offer.type)) listed.push([offer, i]);
    else if (offer.type === 'threshold') notes.push(thresholdNote(offer, i, opts));
    else if (offer.type === 'upsell') cards.push(upsellCard(offer, i, opts));
    else if (offer.type === 'bundle') cards.push(bundleCard(offer, i, opts));
    else if (offer.type === 'volume') after.push(volumeNote(offer, i, opts));
    else if (offer.type === 'reward') rewards.push(rewardNote(offer, i, opts));
    else listed.push([offer, i]);
  });

  const p = opts.idPrefix;
  const heading = listed.length ? opts.strings.heading : opts.strings.headingOther;
  const arm = response && typeof response.arm === 'string' ? response.arm : '';
  const root = h(
    'section',
    {
      class: 'cl',
      part: 'container',
      role: 'region',
      'aria-labelledby': `${p}-h`,
      'data-arm': arm,
      'data-impression': impressionKey(arm, offers),
      'data-key': opts.request ? requestKey(opts.request) : null,
      'data-locale': opts.locale || null,
      'data-currency': opts.displayCurrency || null,
      'data-source-currency': opts.sourceCurrency || null,
    },
    h(
      'div',
      { class: 'cl-head' },
      h(`h${opts.headingLevel}`, { class: 'cl-heading', part: 'title', id: `${p}-h` }, heading),
      listed.length && opts.strings.subheading ? h('p', { class: 'cl-sub', part: 'subtitle' }, opts.strings.subheading) : null,
    ),
    notes,
    listed.length ? h('ul', { class: 'cl-list', part: 'list', role: 'list' }, listed.map(([o, i]) => listItem(o, i, opts))) : null,
    listed.length ? footer(listed.map(([o]) => o), opts) : null,
    cards,
    after,
    rewards,
  );
  return { root, offers, opts };
}
