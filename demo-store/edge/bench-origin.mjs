// Origin for the edge load test: a cart page shaped like the demo store's (a section slot with a
// <cartlift-offers> host, about 20 KB of surrounding markup), served from memory so the figures
// measure the worker, not page rendering. Run as its own process: `node bench-origin.mjs PORT`.
import http from 'node:http';

const filler = Array.from(
  { length: 120 },
  (_, i) => `<li class="line"><a href="/product/P${i}">Product ${i}</a><span class="qty">1</span><span class="price">£${(i % 9) + 1}.99</span></li>`,
).join('\n');

export function cartPage(limit = 4) {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Basket</title><link rel="stylesheet" href="/static/store.css"></head>
<body><header><a href="/">Demo store</a><nav><a href="/cart">Basket</a></nav></header>
<main><h1>Your basket</h1><ul class="basket">${filler}</ul>
<section class="slot" data-cartlift-slot aria-label="Suggestions for your basket"><cartlift-offers bundle="/bundle.json" placement="cart" limit="${limit}" types="cross_sell,bundle" locale="en-GB" currency="GBP"></cartlift-offers></section>
<form method="post" action="/checkout"><button>Checkout</button></form></main><footer>Demo store</footer></body></html>`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const page = Buffer.from(cartPage());
  const server = http.createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': page.length,
      'cache-control': 'private, max-age=0',
    });
    res.end(page);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
    process.stdout.write(`${server.address().port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
