// Server-side offers through the cartlift npm package (the same wasm the widget and the edge
// worker run). A failing engine must never take a page down: every call degrades to "no offers"
// and logs why.
import { createEngine } from 'cartlift';

// What the basket widget shows: cross-sells, set bundles, the next volume tier of a line and the
// next-order reward. Upgrades and the delivery gap have their own blocks on the page.
export const CART_WIDGET_TYPES = ['cross_sell', 'bundle', 'volume', 'reward'];
// "Last chance" extras at checkout: single products only.
export const CHECKOUT_TYPES = ['cross_sell', 'addon'];

const sameSet = (a, b) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

export class OfferService {
  /** Never rejects: a store whose engine cannot load still sells, just without offers. */
  static async load(bundleBytes, { log = console } = {}) {
    try {
      return new OfferService(await createEngine(bundleBytes), log);
    } catch (err) {
      log.error?.(`cartlift: the engine could not load the bundle (${err.code || 'error'}): ${err.message}; serving without offers`);
      return new OfferService(null, log, err);
    }
  }

  constructor(engine, log, error = null) {
    this.engine = engine;
    this.log = log;
    this.error = error;
  }

  #ask(request) {
    if (!this.engine) return [];
    try {
      const response = this.engine.recommend(request);
      return Array.isArray(response.offers) ? response.offers : [];
    } catch (err) {
      this.log.error?.(`cartlift: recommend failed (${err.code || 'error'}): ${err.message}`);
      return [];
    }
  }

  recommend(request) {
    return this.#ask(request);
  }

  forProduct(productId, { limit = 3 } = {}) {
    return this.#ask({ cart: [{ id: productId, qty: 1 }], page: 'product', limit, types: ['cross_sell'] });
  }

  forCart(lines, { limit = 4, page = 'cart', types } = {}) {
    if (!lines.length) return [];
    const request = { cart: lines.map(({ id, qty }) => ({ id, qty })), page, limit };
    if (types) request.types = types;
    return this.#ask(request);
  }

  /**
   * The bundle offer the engine makes right now for `lines` whose products to add are exactly
   * `ids`, or null: what the shopper takes is checked against the engine, never trusted from
   * the form.
   */
  bundleOffer(lines, ids) {
    return this.forCart(lines, { limit: 10, types: ['bundle'] }).find((o) => o.type === 'bundle' && Array.isArray(o.products) && sameSet(o.products.map((p) => String(p.id)), ids)) ?? null;
  }

  /** The next-order reward the rules give this cart, or null. */
  reward(lines) {
    return this.forCart(lines, { page: 'checkout', limit: 1, types: ['reward'] }).find((o) => o.type === 'reward' && typeof o.code === 'string') ?? null;
  }

  /** Upgrade prompts; an engine without upsell support simply returns none. */
  upgrades(lines, { limit = 2 } = {}) {
    return this.forCart(lines, { limit, types: ['upsell'] }).filter((o) => o.type === 'upsell');
  }

  /**
   * What closes the free-delivery gap. Engine threshold offers win when the engine makes them;
   * otherwise the cheapest cross-sell candidate that closes the gap on its own, or failing that
   * the dearest one with the candidate honestly labelled as only getting closer.
   */
  shippingGap(lines, subtotal, threshold, { exclude = [] } = {}) {
    if (!lines.length || subtotal >= threshold) return null;
    const gap = threshold - subtotal;
    const engineOffer = this.forCart(lines, { page: 'checkout', limit: 1, types: ['threshold'] }).find((o) => o.type === 'threshold');
    if (engineOffer) return { gap, offer: engineOffer, closes: engineOffer.price >= gap, source: 'engine' };
    const skip = new Set(exclude);
    const candidates = this.forCart(lines, { page: 'checkout', limit: 30, types: ['cross_sell'] }).filter((o) => !skip.has(o.id));
    if (!candidates.length) return { gap, offer: null, closes: false, source: 'none' };
    const closing = candidates.filter((o) => o.price >= gap).sort((a, b) => a.price - b.price || b.score - a.score);
    if (closing.length) return { gap, offer: closing[0], closes: true, source: 'cross_sell' };
    const nearest = [...candidates].sort((a, b) => b.price - a.price || b.score - a.score)[0];
    return { gap, offer: nearest, closes: false, source: 'cross_sell' };
  }
}
