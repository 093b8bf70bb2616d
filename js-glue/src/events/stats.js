// 95 % intervals for the per-arm metrics of aggregate.js. Proportions: Wilson score interval
// (honest at small n and at 0 % or 100 %). Means (AOV): normal approximation, mean ± z·s/√n with
// the sample standard deviation. Differences vs control: Newcombe's hybrid score interval built
// from the two Wilson intervals, and the Welch (unpooled) standard error for means.

export const Z95 = 1.959963984540054;

/** Wilson score interval of successes / trials: {rate, lo, hi, k, n}; nulls when n is 0. */
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

/** Mean with a normal-approximation interval: {mean, lo, hi, sd, n}; lo/hi null below 2 values. */
export function meanInterval(values, z = Z95) {
  const n = values.length;
  if (!n) return { mean: null, lo: null, hi: null, sd: null, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, lo: null, hi: null, sd: null, n };
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = (z * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, sd, n };
}

const none = { diff: null, lo: null, hi: null };

/** a − b for two wilson() results, with Newcombe's hybrid score interval (method 10, 1998). */
export function proportionDiff(a, b) {
  if (a.rate === null || b.rate === null) return none;
  const diff = a.rate - b.rate;
  return {
    diff,
    lo: diff - Math.sqrt((a.rate - a.lo) ** 2 + (b.hi - b.rate) ** 2),
    hi: diff + Math.sqrt((a.hi - a.rate) ** 2 + (b.rate - b.lo) ** 2),
  };
}

/** a − b for two meanInterval() results: diff ± z·√(sa²/na + sb²/nb) (Welch standard error). */
export function meanDiff(a, b, z = Z95) {
  if (a.sd === null || b.sd === null) return none;
  const diff = a.mean - b.mean;
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  return { diff, lo: diff - z * se, hi: diff + z * se };
}
