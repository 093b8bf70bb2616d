// Server-side HTML templating. Every interpolation in an `html` template is escaped unless it is
// itself the result of `html` (or explicitly `raw`), so forgetting to escape is impossible by
// construction rather than by review.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escape(value) {
  if (value == null || value === false) return '';
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

class SafeHtml {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

/** Marks trusted markup (our own constant strings, generated SVG) as already safe. */
export function raw(text) {
  return new SafeHtml(String(text));
}

function piece(value) {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escape(value);
}

export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/**
 * JSON for a <script type="application/json"> island: `<` is escaped so no string inside the data
 * can close the script element or open a comment, whatever it contains.
 */
export function jsonIsland(value) {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}

export function isSafe(value) {
  return value instanceof SafeHtml;
}
