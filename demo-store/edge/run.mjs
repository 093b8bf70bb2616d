// `npm --prefix demo-store run edge`: serves the demo store through the edge worker in workerd.
// The store itself runs separately (`npm --prefix demo-store start`, PORT, default 8080); this
// lays out demo-store/build/edge/ (workerd embeds files by path) and runs workerd on
// 127.0.0.1:$EDGE_PORT (default 8787).
//
// Options (or environment): --bundle FILE (CARTLIFT_BUNDLE; default: the store's
// build/bundle.json, else built from the committed order history with the native CLI), --budget MS (BUDGET_MS), --origin URL (ORIGIN),
// --prepare-only (lay out the build folder, e.g. for wrangler, and exit).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemoBundle, demoDir, prepareBuild, startWorkerd } from './build.mjs';

const { values } = parseArgs({
  options: {
    bundle: { type: 'string' },
    budget: { type: 'string' },
    origin: { type: 'string' },
    'prepare-only': { type: 'boolean' },
  },
});

const port = Number(process.env.EDGE_PORT || 8787);
const origin = values.origin || process.env.ORIGIN || `http://127.0.0.1:${process.env.PORT || 8080}`;
const budgetMs = Number(values.budget || process.env.BUDGET_MS || 50);
const buildDir = path.join(demoDir, 'build', 'edge');

// The store's own bundle first (the one it serves to the widget), so server-rendered and
// browser offers come from the same data.
let bundle = values.bundle || process.env.CARTLIFT_BUNDLE;
// The binary form loads in milliseconds instead of seconds: it sets the isolate's cold start.
if (!bundle && existsSync(path.join(demoDir, 'build', 'bundle.bin'))) bundle = path.join(demoDir, 'build', 'bundle.bin');
if (!bundle && existsSync(path.join(demoDir, 'build', 'bundle.json'))) bundle = path.join(demoDir, 'build', 'bundle.json');
if (!bundle) {
  bundle = buildDemoBundle(path.join(demoDir, 'build', 'edge-bundle', 'store-bundle.json'));
  if (!bundle) {
    console.error('No store bundle: pass --bundle FILE, or build the native CLI first (cmake --preset native-release && cmake --build --preset native-release).');
    process.exit(1);
  }
}

const build = prepareBuild({ dir: buildDir, bundle, origin, port, budgetMs });
console.log(`edge build: ${path.relative(process.cwd(), build.dir)} (offers markup: ${build.widgetMarkup ? 'cartlift widget' : 'edge fallback'})`);
if (values['prepare-only']) process.exit(0);

const edge = await startWorkerd({ config: build.config, port, stdio: 'inherit' }).catch((err) => {
  console.error(err.message);
  process.exit(1);
});
console.log(`cartlift edge: http://127.0.0.1:${port} -> ${origin} (engine budget ${budgetMs} ms, ready in ${edge.coldStartMs.toFixed(0)} ms)`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await edge.stop();
    process.exit(0);
  });
}
edge.proc.on('exit', (code) => process.exit(code ?? 1));
