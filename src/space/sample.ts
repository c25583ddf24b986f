/**
 * Uniform random outcomes of a space too large to enumerate, seeded: the basis of the labelled
 * approximations (`--sample N`). Same seed, same sample.
 */
import { mulberry32 } from "../util/random.ts";
import { type Commitment, UTILITY_EPSILON } from "./commitments.ts";
import { type CompiledSpace, evalPredicate } from "./compile.ts";
import { utilityOf } from "./utility.ts";

export interface Sample {
  count: number;
  /** Party indices (into space.parties), parallel to `utilities`. */
  parties: number[];
  utilities: Float64Array[];
  /** Bit c set when sampled outcome s breaks commitment c; null without commitments. */
  violations: Uint32Array | null;
  /** count × issues per-issue option indices, row-major. */
  digits: Int32Array;
}

export function sampleSpace(
  space: CompiledSpace,
  count: number,
  seed: number,
  commitments: Commitment[] = [],
): Sample {
  const rand = mulberry32(seed);
  const n = space.issues.length;
  const parties = space.parties.flatMap((p, k) => (p.hasPreferences ? [k] : []));
  const utilities = parties.map(() => new Float64Array(count));
  const violations = commitments.length > 0 ? new Uint32Array(count) : null;
  const digits = new Int32Array(count * n);
  const row = new Int32Array(n);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < n; i++) row[i] = Math.floor(rand() * space.radix[i]);
    digits.set(row, s * n);
    parties.forEach((k, slot) => {
      const party = space.parties[k];
      utilities[slot][s] = utilityOf(party, row);
    });
    if (violations) {
      let v = 0;
      commitments.forEach((c, bit) => {
        const broken =
          c.kind === "redLine"
            ? !evalPredicate(c.redLine.predicate, row)
            : utilities[parties.indexOf(c.partyIndex)][s] < c.value - UTILITY_EPSILON;
        if (broken) v |= 1 << bit;
      });
      violations[s] = v >>> 0;
    }
  }
  return { count, parties, utilities, violations, digits };
}
