// Inline SVG charts drawn on the server: no chart library, no client script, readable without
// JS and printable. Labels go through escape(); numbers are formatted here.
import { escape } from './html.js';

export const PALETTE = ['#0f766e', '#a8a29e', '#f59e0b', '#6366f1', '#e11d48', '#0ea5e9', '#84cc16', '#a855f7', '#64748b'];

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const pct = (v) => `${(v * 100).toFixed(1)}%`;

function legend(series, x0, y) {
  let x = x0;
  const parts = [];
  series.forEach((s, i) => {
    parts.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" rx="2" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(`<text x="${x + 18}" y="${y}" class="legend">${escape(s)}</text>`);
    x += 34 + String(s).length * 7.5;
  });
  return parts.join('');
}

/** One line per series over numeric x (k). */
export function lineChart({ title, xs, series, values, format = pct, height = 280, width = 720, xLabel = 'k', legend: withLegend = true }) {
  const m = { top: 24, right: 24, bottom: withLegend ? 56 : 32, left: 48 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const all = values.flat().filter((v) => Number.isFinite(v));
  const top = niceMax(Math.max(...all, 0));
  const xAt = (i) => m.left + (xs.length > 1 ? (w * i) / (xs.length - 1) : w / 2);
  const yAt = (v) => m.top + h - (h * v) / top;
  const out = [];
  out.push(`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}"><title>${escape(title)}</title>`);
  for (let i = 0; i <= 4; i++) {
    const y = m.top + h - (h * i) / 4;
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${y}" y2="${y}" class="grid"/>`);
    out.push(`<text x="${m.left - 8}" y="${y + 4}" class="axis" text-anchor="end">${escape(format((top * i) / 4))}</text>`);
  }
  xs.forEach((x, i) => out.push(`<text x="${xAt(i)}" y="${m.top + h + 20}" class="axis-x" text-anchor="middle">${escape(`${xLabel}=${x}`)}</text>`));
  // Drawn last-to-first so the first series (ours) sits on top where lines cross.
  [...series.keys()].reverse().forEach((si) => {
    const s = series[si];
    const colour = PALETTE[si % PALETTE.length];
    const pts = xs.map((_, i) => [xAt(i), values[si]?.[i]]).filter(([, v]) => Number.isFinite(v));
    if (!pts.length) return;
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="${si === 0 ? 3 : 2}" points="${pts.map(([x, v]) => `${x},${yAt(v)}`).join(' ')}"/>`);
    for (const [i, x] of xs.entries()) {
      const v = values[si]?.[i];
      if (!Number.isFinite(v)) continue;
      out.push(`<circle cx="${xAt(i)}" cy="${yAt(v)}" r="4" fill="${colour}" data-series="${escape(s)}" data-k="${x}" data-value="${v}"><title>${escape(`${s} · ${xLabel}=${x}: ${format(v)}`)}</title></circle>`);
    }
  });
  if (withLegend) out.push(legend(series, m.left, height - 14));
  out.push('</svg>');
  return out.join('');
}

/** A legend as HTML, so long method lists wrap instead of running off the chart. */
export function htmlLegend(series) {
  return `<ul class="legend-list">${series.map((s, i) => `<li><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${escape(s)}</li>`).join('')}</ul>`;
}

/** Point estimates with 95 % intervals, one row per arm. */
export function intervalChart({ title, rows, format = pct, width = 340, max }) {
  const rowH = 34;
  const m = { top: 10, right: 20, bottom: 26, left: 104 };
  const height = m.top + m.bottom + rowH * rows.length;
  const w = width - m.left - m.right;
  const finite = rows.flatMap((r) => [r.value, r.hi]).filter((v) => Number.isFinite(v));
  const top = max ?? niceMax(Math.max(...finite, 0));
  const xAt = (v) => m.left + (w * Math.max(0, v)) / top;
  const out = [`<svg class="chart chart-small" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}"><title>${escape(title)}</title>`];
  out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${height - m.bottom}" y2="${height - m.bottom}" class="grid"/>`);
  out.push(`<text x="${m.left}" y="${height - 8}" class="axis">${escape(format(0))}</text><text x="${m.left + w}" y="${height - 8}" class="axis" text-anchor="end">${escape(format(top))}</text>`);
  rows.forEach((r, i) => {
    const y = m.top + rowH * i + rowH / 2;
    out.push(`<text x="${m.left - 10}" y="${y + 4}" class="axis" text-anchor="end">${escape(r.label)}</text>`);
    if (!Number.isFinite(r.value)) {
      out.push(`<text x="${m.left}" y="${y + 4}" class="axis">no data yet</text>`);
      return;
    }
    const colour = PALETTE[i % 2 === 0 ? 0 : 1];
    if (Number.isFinite(r.lo) && Number.isFinite(r.hi)) {
      out.push(`<line x1="${xAt(r.lo)}" x2="${xAt(r.hi)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="3" stroke-linecap="round" opacity="0.45"/>`);
    }
    out.push(`<circle cx="${xAt(r.value)}" cy="${y}" r="6" fill="${colour}"/>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** One horizontal bar per series (method); the first series is ours and drawn in the accent. */
export function horizontalBars({ title, labels, values, format = pct, width = 460, highlight = 0, max }) {
  const rowH = 26;
  const m = { top: 8, right: 64, bottom: 8, left: 150 };
  const height = m.top + m.bottom + rowH * labels.length;
  const w = width - m.left - m.right;
  const finite = values.filter((v) => Number.isFinite(v));
  const top = max ?? niceMax(Math.max(...finite, 0));
  const out = [`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}"><title>${escape(title)}</title>`];
  labels.forEach((label, i) => {
    const y = m.top + rowH * i;
    const v = values[i];
    const strong = i === highlight;
    out.push(`<text x="${m.left - 10}" y="${y + rowH / 2 + 4}" class="${strong ? 'axis-x' : 'axis'}" text-anchor="end">${escape(label)}</text>`);
    out.push(`<rect x="${m.left}" y="${y + 5}" width="${w}" height="${rowH - 10}" rx="4" class="track"/>`);
    if (!Number.isFinite(v)) {
      out.push(`<text x="${m.left + 6}" y="${y + rowH / 2 + 4}" class="axis">n/a</text>`);
      return;
    }
    const bw = Math.max(2, (w * v) / top);
    out.push(
      `<rect x="${m.left}" y="${y + 5}" width="${bw}" height="${rowH - 10}" rx="4" fill="${strong ? PALETTE[0] : '#a8a29e'}" data-series="${escape(label)}" data-value="${v}"><title>${escape(`${label}: ${format(v)}`)}</title></rect>`,
    );
    out.push(`<text x="${m.left + bw + 6}" y="${y + rowH / 2 + 4}" class="bar-label">${escape(format(v))}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
