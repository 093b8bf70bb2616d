// Inputs of the dashboard that come from elsewhere in the repository: the `cartlift eval` JSON
// and bench/RESULTS.md. Both are read as they are on disk at request time (cheap, and the
// dashboard then never shows stale numbers after a rebuild). Nothing here invents a number:
// missing inputs are reported as missing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Paths inside the repository are shown relative to it: shorter, and no machine layout leaks. */
export function displayPath(file) {
  const rel = relative(REPO_DIR, String(file || ''));
  return rel && !rel.startsWith('..') ? rel : String(file || '');
}

const METRIC = /^(hr|hit_?rate|hits?|ndcg|mrr|map|recall|precision|coverage|catalog_coverage)(?:@|_at_|_at|_|-)?(\d+)?$/i;

function canonicalMetric(name) {
  const n = name.toLowerCase();
  if (n.startsWith('hit') || n === 'hr') return 'hr';
  if (n.includes('coverage')) return 'coverage';
  return n;
}

// Walks one method's object and yields {metric, k, value}: accepts "hr@10": x, hr: {"10": x},
// at: {"10": {hr: x}}, by_k: [{k: 10, hr: x}] and the like, since the eval output format is
// owned by the CLI and may still move.
function collect(node, out, ctx = {}) {
  if (node == null) return;
  if (Array.isArray(node)) {
    for (const item of node) {
      if (item && typeof item === 'object' && Number.isFinite(Number(item.k))) collect(item, out, { ...ctx, k: Number(item.k) });
      else collect(item, out, ctx);
    }
    return;
  }
  if (typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    const m = METRIC.exec(key);
    if (/^\d+$/.test(key)) {
      if (typeof value === 'number' && ctx.metric) out.push({ metric: ctx.metric, k: Number(key), value });
      else collect(value, out, { ...ctx, k: Number(key) });
    } else if (m) {
      const metric = canonicalMetric(m[1]);
      const k = m[2] ? Number(m[2]) : ctx.k;
      if (typeof value === 'number') out.push({ metric, k: metric === 'coverage' && !m[2] ? ctx.k ?? null : k ?? null, value });
      else collect(value, out, { ...ctx, metric, k });
    } else if (value && typeof value === 'object' && key !== 'guardrails') {
      collect(value, out, ctx);
    }
  }
}

function methodList(data) {
  const src = data.methods ?? data.results ?? data.scorers ?? data.baselines;
  if (Array.isArray(src)) {
    return src.map((m, i) => [String(m.name ?? m.method ?? m.scorer ?? m.id ?? `method ${i + 1}`), m]);
  }
  if (src && typeof src === 'object') return Object.entries(src);
  return [];
}

/** Normalised: {methods: [{name, metrics: Map "hr@5" → value}], ks, raw} or {missing|error}. */
export function loadEval(file) {
  if (!file || !existsSync(file)) return { missing: true, file };
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { error: `cannot read ${file}: ${err.message}`, file };
  }
  const methods = [];
  const ks = new Set();
  for (const [name, body] of methodList(data)) {
    const triples = [];
    collect(body, triples);
    const metrics = new Map();
    for (const t of triples) {
      if (t.k != null) ks.add(t.k);
      const key = t.k != null && t.metric !== 'coverage' ? `${t.metric}@${t.k}` : t.k != null ? `coverage@${t.k}` : t.metric;
      if (!metrics.has(key)) metrics.set(key, t.value);
    }
    // Serving cost and guardrails, when the eval reports them (not quality metrics, shown in the table).
    if (Number.isFinite(body?.latency_us?.p50)) metrics.set('latency p50 µs', body.latency_us.p50);
    if (Number.isFinite(body?.latency_us?.p99)) metrics.set('latency p99 µs', body.latency_us.p99);
    if (Number.isFinite(body?.guardrail_violations?.total)) metrics.set('guardrail violations', body.guardrail_violations.total);
    if (metrics.size && body?.available !== false) methods.push({ name, metrics, scorer: typeof body?.scorer === 'string' ? body.scorer : '' });
  }
  if (!methods.length) return { error: `${file} has no per-method metrics the dashboard understands`, file, raw: data };
  // cartlift first, then baselines in file order: the comparison the page is about.
  methods.sort((a, b) => (isOurs(b.name) ? 1 : 0) - (isOurs(a.name) ? 1 : 0));
  return {
    file,
    modified: statSync(file).mtime,
    methods,
    ks: [...ks].sort((a, b) => a - b),
    split: {
      train: data.train_orders,
      test: data.test_orders,
      carts: data.carts,
      skipped: data.skipped_test_orders_under_2_known,
    },
    raw: data,
  };
}

/** Metric value or undefined; a metric given once (MRR) applies to every k. */
export function metric(method, name, k) {
  return method.metrics.get(`${name}@${k}`) ?? method.metrics.get(name);
}

/** The engine's own configuration is called "default" by `cartlift eval`. */
export function isOurs(name) {
  return /cartlift|^default$/i.test(name);
}

export function methodLabel(name) {
  return /^default$/i.test(name) ? 'cartlift (default)' : name.replace(/_/g, ' ');
}

/**
 * The latest section of bench/RESULTS.md (the file appends dated sections), as heading,
 * paragraphs and tables of plain text cells; rendering escapes them.
 */
export function loadBenchResults(file) {
  if (!file || !existsSync(file)) return { missing: true, file };
  const text = readFileSync(file, 'utf8');
  const sections = text.split(/\n(?=##\s)/);
  const latest = sections.length > 1 ? sections[sections.length - 1] : sections[0];
  const lines = latest.split('\n');
  const heading = (lines[0].match(/^#+\s*(.*)$/) || [])[1] || 'Latest results';
  const blocks = [];
  let table = null;
  for (const line of lines.slice(lines[0].startsWith('#') ? 1 : 0)) {
    if (/^\s*\|/.test(line)) {
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) continue;
      if (!table) blocks.push((table = { table: [] }));
      table.table.push(cells);
    } else {
      table = null;
      const t = line.trim();
      if (t && !t.startsWith('#')) blocks.push({ text: t.replace(/[`*_]/g, '') });
      else if (t.startsWith('#')) blocks.push({ heading: t.replace(/^#+\s*/, '') });
    }
  }
  return { file, heading, blocks, modified: statSync(file).mtime };
}
