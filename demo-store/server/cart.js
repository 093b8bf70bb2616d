// The cart lives in the cookie `cartlift_cart`: URL-encoded JSON array of {id, qty}. The cookie
// is shopper-controlled input, so it is parsed defensively and re-validated against the catalog.

export const CART_COOKIE = 'cartlift_cart';
const MAX_LINES = 40; // keeps the cookie well under the 4 KB browsers allow
const MAX_QTY = 99;

export function parseCart(cookieValue, catalog) {
  if (!cookieValue) return [];
  let data;
  try {
    data = JSON.parse(decodeURIComponent(cookieValue));
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const lines = [];
  const seen = new Set();
  for (const item of data) {
    if (!item || typeof item !== 'object') continue;
    const id = String(item.id ?? '');
    const qty = clampQty(item.qty);
    if (!catalog.get(id) || seen.has(id) || !qty) continue;
    seen.add(id);
    lines.push({ id, qty });
    if (lines.length >= MAX_LINES) break;
  }
  return lines;
}

function clampQty(value) {
  const n = Number.parseInt(String(value ?? '1'), 10);
  if (!Number.isFinite(n) || n < 1) return 0;
  return Math.min(n, MAX_QTY);
}

export function serializeCart(lines) {
  return encodeURIComponent(JSON.stringify(lines.map(({ id, qty }) => ({ id, qty }))));
}

export function addToCart(lines, id, qty = 1) {
  const out = lines.map((l) => ({ ...l }));
  const q = clampQty(qty) || 1;
  const line = out.find((l) => l.id === id);
  if (line) line.qty = Math.min(line.qty + q, MAX_QTY);
  else if (out.length < MAX_LINES) out.push({ id, qty: q });
  return out;
}

export function setQty(lines, id, qty) {
  const q = clampQty(qty);
  return lines.map((l) => (l.id === id ? { ...l, qty: q } : l)).filter((l) => l.qty > 0);
}

export function removeFromCart(lines, id) {
  return lines.filter((l) => l.id !== id);
}

export function replaceInCart(lines, fromId, toId) {
  const from = lines.find((l) => l.id === fromId);
  if (!from) return lines;
  const rest = lines.filter((l) => l.id !== fromId);
  return addToCart(rest, toId, from.qty);
}

/** Cart lines joined with their products; subtotal in pence. */
export function priceCart(lines, catalog) {
  const items = lines.map((l) => {
    const product = catalog.get(l.id);
    return { ...l, product, lineTotal: product.price * l.qty };
  });
  const subtotal = items.reduce((s, i) => s + i.lineTotal, 0);
  const count = items.reduce((s, i) => s + i.qty, 0);
  return { items, subtotal, count };
}
