/**
 * Statistics for tournament scores: seeded percentile bootstrap of a mean, the Wilcoxon signed-rank test
 * (exact under ties for up to EXACT_LIMIT pairs, normal approximation with the tie correction above), and
 * Holm's step-down correction. Pure.
 */

export interface Interval {
  lo: number;
  hi: number;
}

/** Mean of the values (NaN for none). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : Number.NaN;
}

/** Quantile q of sorted values, interpolating linearly between order statistics (R's type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile bootstrap confidence interval of the mean: `resamples` resamples of the values with replacement
 * (seeded), the interval between the (1 − level)/2 and (1 + level)/2 quantiles of their means. Defaults:
 * 1000 resamples, level 0.95. A single value gives [value, value]; none gives [NaN, NaN].
 */
export function bootstrapMeanInterval(
  values: ArrayLike<number>,
  options: { seed: number; resamples?: number; level?: number },
): Interval {
  const n = values.length;
  if (n === 0) return { lo: Number.NaN, hi: Number.NaN };
  const b = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  // mulberry32 (src/util/random.ts) inlined: the inner loop draws resamples × n numbers.
  let state = options.seed >>> 0;
  const means = new Float64Array(b);
  for (let r = 0; r < b; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      sum += values[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)];
    }
    means[r] = sum / n;
  }
  means.sort();
  return { lo: quantileSorted(means, (1 - level) / 2), hi: quantileSorted(means, (1 + level) / 2) };
}

/** Up to this many non-zero differences the signed-rank p-value is exact (ties included). */
export const EXACT_LIMIT = 50;

export interface SignedRankTest {
  /** Pairs given. */
  pairs: number;
  /** Non-zero differences (zeros are dropped, Wilcoxon's convention). */
  n: number;
  /** W+: the sum of the ranks of the positive differences (average ranks for ties). */
  statistic: number;
  /** The standardised statistic (normal approximation only). */
  z: number | null;
  /** Two-sided p-value; 1 when every difference is zero. */
  p: number;
  method: "exact" | "normal";
}

/** Whether two absolute differences count as tied (equal up to floating-point noise). */
function tied(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Wilcoxon signed-rank test of paired differences (two-sided). Zeros are dropped; tied absolute differences
 * get their average rank. For n ≤ EXACT_LIMIT the p-value is exact: the permutation distribution of W+ over
 * all 2^n sign assignments of the (average) ranks. Above, the normal approximation with the tie-corrected
 * variance n(n+1)(2n+1)/24 − Σ(t³ − t)/48 and no continuity correction.
 */
export function wilcoxonSignedRank(differences: ArrayLike<number>): SignedRankTest {
  const nonZero: number[] = [];
  for (let i = 0; i < differences.length; i++) {
    const d = differences[i];
    if (Math.abs(d) > 1e-12) nonZero.push(d);
  }
  const n = nonZero.length;
  if (n === 0) return { pairs: differences.length, n: 0, statistic: 0, z: null, p: 1, method: "exact" };
  const order = nonZero.map((_, i) => i).sort((a, b) => Math.abs(nonZero[a]) - Math.abs(nonZero[b]));
  const rank = new Float64Array(n);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && tied(Math.abs(nonZero[order[i]]), Math.abs(nonZero[order[j]]))) j++;
    const t = j - i;
    const average = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) rank[order[k]] = average;
    tieTerm += t * t * t - t;
    i = j;
  }
  let w = 0;
  for (let i = 0; i < n; i++) if (nonZero[i] > 0) w += rank[i];
  if (n <= EXACT_LIMIT) {
    // Doubled ranks are integers; count the sign assignments by the sum of the positive ones.
    const total = n * (n + 1);
    let counts = new Float64Array(total + 1);
    counts[0] = 1;
    let reach = 0;
    for (let i = 0; i < n; i++) {
      const r2 = Math.round(rank[i] * 2);
      const next = counts.slice();
      for (let s = 0; s <= reach; s++) if (counts[s] > 0) next[s + r2] += counts[s];
      counts = next;
      reach += r2;
    }
    const w2 = Math.round(w * 2);
    let below = 0;
    let above = 0;
    for (let s = 0; s <= total; s++) {
      if (s <= w2) below += counts[s];
      if (s >= w2) above += counts[s];
    }
    const all = 2 ** n;
    return {
      pairs: differences.length,
      n,
      statistic: w,
      z: null,
      p: Math.min(1, (2 * Math.min(below, above)) / all),
      method: "exact",
    };
  }
  const mu = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const z = variance > 0 ? (w - mu) / Math.sqrt(variance) : 0;
  return {
    pairs: differences.length,
    n,
    statistic: w,
    z,
    p: Math.min(1, 2 * normalUpperTail(Math.abs(z))),
    method: "normal",
  };
}

/** P(Z > z) for a standard normal Z: erfc(z/√2)/2, with erfc by Chebyshev fit (relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  return erfc(z / Math.SQRT2) / 2;
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Holm's step-down adjusted p-values, in the order given: sort ascending, multiply the i-th smallest by
 * (m − i + 1), keep them non-decreasing, cap at 1.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((i, k) => {
    running = Math.max(running, Math.min(1, (m - k) * pValues[i]));
    out[i] = running;
  });
  return out;
}
