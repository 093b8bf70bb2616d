// A straightforward JavaScript reference for the mining step, run on the same file as
// `cartlift build` so bench/run.sh can print the ratio: distinct items per basket, the same
// wholesale cap (baskets of more than 100 distinct products are skipped), every pair counted
// once per basket in a Map, then the top 50 neighbours per product by shrunk confidence.
// Usage: node bench/mining-reference.mjs BASKETS_FILE[.gz]   (one basket per line)
// Prints one JSON line; frequent_pairs (pairs in >= 2 orders) is what bench/mining-fpgrowth.mjs
// must find too.
import { basketItems, readBasketLines } from './baskets.mjs';

const file = process.argv[2];
const t0 = process.hrtime.bigint();
const { lines, separator } = readBasketLines(file);
const ids = new Map();
const itemOrders = [];
const pairs = new Map();
let orders = 0;
for (const line of lines) {
  const items = basketItems(line, separator);
  if (!items) continue;
  ++orders;
  const idx = items.map((id) => {
    let i = ids.get(id);
    if (i === undefined) {
      i = ids.size;
      ids.set(id, i);
      itemOrders.push(0);
    }
    return i;
  }).sort((a, b) => a - b);
  for (let a = 0; a < idx.length; ++a) {
    ++itemOrders[idx[a]];
    for (let b = a + 1; b < idx.length; ++b) {
      const key = idx[a] * 4194304 + idx[b];
      pairs.set(key, (pairs.get(key) || 0) + 1);
    }
  }
}
const neighbours = Array.from({ length: ids.size }, () => []);
let frequentPairs = 0;
for (const [key, co] of pairs) {
  if (co < 2) continue;
  ++frequentPairs;
  const a = Math.floor(key / 4194304), b = key % 4194304;
  neighbours[a].push([b, co / (itemOrders[a] + 5)]);
  neighbours[b].push([a, co / (itemOrders[b] + 5)]);
}
let kept = 0;
for (const list of neighbours) {
  list.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  list.length = Math.min(list.length, 50);
  kept += list.length;
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
// rss_mb: at the end; peak_rss_mb: the process's peak, as `cartlift build` prints it.
console.log(JSON.stringify({ orders, products: ids.size, pairs: pairs.size, frequent_pairs: frequentPairs, kept, secs,
  rss_mb: process.memoryUsage().rss / 1048576, peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
