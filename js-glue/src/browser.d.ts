// Browser (and default) entry: streams dist/cartlift.wasm with fetch.
export * from '../index.js';
import type { BundleInput, CreateEngineOptions, Engine } from '../index.js';

/**
 * Loads a store bundle into a new engine (browser: fetch + streaming compile).
 * @example
 * import { createEngine } from 'cartlift';
 * const bundle = await (await fetch('/cartlift/bundle.json')).arrayBuffer();
 * const engine = await createEngine(bundle, { wasmUrl: '/static/cartlift.wasm' });
 */
export declare function createEngine(bundle: BundleInput, options?: Pick<CreateEngineOptions, 'wasmUrl' | 'wasmModule'>): Promise<Engine>;
