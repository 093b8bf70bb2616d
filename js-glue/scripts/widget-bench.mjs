#!/usr/bin/env node
// Page-weight and speed of <cartlift-offers>: prints the gzip size of everything a storefront
// downloads for the widget (widget modules + glue + wasm) and fails above the size budget; then,
// in Chromium with the real Online Retail bundle, prints (never asserts: shared machines are
// noisy) the time from createEngine to first rendered offers and the re-render time on a cart
// change, as medians.
//   node scripts/widget-bench.mjs [--runs N] [--size-only]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildRealBundle, launch, PKG_DIR, startServer, storePage, workDir } from '../test/browser/helpers.js';

const BUDGET = 150 * 1024;
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function sizes() {
  const widgetDir = join(PKG_DIR, 'src/widget');
  const groups = {
    widget: readdirSync(widgetDir).filter((f) => f.endsWith('.js')).map((f) => join(widgetDir, f)),
    glue: ['src/browser.js', 'src/core.js', 'dist/cartlift.js'].map((f) => join(PKG_DIR, f)),
    wasm: [join(PKG_DIR, 'dist/cartlift.wasm')],
  };
  const rows = [];
  for (const [group, files] of Object.entries(groups)) {
    // Per file, as the browser fetches them (one request each, each compressed on its own).
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      raw += bytes.length;
      gz += gzipSync(bytes, { level: 9 }).length;
    }
    rows.push({ group, files: files.length, raw, gz });
  }
  return rows;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timings() {
  const work = workDir('cartlift-bench-');
  const browser = await launch();
  const server = await startServer({ packageRoot: PKG_DIR });
  try {
    server.serveFile('bundle.json', readFileSync(buildRealBundle(work.dir)));
    const cart = [{ id: '85123A', qty: 1 }, { id: '22423', qty: 1 }];
    const url = server.page(
      'bench',
      storePage({
        body: '<cartlift-offers id="w" placement="cart" limit="4"></cartlift-offers>',
        script: `
          import { createEngine } from 'cartlift';
          import 'cartlift/widget';
          const el = document.querySelector('#w');
          // Rendered = the shadow root's content was replaced (an empty answer counts too).
          const shown = () => new Promise((resolve) => {
            const mo = new MutationObserver(() => {
              mo.disconnect();
              resolve(performance.now());
            });
            mo.observe(el.shadowRoot, { childList: true });
          });
          const bytes = await (await fetch('/fixtures/bundle.json')).arrayBuffer();
          const t0 = performance.now();
          const engine = await createEngine(bytes);
          const t1 = performance.now();
          el.engine = engine;
          el.cart = ${JSON.stringify(cart)};
          const t2 = await shown();
          // Carts made of products just offered: each one has offers of its own.
          const ids = [...el.shadowRoot.querySelectorAll('.cl-item')].map((li) => li.dataset.id);
          const carts = ids.map((id) => [{ id, qty: 1 }]);
          const rerenders = [];
          for (let i = 0; i < 12; i++) {
            const c = carts[i % carts.length];
            const s = performance.now();
            el.cart = c;
            rerenders.push((await shown()) - s);
          }
          window.__result = { createEngine: t1 - t0, firstOffers: t2 - t0, firstRender: t2 - t1, rerender: rerenders };`,
      }),
    );
    const workerUrl = server.page(
      'bench-worker',
      storePage({
        body: `<cartlift-offers id="w" worker bundle="/fixtures/bundle.json" placement="cart" limit="4"></cartlift-offers>`,
        script: `
          const t0 = performance.now();
          await import('cartlift/widget');
          document.querySelector('#w').cart = [{ id: '85123A', qty: 1 }];
          const root = document.querySelector('#w').shadowRoot;
          await new Promise((r) => { const c = () => root.querySelector('.cl [data-offer-index]') ? r() : requestAnimationFrame(c); c(); });
          window.__result = { workerFirstOffers: performance.now() - t0 };`,
      }),
    );
    const main = [];
    const worker = [];
    for (let i = 0; i < runs; i++) {
      for (const [target, list] of [[url, main], [workerUrl, worker]]) {
        const page = await browser.newPage();
        page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
        page.on('console', (msg) => msg.type() === 'error' && console.error(`console: ${msg.text()}`));
        await page.goto(target);
        await page.waitForFunction(() => window.__result, null, { timeout: 120_000, polling: 100 });
        list.push(await page.evaluate(() => window.__result));
        await page.close();
      }
    }
    return {
      createEngine: median(main.map((r) => r.createEngine)),
      firstRender: median(main.map((r) => r.firstRender)),
      firstOffers: median(main.map((r) => r.firstOffers)),
      rerender: median(main.flatMap((r) => r.rerender)),
      rerenderMax: Math.max(...main.flatMap((r) => r.rerender)),
      workerFirstOffers: median(worker.map((r) => r.workerFirstOffers)),
      bundleBytes: readFileSync(join(work.dir, 'bundle.json')).length,
    };
  } finally {
    await browser.close();
    await server.close();
    work.remove();
  }
}

const rows = sizes();
for (const r of rows) console.log(`${r.group.padEnd(8)} ${String(r.files).padStart(2)} file(s) ${kb(r.raw).padStart(10)} raw ${kb(r.gz).padStart(10)} gzip`);
const total = rows.reduce((s, r) => s + r.gz, 0);
console.log(`${'total'.padEnd(8)}            ${kb(rows.reduce((s, r) => s + r.raw, 0)).padStart(10)} raw ${kb(total).padStart(10)} gzip (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error(`over the size budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}

if (!args.includes('--size-only')) {
  const t = await timings();
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`\nChromium, real bundle (${kb(t.bundleBytes)}), median of ${runs} page loads:`);
  console.log(`  createEngine (wasm compile + bundle parse)     ${ms(t.createEngine)}`);
  console.log(`  createEngine -> first rendered offers          ${ms(t.firstOffers)}`);
  console.log(`    of which recommend + render                  ${ms(t.firstRender)}`);
  console.log(`  re-render on cart change (median, max)         ${ms(t.rerender)}, ${ms(t.rerenderMax)}`);
  console.log(`  worker mode: import -> first rendered offers   ${ms(t.workerFirstOffers)} (includes bundle download)`);
}
