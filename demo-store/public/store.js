// Progressive enhancement for the store pages. Everything here is optional: forms post and
// links navigate without it. It (1) loads the <cartlift-offers> widget where the page has one,
// (2) turns widget events into basket changes and recorded events, (3) reports clicks on
// server-rendered offers, (4) keeps the "bought together" total in step with the ticked boxes.

function send(events) {
  const body = JSON.stringify(events);
  // A click navigates away at once: sendBeacon survives the unload, fetch may not.
  if (navigator.sendBeacon && navigator.sendBeacon('/api/events', new Blob([body], { type: 'application/json' }))) return;
  fetch('/api/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive: true }).catch(() => {});
}

// `lines` ({id, qty}) from the widget: one of each, or a volume offer's N more of a cart line. A
// bundle's products go in one request, so the store can price them as the set.
async function addToBasket(lines, offerType, placement) {
  const form = new URLSearchParams();
  for (const { id, qty } of lines) {
    form.append('id', id);
    form.append('qty', String(qty));
  }
  form.set('offer_type', offerType || 'cross_sell');
  form.set('placement', placement || 'cart');
  form.set('source', 'widget');
  form.set('return', location.pathname);
  const res = await fetch('/cart/add-many', { method: 'POST', headers: { accept: 'application/json' }, body: form });
  if (!res.ok) throw new Error(`basket update failed: ${res.status}`);
  // The basket page is rendered on the server (totals, delivery gap, new offers): reload it.
  location.reload();
}

async function setUpWidget() {
  const el = document.querySelector('cartlift-offers');
  if (!el) return;
  const island = document.getElementById('cartlift-cart');
  try {
    await import('cartlift/widget');
  } catch (err) {
    console.warn('cartlift widget unavailable:', err);
    return;
  }
  if (island) {
    try {
      el.cart = JSON.parse(island.textContent || '[]');
    } catch {
      // the attribute still carries the cart
    }
  }
  el.addEventListener('cartlift:add', (e) => {
    const { ids = [], lines, offers = [], placement } = e.detail || {};
    if (!ids.length) return;
    const wanted = Array.isArray(lines) && lines.length ? lines : ids.map((id) => ({ id, qty: 1 }));
    addToBasket(wanted, offers[0]?.type, placement || 'cart').catch((err) => console.warn(err));
  });
  el.addEventListener('cartlift:impression', (e) => {
    const d = e.detail || {};
    send([{ type: 'impression', ids: d.ids || [], types: d.types || [], placement: d.placement || 'cart', source: `widget-${d.source || 'client'}` }]);
  });
  el.addEventListener('cartlift:click', (e) => {
    const d = e.detail || {};
    send([{ type: 'click', ids: [d.id], types: [d.type], placement: el.getAttribute('placement') || 'cart', source: 'widget' }]);
  });
  el.addEventListener('cartlift:error', (e) => console.warn('cartlift:', e.detail?.code, e.detail?.message));
}

function trackServerOffers() {
  document.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest('[data-offer-link]') : null;
    const holder = link?.closest('[data-offer-id]');
    if (!holder) return;
    send([{ type: 'click', ids: [holder.dataset.offerId], types: [holder.dataset.offerType], placement: holder.dataset.placement, source: 'server' }]);
  });
}

function fbtTotal() {
  const form = document.querySelector('.fbt-form');
  if (!form) return;
  const out = form.querySelector('[data-fbt-total]');
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
  form.addEventListener('change', () => {
    const boxes = [...form.querySelectorAll('input[type=checkbox][data-price]')];
    const sum = boxes.filter((b) => b.checked).reduce((s, b) => s + Number(b.dataset.price), 0);
    out.textContent = money.format(sum / 100);
    form.querySelector('button[type=submit]').disabled = !boxes.some((b) => b.checked);
  });
}

trackServerOffers();
fbtTotal();
setUpWidget();
