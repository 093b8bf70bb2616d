// Product page with the "Frequently bought together" block (server-side offers, placement
// product). The block is a plain form: ticking boxes and posting works without any script.
import { html } from '../html.js';
import { formatPence } from '../money.js';
import { displayTitle, softenCaps } from '../titles.js';
import { breadcrumb, img, productUrl } from './components.js';
import { layout } from './layout.js';

function fbtBlock(product, offers, returnTo) {
  if (!offers.length) return '';
  const items = [{ id: product.id, name: product.name, price: product.price, self: true }, ...offers.map((o) => ({ id: o.id, name: displayTitle(o.title), price: o.price, offer: o }))];
  const total = items.reduce((s, i) => s + i.price, 0);
  return html`<section class="fbt panel" aria-labelledby="fbt-h" data-offers="product" data-testid="fbt">
  <h2 id="fbt-h">Frequently bought together</h2>
  <form method="post" action="/cart/add-many" class="fbt-form">
    <input type="hidden" name="offer_type" value="cross_sell">
    <input type="hidden" name="placement" value="product">
    <input type="hidden" name="anchor" value="${product.id}">
    <input type="hidden" name="return" value="${returnTo}">
    <div class="fbt-images" aria-hidden="true">
      ${items.map((i, n) => html`${n ? html`<span class="plus">+</span>` : ''}<img src="${img(i.id)}" alt="" width="400" height="400">`)}
    </div>
    <ul class="fbt-list">
      ${items.map(
        (i) => html`<li class="fbt-item" ${i.offer ? html`data-offer-id="${i.id}" data-offer-type="${i.offer.type}" data-placement="product"` : ''}>
        <label>
          <input type="checkbox" name="id" value="${i.id}" checked data-price="${i.price}">
          <span class="fbt-name">${i.self ? html`<strong>This item:</strong> ${i.name}` : html`<a href="${productUrl(i.id)}" data-offer-link>${i.name}</a>`}</span>
          <span class="price">${formatPence(i.price)}</span>
        </label>
        ${i.offer ? html`<p class="reason">${softenCaps(i.offer.reason?.text)}</p>` : ''}
      </li>`,
      )}
    </ul>
    <div class="fbt-foot">
      <span>Total for the ticked items: <strong class="fbt-total" data-fbt-total>${formatPence(total)}</strong></span>
      <button class="btn" type="submit">Add selected to basket</button>
    </div>
  </form>
</section>`;
}

export function productPage(ctx, product, offers) {
  const cat = ctx.catalog.categoryOf(product);
  const chain = [];
  for (let c = cat; c; c = c.parent) chain.unshift(c);
  const crumbs = [['Shop', '/'], ...chain.map((c) => [c.name, `/category/${c.slug}`])];
  crumbs.push([product.name]);
  const body = html`
${breadcrumb(crumbs)}
<article class="product" data-product="${product.id}">
  <div class="product-media"><img src="${img(product.id)}" alt="${product.name}" width="400" height="400"></div>
  <div class="product-info">
    <p class="eyebrow">${product.category.join(' · ')}</p>
    <h1 class="product-title" data-raw-title="${product.title}">${product.name}</h1>
    <p class="product-price">${formatPence(product.price)}</p>
    <form method="post" action="/cart/add" class="buy">
      <input type="hidden" name="id" value="${product.id}">
      <input type="hidden" name="return" value="/cart">
      <label for="qty">Quantity</label>
      <input id="qty" name="qty" type="number" min="1" max="99" value="1" inputmode="numeric">
      <button class="btn btn-large" type="submit">Add to basket</button>
    </form>
    <ul class="facts">
      <li>In stock · dispatched from the UK</li>
      <li>Free delivery on orders over ${formatPence(ctx.freeShipping)}</li>
      ${product.orders ? html`<li>Ordered in ${product.orders.toLocaleString('en-GB')} orders (Dec 2010 – May 2011)</li>` : ''}
      <li class="muted">Product code ${product.id}</li>
    </ul>
    ${product.tags.length ? html`<ul class="chips small">${product.tags.map((t) => html`<li><span class="chip">${t}</span></li>`)}</ul>` : ''}
  </div>
</article>
${ctx.arm === 'fbt' ? fbtBlock(product, offers, '/cart') : ''}`;
  return layout({ ...ctx, currentDepartment: chain[0]?.slug }, { title: product.name, body });
}
