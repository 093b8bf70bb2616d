// Confidence intervals for the A/B table: Wilson score for rates (honest at small n and at 0 %),
// normal approximation for means (AOV).

const Z95 = 1.959963984540054;

export function wilson(successes, trials, z = Z95) {
  if (!trials) return { rate: null, lo: null, hi: null, k: successes, n: trials };
  const k = Math.min(successes, trials);
  const p = k / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { rate: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), k, n: trials };
}

export function meanCI(values, z = Z95) {
  const n = values.length;
  if (!n) return { mean: null, lo: null, hi: null, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, lo: null, hi: null, n };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = z * Math.sqrt(variance / n);
  return { mean, lo: mean - half, hi: mean + half, n };
}
