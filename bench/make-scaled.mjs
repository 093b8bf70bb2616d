// Deterministic scaled inputs for the "scale" benchmarks (bash bench/run.sh scaled), derived
// from the real retail-fimi baskets (data/retail-fimi/retail.dat.gz, 88,162 baskets, 16,470
// item ids). Writes generated data only under OUTDIR (default build/bench-data/; never commit it).
//
// Method (same output for the same input, byte for byte):
//  - Orders: 1,000,000 orders. Order j (j = 0 .. 999,999) copies the real basket
//    b = floor(u_j * 88,162), where u_j is the j-th output of the LCG
//    seed = (1103515245 * seed + 12345) mod 2^32, seed_0 = 42, u = seed / 2^32 (sampling with
//    replacement; the order of items within the basket is kept).
//  - Variants: every item i of order j becomes product "<i>v<v>" with v = fmix32(j) mod K, K = 6,
//    fmix32 = MurmurHash3's 32-bit finaliser. One v per order, so each order is a real basket
//    re-labelled into one of K disjoint copies of the catalogue: co-purchase structure (pair
//    counts, basket sizes, item popularity) is preserved within each copy, and the K copies
//    never co-occur.
//  - Catalog: all 16,470 x 6 = 98,820 products "<i>v<v>" (96,560 of them occur in the orders),
//    title "Item <i> variant <v>", price (1 + fmix32(i) mod 5000) / 100 EUR, url /product/<id>,
//    category ["Dept <i mod 20>"]. The bundle built from the two has 98,820 products ("100k").
//
// Usage: node bench/make-scaled.mjs [RETAIL_DAT(.gz)] [OUTDIR]
// Writes OUTDIR/retail-fimi-1m.dat (one basket per line) and OUTDIR/catalog-100k.json.
import { readFileSync, createWriteStream, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const [input = 'data/retail-fimi/retail.dat.gz', outDir = 'build/bench-data'] = process.argv.slice(2);
const ORDERS = 1_000_000, K = 6;
const fmix32 = (h) => {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16; return h >>> 0;
};
let raw = readFileSync(input);
if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
const baskets = raw.toString('latin1').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(/\s+/));
const items = [...new Set(baskets.flat())].sort((a, b) => Number(a) - Number(b));
if (baskets.length !== 88162 || items.length !== 16470)
  console.error(`warning: expected 88,162 baskets / 16,470 items, read ${baskets.length} / ${items.length}`);
mkdirSync(outDir, { recursive: true });

let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const out = createWriteStream(`${outDir}/retail-fimi-1m.dat`);
const seen = new Set();
let chunk = [];
for (let j = 0; j < ORDERS; ++j) {
  const b = Math.floor(rand() * baskets.length);
  const v = fmix32(j) % K;
  const line = baskets[b].map((i) => `${i}v${v}`);
  for (const id of line) seen.add(id);
  chunk.push(line.join(' '));
  if (chunk.length === 10000) { out.write(chunk.join('\n') + '\n'); chunk = []; }
}
if (chunk.length) out.write(chunk.join('\n') + '\n');
await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));

const products = [];
for (const i of items)
  for (let v = 0; v < K; ++v) {
    const id = `${i}v${v}`;
    const cents = 100 + (fmix32(Number(i)) % 5000);
    products.push(`  {"id": "${id}", "title": "Item ${i} variant ${v}", "price": "${(cents / 100).toFixed(2)}", ` +
      `"url": "/product/${id}", "category": ["Dept ${Number(i) % 20}"]}`);
  }
writeFileSync(`${outDir}/catalog-100k.json`,
  `{"format": "cartlift.catalog/1", "currency": "EUR", "products": [\n${products.join(',\n')}\n]}\n`);
console.log(JSON.stringify({ orders: ORDERS, variants: K, source_baskets: baskets.length, source_items: items.length,
  products_in_orders: seen.size, catalog_products: products.length }));
