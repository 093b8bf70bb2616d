// Replay estimate on held-out orders (later months than the bundle was built from). It answers
// "what might offers have added?" under an explicit acceptance assumption, and is labelled as an
// estimate everywhere it is shown: no shopper ever saw these offers.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const MAX_DISTINCT = 100; // same rule as `cartlift build`: wholesale restocks are not baskets

function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Orders from an Online Retail CSV (.gz or plain): [{id, lines: [{id, qty, price}]}], file order. */
export function readOrders(file) {
  let buf = readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const rows = buf.toString('utf8').split(/\r?\n/);
  const header = parseCsvLine(rows[0]).map((h) => h.trim());
  const col = (...names) => names.map((n) => header.indexOf(n)).find((i) => i >= 0);
  const iOrder = col('InvoiceNo', 'order_id');
  const iProduct = col('StockCode', 'product_id');
  const iQty = col('Quantity', 'quantity');
  const iPrice = col('UnitPrice', 'price');
  const orders = new Map();
  for (let r = 1; r < rows.length; r++) {
    if (!rows[r]) continue;
    const f = parseCsvLine(rows[r]);
    const orderId = f[iOrder];
    const qty = Number(f[iQty]);
    if (!orderId || orderId.startsWith('C') || !(qty > 0)) continue; // cancellations and returns
    let order = orders.get(orderId);
    if (!order) orders.set(orderId, (order = { id: orderId, lines: [] }));
    order.lines.push({ id: String(f[iProduct]).toUpperCase(), qty, price: Math.round(Number(f[iPrice]) * 100) || 0 });
  }
  return [...orders.values()];
}

/**
 * One engine call per held-out order: the offers a shopper would have seen on the cart page
 * after adding the order's first product. Keeps per-order numbers so a new acceptance rate is
 * a cheap re-aggregation.
 */
export function replayOrders(orders, catalog, offers, { k = 4 } = {}) {
  const rows = [];
  let skipped = 0;
  for (const order of orders) {
    const known = [];
    const seen = new Set();
    let value = 0;
    for (const line of order.lines) {
      value += line.qty * line.price;
      if (catalog.get(line.id) && !seen.has(line.id)) {
        seen.add(line.id);
        known.push(line.id);
      }
    }
    if (known.length < 2 || seen.size > MAX_DISTINCT) {
      skipped++;
      continue;
    }
    const first = known[0];
    const rest = new Set(known.slice(1));
    // Single products only (cross-sells and upgrades): a set, a volume tier or a reward is not
    // one product at one price that the order either contains or not.
    const shown = offers.recommend({ cart: [{ id: first, qty: 1 }], page: 'cart', limit: k, types: ['cross_sell', 'upsell'] });
    let shownValue = 0;
    let hitValue = 0;
    let hits = 0;
    for (const o of shown) {
      shownValue += o.price;
      if (rest.has(o.id)) {
        hits++;
        hitValue += o.price;
      }
    }
    rows.push({ value, shown: shown.length, shownValue, hits, hitValue });
  }
  return { k, orders: rows, skipped, considered: orders.length };
}

/**
 * The estimate, for acceptance a (0..1) applied independently to each offer:
 *   upper ("any shown offer"):  E[added value] = Σ_o a·Σ price(shown_o);  attach = mean_o 1−(1−a)^|shown_o|
 *   lower ("relevant only"):    the same over hits_o = shown_o ∩ rest of the real order, i.e. only
 *                               offers the shopper demonstrably wanted are ever accepted.
 *   AOV uplift = E[added value] / Σ_o real order value.
 */
export function estimate(replay, acceptance) {
  const a = Math.min(Math.max(acceptance, 0), 1);
  const n = replay.orders.length;
  let base = 0;
  let addAny = 0;
  let addHit = 0;
  let attachAny = 0;
  let attachHit = 0;
  let withOffers = 0;
  let withHit = 0;
  let shownTotal = 0;
  for (const o of replay.orders) {
    base += o.value;
    addAny += a * o.shownValue;
    addHit += a * o.hitValue;
    attachAny += 1 - (1 - a) ** o.shown;
    attachHit += 1 - (1 - a) ** o.hits;
    if (o.shown) withOffers++;
    if (o.hits) withHit++;
    shownTotal += o.shown;
  }
  return {
    acceptance: a,
    orders: n,
    k: replay.k,
    withOffers,
    withHit,
    shownTotal,
    baseAov: n ? base / n : 0,
    any: { attach: n ? attachAny / n : 0, addedPerOrder: n ? addAny / n : 0, uplift: base ? addAny / base : 0 },
    relevant: { attach: n ? attachHit / n : 0, addedPerOrder: n ? addHit / n : 0, uplift: base ? addHit / base : 0 },
  };
}
