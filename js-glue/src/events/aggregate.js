// Per-arm experiment metrics from an event log (docs/formats.md, "Events").
import { CartliftError } from '../errors.js';
import { meanDiff, meanInterval, proportionDiff, wilson } from './stats.js';

/** Event types; `visit` only counts the visitor in its arm. */
export const EVENT_TYPES = Object.freeze(['visit', 'impression', 'click', 'add', 'order']);
const TYPES = new Set(EVENT_TYPES);

function emptyArm() {
  return { visitors: new Set(), impressions: 0, clicks: 0, adds: 0, orders: 0, attached: 0, values: [] };
}

/**
 * Aggregates events into per-arm metrics with 95 % intervals, and each arm's difference from
 * the control arm. Events are read in the order given (a log's append order): an order
 * "attaches" when one of its product_ids was added from an offer (an `add` event) by the same
 * visitor in the same arm since that visitor's previous order.
 *
 * options.experiment: only events of this experiment (default: every event);
 * options.arms: arms to report even without events, listed first in this order;
 * options.control: the baseline arm (default: "control" when that arm is present).
 */
export function aggregateEvents(events, options = {}) {
  if (!events || typeof events[Symbol.iterator] !== 'function') {
    throw new CartliftError('wrong_type', 'events must be an iterable of event objects', '');
  }
  const { experiment, arms: listed = [], control: controlOption } = options;
  const arms = new Map(listed.map((name) => [name, emptyArm()]));
  const offerAdds = new Map(); // arm + visitor → product ids added from offers since the last order
  let total = 0;
  let skipped = 0;
  for (const e of events) {
    if (!e || typeof e !== 'object' || !TYPES.has(e.type) || typeof e.arm !== 'string' || !e.arm) {
      skipped++;
      continue;
    }
    if (experiment !== undefined && e.experiment !== experiment) continue;
    total++;
    let a = arms.get(e.arm);
    if (!a) arms.set(e.arm, (a = emptyArm()));
    const visitor = typeof e.visitor === 'string' ? e.visitor : '';
    if (visitor) a.visitors.add(visitor);
    const ids = Array.isArray(e.product_ids) ? e.product_ids : [];
    const key = `${e.arm}\u0000${visitor}`;
    switch (e.type) {
      case 'impression':
        a.impressions++;
        break;
      case 'click':
        a.clicks++;
        break;
      case 'add': {
        a.adds++;
        if (!visitor) break;
        let set = offerAdds.get(key);
        if (!set) offerAdds.set(key, (set = new Set()));
        for (const id of ids) set.add(String(id));
        break;
      }
      case 'order': {
        a.orders++;
        const set = visitor ? offerAdds.get(key) : undefined;
        if (set && ids.some((id) => set.has(String(id)))) a.attached++;
        offerAdds.delete(key);
        const value = Number(e.value);
        if (e.value !== undefined && e.value !== null && Number.isFinite(value)) a.values.push(value);
        break;
      }
      default: // visit: counted in visitors above
    }
  }

  const out = {};
  for (const [name, a] of arms) {
    out[name] = {
      visitors: a.visitors.size,
      impressions: a.impressions,
      clicks: a.clicks,
      adds: a.adds,
      orders: a.orders,
      attached: a.attached,
      revenue: a.values.reduce((s, v) => s + v, 0),
      clickRate: wilson(a.clicks, a.impressions),
      attachRate: wilson(a.attached, a.orders),
      aov: meanInterval(a.values),
      vsControl: null,
    };
  }
  const control = controlOption ?? (out.control ? 'control' : null);
  const base = control ? out[control] : undefined;
  if (base) {
    for (const [name, m] of Object.entries(out)) {
      if (name === control) continue;
      m.vsControl = {
        clickRate: proportionDiff(m.clickRate, base.clickRate),
        attachRate: proportionDiff(m.attachRate, base.attachRate),
        aov: meanDiff(m.aov, base.aov),
      };
    }
  }
  return { total, skipped, control: base ? control : null, arms: out };
}
