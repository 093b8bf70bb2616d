// Checkout (last-chance add-ons, free-delivery gap, simulated payment) and the confirmation.
import { html } from '../html.js';
import { formatPence } from '../money.js';
import { empty, img, offerRow, productUrl, rewardNote } from './components.js';
import { deliveryFor, freeDeliveryMeter, summaryRows } from './cart.js';
import { layout } from './layout.js';

function summaryLines(items) {
  return html`<ul class="mini-lines">${items.map(
    (i) => html`<li><img src="${img(i.id)}" alt="" width="400" height="400"><span><a href="${productUrl(i.id)}">${i.product.name}</a><small class="muted"> × ${i.qty}</small></span><span class="price">${formatPence(i.lineTotal)}</span></li>`,
  )}</ul>`;
}

export function checkoutPage(ctx, priced, { addons, gapInfo }) {
  if (!priced.items.length) {
    return layout(ctx, { title: 'Checkout', body: html`<div class="page-head"><h1>Checkout</h1></div>${empty('Your basket is empty.', html`<a class="btn" href="/">Start shopping</a>`)}` });
  }
  const delivery = deliveryFor(priced.net, ctx);
  const body = html`
<div class="page-head"><h1>Checkout</h1><ol class="steps"><li class="done">Basket</li><li aria-current="step">Details &amp; payment</li><li>Confirmation</li></ol></div>
<div class="cart-layout">
  <div class="cart-main">
    ${ctx.arm === 'fbt' && addons.length ? html`<section class="panel addons" aria-labelledby="addon-h" data-offers="checkout" data-testid="addons">
      <h2 id="addon-h">Last chance to add</h2>
      <p class="muted">Small extras often bought with what is in your basket.</p>
      <ul class="offers">${addons.map((o, i) => offerRow(o, { placement: 'checkout', returnTo: '/checkout', compact: true, index: i }))}</ul>
    </section>` : ''}
    <form class="panel pay" method="post" action="/checkout/pay" data-testid="pay-form">
      <h2>Delivery and payment</h2>
      <div class="fields">
        <label>Full name<input name="name" autocomplete="name" required value="Alex Shopper"></label>
        <label>Email<input name="email" type="email" autocomplete="email" required value="alex@example.com"></label>
        <label class="wide">Address<input name="address" autocomplete="street-address" required value="1 High Street, London"></label>
        <label>Postcode<input name="postcode" autocomplete="postal-code" required value="SW1A 1AA"></label>
        <label>Card number<input name="card" inputmode="numeric" autocomplete="off" value="4242 4242 4242 4242" aria-describedby="card-note"></label>
      </div>
      <p id="card-note" class="muted small">This is a demo: no card is charged and nothing you type is stored beyond the order lines.</p>
      <button class="btn btn-large btn-block" type="submit">Pay ${formatPence(priced.net + delivery)}</button>
    </form>
  </div>
  <aside class="summary panel" aria-labelledby="sum-h">
    <h2 id="sum-h">Your order</h2>
    ${summaryLines(priced.items)}
    <dl>
      ${summaryRows(priced, delivery)}
    </dl>
    ${freeDeliveryMeter(priced.net, ctx, gapInfo, { returnTo: '/checkout' })}
    <a href="/cart" class="small">← Back to basket</a>
  </aside>
</div>`;
  return layout(ctx, { title: 'Checkout', body });
}

export function orderPage(ctx, order) {
  const body = html`
<section class="confirm panel" data-testid="confirmation">
  <div class="tick" aria-hidden="true">✓</div>
  <h1>Thank you — your order is confirmed</h1>
  <p class="lead">Order <strong data-testid="order-id">${order.id}</strong> · ${new Date(order.placed).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</p>
  <ul class="mini-lines">${order.items.map(
    (i) => html`<li><img src="${img(i.id)}" alt="" width="400" height="400"><span><a href="${productUrl(i.id)}">${i.name}</a><small class="muted"> × ${i.qty}</small>${i.fromOffer ? html` <span class="badge">suggested</span>` : ''}</span><span class="price">${formatPence(i.lineTotal)}</span></li>`,
  )}</ul>
  <dl>
    <div><dt>Subtotal</dt><dd>${formatPence(order.subtotal)}</dd></div>
    ${(order.discounts || []).map((d) => html`<div class="saving" data-discount="${d.kind}"><dt>${d.label}</dt><dd>−${formatPence(d.amount)}</dd></div>`)}
    <div><dt>Delivery</dt><dd>${order.delivery ? formatPence(order.delivery) : 'Free'}</dd></div>
    <div class="total"><dt>Total paid</dt><dd data-testid="order-total">${formatPence(order.total)}</dd></div>
  </dl>
  ${order.reward ? rewardNote({ code: order.reward.code, title: `Thank you: ${order.reward.text}` }, { testid: 'order-reward' }) : ''}
  <p><a class="btn" href="/">Continue shopping</a> <a class="btn btn-ghost" href="/dashboard#ab">See the experiment</a></p>
</section>`;
  return layout(ctx, { title: `Order ${order.id}`, body });
}

export function notFoundPage(ctx, message = 'We could not find that page.') {
  return layout(ctx, { title: 'Not found', body: html`<div class="page-head"><h1>Not found</h1></div>${empty(message, html`<a class="btn" href="/">Back to the shop</a>`)}` });
}
