// Module worker holding one engine: parsing a multi-megabyte bundle and answering requests here
// keeps the page's main thread free for input. Protocol (postMessage):
//   in:  {id, op: 'load', bundle: absoluteUrl, wasmUrl?} | {id, op: 'recommend', request} | {id, op: 'dispose'}
//   out: {id, ok: true, result?} | {id, ok: false, error: {code, message, path}}
// Module workers ignore the page's import map, hence the relative import of the browser entry.
import { createEngine } from '../browser.js';
import { errorInfo, fetchBundle } from './loader.js';

let engine = null;

self.addEventListener('message', async (event) => {
  const { id, op } = event.data || {};
  try {
    let result;
    if (op === 'load') {
      const bytes = await fetchBundle(event.data.bundle);
      engine = await createEngine(bytes, event.data.wasmUrl ? { wasmUrl: event.data.wasmUrl } : {});
    } else if (op === 'recommend') {
      if (!engine) throw Object.assign(new Error('the engine is not loaded'), { code: 'disposed' });
      result = engine.recommend(event.data.request);
    } else if (op === 'dispose') {
      if (engine) engine.dispose();
      engine = null;
    } else {
      throw Object.assign(new Error(`unknown operation ${op}`), { code: 'invalid_value' });
    }
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: errorInfo(err) });
  }
});
