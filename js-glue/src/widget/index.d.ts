// Types of `cartlift/widget`: the <cartlift-offers> element, its events, and the server-side
// renderer shared with edge workers.
import type { Offer, OfferType, RecommendRequest, RecommendResponse } from '../../index.js';

/**
 * Anything with a `recommend` method: an engine from `createEngine`, or a host's own proxy
 * (e.g. one calling an edge endpoint) answering a Promise.
 * @example
 * const remote: OffersSource = {
 *   recommend: async (req) => (await fetch('/offers', { method: 'POST', body: JSON.stringify(req) })).json(),
 * };
 */
export interface OffersSource {
  recommend(request: RecommendRequest): RecommendResponse | Promise<RecommendResponse>;
}

/**
 * One line of the cart the offers are for.
 * @example
 * el.cart = [{ id: '85123A', qty: 2 }] satisfies WidgetCartLine[];
 */
export interface WidgetCartLine {
  id: string;
  /** At least 1; defaults to 1. */
  qty?: number;
  /** Unit price charged, in minor units. */
  price?: number;
}

/**
 * Interface text of the element; `{count}`, `{total}`, `{amount}`, `{price}` and `{percent}`
 * are filled in.
 * @example
 * el.strings = { heading: 'Complete the look', add: 'Add {count} to basket — {total}', volumeAction: 'Add {count}' };
 */
export interface WidgetStrings {
  heading: string;
  headingOther: string;
  subheading: string;
  total: string;
  totalOne: string;
  add: string;
  addOne: string;
  addNone: string;
  upgrade: string;
  upgradeAction: string;
  bundle: string;
  bundleAction: string;
  /** A bundle's saving, e.g. `Save {amount}`. */
  save: string;
  /** Screen-reader words before a bundle's struck-through usual price. */
  listPrice: string;
  thresholdAction: string;
  /** Volume note when the offer has no reason text: `Buy {count} or more: {percent} off`. */
  volume: string;
  /** Volume button: `Add {count} more` ({count} = `add_qty`). */
  volumeAction: string;
  /** Eyebrow of a protection add-on (an `addon` offer with `for`). */
  protection: string;
  protectionAction: string;
  /** Words before a reward's code, e.g. `Your code:`. */
  rewardCode: string;
}

/**
 * Detail of `cartlift:add`: the store's own cart code adds these; the widget never changes the cart.
 * @example
 * document.addEventListener('cartlift:add', (e) => {
 *   for (const { id, qty } of e.detail.lines) myCart.add(id, qty);
 * });
 */
export interface CartliftAddDetail {
  /** Product ids to add, in display order (a bundle's products for a bundle offer). */
  ids: string[];
  /**
   * The same ids with how many of each to add: 1, except for a volume offer, whose line asks for
   * its `add_qty` more of the cart product, e.g. `[{ id: '85123A', qty: 2 }]`.
   */
  lines: Array<{ id: string; qty: number }>;
  offers: Offer[];
  /** `list` for the "bought together" button, otherwise the offer type of the card. */
  source: 'list' | OfferType;
  placement?: string;
}

/**
 * Detail of `cartlift:impression`, sent once per distinct response that became visible.
 * @example
 * document.addEventListener('cartlift:impression', (e) => analytics.track('offers_shown', e.detail));
 */
export interface CartliftImpressionDetail {
  /** Arm and offers shown; equal keys are one impression. */
  key: string;
  arm: string;
  placement?: string;
  /** `ssr` when the shown markup came from the server. */
  source: 'client' | 'ssr';
  ids: string[];
  types: OfferType[];
  offers: Array<{ id: string; type: OfferType }>;
}

/**
 * Detail of `cartlift:click` (cancelable: call `preventDefault()` to route the click yourself).
 * @example
 * document.addEventListener('cartlift:click', (e) => { e.preventDefault(); router.push(e.detail.url); });
 */
export interface CartliftClickDetail {
  id: string;
  type: OfferType;
  url: string;
  offer: Offer;
}

/**
 * Detail of `cartlift:error`: the element renders nothing; the page is unaffected.
 * @example
 * document.addEventListener('cartlift:error', (e) => console.warn('offers unavailable', e.detail.code));
 */
export interface CartliftErrorDetail {
  /** An engine code (docs/formats.md) or `load_failed` (wasm, glue, worker or bundle unavailable). */
  code: string;
  message: string;
}

/**
 * `<cartlift-offers>`. Attributes: `bundle`, `placement` (`product`|`cart`|`checkout`), `limit`,
 * `types` (comma separated), `locale`, `currency` (display only), `cart` (JSON), `worker`,
 * `visitor`, `theme` (`light`|`dark`, default follows the system), `heading-level` (2–6),
 * `wasm` (URL of cartlift.wasm when not next to the package).
 * @example
 * <cartlift-offers bundle="/cartlift/bundle.json" placement="cart" limit="4" worker></cartlift-offers>
 * <script type="module">
 *   import 'cartlift/widget';
 *   const el = document.querySelector('cartlift-offers');
 *   el.cart = [{ id: '85123A', qty: 1 }];
 *   el.addEventListener('cartlift:add', (e) => myCart.add(e.detail.ids));
 * </script>
 */
export declare class CartliftOffersElement extends HTMLElement {
  /**
   * Cart lines; setting re-renders once per microtask however often it is set. Takes
   * precedence over the `cart` attribute until set to `null`.
   * @example
   * el.cart = [{ id: '85123A', qty: 2 }, { id: '22423', qty: 1 }];
   */
  cart: WidgetCartLine[] | null;
  /**
   * An engine (or any {@link OffersSource}) the page already has; the `bundle` attribute is then ignored.
   * @example
   * el.engine = await createEngine(bundleBytes);
   */
  engine: OffersSource | null;
  /**
   * Interface text overrides.
   * @example
   * el.strings = { heading: 'Goes well with' };
   */
  strings: Partial<WidgetStrings>;
  /**
   * Ids of the checked "bought together" items.
   * @example
   * console.log(el.selectedIds); // ['47566', '22699']
   */
  readonly selectedIds: string[];
  /**
   * Requests offers again even though the cart did not change (e.g. stock changed).
   * @example
   * el.refresh();
   */
  refresh(): void;
}

/**
 * Options of {@link renderOffersHTML}.
 * @example
 * const options: RenderOptions = { request, locale: 'en-GB', headingLevel: 3 };
 */
export interface RenderOptions {
  /** The request the response answers; lets the element skip re-rendering the same cart. */
  request?: RecommendRequest;
  /** BCP 47 locale for prices. */
  locale?: string;
  /** Display currency (symbol only; amounts are not converted). */
  currency?: string;
  /** Offers beyond this count are dropped (default 20). */
  limit?: number;
  /** Heading level 2–6 (default 2). */
  headingLevel?: number;
  strings?: Partial<WidgetStrings>;
  /** Prefix of element ids (default `cl`); needed only with `shadow: false` and several widgets. */
  idPrefix?: string;
  /** Title-case titles written in capitals (default true). */
  softCase?: boolean;
  /** Wrap in `<template shadowrootmode="open">` (default true). */
  shadow?: boolean;
  /** Inline the stylesheet in the template (default true; false for strict style-src CSPs). */
  styles?: boolean;
}

/**
 * Renders an offers response to escaped HTML for the inside of `<cartlift-offers>`, in any
 * runtime (no DOM needed: edge workers, Node). Returns `''` when there is nothing to show.
 * @example
 * import { renderOffersHTML } from 'cartlift/widget';
 * const request = { cart: [{ id: '85123A', qty: 1 }], limit: 4, page: 'cart' };
 * const html = renderOffersHTML(engine.recommend(request), { request, locale: 'en-GB' });
 * // <cartlift-offers bundle="/b.json" placement="cart" limit="4" cart='[{"id":"85123A","qty":1}]'>${html}</cartlift-offers>
 */
export declare function renderOffersHTML(response: RecommendResponse, options?: RenderOptions): string;

/**
 * The page-wide engine for a bundle URL (one download and parse per URL, shared by all elements).
 * @example
 * const engine = await getEngine('/cartlift/bundle.json', { worker: true });
 * const offers = await engine.recommend({ cart: [{ id: '85123A', qty: 1 }] });
 */
export declare function getEngine(bundleUrl: string, options?: { worker?: boolean; wasmUrl?: string }): Promise<OffersSource & { dispose(): void }>;

/**
 * Disposes every cached engine, e.g. when a single-page app switches store.
 * @example
 * await clearEngineCache();
 */
export declare function clearEngineCache(): Promise<void>;

declare global {
  interface HTMLElementTagNameMap {
    'cartlift-offers': CartliftOffersElement;
  }
  interface HTMLElementEventMap {
    'cartlift:add': CustomEvent<CartliftAddDetail>;
    'cartlift:impression': CustomEvent<CartliftImpressionDetail>;
    'cartlift:click': CustomEvent<CartliftClickDetail>;
    'cartlift:error': CustomEvent<CartliftErrorDetail>;
  }
  interface DocumentEventMap {
    'cartlift:add': CustomEvent<CartliftAddDetail>;
    'cartlift:impression': CustomEvent<CartliftImpressionDetail>;
    'cartlift:click': CustomEvent<CartliftClickDetail>;
    'cartlift:error': CustomEvent<CartliftErrorDetail>;
  }
}
