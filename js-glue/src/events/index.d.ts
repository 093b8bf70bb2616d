// `cartlift/events`: the wasm-free helpers; documented in the package's index.d.ts.
export {
  aggregateEvents, assignArm, createEvent, fnv1a32,
  ArmAssignment, ArmMetrics, Difference, EventSummary, ExperimentArm, ExperimentDefinition,
  ExperimentEvent, ExperimentEventType, MeanInterval, RateInterval,
} from '../../index.js';
/** Longest visitor id, in UTF-8 bytes. @example if (new TextEncoder().encode(v).length > MAX_VISITOR_BYTES) v = ''; */
export declare const MAX_VISITOR_BYTES: 256;
/** @example EVENT_TYPES.includes('order') */
export declare const EVENT_TYPES: readonly ExperimentEventType[];
import type { ExperimentEventType, RateInterval, MeanInterval, Difference } from '../../index.js';
/** @example wilson(10, 100) */
export declare function wilson(successes: number, trials: number, z?: number): RateInterval;
/** @example meanInterval([1000, 2000, 3000]) */
export declare function meanInterval(values: number[], z?: number): MeanInterval;
/** @example proportionDiff(wilson(12, 100), wilson(8, 100)) */
export declare function proportionDiff(a: RateInterval, b: RateInterval): Difference;
/** @example meanDiff(meanInterval([1, 2, 3]), meanInterval([2, 3, 4])) */
export declare function meanDiff(a: MeanInterval, b: MeanInterval, z?: number): Difference;
