/**
 * The frequency opponent model (the HardHeaded / ANL baseline): an opponent's issue weights grow with how
 * often it keeps an issue's value from one offer to its next, and its value scores with how often a value
 * appears in its offers. With Laplace smoothing, for opponent o, issue i and option v:
 *   weight_i ∝ 1 + (times i kept its value between consecutive offers),
 *   score_i(v) = (1 + count_i(v)) / (1 + max_v' count_i(v')),
 *   û_o(outcome) = Σ_i weight_i · score_i(outcome_i)   (weights sum to 1, so û ∈ (0, 1]).
 * Before any offer every outcome is estimated at 1. Updates cost O(total options) per offer.
 */

import { decodeOutcome } from "../space/outcome.ts";
import type { AgentView } from "./agent.ts";
import type { OpponentModel } from "./boa.ts";

interface Estimate {
  counts: Int32Array[];
  kept: Int32Array;
  last: Int32Array | null;
  /** Per issue, per option: weight × score. */
  tables: Float64Array[];
}

export interface FrequencyModel extends OpponentModel {
  /** Per issue, per option: estimated weight × score of `party` (sums over issues to û). */
  tables(party: number): Float64Array[];
}

export function opponentModelFrequency(): FrequencyModel {
  let view: AgentView;
  const estimates = new Map<number, Estimate>();
  let digits: Int32Array;
  const estimateOf = (party: number): Estimate => {
    let e = estimates.get(party);
    if (!e) {
      const radix = view.space.radix;
      const n = radix.length;
      e = {
        counts: Array.from(radix, (r) => new Int32Array(r)),
        kept: new Int32Array(n),
        last: null,
        tables: Array.from(radix, (r) => new Float64Array(r).fill(1 / n)),
      };
      estimates.set(party, e);
    }
    return e;
  };
  return {
    name: "opponentModelFrequency",
    init(v) {
      view = v;
      digits = new Int32Array(v.space.issues.length);
    },
    update(party, outcome) {
      const e = estimateOf(party);
      decodeOutcome(view.space, outcome, digits);
      const n = digits.length;
      for (let i = 0; i < n; i++) {
        e.counts[i][digits[i]]++;
        if (e.last && e.last[i] === digits[i]) e.kept[i]++;
      }
      e.last = Int32Array.from(digits);
      let total = 0;
      for (let i = 0; i < n; i++) total += 1 + e.kept[i];
      for (let i = 0; i < n; i++) {
        const w = (1 + e.kept[i]) / total;
        let max = 0;
        for (const c of e.counts[i]) max = Math.max(max, c);
        const t = e.tables[i];
        for (let v = 0; v < t.length; v++) t[v] = (w * (1 + e.counts[i][v])) / (1 + max);
      }
    },
    utility(party, outcome) {
      const e = estimateOf(party);
      decodeOutcome(view.space, outcome, digits);
      let u = 0;
      for (let i = 0; i < digits.length; i++) u += e.tables[i][digits[i]];
      return u;
    },
    tables: (party) => estimateOf(party).tables,
  };
}
