// Edge-worker entry (workerd / Cloudflare Workers): the wasm comes in as a compiled module.
export * from '../index.js';
import type { BundleInput, Engine } from '../index.js';

/**
 * Loads a store bundle into a new engine inside an edge worker. Workers cannot compile wasm
 * at run time, so the `.wasm` is imported as a module and passed in.
 * @example
 * import { createEngine } from 'cartlift';
 * import wasmModule from 'cartlift/wasm';
 * import bundle from './bundle.json';
 * const engine = await createEngine(bundle, { wasmModule });
 * export default {
 *   async fetch(req) {
 *     return Response.json(engine.recommend(await req.json()));
 *   },
 * };
 */
export declare function createEngine(bundle: BundleInput, options: { wasmModule: WebAssembly.Module }): Promise<Engine>;
