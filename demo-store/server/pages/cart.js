// Basket page: lines with quantity forms, the summary with the free-delivery gap, the upgrade
// prompt, and the <cartlift-offers> slot (pre-rendered on the server, enhanced by the widget,
// replaced by a plain form list when scripts are off).
import { html, jsonIsland, raw } from '../html.js';
import { formatPence } from '../money.js';
import { displayTitle, softenCaps } from '../titles.js';
import { CART_WIDGET_TYPES } from '../offers.js';
import { empty, grid, img, offerRow, productUrl } from './components.js';
import { layout } from './layout.js';

/** Summary rows: subtotal at full price, each deal the offers promised, delivery, total. */
export function summaryRows(priced, delivery, { testids = true } = {}) {
  return html`<div><dt>Subtotal</dt><dd ${testids ? raw('data-testid="subtotal"') : ''}>${formatPence(priced.subtotal)}</dd></div>
      ${(priced.discounts || []).map((d) => html`<div class="saving" data-discount="${d.kind}"><dt>${d.label}</dt><dd>−${formatPence(d.amount)}</dd></div>`)}
      <div><dt>Delivery</dt><dd>${delivery ? formatPence(delivery) : 'Free'}</dd></div>
      <div class="total"><dt>Total</dt><dd ${testids ? raw('data-testid="total"') : ''}>${formatPence((priced.net ?? priced.subtotal) + delivery)}</dd></div>`;
}

export function deliveryFor(subtotal, ctx) {
  return subtotal >= ctx.freeShipping || subtotal === 0 ? 0 : ctx.shippingFee;
}

export function freeDeliveryMeter(subtotal, ctx, gapInfo, { placement = 'cart', returnTo = '/cart' } = {}) {
  const threshold = ctx.freeShipping;
  const share = Math.min(100, Math.round((subtotal / threshold) * 100));
  if (subtotal >= threshold) {
    return html`<div class="meter done" data-testid="free-delivery"><p><strong>Free delivery unlocked.</strong></p><div class="meter-bar"><span style="width:100%"></span></div></div>`;
  }
  const gap = threshold - subtotal;
  let suggestion = '';
  if (gapInfo?.offer && ctx.arm === 'fbt') {
    const o = gapInfo.offer;
    const title = displayTitle(o.title);
    suggestion = html`<div class="gap-offer" data-offer-id="${o.id}" data-offer-type="${o.type}" data-placement="shipping">
      <div class="gap-head">
        <img src="${img(o.id)}" alt="" width="400" height="400">
        <p><a href="${productUrl(o.id)}" data-offer-link>${title}</a> <span class="price">${formatPence(o.price)}</span></p>
      </div>
      <p class="reason">${softenCaps(o.reason?.text)}</p>
      <form method="post" action="/cart/add">
        <input type="hidden" name="id" value="${o.id}"><input type="hidden" name="offer_type" value="${o.type}">
        <input type="hidden" name="placement" value="shipping"><input type="hidden" name="return" value="${returnTo}">
        <button class="btn btn-ghost btn-small btn-block" type="submit">Add it<span class="visually-hidden"> (${title})</span> — ${gapInfo.closes ? 'free delivery' : `${formatPence(o.price)} closer`}</button>
      </form>
    </div>`;
  }
  return html`<div class="meter" data-testid="free-delivery">
  <p>Add <strong data-testid="gap">${formatPence(gap)}</strong> for free delivery</p>
  <div class="meter-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${share}" aria-label="Progress to free delivery"><span style="width:${share}%"></span></div>
  ${suggestion}
</div>`;
}

function upgradePrompt(upgrades, priced) {
  if (!upgrades.length) return '';
  return html`<section class="panel upgrade" aria-labelledby="up-h" data-testid="upgrade">
  <h2 id="up-h">Worth an upgrade?</h2>
  <ul class="offers">
    ${upgrades.map((o) => {
      const from = o.upgrade_from || o.reason?.evidence?.with || priced.items.find((i) => i.product.family && i.product.family === o.family)?.id;
      const fromItem = priced.items.find((i) => i.id === from);
      const delta = typeof o.price_delta === "number" ? o.price_delta : fromItem ? o.price - fromItem.product.price : 0;
      const title = displayTitle(o.title);
      return html`<li class="offer" data-offer-id="${o.id}" data-offer-type="upsell" data-placement="upgrade">
        <a class="offer-media" href="${productUrl(o.id)}" tabindex="-1" aria-hidden="true"><img src="${img(o.id)}" alt="" width="400" height="400"></a>
        <div class="offer-body">
          <a class="offer-title" href="${productUrl(o.id)}" data-offer-link>${title}</a>
          <p class="reason">${softenCaps(o.reason?.text)}${fromItem ? ` — instead of ${fromItem.product.name}` : ''}</p>
        </div>
        <div class="offer-buy">
          ${Number.isFinite(delta) ? html`<span class="price">${delta >= 0 ? '+' : '−'}${formatPence(Math.abs(delta))}</span>` : html`<span class="price">${formatPence(o.price)}</span>`}
          <form method="post" action="${fromItem ? '/cart/replace' : '/cart/add'}">
            ${fromItem ? html`<input type="hidden" name="from" value="${fromItem.id}">` : ''}
            <input type="hidden" name="id" value="${o.id}"><input type="hidden" name="offer_type" value="upsell">
            <input type="hidden" name="placement" value="upgrade"><input type="hidden" name="return" value="/cart">
            <button class="btn btn-ghost btn-small" type="submit">${fromItem ? 'Upgrade' : 'Add'}</button>
          </form>
        </div>
      </li>`;
    })}
  </ul>
</section>`;
}

// The no-script list in the widget's order: single products, then sets, volume tiers, the reward.
const FALLBACK_ORDER = ['cross_sell', 'addon', 'bundle', 'volume', 'reward'];
const rank = (o) => (FALLBACK_ORDER.includes(o.type) ? FALLBACK_ORDER.indexOf(o.type) : 0);

function offersSlot(ctx, lines, cartOffers) {
  if (ctx.arm !== 'fbt') return '';
  const ordered = [...cartOffers.offers].sort((a, b) => rank(a) - rank(b));
  const fallback = ordered.length
    ? html`<noscript><section class="panel" aria-labelledby="ns-h"><h2 id="ns-h">Frequently bought together</h2><ul class="offers">${ordered.map((o, i) => offerRow(o, { placement: 'cart', returnTo: '/cart', index: i }))}</ul></section></noscript>`
    : '';
  return html`<section class="slot" data-cartlift-slot aria-label="Suggestions for your basket">
  <cartlift-offers bundle="${ctx.app.binaryBytes ? '/bundle.bin' : '/bundle.json'}" placement="cart" limit="${cartOffers.limit}" types="${CART_WIDGET_TYPES.join(',')}" locale="en-GB" currency="GBP" heading-level="2" theme="light" worker visitor="${ctx.visitor}" cart="${JSON.stringify(lines)}">${raw(cartOffers.ssr || '')}</cartlift-offers>
  ${fallback}
</section>`;
}

export function cartPage(ctx, priced, { upgrades, cartOffers, gapInfo }) {
  const lines = priced.items.map(({ id, qty }) => ({ id, qty }));
  if (!priced.items.length) {
    const body = html`<div class="page-head"><h1>Your basket</h1></div>
${empty('Your basket is empty.', html`<a class="btn" href="/">Start shopping</a>`)}
<section aria-labelledby="pop-h"><div class="section-head"><h2 id="pop-h">Most ordered</h2></div>${grid(ctx.catalog.popular(8), { returnTo: '/cart' })}</section>
<script type="application/json" id="cartlift-cart">[]</script>`;
    return layout(ctx, { title: 'Basket', body });
  }
  const net = priced.net ?? priced.subtotal;
  const delivery = deliveryFor(net, ctx);
  const body = html`
<div class="page-head"><h1>Your basket</h1><p class="muted">${priced.count} ${priced.count === 1 ? 'item' : 'items'}</p></div>
<div class="cart-layout">
  <div class="cart-main">
    <ul class="lines" data-testid="cart-lines">
      ${priced.items.map(
        (i) => html`<li class="line" data-line="${i.id}">
        <a href="${productUrl(i.id)}" class="line-media" tabindex="-1" aria-hidden="true"><img src="${img(i.id)}" alt="" width="400" height="400"></a>
        <div class="line-body">
          <a class="line-title" href="${productUrl(i.id)}">${i.product.name}</a>
          <p class="muted">${formatPence(i.product.price)} each${i.volume ? html` · <span class="deal" data-testid="volume-price">${i.volume.min} or more: ${i.volume.percent} off</span>` : ''}</p>
          <div class="line-actions">
            <form method="post" action="/cart/update" class="qty-form">
              <input type="hidden" name="id" value="${i.id}">
              <label class="visually-hidden" for="q-${i.id}">Quantity of ${i.product.name}</label>
              <input id="q-${i.id}" name="qty" type="number" min="0" max="99" value="${i.qty}" inputmode="numeric">
              <button class="btn btn-ghost btn-small" type="submit">Update</button>
            </form>
            <form method="post" action="/cart/remove"><input type="hidden" name="id" value="${i.id}"><button class="link-button" type="submit">Remove</button></form>
          </div>
        </div>
        <span class="line-total price">${formatPence(i.lineTotal)}</span>
      </li>`,
      )}
    </ul>
    ${ctx.arm === 'fbt' ? upgradePrompt(upgrades, priced) : ''}
    ${offersSlot(ctx, lines, cartOffers)}
  </div>
  <aside class="summary panel" aria-labelledby="sum-h">
    <h2 id="sum-h">Order summary</h2>
    <dl>
      ${summaryRows(priced, delivery)}
    </dl>
    ${freeDeliveryMeter(net, ctx, gapInfo)}
    <a class="btn btn-large btn-block" href="/checkout">Go to checkout</a>
    <p class="muted small">Secure checkout · payment is simulated in this demo</p>
  </aside>
</div>
<script type="application/json" id="cartlift-cart">${jsonIsland(lines)}</script>`;
  return layout(ctx, { title: 'Basket', body, widget: ctx.arm === 'fbt', head: html`<noscript><style>[data-cartlift-slot] cartlift-offers{display:none !important}</style></noscript>` });
}
