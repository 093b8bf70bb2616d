// A/B arm assignment for the demo store, from the package (cartlift/events: no wasm needed), so
// the store, the engine (native, wasm) and the edge give a visitor the same arm. The rule is the
// one this file used before the package had it — FNV-1a 32 of `${experiment}:${visitor}`,
// bucket = hash % 100, < 50 → "fbt" — so visitors keep the arm they already have.
import { randomBytes } from 'node:crypto';
import { assignArm as packageAssignArm, fnv1a32 } from 'cartlift/events';

export const EXPERIMENT_ID = 'fbt-vs-control';
export const ARMS = ['fbt', 'control'];
/** The definition the store bundle can carry too (`cartlift build --experiments`). */
export const EXPERIMENT = Object.freeze({
  id: EXPERIMENT_ID,
  arms: [{ name: 'fbt', weight: 50 }, { name: 'control', weight: 50, control: true }],
});

export { fnv1a32 };

export function assignArm(visitor, experiment = EXPERIMENT_ID) {
  return packageAssignArm(visitor, experiment === EXPERIMENT_ID ? EXPERIMENT : { ...EXPERIMENT, id: experiment }).arm;
}

export function newVisitorId() {
  return `v-${randomBytes(9).toString('base64url')}`;
}

export function isVisitorId(value) {
  return typeof value === 'string' && /^v-[A-Za-z0-9_-]{6,40}$/.test(value);
}
