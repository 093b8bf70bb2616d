// Server-side offers markup used when the widget package's own renderer
// (cartlift/src/widget/markup.js) is not part of the build; edge/build.mjs swaps in a re-export
// of the widget's renderOffersHTML whenever that file exists, so the page gets exactly the markup
// the widget adopts. This one keeps the parts of that contract the widget reads when adopting
// (a light-DOM root marked data-cartlift-ssr, items with data-offer-index/data-id/data-price,
// names in .cl-name) and the same escaping, so a hostile catalog title never becomes markup.
import { escapeHtml, safeUrl } from './lib.js';

export function renderOffersHTML(response, options = {}) {
  const all = Array.isArray(response && response.offers) ? response.offers : [];
  // At most `limit` of each type, as the engine counts a request's limit.
  const max = options.limit || all.length;
  const perType = new Map();
  const offers = [];
  all.forEach((offer, i) => {
    const n = perType.get(offer.type) || 0;
    if (n < max) {
      perType.set(offer.type, n + 1);
      offers.push([offer, i]);
    }
  });
  if (!offers.length) return '';
  const items = offers.map(([offer, i]) => {
    const data =
      ` data-offer-index="${i}" data-id="${escapeHtml(offer.id)}" data-type="${escapeHtml(offer.type)}"` +
      ` data-price="${escapeHtml(offer.price)}" data-currency="${escapeHtml(offer.currency ?? '')}"`;
    // A reward is text and a code, nothing to add; a volume offer adds `add_qty` more.
    if (offer.type === 'reward') {
      return (
        `<li class="cl-note cl-reward"${data}><div class="cl-text"><p class="cl-message">${escapeHtml(offer.title)}</p>` +
        `<p class="cl-reason">Your code: <span class="cl-code">${escapeHtml(offer.code ?? offer.id)}</span></p></div></li>`
      );
    }
    const href = safeUrl(offer.url);
    const img = safeUrl(offer.image);
    const name = href
      ? `<a class="cl-name" href="${escapeHtml(href)}">${escapeHtml(offer.title)}</a>`
      : `<span class="cl-name">${escapeHtml(offer.title)}</span>`;
    const qty = offer.type === 'volume' && Number.isInteger(offer.add_qty) && offer.add_qty > 0 ? offer.add_qty : null;
    return (
      `<li class="cl-item"${data}${qty ? ` data-add-qty="${qty}"` : ''}>` +
      (img ? `<img class="cl-media" src="${escapeHtml(img)}" alt="" width="60" height="60" loading="lazy">` : '') +
      `<div class="cl-text">${name}` +
      (offer.reason && offer.reason.text ? `<p class="cl-reason">${escapeHtml(offer.reason.text)}</p>` : '') +
      `</div><span class="cl-price">${escapeHtml(offer.price_text ?? '')}</span></li>`
    );
  });
  const key = options.request ? ` data-key="${escapeHtml(requestKey(options.request))}"` : '';
  return (
    `<section class="cl" role="region" aria-label="Frequently bought together" data-arm="${escapeHtml(response.arm ?? '')}"${key} data-cartlift-ssr>` +
    `<h2 class="cl-heading">Frequently bought together</h2><ul class="cl-list" role="list">${items.join('')}</ul></section>`
  );
}

// Same key as the widget's, so it recognises the cart the server rendered for.
function requestKey(request) {
  const cart = Array.isArray(request.cart) ? request.cart : [];
  return JSON.stringify([cart.map((l) => [String(l.id), l.qty ?? 1]), request.limit ?? null, request.types ?? null, request.page ?? null]);
}
