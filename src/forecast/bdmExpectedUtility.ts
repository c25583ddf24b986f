/**
 * The expected-utility calculus of Bueno de Mesquita's challenge model (Scholz, Calbert & Smith 2011, Appendix
 * steps 4–7, eqs. 5–7, 15–16, 22–25, 30–31): utilities of success, failure and the status quo, the probability that
 * i beats j, and the expected utility of i challenging j. Positions are scaled by the range R.
 */
import type { BdmSettings } from "./bdmSettings.ts";

/** U_s = 2 − 4(0.5 − 0.5·d)^r, with d = |x_i − x_j|/R (eq. 15). */
export function utilitySuccess(d: number, r: number): number {
  return 2 - 4 * (0.5 - 0.5 * d) ** r;
}

/** U_f = 2 − 4(0.5 + 0.5·d)^r (eq. 16). */
export function utilityFailure(d: number, r: number): number {
  return 2 - 4 * (0.5 + 0.5 * d) ** r;
}

/** U_sq = 2 − 4·0.5^r (eq. 24). */
export function utilityStatusQuo(r: number): number {
  return 2 - 4 * 0.5 ** r;
}

/** U_b (better) and U_w (worse) with m = (|x_i − μ| + |x_i − x_j|)/R (eqs. 22–23). */
export function utilityBetter(m: number, r: number): number {
  return 2 - 4 * (0.5 - 0.25 * m) ** r;
}
export function utilityWorse(m: number, r: number): number {
  return 2 - 4 * (0.5 + 0.25 * m) ** r;
}

/** Positions, capabilities and saliences (0–1) of the actors in one round, as typed arrays. */
export interface BdmState {
  x: Float64Array;
  c: Float64Array;
  s: Float64Array;
  /** The range R that scales distances. */
  range: number;
}

/**
 * The matrix P[i·n + j] = probability that i beats j (eqs. 30–31, or the all-pairs variant, setting A1), with
 * `r` the actors' risk exponents (used when `settings.probabilityRisk`). P = 0 when x_i = x_j.
 */
export function successProbabilities(state: BdmState, r: Float64Array, settings: BdmSettings): Float64Array {
  const { x, c, s, range } = state;
  const n = x.length;
  // dist[k·n + a]: actor k's (possibly risk-transformed) distance to actor a's position.
  const dist = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = settings.probabilityRisk ? r[k] : 1;
    for (let a = 0; a < n; a++) dist[k * n + a] = (Math.abs(x[k] - x[a]) / range) ** rk;
  }
  let allPairs = 0;
  if (settings.probability === "allPairs") {
    // Σ_a Σ_b |d_a − d_b| over sorted d is 2 Σ_t d_(t)(2t − n + 1).
    const row = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      for (let a = 0; a < n; a++) row[a] = dist[k * n + a];
      row.sort();
      let sum = 0;
      for (let t = 0; t < n; t++) sum += row[t] * (2 * t - n + 1);
      allPairs += c[k] * s[k] * 2 * sum;
    }
  }
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j || x[i] === x[j]) continue;
      let num = 0;
      let den = 0;
      for (let k = 0; k < n; k++) {
        // Positive when k prefers i's position to j's.
        const arg = c[k] * s[k] * (dist[k * n + j] - dist[k * n + i]);
        if (arg > 0) num += arg;
        den += Math.abs(arg);
      }
      const denominator = settings.probability === "allPairs" ? allPairs : den;
      P[i * n + j] = denominator > 0 ? num / denominator : 0;
    }
  return P;
}

/**
 * E^i(U_ij): the expected utility of i challenging j evaluated with risk exponent `r` (eqs. 5–7, 25):
 * s_j[P U_s + (1 − P) U_f] + (1 − s_j) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w]. Zero when x_i = x_j.
 */
export function challengeUtility(
  state: BdmState,
  i: number,
  j: number,
  r: number,
  P: Float64Array,
  median: number,
  settings: BdmSettings,
): number {
  const { x, s, range } = state;
  if (x[i] === x[j]) return 0;
  const n = x.length;
  const d = Math.abs(x[i] - x[j]) / range;
  const p = P[i * n + j];
  const us = utilitySuccess(d, r);
  let eu =
    s[j] * (p * us + (1 - p) * utilityFailure(d, r)) + (1 - s[j]) * us - settings.Q * utilityStatusQuo(r);
  if (settings.Q !== 1) {
    const m = (Math.abs(x[i] - median) + Math.abs(x[i] - x[j])) / range;
    const T =
      settings.T === "always"
        ? 1
        : settings.T === "never"
          ? 0
          : Math.abs(x[i] - median) < Math.abs(x[i] - x[j])
            ? 1
            : 0;
    eu -= (1 - settings.Q) * (T * utilityBetter(m, r) + (1 - T) * utilityWorse(m, r));
  }
  return eu;
}

/**
 * Risk exponents from security levels (BDM 1985 p.157; eqs. 32–33): Sec_i = Σ_{j≠i} E^j(U_ji) with every r = 1,
 * R_i = (2 Sec_i − max − min)/(max − min), r_i = (1 − R_i/3)/(1 + R_i/3) ∈ [0.5, 2]. All 1 when Sec is constant.
 * Also returns the matrix P computed on the way (every r = 1): it is the round's P unless
 * `settings.probabilityRisk`, and the O(n³) matrix need not be computed twice.
 */
export function riskExponents(
  state: BdmState,
  median: number,
  settings: BdmSettings,
): { r: Float64Array; P: Float64Array } {
  const n = state.x.length;
  const ones = new Float64Array(n).fill(1);
  const P = successProbabilities(state, ones, settings);
  const security = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (j !== i) security[i] += challengeUtility(state, j, i, 1, P, median, settings);
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const v of security) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const R = max > min ? (2 * security[i] - max - min) / (max - min) : 0;
    r[i] = (1 - R / 3) / (1 + R / 3);
  }
  return { r, P };
}
