/**
 * Median-type forecasts: the weighted median, the unweighted median actor, and the Condorcet winner among the
 * actors' positions under pairwise votes v^{jk} = Σ_i c_i s_i (|x_i − x_k| − |x_i − x_j|) (Scholz et al. 2011,
 * Appendix step 3, without the constant factor 2/R). In 1-D with linear loss the weighted median is a Condorcet
 * winner.
 */
import { type Actor, influence } from "./types.ts";

/** The smallest position whose cumulative weight reaches half the total. Undefined when all weights are 0. */
export function weightedMedian(
  actors: readonly Actor[],
  weight: (a: Actor) => number = influence,
): number | undefined {
  const sorted = actors.map((a) => ({ x: a.position, w: weight(a) })).sort((a, b) => a.x - b.x);
  const total = sorted.reduce((s, a) => s + a.w, 0);
  if (!(total > 0)) return undefined;
  let cumulative = 0;
  for (const a of sorted) {
    cumulative += a.w;
    // Relative tolerance so that exact halves summed in floating point still count as reaching 50 %.
    if (cumulative >= total / 2 - total * 1e-12) return a.x;
  }
  return sorted[sorted.length - 1].x;
}

/** The median of the positions, every actor counting once (the mean of the middle two for an even count). */
export function medianActorPosition(actors: readonly Actor[]): number | undefined {
  if (actors.length === 0) return undefined;
  const xs = actors.map((a) => a.position).sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/** Σ_i c_i s_i (|x_i − k| − |x_i − j|): positive when the weighted actors prefer j to k. */
export function pairwiseVote(actors: readonly Actor[], j: number, k: number): number {
  let v = 0;
  for (const a of actors) v += influence(a) * (Math.abs(a.position - k) - Math.abs(a.position - j));
  return v;
}

/**
 * The actor positions that beat or tie every other actor position in pairwise votes (weak Condorcet winners),
 * ascending. Exact up to a relative tolerance of 1e-12 on the vote totals.
 */
export function condorcetWinners(actors: readonly Actor[]): number[] {
  const positions = [...new Set(actors.map((a) => a.position))].sort((a, b) => a - b);
  const scale =
    actors.reduce((s, a) => s + influence(a), 0) * (positions[positions.length - 1] - positions[0] || 1);
  const eps = scale * 1e-12;
  return positions.filter((j) => positions.every((k) => k === j || pairwiseVote(actors, j, k) >= -eps));
}
