// Events store: one JSON object per line in var/events.jsonl. Append-only, so a crash loses at
// most the line being written and the file can be read by any tool. The file is also replayed at
// start-up into small in-memory indexes (demo scale: thousands of lines, not millions).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { aggregateEvents } from 'cartlift/events';
import { ARMS, EXPERIMENT_ID } from './experiment.js';

export const EVENT_TYPES = new Set(['visit', 'impression', 'click', 'add', 'order']);
const PLACEMENTS = new Set(['product', 'cart', 'checkout', 'upgrade', 'shipping']);

/** Keeps only fields we understand, with bounded sizes: the body comes from the browser. */
export function cleanEvent(input) {
  if (!input || typeof input !== 'object') return null;
  const type = String(input.type || '');
  if (!EVENT_TYPES.has(type) || type === 'visit' || type === 'order') return null; // those two are server-side only
  const ids = (Array.isArray(input.ids) ? input.ids : input.id != null ? [input.id] : [])
    .slice(0, 50)
    .map((id) => String(id).slice(0, 64));
  const types = (Array.isArray(input.types) ? input.types : input.offer_type ? [input.offer_type] : [])
    .slice(0, 5)
    .map((t) => String(t).slice(0, 20));
  const placement = PLACEMENTS.has(input.placement) ? input.placement : undefined;
  return { type, ids, types, placement, source: input.source ? String(input.source).slice(0, 20) : undefined };
}

export class EventStore {
  constructor(file) {
    this.file = file;
    this.events = [];
    this.offerAdds = new Map(); // visitor → Set of product ids added from offers since the last order
    this.known = new Set(); // visitors with at least one event: a first page view records a visit
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.#index(JSON.parse(line));
        } catch {
          // A torn last line after a crash: skip it, keep the rest.
        }
      }
    }
  }

  #index(event) {
    this.events.push(event);
    if (event.visitor) this.known.add(event.visitor);
    if (event.type === 'add') {
      let set = this.offerAdds.get(event.visitor);
      if (!set) this.offerAdds.set(event.visitor, (set = new Set()));
      for (const id of event.ids || []) set.add(id);
    } else if (event.type === 'order') {
      this.offerAdds.delete(event.visitor);
    }
  }

  record(event) {
    const full = { ts: new Date().toISOString(), ...event };
    for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(full)}\n`);
    this.#index(full);
    return full;
  }

  /** Counts a visitor once, whether their cookie is new or came from an earlier run or the edge. */
  noteVisit(visitor, arm) {
    if (!this.known.has(visitor)) this.record({ type: 'visit', visitor, arm });
  }

  /** Ids in `orderIds` this visitor added from an offer since their previous order. */
  attachedIds(visitor, orderIds) {
    const set = this.offerAdds.get(visitor);
    return set ? orderIds.filter((id) => set.has(id)) : [];
  }

  /**
   * Per-arm metrics with 95 % intervals and the difference from control, by the package's
   * aggregateEvents (the store's log is mapped to the package's event format: `ids` become
   * `product_ids`). An order attaches when it holds a product the visitor added from an offer
   * since their previous order: the same rule attachedIds applies when the order is placed.
   */
  summary() {
    const events = this.events.map((e) => ({
      type: e.type,
      experiment: EXPERIMENT_ID,
      arm: e.arm,
      visitor: e.visitor,
      product_ids: e.ids,
      value: e.type === 'order' ? Number(e.value) || 0 : undefined,
    }));
    const summary = aggregateEvents(events, { arms: ARMS, control: 'control' });
    const arms = {};
    for (const arm of ARMS) arms[arm] = summary.arms[arm];
    return { total: this.events.length, arms };
  }
}

export { PLACEMENTS };
