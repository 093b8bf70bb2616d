// The emitting side of the event format: one clean, bounded event object per call.
import { CartliftError } from '../errors.js';
import { EVENT_TYPES } from './aggregate.js';

const TYPES = new Set(EVENT_TYPES);

/**
 * Builds an event for the log: checks the type, keeps only the members of the format (type,
 * experiment, arm, visitor, product_ids, value, ts), bounds their sizes and stamps `ts` (ISO
 * time) when absent.
 */
export function createEvent(fields) {
  if (!fields || typeof fields !== 'object') throw new CartliftError('wrong_type', 'event must be an object', '');
  const { type, arm, visitor, experiment, product_ids: ids, value, ts } = fields;
  if (!TYPES.has(type)) throw new CartliftError('invalid_value', `type must be one of ${EVENT_TYPES.join(', ')}`, '/type');
  if (typeof arm !== 'string' || !arm) throw new CartliftError('invalid_value', 'arm must be a non-empty string', '/arm');
  const event = { type, experiment: experiment == null ? null : String(experiment).slice(0, 128), arm: arm.slice(0, 128) };
  if (visitor != null) event.visitor = String(visitor).slice(0, 256);
  if (ids != null) {
    if (!Array.isArray(ids)) throw new CartliftError('wrong_type', 'product_ids must be an array', '/product_ids');
    event.product_ids = ids.slice(0, 100).map((id) => String(id).slice(0, 256));
  }
  if (value != null) {
    if (!Number.isInteger(value)) throw new CartliftError('wrong_type', 'value must be an integer in minor units', '/value');
    event.value = value;
  }
  event.ts = ts ?? new Date().toISOString();
  return event;
}
