/**
 * The asymmetric Nash bargaining solution on one issue with reference point q:
 * x* = argmax Σ_i c_i log(u_i(x) − u_i(q)) over the feasible set (a win-set, and every player's own set
 * {u_i(x) > u_i(q)}), with u_i(x) = −s_i(x − x_i)². Salience cancels inside the log, so it enters only if the
 * caller folds it into the weights c_i (convention: weights = capability). Each term is concave, so the maximum
 * on an interval is where the decreasing derivative Σ −2c_i(x − x_i)/[(q − x_i)² − (x − x_i)²] crosses zero.
 */
import { type IntervalSet, intersectAll } from "./interval.ts";
import { preferredToStatusQuo } from "./winSet.ts";

export interface Bargainer {
  name: string;
  position: number;
  /** Bargaining weight (exponent), ≥ 0. */
  weight: number;
}

function derivative(players: readonly Bargainer[], q: number, x: number): number {
  let d = 0;
  for (const p of players)
    d += (-2 * p.weight * (x - p.position)) / ((q - p.position) ** 2 - (x - p.position) ** 2);
  return d;
}

function objective(players: readonly Bargainer[], q: number, x: number): number {
  let v = 0;
  for (const p of players) v += p.weight * Math.log((q - p.position) ** 2 - (x - p.position) ** 2);
  return v;
}

/** The solution inside `within` (e.g. the two-level zone), or undefined when no point gains every player. */
export function asymmetricNash(
  players: readonly Bargainer[],
  q: number,
  within: IntervalSet,
): number | undefined {
  const active = players.filter((p) => p.weight > 0);
  if (active.length === 0) return undefined;
  const feasible = intersectAll(
    active.map((p) => preferredToStatusQuo(p.position, q)),
    within,
  );
  let best: { x: number; v: number } | undefined;
  for (const { lo, hi } of feasible) {
    // Every active player's gain vanishes at some end of its own set, so the derivative changes sign inside.
    let a = lo;
    let b = hi;
    for (let k = 0; k < 200 && b - a > 1e-12 * Math.max(1, Math.abs(a) + Math.abs(b)); k++) {
      const m = (a + b) / 2;
      if (derivative(active, q, m) > 0) a = m;
      else b = m;
    }
    const x = (a + b) / 2;
    const v = objective(active, q, x);
    if (!best || v > best.v) best = { x, v };
  }
  return best?.x;
}
