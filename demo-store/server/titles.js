// The catalog keeps the retailer's titles as written (UPPER CASE); shoppers read them in title
// case. Only display goes through here, so the data stays byte-for-byte what the engine sees.

const SMALL = new Set(['a', 'an', 'and', 'as', 'at', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'w/']);
// Words that read wrong when capitalised mechanically.
const SPECIAL = new Map([
  ['t-light', 'T-Light'],
  ['t-lights', 'T-Lights'],
  ['tlight', 'T-Light'],
  ['xmas', 'Xmas'],
  ['diy', 'DIY'],
  ['uk', 'UK'],
  ['usa', 'USA'],
  ['led', 'LED'],
  ['abc', 'ABC'],
]);

function capitalise(word) {
  return word.replace(/(^|[-/(])([a-z])/g, (_, sep, ch) => sep + ch.toUpperCase());
}

export function displayTitle(raw) {
  const words = String(raw ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words
    .map((w, i) => {
      if (SPECIAL.has(w)) return SPECIAL.get(w);
      if (i > 0 && SMALL.has(w)) return w;
      return capitalise(w);
    })
    .join(' ');
}

/** Up to two letters for the placeholder picture: first letters of the first two real words. */
export function initials(raw) {
  const words = String(raw ?? '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w && !/^\d+$/.test(w) && !SMALL.has(w.toLowerCase()) && !['SET', 'PACK', 'OF'].includes(w));
  const picked = words.slice(0, 2).map((w) => w[0]);
  return (picked.join('') || 'C').replace(/[^A-Z0-9]/g, '');
}

export function slugify(text) {
  return String(text)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Engine reasons quote the catalog title as stored ("… with WHITE HANGING HEART T-LIGHT HOLDER");
 * runs of two or more upper-case words are shown in title case like every other title.
 */
export function softenCaps(text) {
  return String(text ?? '').replace(/\b[A-Z0-9][A-Z0-9'&.,/-]*(?:\s+[A-Z0-9][A-Z0-9'&.,/-]*)+\b/g, (run) =>
    /[A-Z]{2}/.test(run) ? displayTitle(run) : run,
  );
}
