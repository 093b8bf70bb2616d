// What the offers promise, charged: the store prices the mechanics of the bundle's rules
// (docs/rules.md) the way the engine quotes them, so "save £1.86" on an offer is £1.86 off at
// the till. Integer pence and the engine's arithmetic: a percentage in basis points taken of the
// full price and rounded down.
//
//   - Volume tiers: a line at or above a tier's min_qty gets the best such tier's percentage off
//     the whole line (the engine's "Buy 6 or more: 10% off").
//   - Merchant bundles (rules.bundles): when the cart holds one of each product of a set, that
//     set is discounted once, however it got into the cart (the engine's "Complete the set").
//   - Mined bundles (bundle_id "mined"): the engine makes these up from co-purchases, so the store
//     only knows one when the shopper takes it; `TakenSets` remembers it (server-side, per
//     visitor, verified against the engine at the time) and it is discounted while the cart
//     still holds the whole set.
// Discounts stack: a line can be in a set and at a volume tier. Neither ever raises a price.

const MAX_SETS_PER_VISITOR = 8;
const MAX_VISITORS = 10_000;

/** A rules percentage (10, 12.5) as basis points; 0 for anything that is not 0 < p <= 100. */
export function basisPoints(percent) {
  const n = Number(percent);
  return Number.isFinite(n) && n > 0 && n <= 100 ? Math.round(n * 100) : 0;
}

/** `bp` basis points of `total` pence, rounded down (the engine's PercentSaving). */
export function percentSaving(total, bp) {
  return total > 0 && bp > 0 ? Math.floor((total * bp) / 10000) : 0;
}

const pct = (bp) => `${(bp / 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;

export class Pricing {
  /** @param {object} rules the bundle's `rules` member (may be missing) */
  constructor(rules = {}) {
    const list = (v) => (Array.isArray(v) ? v : []);
    this.sets = list(rules?.bundles)
      .filter((b) => b && typeof b.id === 'string' && Array.isArray(b.products) && b.products.length >= 2)
      .map((b) => ({
        id: b.id,
        title: typeof b.title === 'string' && b.title ? b.title : null,
        ids: b.products.map(String),
        bp: basisPoints(b.percent_off),
        amount: Number.isInteger(b.amount_off) && b.amount_off > 0 ? b.amount_off : 0,
      }))
      .filter((s) => s.bp || s.amount);
    this.tiers = list(rules?.volume_tiers)
      .filter((t) => t && Number.isInteger(t.min_qty) && basisPoints(t.percent_off))
      .map((t) => ({ min: t.min_qty, bp: basisPoints(t.percent_off), products: new Set(list(t.products).map(String)), categories: new Set(list(t.categories).map(String)) }));
  }

  /** The best tier a product reaches at `qty`, or null. */
  tierFor(product, qty) {
    let best = null;
    for (const t of this.tiers) {
      const applies = (!t.products.size && !t.categories.size) || t.products.has(product.id) || (product.category || []).some((c) => t.categories.has(c));
      if (applies && qty >= t.min && (!best || t.bp > best.bp)) best = t;
    }
    return best;
  }

  /**
   * Adds `discounts` ([{kind, key, label, amount, ids}]), `discount` (their sum), `net`
   * (subtotal - discount) and per-item `volume` to a priceCart() result.
   * @param {{items: Array<{id, qty, product, lineTotal}>, subtotal: number}} priced
   * @param {Array<{ids: string[], bp: number, title?: string}>} taken mined sets the shopper took
   */
  apply(priced, taken = []) {
    const discounts = [];
    const byId = new Map(priced.items.map((i) => [i.id, i]));
    for (const item of priced.items) {
      const tier = this.tierFor(item.product, item.qty);
      if (!tier) continue;
      const amount = percentSaving(item.lineTotal, tier.bp);
      if (amount <= 0) continue;
      item.volume = { min: tier.min, percent: pct(tier.bp), amount };
      discounts.push({ kind: 'volume', key: `volume:${item.id}`, label: `${item.product.name}: ${tier.min} or more, ${pct(tier.bp)} off`, amount, ids: [item.id] });
    }
    const seen = new Set();
    const setDiscount = (kind, key, ids, bp, amount, title) => {
      const sorted = [...new Set(ids)].sort().join('\u0000');
      if (seen.has(sorted) || !ids.every((id) => byId.has(id))) return;
      seen.add(sorted);
      const full = ids.reduce((s, id) => s + byId.get(id).product.price, 0);
      const saving = Math.min(full, bp ? percentSaving(full, bp) : amount);
      if (saving <= 0) return;
      const name = title || `Set of ${ids.length} bought together`;
      discounts.push({ kind, key, label: bp ? `${name} (${pct(bp)} off the set)` : name, amount: saving, ids });
    };
    for (const s of this.sets) setDiscount('bundle', `bundle:${s.id}`, s.ids, s.bp, s.amount, s.title);
    for (const t of taken) setDiscount('bundle', `mined:${t.ids.join('+')}`, t.ids, t.bp, 0, null);
    const discount = discounts.reduce((s, d) => s + d.amount, 0);
    return { ...priced, discounts, discount, net: priced.subtotal - discount };
  }
}

/**
 * Mined sets taken per visitor, kept in memory (a demo: a restart forgets them, and then the
 * cart simply shows full prices again, as it says). Bounded in visitors and sets.
 */
export class TakenSets {
  #byVisitor = new Map();

  of(visitor) {
    return this.#byVisitor.get(visitor) || [];
  }

  /** Remembers a set for a visitor; `ids` are all its products (the cart item included). */
  take(visitor, { ids, bp }) {
    if (!visitor || !Array.isArray(ids) || ids.length < 2 || !(bp > 0)) return;
    const key = [...ids].sort().join('\u0000');
    const sets = this.of(visitor).filter((s) => [...s.ids].sort().join('\u0000') !== key);
    sets.push({ ids: [...ids], bp });
    this.#byVisitor.delete(visitor);
    this.#byVisitor.set(visitor, sets.slice(-MAX_SETS_PER_VISITOR));
    if (this.#byVisitor.size > MAX_VISITORS) this.#byVisitor.delete(this.#byVisitor.keys().next().value);
  }

  clear(visitor) {
    this.#byVisitor.delete(visitor);
  }
}
