// Real carts for the benchmarks: seeded samples of 1, 5 and 20 distinct products from orders of
// the held-out Online Retail period whose products the bundle knows.
// Usage: node bench/make-carts.mjs ORDERS.csv.gz BUNDLE.json OUTDIR
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const [ordersPath, bundlePath, outDir] = process.argv.slice(2);
const known = new Set(JSON.parse(readFileSync(bundlePath, 'utf8')).products.map((p) => p.id));
const text = gunzipSync(readFileSync(ordersPath)).toString('utf8');
const orders = new Map();
for (const line of text.split('\n').slice(1)) {
  // InvoiceNo,StockCode,... : the first two fields never contain quotes.
  const [order, product] = line.split(',', 2);
  if (!product || !known.has(product) || order.startsWith('C')) continue;
  if (!orders.has(order)) orders.set(order, new Set());
  orders.get(order).add(product);
}
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
mkdirSync(outDir, { recursive: true });
for (const size of [1, 5, 20]) {
  const eligible = [...orders.values()].filter((s) => s.size >= size).map((s) => [...s]);
  const lines = [];
  for (let i = 0; i < 2000; ++i) {
    const items = eligible[Math.floor(rand() * eligible.length)].slice();
    for (let j = items.length - 1; j > 0; --j) {
      const k = Math.floor(rand() * (j + 1));
      [items[j], items[k]] = [items[k], items[j]];
    }
    lines.push(JSON.stringify({ cart: items.slice(0, size).map((id) => ({ id, qty: 1 })), limit: 5 }));
  }
  writeFileSync(`${outDir}/carts-${size}.jsonl`, lines.join('\n') + '\n');
}
