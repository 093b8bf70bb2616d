// Building blocks shared by the pages. Product titles are shown in title case (display only).
import { html, raw } from '../html.js';
import { formatPence } from '../money.js';
import { displayTitle, softenCaps } from '../titles.js';

export const img = (id) => `/img/${encodeURIComponent(id)}.svg`;
export const productUrl = (id) => `/product/${encodeURIComponent(id)}`;

export function productCard(p, { returnTo = '/' } = {}) {
  return html`<article class="card" data-product="${p.id}">
  <a class="card-media" href="${productUrl(p.id)}" tabindex="-1" aria-hidden="true"><img src="${img(p.id)}" alt="" width="400" height="400" loading="lazy"></a>
  <div class="card-body">
    <p class="card-cat">${p.category[p.category.length - 1]}</p>
    <h3 class="card-title"><a href="${productUrl(p.id)}">${p.name}</a></h3>
    <div class="card-foot">
      <span class="price">${formatPence(p.price)}</span>
      <form method="post" action="/cart/add">
        <input type="hidden" name="id" value="${p.id}"><input type="hidden" name="return" value="${returnTo}">
        <button class="btn btn-small" type="submit" aria-label="Add ${p.name} to basket">Add</button>
      </form>
    </div>
  </div>
</article>`;
}

export function grid(products, opts) {
  return html`<div class="grid">${products.map((p) => productCard(p, opts))}</div>`;
}

/** The next-order reward: the merchant's words and the code as plain text, nothing to press. */
export function rewardNote(reward, { testid = 'reward' } = {}) {
  if (!reward?.code) return '';
  return html`<div class="reward-note" data-testid="${testid}" data-offer-id="${reward.code}" data-offer-type="reward">
  <p><strong>${reward.title ?? reward.text ?? ''}</strong></p>
  <p class="muted small">Your code for next time: <code class="code">${reward.code}</code></p>
</div>`;
}

/**
 * Offers carry the reason the engine gives; we show it verbatim (escaped) next to the product.
 * A bundle adds all its products in one form, a volume offer asks for its `add_qty` more of the
 * cart line, a reward is only shown.
 */
export function offerRow(offer, { placement, returnTo, compact = false, index = 0 }) {
  if (offer.type === 'reward') return html`<li class="offer offer-reward" data-index="${index}">${rewardNote(offer, { testid: 'offer-reward' })}</li>`;
  const title = displayTitle(offer.title);
  const isBundle = offer.type === 'bundle' && Array.isArray(offer.products) && offer.products.length > 0;
  const qty = offer.type === 'volume' && Number.isInteger(offer.add_qty) && offer.add_qty > 0 ? offer.add_qty : 1;
  const label = isBundle ? 'Add set' : offer.type === 'volume' ? `Add ${qty} more` : 'Add';
  return html`<li class="offer ${compact ? 'offer-compact' : ''}" data-offer-id="${offer.id}" data-offer-type="${offer.type}" data-placement="${placement}" data-index="${index}">
  <a class="offer-media" href="${productUrl(offer.id)}" tabindex="-1" aria-hidden="true"><img src="${img(offer.id)}" alt="" width="400" height="400" loading="lazy"></a>
  <div class="offer-body">
    ${isBundle ? html`<span class="offer-title">${title}</span>` : html`<a class="offer-title" href="${productUrl(offer.id)}" data-offer-link>${title}</a>`}
    <p class="reason">${softenCaps(offer.reason?.text)}</p>
    ${isBundle ? html`<p class="muted small">${offer.products.map((p, i) => html`${i ? ' + ' : ''}<a href="${productUrl(p.id)}" data-offer-link>${displayTitle(p.title)}</a>`)}</p>` : ''}
  </div>
  <div class="offer-buy">
    <span class="price">${isBundle && offer.list_price > offer.price ? html`<s class="muted">${formatPence(offer.list_price)}</s> ` : ''}${formatPence(offer.price)}</span>
    <form method="post" action="${isBundle ? '/cart/add-many' : '/cart/add'}">
      ${isBundle ? offer.products.map((p) => html`<input type="hidden" name="id" value="${p.id}">`) : html`<input type="hidden" name="id" value="${offer.id}">`}
      ${qty > 1 ? html`<input type="hidden" name="qty" value="${qty}">` : ''}
      <input type="hidden" name="offer_type" value="${offer.type}">
      <input type="hidden" name="placement" value="${placement}">
      <input type="hidden" name="return" value="${returnTo}">
      <button class="btn btn-ghost btn-small" type="submit" aria-label="${label}: ${title}">${label}</button>
    </form>
  </div>
</li>`;
}

export function breadcrumb(parts) {
  return html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${parts.map(([label, href], i) =>
    i === parts.length - 1 || !href ? html`<li aria-current="page">${label}</li>` : html`<li><a href="${href}">${label}</a></li>`,
  )}</ol></nav>`;
}

export function pagination(page, pages, hrefFor) {
  if (pages <= 1) return '';
  return html`<nav class="pages" aria-label="Pages">
  ${page > 1 ? html`<a class="btn btn-ghost" href="${hrefFor(page - 1)}" rel="prev">← Previous</a>` : html`<span></span>`}
  <span class="muted">Page ${page} of ${pages}</span>
  ${page < pages ? html`<a class="btn btn-ghost" href="${hrefFor(page + 1)}" rel="next">Next →</a>` : html`<span></span>`}
</nav>`;
}

export function empty(message, action) {
  return html`<div class="empty"><p>${message}</p>${action || raw('')}</div>`;
}
