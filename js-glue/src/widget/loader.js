// Fetches a store bundle; shared by the page and the worker so both report the same errors.

/** A plain {code, message} from anything thrown, for events and postMessage. */
export function errorInfo(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    return { code: err.code, message: String(err.message || err.code), path: String(err.path || '') };
  }
  return { code: 'internal', message: String((err && err.message) || err || 'unknown error'), path: '' };
}

export class WidgetError extends Error {
  constructor(code, message, path = '') {
    super(message);
    this.name = 'CartliftError';
    this.code = code;
    this.path = path;
  }
}

/** The bundle's bytes: the engine parses them itself, so the page never builds a JS object tree. */
export async function fetchBundle(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (err) {
    throw new WidgetError('load_failed', `cannot fetch the cartlift bundle ${url}: ${err && err.message ? err.message : err}`);
  }
  if (!response.ok) throw new WidgetError('load_failed', `GET ${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
