// Evaluation dashboard: offline quality (from `cartlift eval`), what the bundle contains, size and
// latency (bench/RESULTS.md), a replay estimate under a stated acceptance assumption, and the
// live A/B numbers from recorded events. Every figure comes from a file or the event log; a
// missing input is said to be missing, never filled in.
import { horizontalBars, htmlLegend, intervalChart, lineChart } from '../charts.js';
import { displayPath, isOurs, methodLabel, metric } from '../evaluation.js';
import { html, raw } from '../html.js';
import { formatPence } from '../money.js';
import { layout } from './layout.js';

const pct = (v, d = 1) => (Number.isFinite(v) ? `${(v * 100).toFixed(d)}%` : '—');
const num = (v) => (Number.isFinite(v) ? v.toLocaleString('en-GB') : '—');

function pickK(ev, wanted) {
  if (ev.ks.includes(wanted)) return wanted;
  return ev.ks.includes(10) ? 10 : ev.ks[ev.ks.length - 1];
}

const METRIC_ORDER = ['hr', 'ndcg', 'precision', 'recall', 'coverage'];

function metricSortKey(key) {
  const [name, k] = key.split('@');
  const i = METRIC_ORDER.indexOf(name);
  return i >= 0 ? [i, Number(k) || 0] : [METRIC_ORDER.length + (name === 'mrr' ? 0 : name.startsWith('latency') ? 1 : 2), key];
}

function metricHeader(key) {
  const [name, k] = key.split('@');
  const label = { hr: 'HR', ndcg: 'NDCG', precision: 'P', recall: 'R', coverage: 'cov', mrr: 'MRR' }[name] ?? name;
  return k ? `${label}@${k}` : label;
}

function cell(key, v) {
  if (!Number.isFinite(v)) return '—';
  if (key.startsWith('latency')) return v.toFixed(1);
  if (key === 'guardrail violations') return num(v);
  return v.toFixed(4);
}

function qualitySection(ev, k) {
  if (ev.missing || ev.error) {
    return html`<section class="panel" id="quality" aria-labelledby="q-h">
  <h2 id="q-h">Offline quality on later, held-out orders</h2>
  <div class="callout" data-testid="eval-missing">
    ${ev.error ? html`<p><strong>The evaluation file could not be used:</strong> ${ev.error}</p>` : html`<p><strong>No evaluation yet.</strong> These charts come from <code>cartlift eval</code> (train on Dec 2010 – May 2011, test on Jun – Aug 2011).</p>`}
    <p>Run <code>bash scripts/demo.sh</code> after the <code>cartlift eval</code> command exists; it writes <code>${displayPath(ev.file) || 'demo-store/build/eval.json'}</code> and this section fills in. No numbers are shown until then.</p>
  </div>
</section>`;
  }
  const labels = ev.methods.map((m) => methodLabel(m.name));
  const ours = ev.methods[0];
  const ourIsOurs = isOurs(ours.name);
  const baselines = ev.methods.slice(1);
  const best = baselines.reduce((b, m) => (Number.isFinite(metric(m, 'hr', k)) && (!b || metric(m, 'hr', k) > metric(b, 'hr', k)) ? m : b), null);
  const panels = [
    ['hr', `Hit rate@${k}: the hidden product is among the top ${k}`],
    ['ndcg', `NDCG@${k}: rewards hits near the top`],
    ['coverage', `Catalog coverage@${k}: share of products ever offered`],
    ['mrr', 'MRR: mean reciprocal rank of the hidden product'],
  ].filter(([name]) => ev.methods.some((m) => Number.isFinite(metric(m, name, k))));
  const curveKs = ev.ks.filter((kk) => ev.methods.some((m) => Number.isFinite(metric(m, 'hr', kk))));
  const allMetrics = [...new Set(ev.methods.flatMap((m) => [...m.metrics.keys()]))].sort((a, b) => {
    const [x1, y1] = metricSortKey(a);
    const [x2, y2] = metricSortKey(b);
    return x1 - x2 || (y1 < y2 ? -1 : y1 > y2 ? 1 : 0);
  });
  const split = ev.split || {};
  return html`<section class="panel" id="quality" aria-labelledby="q-h" data-testid="quality">
  <div class="section-head"><h2 id="q-h">Offline quality on later, held-out orders</h2>
    <form method="get" action="/dashboard#quality" class="inline-form"><label for="k">k</label> <select id="k" name="k">${ev.ks.map((kk) => html`<option value="${kk}" ${kk === k ? raw('selected') : ''}>${kk}</option>`)}</select> <button class="btn btn-ghost btn-small" type="submit">Show</button></form>
  </div>
  <p class="muted">Built on ${num(split.train)} orders (Dec 2010 – May 2011), replayed on ${num(split.carts)} later orders (Jun – Aug 2011) with at least two known products: one product is hidden, the rest is the basket, and a hit means the hidden product is among the top ${k} offers. Every method runs in the same pass. Source: <code>${displayPath(ev.file)}</code>${ev.modified ? `, written ${ev.modified.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}.</p>
  <div class="kpis">
    <div class="kpi"><span class="kpi-label">${labels[0]} · hit rate@${k}</span><span class="kpi-value" data-testid="our-hr">${pct(metric(ours, 'hr', k))}</span></div>
    ${best ? html`<div class="kpi"><span class="kpi-label">best baseline (${methodLabel(best.name)}) · hit rate@${k}</span><span class="kpi-value">${pct(metric(best, 'hr', k))}</span></div>` : ''}
    <div class="kpi"><span class="kpi-label">${labels[0]} · NDCG@${k}</span><span class="kpi-value">${pct(metric(ours, 'ndcg', k))}</span></div>
    <div class="kpi"><span class="kpi-label">${labels[0]} · catalog coverage@${k}</span><span class="kpi-value">${pct(metric(ours, 'coverage', k))}</span></div>
  </div>
  ${ourIsOurs ? '' : html`<p class="callout">The evaluation has no method named <code>default</code> or <code>cartlift</code>; the first method is highlighted.</p>`}
  <div class="charts">
    ${panels.map(([name, caption]) => html`<figure><figcaption>${caption}</figcaption>${raw(horizontalBars({ title: caption, labels, values: ev.methods.map((m) => metric(m, name, k)) }))}</figure>`)}
  </div>
  ${curveKs.length > 1 ? html`<div class="charts"><figure class="wide"><figcaption>Hit rate as k grows (5 → ${curveKs[curveKs.length - 1]} offers)</figcaption>${raw(lineChart({ title: 'Hit rate over k per method', xs: curveKs, series: labels, values: ev.methods.map((m) => curveKs.map((kk) => metric(m, 'hr', kk))), height: 300, legend: false }))}${raw(htmlLegend(labels))}</figure></div>` : ''}
  <details><summary>All numbers from the evaluation</summary>
  <div class="table-wrap"><table class="data" data-testid="eval-table"><thead><tr><th scope="col">method</th>${allMetrics.map((x) => html`<th scope="col" class="num">${metricHeader(x)}</th>`)}</tr></thead>
  <tbody>${ev.methods.map((m, i) => html`<tr ${i === 0 ? raw('class="ours"') : ''}><th scope="row">${methodLabel(m.name)}${m.scorer ? html`<div class="muted small">${m.scorer}</div>` : ''}</th>${allMetrics.map((x) => html`<td data-method="${m.name}" data-metric="${x}" data-value="${m.metrics.get(x) ?? ''}">${cell(x, m.metrics.get(x))}</td>`)}</tr>`)}</tbody></table></div>
  </details>
</section>`;
}

function bundleSection(s) {
  return html`<section class="panel" id="bundle" aria-labelledby="b-h" data-testid="bundle-stats">
  <h2 id="b-h">What the bundle learned</h2>
  <div class="kpis">
    <div class="kpi"><span class="kpi-label">orders mined</span><span class="kpi-value" data-testid="bundle-orders">${num(s.orders)}</span></div>
    <div class="kpi"><span class="kpi-label">products</span><span class="kpi-value">${num(s.products)}</span></div>
    <div class="kpi"><span class="kpi-label">pairs kept</span><span class="kpi-value">${num(s.pairsKept)}</span></div>
    <div class="kpi"><span class="kpi-label">products with neighbours</span><span class="kpi-value">${num(s.withNeighbours)}</span></div>
  </div>
  <p class="muted">${s.dateRange.length ? `Orders from ${s.dateRange[0].slice(0, 10)} to ${s.dateRange[1].slice(0, 10)}` : ''}${s.scorer ? ` · scorer ${s.scorer}` : ''}${Object.keys(s.skipped).length ? ` · skipped: ${Object.entries(s.skipped).map(([k2, v]) => `${num(v)} ${k2.replace(/_/g, ' ')}`).join(', ')}` : ''}.</p>
  <h3>Strongest associations</h3>
  <div class="table-wrap"><table class="data"><thead><tr><th scope="col">bought together</th><th scope="col" class="num">orders with both</th><th scope="col" class="num">P(B | A)</th><th scope="col" class="num">lift</th></tr></thead>
  <tbody>${s.strongest.map((p) => html`<tr><td><a href="/product/${encodeURIComponent(p.a)}">${p.titleA}</a> <span class="muted">+</span> <a href="/product/${encodeURIComponent(p.b)}">${p.titleB}</a><div class="muted small">in ${num(p.co)} of the ${num(p.ordersA)} orders with the first (${num(p.ordersB)} with the second)</div></td><td class="num">${num(p.co)}</td><td class="num">${pct(p.confidence)}</td><td class="num">${Number.isFinite(p.lift) ? `×${p.lift.toFixed(1)}` : '—'}</td></tr>`)}</tbody></table></div>
</section>`;
}

function benchSection(b) {
  if (b.missing) {
    return html`<section class="panel" id="perf" aria-labelledby="p-h"><h2 id="p-h">Size and latency</h2><p class="muted" data-testid="bench-missing">No benchmark results yet (<code>bench/RESULTS.md</code> is not there). They appear here once the benchmarks have been run.</p></section>`;
  }
  return html`<section class="panel" id="perf" aria-labelledby="p-h" data-testid="bench">
  <h2 id="p-h">Size and latency</h2>
  <p class="muted">Latest section of <code>bench/RESULTS.md</code>: ${b.heading}</p>
  ${b.blocks.slice(0, 40).map((blk) =>
    blk.table
      ? html`<div class="table-wrap"><table class="data"><thead><tr>${blk.table[0].map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${blk.table.slice(1).map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`
      : blk.heading
        ? html`<h3>${blk.heading}</h3>`
        : html`<p class="small">${blk.text}</p>`,
  )}
</section>`;
}

function replaySection(est, acceptancePct, state) {
  const head = html`<div class="section-head"><h2 id="r-h">Replay estimate: attach rate and order value</h2>
    <form method="get" action="/dashboard#replay" class="inline-form" data-testid="accept-form"><label for="accept">Assume</label> <input id="accept" name="accept" type="number" min="0" max="100" step="0.5" value="${acceptancePct}"> <span>% of shown offers are accepted</span> <button class="btn btn-ghost btn-small" type="submit">Recompute</button></form></div>`;
  if (!est) {
    return html`<section class="panel" id="replay" aria-labelledby="r-h">${head}<p class="muted">${state || 'The held-out orders are not available, so no estimate can be made.'}</p></section>`;
  }
  return html`<section class="panel" id="replay" aria-labelledby="r-h" data-testid="replay">
  ${head}
  <p class="estimate-label">Estimate, not a measurement: no shopper saw these offers.</p>
  <div class="kpis">
    <div class="kpi"><span class="kpi-label">held-out orders replayed</span><span class="kpi-value">${num(est.orders)}</span></div>
    <div class="kpi"><span class="kpi-label">orders where an offer matched a later purchase</span><span class="kpi-value" data-testid="replay-hit">${pct(est.withHit / est.orders)}</span></div>
    <div class="kpi"><span class="kpi-label">estimated attach rate</span><span class="kpi-value" data-testid="replay-attach">${pct(est.relevant.attach)} – ${pct(est.any.attach)}</span></div>
    <div class="kpi"><span class="kpi-label">estimated AOV uplift</span><span class="kpi-value">${pct(est.relevant.uplift, 2)} – ${pct(est.any.uplift, 2)}</span></div>
  </div>
  <div class="table-wrap"><table class="data"><thead><tr><th scope="col">model</th><th scope="col" class="num">attach rate</th><th scope="col" class="num">added value per order</th><th scope="col" class="num">AOV uplift</th></tr></thead><tbody>
    <tr><th scope="row">Only relevant offers accepted (lower)</th><td class="num">${pct(est.relevant.attach, 2)}</td><td class="num">${formatPence(est.relevant.addedPerOrder)}</td><td class="num">${pct(est.relevant.uplift, 3)}</td></tr>
    <tr><th scope="row">Any shown offer accepted (upper)</th><td class="num">${pct(est.any.attach, 2)}</td><td class="num">${formatPence(est.any.addedPerOrder)}</td><td class="num">${pct(est.any.uplift, 3)}</td></tr>
  </tbody></table></div>
  <details open><summary>How this is computed</summary>
  <p class="small">Held-out orders: Jun – Aug 2011 (after every order the bundle was built from), cancellations and returns removed, orders with at least two catalogue products and at most 100 distinct products. For each order <em>o</em> the engine is asked for the basket offers (k = ${est.k}) with only the order's first product in the basket: <em>S<sub>o</sub></em> are the offers shown, <em>H<sub>o</sub></em> ⊆ <em>S<sub>o</sub></em> the ones the shopper bought later in the same order. With acceptance <em>a</em> = ${pct(est.acceptance, 1)} applied independently to each offer:</p>
  <ul class="small formula">
    <li>attach rate = mean over orders of 1 − (1 − <em>a</em>)<sup>|S<sub>o</sub>|</sup> (upper) or 1 − (1 − <em>a</em>)<sup>|H<sub>o</sub>|</sup> (lower: only offers the shopper demonstrably wanted are ever accepted);</li>
    <li>expected added value of <em>o</em> = <em>a</em> × Σ price of S<sub>o</sub> (upper) or <em>a</em> × Σ price of H<sub>o</sub> (lower), at catalogue prices;</li>
    <li>AOV uplift = Σ expected added value ÷ Σ real order value (real order AOV here: ${formatPence(est.baseAov)}; many customers are wholesalers, which is why the uplift is small in percent).</li>
  </ul>
  </details>
</section>`;
}

function ciText(r, fmt) {
  if (!Number.isFinite(r.rate ?? r.mean)) return '—';
  const v = r.rate ?? r.mean;
  return Number.isFinite(r.lo) ? `${fmt(v)} (${fmt(r.lo)} – ${fmt(r.hi)})` : fmt(v);
}

// An arm minus control with its 95 % interval, signed: "+2.1 pts (−0.4 – +4.6)".
function diffText(d, fmt) {
  if (!d || !Number.isFinite(d.diff)) return '—';
  const signed = (v) => (v > 0 ? '+' : v < 0 ? '−' : '') + fmt(Math.abs(v));
  return Number.isFinite(d.lo) ? `${signed(d.diff)} (${signed(d.lo)} – ${signed(d.hi)})` : signed(d.diff);
}

function abSection(summary) {
  const arms = [['fbt', 'Offers (FBT)'], ['control', 'Control']];
  const s = summary.arms;
  const money = (v) => formatPence(v);
  return html`<section class="panel" id="ab" aria-labelledby="ab-h" data-testid="ab">
  <h2 id="ab-h">A/B test in this store: offers vs no offers</h2>
  <p class="muted">Visitors are split 50/50 by a stable hash of their visitor id and the experiment id <code>fbt-vs-control</code>; the control arm sees no offers. Figures are from the ${num(summary.total)} events recorded in <code>var/events.jsonl</code>; intervals are 95 % (Wilson for rates, normal approximation for the mean order value).</p>
  <div class="table-wrap"><table class="data" data-testid="ab-table"><thead><tr><th scope="col">arm</th><th scope="col" class="num">visitors</th><th scope="col" class="num">impressions</th><th scope="col" class="num">click rate</th><th scope="col" class="num">orders</th><th scope="col" class="num">attach rate</th><th scope="col" class="num">average order value</th></tr></thead>
  <tbody>${arms.map(([key, label]) => html`<tr data-arm="${key}"><th scope="row">${label}</th><td class="num" data-k="visitors">${num(s[key].visitors)}</td><td class="num" data-k="impressions">${num(s[key].impressions)}</td><td class="num">${ciText(s[key].clickRate, (v) => pct(v))}</td><td class="num" data-k="orders">${num(s[key].orders)}</td><td class="num">${ciText(s[key].attachRate, (v) => pct(v))}</td><td class="num">${ciText(s[key].aov, money)}</td></tr>`)}</tbody></table></div>
  <div class="charts three">
    <figure><figcaption>Click rate per impression</figcaption>${raw(intervalChart({ title: 'Click rate with 95% interval', rows: arms.map(([k2, l]) => ({ label: l, value: s[k2].clickRate.rate, lo: s[k2].clickRate.lo, hi: s[k2].clickRate.hi })) }))}</figure>
    <figure><figcaption>Attach rate (orders with a suggested item)</figcaption>${raw(intervalChart({ title: 'Attach rate with 95% interval', rows: arms.map(([k2, l]) => ({ label: l, value: s[k2].attachRate.rate, lo: s[k2].attachRate.lo, hi: s[k2].attachRate.hi })) }))}</figure>
    <figure><figcaption>Average order value</figcaption>${raw(intervalChart({ title: 'Average order value with 95% interval', format: (v) => formatPence(v), rows: arms.map(([k2, l]) => ({ label: l, value: s[k2].aov.mean, lo: s[k2].aov.lo, hi: s[k2].aov.hi })) }))}</figure>
  </div>
  ${s.fbt.vsControl ? html`<p class="small" data-testid="ab-diff">Offers minus control, 95 % intervals (Newcombe for rates, Welch for the mean): attach rate ${diffText(s.fbt.vsControl.attachRate, (v) => `${(v * 100).toFixed(1)} pts`)}, average order value ${diffText(s.fbt.vsControl.aov, money)}.</p>` : ''}
  ${s.fbt.orders + s.control.orders < 100 ? html`<p class="muted small">With ${num(s.fbt.orders + s.control.orders)} orders so far the intervals are wide: read them as "not enough data yet" rather than as a winner.</p>` : ''}
</section>`;
}

export function dashboardPage(ctx, { ev, k, stats, bench, estimate, acceptancePct, replayState, abSummary }) {
  const kk = ev.missing || ev.error ? k : pickK(ev, k);
  const body = html`
<div class="page-head"><h1>Offer quality dashboard</h1><p class="muted">How good are the offers, what are they based on, and what are they worth?</p>
<nav class="toc" aria-label="Sections"><a href="#quality">Offline quality</a><a href="#bundle">Bundle</a><a href="#perf">Size &amp; latency</a><a href="#replay">Replay estimate</a><a href="#ab">A/B test</a></nav></div>
${qualitySection(ev, kk)}
${bundleSection(stats)}
${benchSection(bench)}
${replaySection(estimate, acceptancePct, replayState)}
${abSection(abSummary)}`;
  return layout(ctx, { title: 'Dashboard', body, bodyClass: 'dashboard' });
}
