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
export type OfferType = 'cross_sell' | 'upsell' | 'bundle' | 'threshold' | 'addon' | 'volume' | 'reward';

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
  /** Stable visitor id (at most 256 UTF-8 bytes); selects the experiment arm. */
  visitor?: string;
  /** Experiment id from the bundle's `experiments`; the first one when absent. */
  experiment?: string;
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
  /**
   * E.g. `co_purchase`, `category_popular` / `popular` (cold start), `upgrade` (the catalog's
   * ladder), `inferred_upgrade` (a ladder inferred from titles), `threshold`, `merchant_pick`,
   * `merchant_bundle` / `co_purchase_bundle`, `volume_tier`, `protection`, `reward`.
   */
  source?: string;
  evidence?: Evidence;
}

/**
 * One offer: everything a widget needs to render without another lookup.
 * @example
 * const { offers } = engine.recommend({ cart: [{ id: '85123A', qty: 1 }] });
 * for (const o of offers) console.log(o.type, o.title, o.price_text, o.reason.text);
 * // Mechanics from the bundle's rules (docs/rules.md):
 * // { type: 'bundle', id: '22699', bundle_id: 'regency-tea', title: 'Regency afternoon tea set',
 * //   price: 404, list_price: 590, discount: 186, percent_off: 10,
 * //   products: [{ id: '22699', title: '…', price: 295 }, { id: '22697', title: '…', price: 295 }], … }
 * // { type: 'volume', id: '85123A', add_qty: 2, min_qty: 6, percent_off: 10, price: 590, discount: 177,
 * //   reason: { text: 'Buy 6 or more: 10% off. Add 2 more for £5.90 and save £1.77 on all 6', source: 'volume_tier' }, … }
 * // { type: 'addon', id: 'CARE', for: 'LAMP', reason: { text: 'Optional: …', source: 'protection' }, … }
 * // { type: 'reward', id: 'THANKS10', code: 'THANKS10', title: '10 % off your next order', price: 0, … }
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
  /** Bundle, volume: the saving in minor units (a volume offer's is on the whole line at the tier). */
  discount?: number;
  /** `discount` for display, e.g. `£1.77`. */
  discount_text?: string;
  /** Bundle, volume: the percentage taken off, e.g. `10` (absent for a fixed-amount bundle). */
  percent_off?: number;
  /**
   * Bundle: the products to add (the cart item that started the set is not listed); `price` of
   * the offer is what they cost together after the saving.
   */
  products?: Array<{ id: string; title?: string; price?: number; price_text?: string; url?: string; image?: string; [key: string]: unknown }>;
  /** Bundle: the merchant rule's id (`rules.bundles[].id`), or `mined` for a set mined from co-purchases. */
  bundle_id?: string;
  /** Bundle: the added products at full price, in minor units (`price` = `list_price` − `discount`). */
  list_price?: number;
  list_price_text?: string;
  /** Addon (reason.source `protection`): the cart product id the protection plan covers. */
  for?: string;
  /** Volume: how many more of the cart product (`id`) reach the tier; `price` = unit price × `add_qty`. */
  add_qty?: number;
  /** Volume: the tier's minimum quantity. */
  min_qty?: number;
  /** Reward: the code for the next order (also the offer's `id`); a reward has no product and `price` 0. */
  code?: string;
  /** Upsell: the cart product id the upgrade replaces. */
  upgrade_from?: string;
  /** Upsell: upgrade price minus the cart item's unit price, in minor units (30 = £0.30 more). */
  price_delta?: number;
  /** Upsell: `price_delta` for display, signed, e.g. `+£0.30`. */
  price_delta_text?: string;
  /** Upsell: what changes, e.g. `{ name: 'size', from: 'lunch bag', to: 'jumbo bag' }`. */
  attributes_diff?: Array<{ name: string; from: string; to: string }>;
  /**
   * Upsell from a ladder inferred from titles (`reason.source === 'inferred_upgrade'`): how sure
   * the build was that this is the next size, pack or grade up, 0..1.
   */
  upgrade_confidence?: number;
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
  /**
   * Experiment arm that produced the offers: `default` without an experiment or a visitor. A
   * control arm gets no offers (still its warnings).
   */
  arm: string;
  /** Scoring details, present when the request asked for `explain`. */
  explain?: unknown;
}

/**
 * Result of {@link Engine.assignArm} and {@link assignArm}.
 * @example
 * const { experiment, arm, control } = engine.assignArm('v-123');
 * if (control) console.log(`${experiment}: no offers for this visitor`);
 */
export interface ArmAssignment {
  /** Experiment id; null for the `default` arm (no experiment, or an empty visitor). */
  experiment: string | null;
  arm: string;
  /** True for the control arm, which is shown no offers. */
  control: boolean;
  [key: string]: unknown;
}

/**
 * One arm of an {@link ExperimentDefinition}.
 * @example
 * const arm: ExperimentArm = { name: 'control', weight: 50, control: true };
 */
export interface ExperimentArm {
  /** 1–128 bytes, unique in its experiment. */
  name: string;
  /** Integer 0..1000000, relative to the other arms' weights. */
  weight: number;
  /** The baseline, shown no offers; at most one per experiment. */
  control?: boolean;
}

/**
 * An experiment as in the bundle's `experiments` member (docs/formats.md).
 * @example
 * const fbt: ExperimentDefinition = {
 *   id: 'fbt-vs-control',
 *   arms: [{ name: 'fbt', weight: 50 }, { name: 'control', weight: 50, control: true }],
 * };
 */
export interface ExperimentDefinition {
  id: string;
  arms: ExperimentArm[];
}

/**
 * The arm of a visitor, in plain JavaScript (no wasm): FNV-1a 32 of `experiment.id + ":" +
 * visitor`, modulo the sum of the weights, arms walked in order. Always the arm the engine
 * serves (native, wasm) for the same bundle. Throws {@link CartliftError} for a definition the
 * bundle reader would reject or a visitor over 256 UTF-8 bytes.
 * @example
 * import { assignArm } from 'cartlift';
 * const { arm, control } = assignArm('v-123', fbt); // e.g. { experiment: 'fbt-vs-control', arm: 'fbt', control: false }
 */
export declare function assignArm(visitor: string, experiment: ExperimentDefinition): ArmAssignment;

/**
 * FNV-1a 32-bit hash of a string's UTF-8 bytes (or of bytes), continuing from `state`.
 * @example
 * fnv1a32('foobar'); // 0xbf9cf968
 */
export declare function fnv1a32(input: string | ArrayLike<number>, state?: number): number;

/**
 * Kinds of {@link ExperimentEvent}; `visit` only counts the visitor in its arm.
 * @example
 * const t: ExperimentEventType = 'impression';
 */
export type ExperimentEventType = 'visit' | 'impression' | 'click' | 'add' | 'order';

/**
 * One line of an experiment event log (docs/formats.md, "Events").
 * @example
 * const e: ExperimentEvent = {
 *   type: 'order', experiment: 'fbt-vs-control', arm: 'fbt', visitor: 'v-123',
 *   product_ids: ['85123A', '71053'], value: 2545, ts: '2026-11-23T10:00:00Z',
 * };
 */
export interface ExperimentEvent {
  type: ExperimentEventType;
  /** The arm the visitor was served (the response's `arm`). */
  arm: string;
  visitor?: string;
  experiment?: string | null;
  /** Offered products (impression, click, add) or the order's products. */
  product_ids?: string[];
  /** Order value in minor units (orders only). */
  value?: number;
  /** ISO 8601 time. */
  ts?: string;
  [key: string]: unknown;
}

/**
 * Builds a clean event for the log: checks type and arm, keeps the format's members, bounds
 * their sizes and stamps `ts` when absent.
 * @example
 * import { createEvent } from 'cartlift';
 * log.push(createEvent({ type: 'impression', experiment: 'fbt-vs-control', arm, visitor, product_ids: ['71053'] }));
 */
export declare function createEvent(fields: ExperimentEvent): ExperimentEvent;

/**
 * A proportion with its 95 % Wilson score interval; nulls when there were no trials.
 * @example
 * const r: RateInterval = { rate: 0.1, lo: 0.0552, hi: 0.1744, k: 10, n: 100 };
 */
export interface RateInterval {
  rate: number | null;
  lo: number | null;
  hi: number | null;
  k: number;
  n: number;
}

/**
 * A mean with its 95 % normal-approximation interval (mean ± 1.96·s/√n); `lo`/`hi` null below 2 values.
 * @example
 * const aov: MeanInterval = { mean: 2500, lo: 2100, hi: 2900, sd: 1000, n: 24 };
 */
export interface MeanInterval {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  sd: number | null;
  n: number;
}

/**
 * An arm's difference from the control arm with its 95 % interval (all null when undefined).
 * @example
 * const d: Difference = { diff: 0.04, lo: 0.01, hi: 0.07 };
 */
export interface Difference {
  diff: number | null;
  lo: number | null;
  hi: number | null;
}

/**
 * Metrics of one arm in an {@link EventSummary}.
 * @example
 * const m: ArmMetrics = summary.arms.fbt;
 * console.log(m.clickRate.rate, m.attachRate.lo, m.aov.mean, m.vsControl?.aov.diff);
 */
export interface ArmMetrics {
  /** Distinct visitors with any event in the arm. */
  visitors: number;
  impressions: number;
  clicks: number;
  adds: number;
  orders: number;
  /** Orders with a product the visitor added from an offer since their previous order. */
  attached: number;
  /** Sum of order values, minor units. */
  revenue: number;
  /** clicks / impressions, Wilson interval. */
  clickRate: RateInterval;
  /** attached / orders, Wilson interval. */
  attachRate: RateInterval;
  /** Average order value in minor units, normal interval. */
  aov: MeanInterval;
  /** This arm minus the control arm (Newcombe interval for rates, Welch for AOV); null for the control arm itself. */
  vsControl: { clickRate: Difference; attachRate: Difference; aov: Difference } | null;
}

/**
 * Result of {@link aggregateEvents}.
 * @example
 * const { arms, control } = aggregateEvents(events);
 * for (const [arm, m] of Object.entries(arms)) console.log(arm, m.orders, m.aov.mean);
 */
export interface EventSummary {
  /** Events counted. */
  total: number;
  /** Events without a known type or an arm. */
  skipped: number;
  /** The baseline arm, or null when there is none. */
  control: string | null;
  arms: Record<string, ArmMetrics>;
}

/**
 * Per-arm impressions, click rate, attach rate and AOV with 95 % intervals, and each arm's
 * difference from the control arm. Events are read in the order given.
 * @example
 * import { aggregateEvents } from 'cartlift';
 * const summary = aggregateEvents(lines.map((l) => JSON.parse(l)), { experiment: 'fbt-vs-control', arms: ['fbt', 'control'] });
 * console.log(summary.arms.fbt.vsControl?.attachRate);
 */
export declare function aggregateEvents(
  events: Iterable<ExperimentEvent>,
  options?: { experiment?: string; arms?: string[]; control?: string },
): EventSummary;

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
   * Experiment arm of a visitor in the bundle's first experiment, the arm {@link Engine.recommend}
   * serves: the same on browser, edge and Node, and the same as the pure-JS {@link assignArm}.
   * @example
   * const { arm, control } = engine.assignArm('v-123');
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
