// Public types of the `cartlift` package, shared by every runtime entry (node, browser,
// workerd). Shapes follow docs/formats.md; money is always an integer in minor units.

/**
 * One cart line of a {@link RecommendRequest}.
 * @example
 * const line: CartItem = { id: '85123A', qty: 2, price: 255 };
 */
export interface CartItem {
  /** Product id as in the bundle (1–256 bytes). */
  id: string;
  /** Quantity, at least 1. */
  qty?: number;
  /** Unit price actually charged, in minor units (e.g. pence); defaults to the catalog price. */
  price?: number;
}

/**
 * Kind of offer.
 * @example
 * const wanted: OfferType[] = ['cross_sell', 'upsell'];
 */
export type OfferType = 'cross_sell' | 'upsell' | 'bundle' | 'threshold' | 'addon';

/**
 * Input of {@link Engine.recommend}. Only `cart` is required.
 * @example
 * const request: RecommendRequest = {
 *   cart: [{ id: '85123A', qty: 2 }],
 *   limit: 5, types: ['cross_sell', 'upsell'], exclude: ['22423'],
 *   page: 'cart', visitor: 'v-123',
 * };
 */
export interface RecommendRequest {
  cart: CartItem[];
  /** Maximum number of offers. */
  limit?: number;
  /** Offer kinds to consider; all when absent. */
  types?: OfferType[];
  /** Product ids never to offer. */
  exclude?: string[];
  /** Where the offers will be shown. */
  page?: 'cart' | 'checkout' | 'product';
  /** Stable visitor id; selects the experiment arm. */
  visitor?: string;
  /** Adds an `explain` member to the response. */
  explain?: boolean;
  /** Free-form data for merchant rules. */
  context?: Record<string, unknown>;
}

/**
 * The numbers behind a {@link Reason}.
 * @example
 * const e: Evidence = { with: '85123A', co_purchases: 412, of_orders: 1380, confidence: 0.2986, lift: 3.1 };
 */
export interface Evidence {
  /** The cart product the offer is associated with. */
  with?: string;
  /** Orders containing both products. */
  co_purchases?: number;
  /** Orders containing the cart product. */
  of_orders?: number;
  /** P(offer | cart product). */
  confidence?: number;
  lift?: number;
  [key: string]: unknown;
}

/**
 * Why an offer is shown, ready to display.
 * @example
 * const r: Reason = {
 *   text: 'Bought together in 412 of 1,380 orders with WHITE HANGING HEART T-LIGHT HOLDER',
 *   source: 'co_purchase',
 *   evidence: { with: '85123A', co_purchases: 412, of_orders: 1380 },
 * };
 */
export interface Reason {
  text: string;
  /** E.g. `co_purchase`, `category`, `popularity` (cold start), `family` (upsell), `rule`. */
  source?: string;
  evidence?: Evidence;
}

/**
 * One offer: everything a widget needs to render without another lookup.
 * @example
 * const { offers } = engine.recommend({ cart: [{ id: '85123A', qty: 1 }] });
 * for (const o of offers) console.log(o.type, o.title, o.price_text, o.reason.text);
 */
export interface Offer {
  type: OfferType;
  /** Offered product id (the first one for multi-product offers). */
  id: string;
  title: string;
  /** Price in minor units. */
  price: number;
  /** Price formatted for display, e.g. `£3.39`. */
  price_text?: string;
  /** ISO 4217 code. */
  currency?: string;
  url?: string;
  image?: string;
  /** Discount in minor units, for bundles and thresholds. */
  discount?: number;
  /** Products of a bundle offer. */
  products?: Array<{ id: string; title?: string; price?: number; [key: string]: unknown }>;
  score: number;
  reason: Reason;
  [key: string]: unknown;
}

/**
 * A non-fatal problem with a request, e.g. a cart id the bundle has not seen.
 * @example
 * const w: Warning = { code: 'unknown_product', message: 'unknown product 999', path: '/cart/1/id' };
 */
export interface Warning {
  code: string;
  message: string;
  /** JSON pointer into the request. */
  path?: string;
}

/**
 * Output of {@link Engine.recommend}.
 * @example
 * const res: RecommendResponse = engine.recommend({ cart: [{ id: '85123A', qty: 1 }] });
 * if (res.warnings?.length) console.warn(res.warnings);
 * console.log(res.arm, res.offers.map((o) => o.id));
 */
export interface RecommendResponse {
  offers: Offer[];
  warnings?: Warning[];
  /** Experiment arm that produced the offers (`default` without experiments). */
  arm: string;
  /** Scoring details, present when the request asked for `explain`. */
  explain?: unknown;
}

/**
 * Result of {@link Engine.assignArm}.
 * @example
 * const { experiment, arm } = engine.assignArm('v-123');
 */
export interface ArmAssignment {
  experiment: string | null;
  arm: string;
  [key: string]: unknown;
}

/**
 * Error codes: the engine's (see docs/formats.md) plus the glue's own `disposed`,
 * `version_mismatch` and `load_failed`.
 * @example
 * function isRetryable(code: CartliftErrorCode) { return code === 'load_failed'; }
 */
export type CartliftErrorCode =
  | 'malformed_json' | 'missing_field' | 'wrong_type' | 'invalid_value' | 'invalid_price'
  | 'unknown_currency' | 'duplicate_id' | 'limit_exceeded' | 'unsupported_format'
  | 'malformed_record' | 'io_error' | 'invalid_handle' | 'internal'
  | 'disposed' | 'version_mismatch' | 'load_failed'
  | (string & {});

/**
 * Every failure of the package: a bad bundle or request, a disposed engine, a module that does
 * not match the glue, a wasm file that cannot be loaded.
 * @example
 * try {
 *   engine.recommend({ cart: [{ id: '85123A', qty: 0 }] });
 * } catch (err) {
 *   if (err instanceof CartliftError) console.log(err.code, err.path); // invalid_value /cart/0/qty
 * }
 */
export declare class CartliftError extends Error {
  /**
   * @example
   * throw new CartliftError('invalid_value', 'qty must be at least 1', '/cart/0/qty');
   */
  constructor(code: CartliftErrorCode, message: string, path?: string);
  /** Stable snake_case code. */
  readonly code: CartliftErrorCode;
  /** JSON pointer (e.g. `/products/12/price`) or `file:line`; empty when not applicable. */
  readonly path: string;
  /**
   * The `{code, message, path}` object used in JSON error lines.
   * @example
   * console.log(JSON.stringify({ error: err.toJSON() }));
   */
  toJSON(): { code: string; message: string; path: string };
}

/**
 * A loaded store bundle. Engines of one loaded wasm share one instance; each holds memory in
 * it until {@link Engine.dispose} (or, as a safety net, until it is garbage-collected).
 * @example
 * const engine = await createEngine(bundle);
 * try {
 *   const { offers } = engine.recommend({ cart: [{ id: '85123A', qty: 1 }], limit: 3 });
 * } finally {
 *   engine.dispose();
 * }
 */
export interface Engine {
  /**
   * Offers for a cart. Synchronous: a lookup and a small merge. Throws {@link CartliftError}
   * for an invalid request (code and JSON path of the first problem).
   * @param request the request object, or its JSON text
   * @example
   * const res = engine.recommend({ cart: [{ id: '85123A', qty: 2 }], limit: 5 });
   * const same = engine.recommend('{"cart":[{"id":"85123A","qty":2}],"limit":5}');
   */
  recommend(request: RecommendRequest | string): RecommendResponse;
  /**
   * Bundle summary: counts and provenance (`built_from`).
   * @example
   * console.log(engine.info());
   */
  info(): Record<string, unknown>;
  /**
   * Deterministic experiment arm for a visitor: the same on browser, edge and Node.
   * @example
   * const { arm } = engine.assignArm('v-123');
   */
  assignArm(visitor: string): ArmAssignment;
  /**
   * Frees the engine's memory in the wasm heap. Idempotent; any later call throws
   * {@link CartliftError} with code `disposed`.
   * @example
   * engine.dispose();
   * engine.dispose(); // no-op
   */
  dispose(): void;
  /**
   * Whether {@link Engine.dispose} has run.
   * @example
   * if (!engine.disposed) engine.dispose();
   */
  readonly disposed: boolean;
}

/**
 * A store bundle: the parsed JSON object, its JSON text, or raw bytes (JSON or the compact
 * binary form), passed to the engine as is.
 * @example
 * const a: BundleInput = await (await fetch('/bundle.json')).arrayBuffer();
 * const b: BundleInput = { format: 'cartlift.bundle/1', products: [], associations: [] };
 */
export type BundleInput = Record<string, unknown> | string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Options of `createEngine`. Which wasm to use; all optional except `wasmModule` in workerd.
 * Engines created with the same wasm share one instance.
 * @example
 * await createEngine(bundle, { wasmUrl: '/static/cartlift.wasm' }); // browser
 * await createEngine(bundle, { wasmModule });                       // workerd
 */
export interface CreateEngineOptions {
  /** An already compiled `cartlift.wasm` (required in edge workers: `import wasmModule from 'cartlift/wasm'`). */
  wasmModule?: WebAssembly.Module;
  /** Browser: where to fetch `cartlift.wasm` (default: next to the package's files). */
  wasmUrl?: string | URL;
  /** Node: path of `cartlift.wasm` (default: the package's own `dist/cartlift.wasm`). */
  wasmPath?: string | URL;
}

/**
 * Loads a store bundle into a new engine.
 * @example
 * import { createEngine } from 'cartlift';
 * const engine = await createEngine(await (await fetch('/bundle.json')).json());
 * const { offers } = engine.recommend({ cart: [{ id: '85123A', qty: 1 }] });
 */
export declare function createEngine(bundle: BundleInput, options?: CreateEngineOptions): Promise<Engine>;

/**
 * Version of the package (and of the engine built with it).
 * @example
 * console.log(`cartlift ${version}`);
 */
export declare const version: string;
