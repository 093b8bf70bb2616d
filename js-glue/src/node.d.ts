// Node entry: reads the package's dist/cartlift.wasm from disk.
export * from '../index.js';
import type { BundleInput, CreateEngineOptions, Engine } from '../index.js';

/**
 * Loads a store bundle into a new engine (Node).
 * @example
 * import { readFile } from 'node:fs/promises';
 * import { createEngine } from 'cartlift';
 * const engine = await createEngine(await readFile('bundle.json'));
 * console.log(engine.recommend({ cart: [{ id: '85123A', qty: 1 }] }).offers);
 */
export declare function createEngine(bundle: BundleInput, options?: Pick<CreateEngineOptions, 'wasmPath' | 'wasmModule'>): Promise<Engine>;
