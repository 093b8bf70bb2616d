// The basket reading both JavaScript mining programs share (bench/mining-reference.mjs,
// bench/mining-fpgrowth.mjs), so they count exactly the baskets `cartlift build --format baskets`
// counts: one basket per line, gzip detected by its magic bytes, commas as separators when the
// first line has one (names may hold spaces) and blanks otherwise, each product once per basket,
// and baskets of more than 100 distinct products skipped as wholesale orders.
//
// Example:
//   const { lines, separator } = readBasketLines('data/groceries/groceries.csv');
//   for (const line of lines) { const items = basketItems(line, separator); if (items) ... }
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const MAX_BASKET_ITEMS = 100;

export function readBasketLines(file) {
  let raw = readFileSync(file);
  if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  const lines = raw.toString('utf8').split('\n');
  return { lines, separator: lines[0].includes(',') ? ',' : /\s+/ };
}

// The basket's distinct products in first-seen order, or null for a line that is not counted.
export function basketItems(line, separator) {
  const items = [...new Set(line.split(separator).map((s) => s.trim()).filter(Boolean))];
  return items.length === 0 || items.length > MAX_BASKET_ITEMS ? null : items;
}
