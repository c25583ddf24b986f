/**
 * Seeded synthetic scenarios: linear additive parties with random weights and option values. Used by the
 * benchmarks and property tests; the same seed gives the same scenario.
 */
import type { Scenario } from "../scenario/schema.ts";
import { mulberry32 } from "../util/random.ts";

export interface SyntheticOptions {
  /** Number of options of each issue. */
  optionsPerIssue: number[];
  parties?: number;
  seed?: number;
  /** Reservation value of every party; defaults to 0. */
  reservation?: number;
}

export function syntheticScenario(options: SyntheticOptions): Scenario {
  const rand = mulberry32(options.seed ?? 1);
  const issues = options.optionsPerIssue.map((n, i) => ({
    id: `i${i}`,
    type: "categorical" as const,
    options: Array.from({ length: n }, (_, k) => ({ id: `o${k}` })),
  }));
  const parties = Array.from({ length: options.parties ?? 2 }, (_, p) => {
    const raw = issues.map(() => rand() + 0.01);
    const sum = raw.reduce((a, b) => a + b, 0);
    const weights: Record<string, number> = {};
    const values: Record<string, Record<string, number>> = {};
    issues.forEach((issue, i) => {
      weights[issue.id] = raw[i] / sum;
      values[issue.id] = Object.fromEntries(issue.options.map((o) => [o.id, rand()]));
    });
    return {
      id: `p${p}`,
      name: `Party ${p}`,
      role: "principal" as const,
      reservation: options.reservation ?? 0,
      preferences: { weights, values, normalize: false },
    };
  });
  return {
    zopa: 1,
    meta: {
      id: `synthetic-${options.seed ?? 1}`,
      title: `Synthetic space (${options.optionsPerIssue.join("×")})`,
    },
    sources: [],
    issues,
    parties,
    variants: [],
  } as Scenario;
}
