// Experiment arms in plain JavaScript, bit for bit the rule of the engine
// (src/cartlift/experiment/experiment.h), so a page, an edge worker or a server can know a
// visitor's arm without loading the wasm module:
//   hash   = FNV-1a 32 over the UTF-8 bytes of  experiment id + ":" + visitor id
//   bucket = hash % (sum of the arms' weights); the arms are walked in order.
import { CartliftError } from './errors.js';

const encoder = new TextEncoder();
const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;
/** Longest visitor id the engine accepts, in UTF-8 bytes. */
export const MAX_VISITOR_BYTES = 256;

/** FNV-1a 32-bit of a string (its UTF-8 bytes) or of bytes, continuing from `state`. */
export function fnv1a32(input, state = OFFSET) {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  let hash = state >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, PRIME) >>> 0; // Math.imul: the 32-bit wrap-around C++ gets for free
  }
  return hash >>> 0;
}

function bad(code, message, path) {
  return new CartliftError(code, message, path);
}

// The same checks as the bundle reader, so a definition that works here also loads in the engine.
function totalWeight(experiment) {
  if (!experiment || typeof experiment !== 'object') throw bad('wrong_type', 'experiment must be an object {id, arms}', '/experiment');
  if (typeof experiment.id !== 'string' || !experiment.id) throw bad('invalid_value', 'experiment id must be a non-empty string', '/experiment/id');
  const { arms } = experiment;
  if (!Array.isArray(arms) || !arms.length) throw bad('invalid_value', 'an experiment needs at least one arm', '/experiment/arms');
  let total = 0;
  arms.forEach((arm, i) => {
    const w = arm?.weight;
    if (typeof arm?.name !== 'string' || !arm.name) throw bad('invalid_value', 'arm name must be a non-empty string', `/experiment/arms/${i}/name`);
    if (!Number.isInteger(w) || w < 0 || w > 1_000_000) throw bad('invalid_value', 'weight must be an integer 0..1000000', `/experiment/arms/${i}/weight`);
    total += w;
  });
  if (!total) throw bad('invalid_value', "the arms' weights sum to 0", '/experiment/arms');
  return total;
}

/**
 * The arm of `visitor` in `experiment` ({id, arms: [{name, weight, control?}]}, as in the
 * bundle's "experiments"): `{experiment, arm, control}`, the same as engine.assignArm and the
 * `arm` of engine.recommend. An empty visitor is nobody to assign: arm "default".
 */
export function assignArm(visitor, experiment) {
  if (typeof visitor !== 'string') throw bad('wrong_type', 'visitor must be a string', '/visitor');
  const total = totalWeight(experiment);
  const bytes = encoder.encode(visitor);
  if (bytes.length > MAX_VISITOR_BYTES) throw bad('limit_exceeded', 'visitor longer than 256 bytes', '/visitor');
  if (!bytes.length) return { experiment: null, arm: 'default', control: false };
  // ":" is byte 0x3a; hashing in parts avoids building the joined string.
  let bucket = fnv1a32(bytes, fnv1a32([0x3a], fnv1a32(experiment.id))) % total;
  for (const arm of experiment.arms) {
    if (bucket < arm.weight) return { experiment: experiment.id, arm: arm.name, control: arm.control === true };
    bucket -= arm.weight;
  }
  /* c8 ignore next */
  throw bad('internal', 'no arm for the bucket', '/experiment/arms');
}
