/**
 * Seeded synthetic scenarios for the conformance suites and the negotiation tests (the benchmarks use
 * src/space/synthetic.ts, which has no red lines): categorical issues with the given sizes, parties with random
 * integer weights and values in tenths, optional reservation values and red lines.
 */
import { createRandom } from "../negotiation/random.ts";
import { parseScenario } from "../scenario/parse.ts";
import type { PredicateInput, Scenario } from "../scenario/schema.ts";
import { type CompiledSpace, compileScenario } from "../space/compile.ts";

export interface SyntheticOptions {
  parties?: number;
  /** Reservation values drawn in [0, maxReservation] (default 0: none). */
  maxReservation?: number;
  /** Parties after the first value every option at 1 − the first party's value (a zero-sum core). */
  opposed?: boolean;
  /** Give each party one red line (a random single-issue restriction, sometimes a disjunction). */
  redLines?: boolean;
}

export function syntheticScenario(radix: number[], seed: number, options: SyntheticOptions = {}): Scenario {
  const rng = createRandom(seed);
  const issues = radix.map((r, i) => ({
    id: `i${i}`,
    type: "categorical" as const,
    options: Array.from({ length: r }, (_, k) => ({ id: `o${k}` })),
  }));
  const first: Record<string, Record<string, number>> = {};
  const parties = Array.from({ length: options.parties ?? 2 }, (_, p) => {
    const weights: Record<string, number> = {};
    const values: Record<string, Record<string, number>> = {};
    issues.forEach((issue) => {
      weights[issue.id] = 1 + rng.int(9);
      const table: Record<string, number> = {};
      issue.options.forEach((o) => {
        table[o.id] = rng.int(11) / 10;
      });
      table[issue.options[rng.int(issue.options.length)].id] = 1;
      if (options.opposed && p > 0)
        for (const o of issue.options) table[o.id] = Math.round(10 - 10 * first[issue.id][o.id]) / 10;
      values[issue.id] = table;
    });
    if (p === 0) Object.assign(first, values);
    const redLines: { id: string; statement: string; status: "stated"; requires: PredicateInput }[] = [];
    if (options.redLines) {
      const i = rng.int(issues.length);
      const banned = issues[i].options[rng.int(issues[i].options.length)].id;
      const simple: PredicateInput = { issue: `i${i}`, notIn: [banned] };
      const j = (i + 1) % issues.length;
      const requires: PredicateInput =
        rng.int(3) === 0 && j !== i ? { any: [simple, { issue: `i${j}`, in: ["o0"] }] } : simple;
      redLines.push({ id: "line", statement: "a red line", status: "stated", requires });
    }
    return {
      id: `p${p}`,
      name: `Party ${p}`,
      role: "principal" as const,
      reservation: options.maxReservation ? Math.round(rng.next() * options.maxReservation * 20) / 20 : 0,
      preferences: { weights, values, normalize: true },
      ...(redLines.length ? { redLines } : {}),
    };
  });
  const doc = { zopa: 1, meta: { id: `synthetic-${seed}`, title: `Synthetic ${seed}` }, issues, parties };
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.scenario) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

export function syntheticSpace(radix: number[], seed: number, options: SyntheticOptions = {}): CompiledSpace {
  return compileScenario(syntheticScenario(radix, seed, options));
}
