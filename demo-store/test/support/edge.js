// The real edge worker (workerd, demo-store/edge/) in front of a test store: the same build
// folder layout `npm run edge` uses, on a free port, stopped by the caller.
import path from 'node:path';
import { freePort, prepareBuild, startWorkerd } from '../../edge/build.mjs';

/** Starts workerd with the edge worker proxying `origin`; resolves to {url, stop(), logs()}. */
export async function startEdge({ dir, origin, bundle, budgetMs = 30_000, ...rest }) {
  const port = await freePort();
  const build = prepareBuild({ dir, origin, port, bundle, budgetMs, ...rest });
  return startWorkerd({ config: build.config, port });
}

/** Requests `path` through the edge until the worker injects (its engine is warm). */
export async function warmEdge(edgeUrl, pathname, cookie, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const res = await fetch(edgeUrl + pathname, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.headers.get('server-timing')) return res;
    if (Date.now() - started > timeoutMs) throw new Error(`the edge worker never injected offers into ${pathname}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const cartCookie = (lines) => `cartlift_cart=${encodeURIComponent(JSON.stringify(lines))}`;
export const fixturesDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'edge');
