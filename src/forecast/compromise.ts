/**
 * The compromise model: x̂ = Σ c_i s_i x_i / Σ c_i s_i, the exact maximiser of Σ c_i s_i·(−(x − x_i)²), which
 * Achen (2006) presents as a simple approximation to a Nash bargaining solution.
 */
import { type Actor, influence } from "./types.ts";

/** The weighted mean of positions; `weight` defaults to capability × salience. Undefined when all weights are 0. */
export function compromisePosition(
  actors: readonly Actor[],
  weight: (a: Actor) => number = influence,
): number | undefined {
  let num = 0;
  let den = 0;
  for (const a of actors) {
    const w = weight(a);
    num += w * a.position;
    den += w;
  }
  return den > 0 ? num / den : undefined;
}
