// `cartlift/events`: experiment arms and event aggregation without the wasm module, for
// dashboards, servers and pages that only log. Also re-exported by the package's main entries.
export { assignArm, fnv1a32, MAX_VISITOR_BYTES } from '../experiment.js';
export { aggregateEvents, EVENT_TYPES } from './aggregate.js';
export { createEvent } from './create.js';
export { meanDiff, meanInterval, proportionDiff, wilson } from './stats.js';
