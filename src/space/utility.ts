/**
 * Utilities are computed here and nowhere else: a party's utility is the sum of its per-issue tables (weight ×
 * value, discounted) cut at its cap (1 × discount for GENIUS profiles whose weights are used as given,
 * +Infinity otherwise). `enumerateSpace`, `sampleSpace` and the frontiers use these functions, so every view
 * (analysis, report, history, simulation) sees the same capped numbers.
 */
import type { CompiledParty } from "./compile.ts";

/** What a utility needs: the per-issue tables and the cap. */
export type UtilityModel = Pick<CompiledParty, "tables" | "cap">;

/** The one application of the cap: a sum of table entries cut at the party's cap. */
export function capUtility(party: Pick<CompiledParty, "cap">, sum: number): number {
  // biome-ignore lint/complexity/useMathMinMax: cheaper than Math.min in the enumeration's inner loop
  return sum > party.cap ? party.cap : sum;
}

/** A party's utility for per-issue option indices. */
export function utilityOf(party: UtilityModel, digits: ArrayLike<number>): number {
  let u = 0;
  for (let i = 0; i < party.tables.length; i++) u += party.tables[i][digits[i]];
  return capUtility(party, u);
}

/**
 * A party's lowest and highest utility over every outcome that keeps the issues marked `fixed` at `digits`
 * and lets the others take any option.
 */
export function utilityRangeOf(
  party: UtilityModel,
  digits: ArrayLike<number>,
  fixed: readonly boolean[],
): [number, number] {
  let lo = 0;
  let hi = 0;
  party.tables.forEach((t, i) => {
    if (fixed[i]) {
      lo += t[digits[i]];
      hi += t[digits[i]];
    } else {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of t) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      lo += min;
      hi += max;
    }
  });
  return [capUtility(party, lo), capUtility(party, hi)];
}

/** Cuts every utility of `values` at the party's cap, in place (for sums computed incrementally). */
export function capUtilities(party: Pick<CompiledParty, "cap">, values: Float64Array): void {
  const cap = party.cap;
  if (cap === Number.POSITIVE_INFINITY) return;
  for (let x = 0; x < values.length; x++) if (values[x] > cap) values[x] = cap;
}
