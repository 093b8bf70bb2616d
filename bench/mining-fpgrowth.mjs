// npm node-fpgrowth (bench/package.json) on the same file as `cartlift build`, so bench/run.sh can
// print the ratio: the same basket reading as bench/mining-reference.mjs (bench/baskets.mjs:
// distinct items per basket, baskets of more than 100 distinct products skipped), then
// FP-growth at the support that means cartlift's min co-count: 2 orders.
// node-fpgrowth has no cap on itemset size, and at a count of 2 a store's baskets hold far too many
// larger itemsets to enumerate (a basket of 40 products seen twice alone is 2^40 of them), so by
// default the recursion stops after pairs: the library's own FP-tree, header table and conditional
// FP-trees, its _fpGrowth method as published with one added depth test (FPGrowthMaxSize below).
// That mines every item in >= MIN orders and every pair in >= MIN orders, nothing else.
// Usage: node bench/mining-fpgrowth.mjs BASKETS_FILE[.gz] [--max-size N] [--min-count N] [--orders N]
//   --max-size 0   the unmodified library (all sizes); only for small inputs or high counts
//   --orders N     the first N baskets kept (a prefix), when the whole file would not finish
// Prints one JSON line: {orders, min_count, support, max_size, itemsets, items, pairs, secs, rss_mb,
// peak_rss_mb, node_fpgrowth}. secs covers reading, parsing and mining, as in mining-reference.mjs;
// rss_mb and peak_rss_mb are both the process's peak RSS. `pairs` must equal the reference's
// frequent_pairs (pairs in >= 2 orders) and `items` the products in >= 2 orders.
import { createRequire } from 'node:module';
import { basketItems, readBasketLines } from './baskets.mjs';

const require = createRequire(import.meta.url);
const { FPGrowth } = require('node-fpgrowth');
const { version } = require('node-fpgrowth/package.json');

const args = process.argv.slice(2);
const file = args[0];
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const maxSize = option('--max-size', 2);
const minCount = option('--min-count', 2);
const orderLimit = option('--orders', Infinity);

// FPGrowth#_fpGrowth of node-fpgrowth 1.2.1, unchanged but for the size test before a prefix's
// conditional FP-tree is built.
class FPGrowthMaxSize extends FPGrowth {
  constructor(support, size) {
    super(support);
    this.maxSize = size;
  }

  _fpGrowth(tree, prefixSupport, prefix = []) {
    return tree.headers.reduce((itemsets, item) => {
      const support = Math.min(tree.supports[JSON.stringify(item)], prefixSupport);
      const currentPrefix = prefix.slice(0);
      currentPrefix.push(item);
      itemsets.push(this._getFrequentItemset(currentPrefix, support));
      if (this.maxSize > 0 && currentPrefix.length >= this.maxSize) return itemsets;
      const childTree = tree.getConditionalFPTree(item);
      if (childTree) return itemsets.concat(this._fpGrowth(childTree, support, currentPrefix));
      return itemsets;
    }, []);
  }
}

const t0 = process.hrtime.bigint();
const { lines, separator } = readBasketLines(file);
// Items go to the library as dense integers (its keys are JSON.stringify(item): cheaper on numbers).
const ids = new Map();
const transactions = [];
for (const line of lines) {
  if (transactions.length >= orderLimit) break;
  const items = basketItems(line, separator);
  if (!items) continue;
  transactions.push(items.map((id) => {
    let i = ids.get(id);
    if (i === undefined) ids.set(id, (i = ids.size));
    return i;
  }));
}
// The library turns the fraction back into a count with Math.ceil(support * orders).
const orders = transactions.length;
let support = minCount / orders;
if (Math.ceil(support * orders) !== minCount) support = (minCount - 0.5) / orders;
const fpgrowth = maxSize > 0 ? new FPGrowthMaxSize(support, maxSize) : new FPGrowth(support);
const itemsets = await fpgrowth.exec(transactions);
if (fpgrowth._support !== minCount) throw new Error(`support became ${fpgrowth._support} orders, not ${minCount}`);
let items = 0, pairs = 0;
for (const s of itemsets) {
  if (s.items.length === 1) ++items;
  else if (s.items.length === 2) ++pairs;
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ orders, min_count: minCount, support, max_size: maxSize, itemsets: itemsets.length, items,
  pairs, secs, rss_mb: process.resourceUsage().maxRSS / 1024, peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  node_fpgrowth: version }));
