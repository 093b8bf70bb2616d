// Makes of the engine's packed response (cartlift_recommend_packed in wasm/c_api.h, layout in
// src/cartlift/json_writer.h) the objects JSON.parse makes of its text, in half the time.

// ignoreBOM: a string starting with U+FEFF keeps it, as in JSON.parse.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
let words = new Int32Array(0); // the heap's words; a grown heap has a new buffer
let text = ''; // the ASCII strings
let wide = ''; // the strings with characters above U+007F
let at = 0;
let textAt = 0;
let wideAt = 0;
let keys = [];

function value() {
  const op = words[at++];
  switch (op & 7) {
    case 0: {
      const o = {};
      // Keys are the response writer's literals (never "__proto__", which would set the
      // prototype here where JSON.parse makes a member).
      for (let w; ((w = words[at]) & 7) === 3; ) {
        at++;
        o[keys[w >>> 3]] = value();
      }
      at++;
      return o;
    }
    case 1: {
      const a = [];
      while ((words[at] & 7) !== 2) a.push(value());
      at++;
      return a;
    }
    case 4:
      return text.substring(textAt, (textAt += words[at++]));
    case 5:
      return words[at++];
    case 6:
      // One rounding, to the double nearest the decimal: as JSON.parse reads Number4's text.
      return words[at++] / 10000;
    default: {
      const kind = op >>> 3;
      if (kind === 4) return wide.substring(wideAt, (wideAt += words[at++]));
      return kind === 3 ? Number(text.substring(textAt, (textAt += words[at++]))) : kind === 2 ? null : kind === 1;
    }
  }
}

/**
 * The value packed at `ptr` (`size` bytes) in the heap of `mod`; `keysFor(n)` returns at least
 * n keys (and may call into the module, which may grow the heap).
 * @example unpack(mod, ptr, mod._cartlift_view_length(), (n) => keysOfThisEngine)
 */
export function unpack(mod, ptr, size, keysFor) {
  const first = ptr >> 2;
  if (words.buffer !== mod.HEAPU8.buffer) words = new Int32Array(mod.HEAPU8.buffer);
  keys = keysFor(words[first + 1]);
  const heap = mod.HEAPU8;
  if (words.buffer !== heap.buffer) words = new Int32Array(heap.buffer);
  const textStart = ptr + 12 + 4 * words[first];
  const wideStart = textStart + words[first + 2];
  // Two decodes: TextDecoder takes its fast path on the ASCII text, by far the larger.
  text = decoder.decode(heap.subarray(textStart, wideStart));
  wide = wideStart < ptr + size ? decoder.decode(heap.subarray(wideStart, ptr + size)) : '';
  at = first + 3;
  textAt = wideAt = 0;
  const result = value();
  text = wide = '';
  return result;
}
