/**
 * KTAB's spatial model of politics (SMP) in one dimension, first turn: a probabilistic Condorcet election (PCE)
 * among the actors' positions, with the formulas of `../shared/reference/political-models.md` §2 (from KTAB's
 * smp.cpp and kmodel.cpp):
 *
 * - distance d = |x_k − x_i| / (scale width) ∈ [0, 1]; utility u(d) = (1 − d)(1 + d·R) with R = 0 (risk-neutral:
 *   KTAB derives R from the PCE itself, which needs its bargaining turns, not reproduced here);
 * - vote of k between options i and j, weight w_k = capability × salience: PropCbc w(0.5Δ + 0.5Δ³),
 *   Δ = u_k(i) − u_k(j) (KTAB's default voting rule);
 * - coalition strength C_ij = 1e-8 + Σ_k max(v_k(i:j), 0); victory probability P[i>j] = C_ij / (C_ij + C_ji)
 *   (Linear);
 * - PCE MarkovUniform: p_i ← (1/n) Σ_j P[i>j](p_i + p_j), P[i>i] = ½, damped p ← (p + p')/2, to 1e-9.
 *
 * The forecast is the PCE's expected position Σ_i p_i x_i. Checked by hand (two actors: p_1 = P[1>2]), not
 * against KTAB's logs (those come from its stochastic multi-turn runs).
 */
import type { Actor } from "./types.ts";

export interface KtabPce {
  /** The candidate positions (the actors'), their PCE probabilities, and the expected position. */
  positions: number[];
  probabilities: number[];
  forecast: number;
}

const utility = (d: number, risk = 0) => (1 - d) * (1 + d * risk);
const propCbc = (w: number, delta: number) => w * (0.5 * delta + 0.5 * delta ** 3);

/** The victory probabilities P[i>j] among `positions`, voters `actors`, on a scale of width `width`. */
export function victoryProbabilities(
  actors: readonly Actor[],
  positions: readonly number[],
  width: number,
): number[][] {
  const n = positions.length;
  const u = actors.map((a) => positions.map((x) => utility(Math.min(1, Math.abs(a.position - x) / width))));
  const strength = (i: number, j: number) => {
    let c = 1e-8;
    actors.forEach((a, k) => {
      c += Math.max(propCbc(a.capability * a.salience, u[k][i] - u[k][j]), 0);
    });
    return c;
  };
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j) return 0.5;
      const cij = strength(i, j);
      const cji = strength(j, i);
      return cij / (cij + cji);
    }),
  );
}

/** The first-turn PCE forecast; undefined without actors or on a degenerate scale. */
export function ktabPce(actors: readonly Actor[], scale?: { min: number; max: number }): KtabPce | undefined {
  if (actors.length === 0) return undefined;
  const positions = actors.map((a) => a.position);
  const lo = scale?.min ?? Math.min(...positions);
  const hi = scale?.max ?? Math.max(...positions);
  const width = hi - lo;
  if (!(width > 0))
    return { positions, probabilities: positions.map(() => 1 / positions.length), forecast: positions[0] };
  const P = victoryProbabilities(actors, positions, width);
  const n = positions.length;
  let p = positions.map(() => 1 / n);
  for (let iter = 0; iter < 10000; iter++) {
    const next = p.map((pi, i) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += P[i][j] * (pi + p[j]);
      return s / n;
    });
    const total = next.reduce((a, b) => a + b, 0);
    const damped = p.map((pi, i) => (pi + next[i] / total) / 2);
    const change = damped.reduce((m, x, i) => Math.max(m, Math.abs(x - p[i])), 0);
    p = damped;
    if (change < 1e-12) break;
  }
  return { positions, probabilities: p, forecast: p.reduce((s, pi, i) => s + pi * positions[i], 0) };
}
