// A/B arm assignment for the demo store. The engine will expose the same assignment
// (design §5: "same visitor, same arm, everywhere — browser, edge, Node"); when it does, both
// MUST agree bit for bit, so keep this exactly: FNV-1a 32-bit over the UTF-8 bytes of
// `${experiment}:${visitor}`, bucket = hash mod 100, bucket < 50 → "fbt", else "control".
import { randomBytes } from 'node:crypto';

export const EXPERIMENT_ID = 'fbt-vs-control';
export const ARMS = ['fbt', 'control'];

export function fnv1a32(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function assignArm(visitor, experiment = EXPERIMENT_ID) {
  return fnv1a32(`${experiment}:${visitor}`) % 100 < 50 ? 'fbt' : 'control';
}

export function newVisitorId() {
  return `v-${randomBytes(9).toString('base64url')}`;
}

export function isVisitorId(value) {
  return typeof value === 'string' && /^v-[A-Za-z0-9_-]{6,40}$/.test(value);
}
