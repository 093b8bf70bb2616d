// Money is integer pence everywhere in the store, as in the engine; only display turns it into £.

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export function formatPence(pence) {
  return gbp.format((Number(pence) || 0) / 100);
}

/** "2.55" or 2.55 (catalog prices) → 255, rounding away float noise. */
export function toPence(price) {
  if (typeof price === 'number') return Math.round(price * 100);
  const n = Number.parseFloat(String(price ?? '0'));
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}
