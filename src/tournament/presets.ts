/**
 * Tournament presets: the ANL 2024 rule set (docs/tournaments.md, "Presets"); ANL 2025 is in anl2025.ts. `applyPreset` fills what a
 * spec leaves out with the preset's defaults (before validation); `presetScenarios` generates its scenarios,
 * seeded: the same seed gives the same scenarios and deadlines on every machine.
 *
 * ANL 2024, as its call and the NegMAS-based runner define it, implemented from those definitions:
 * - bilateral SAOP; scenarios of 900–1100 outcomes (log-uniform), in the families zero-sum (5 %),
 *   monotonic (25 %), curve (25 %), divide-the-pie (20 %) and mixed (the other 25 %);
 * - reservation values uniform in [0, 1], each party independently;
 * - a deadline drawn per scenario, uniformly in 10–10,000 steps (a step is one party's turn; Zopa's rounds
 *   are turns of both parties, so rounds = ⌈steps / 2⌉);
 * - each agent knows the opponent's utility function but not its reservation value (given as 0):
 *   information `utilities`;
 * - score: advantage; the second track ranks by distance to the Nash point (`--scoring nash-distance`);
 * - 50 scenarios, 5 repetitions, self-play allowed.
 */
import type { Scenario } from "../scenario/schema.ts";
import { mulberry32 } from "../util/random.ts";

export const PRESETS = ["anl2024", "anl2025"] as const;
export type PresetName = (typeof PRESETS)[number];

export const ANL2024 = {
  scenarios: 50,
  repetitions: 5,
  selfPlay: true,
  minOutcomes: 900,
  maxOutcomes: 1100,
  minSteps: 10,
  maxSteps: 10_000,
  /** ANL's defaults were Boulware, Conceder, Linear, MiCRO, NashSeeker, RVFitter; Zopa has the first four. */
  agents: ["boulware", "conceder", "linear", "nash-seeking"],
  families: [
    ["zero-sum", 0.05],
    ["monotonic", 0.25],
    ["curve", 0.25],
    ["divide-the-pie", 0.2],
    ["mixed", 0.25],
  ] as const,
};

export type Family = (typeof ANL2024.families)[number][0];

/** The spec's fields with the preset's defaults for those it leaves out (raw data, before validation). */
export function applyPreset(data: Record<string, unknown>): Record<string, unknown> {
  if (data.preset === "anl2025")
    return {
      agents: ANL2024.agents,
      repetitions: 1,
      selfPlay: true,
      scoring: "anl2025",
      ...data,
    };
  if (data.preset !== "anl2024") return data;
  return {
    agents: ANL2024.agents,
    repetitions: ANL2024.repetitions,
    selfPlay: ANL2024.selfPlay,
    scoring: "advantage",
    ...data,
  };
}

/** A generated scenario and its deadline in rounds. */
export interface GeneratedScenario {
  scenario: Scenario;
  family: Family;
  outcomes: number;
  steps: number;
  rounds: number;
}

export type Rand = () => number;

export const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
export const r4 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Option counts per issue whose product lies in [min, max]: one issue of n options, or two or three issues. */
function issueSizes(rand: Rand, target: number, issues: number, min: number, max: number): number[] {
  if (issues === 1) return [target];
  if (issues === 2) {
    const a = int(rand, 20, 45);
    const b = Math.min(Math.floor(max / a), Math.max(Math.ceil(min / a), Math.round(target / a)));
    return [a, b];
  }
  const a = int(rand, 6, 14);
  const b = int(rand, 6, 14);
  const c = Math.min(
    Math.floor(max / (a * b)),
    Math.max(Math.ceil(min / (a * b)), Math.round(target / (a * b))),
  );
  return [a, b, c];
}

export function weights(rand: Rand, n: number): number[] {
  const raw = Array.from({ length: n }, () => rand() + 0.05);
  const sum = raw.reduce((x, y) => x + y, 0);
  return raw.map((x) => r4(x / sum));
}

/** Per issue, per option, each party's value in [0, 1] (before weights). */
export type Values = number[][];

export function familyValues(rand: Rand, family: Family, sizes: number[]): [Values, Values] {
  const ramp = (n: number) => Array.from({ length: n }, (_, o) => (n === 1 ? 1 : o / (n - 1)));
  switch (family) {
    case "zero-sum":
    case "divide-the-pie": {
      // Option o of an issue is the share o / (n − 1) of that issue's pie going to the first party.
      const a = sizes.map(ramp);
      return [a, a.map((v) => v.map((x) => r4(1 - x)))];
    }
    case "monotonic": {
      // Both parties' values monotone in the option, in opposite directions, at random rates.
      const rise = (n: number) => {
        const steps = Array.from({ length: n - 1 }, () => rand() + 0.05);
        const total = steps.reduce((x, y) => x + y, 0);
        let acc = 0;
        return [0, ...steps.map((s) => r4((acc += s) / total))];
      };
      return [sizes.map(rise), sizes.map((n) => rise(n).reverse())];
    }
    case "curve": {
      // One issue: the first party's value rises linearly, the second's follows (1 − u^p)^(1/p).
      const p = 0.3 + rand() * 2.7;
      const u = ramp(sizes[0]);
      return [[u.map(r4)], [u.map((x) => r4((1 - x ** p) ** (1 / p)))]];
    }
    case "mixed":
      return [
        sizes.map((n) => Array.from({ length: n }, () => r4(rand()))),
        sizes.map((n) => Array.from({ length: n }, () => r4(rand()))),
      ];
  }
}

export function pickFamily(rand: Rand): Family {
  let x = rand();
  for (const [family, share] of ANL2024.families) {
    if (x < share) return family;
    x -= share;
  }
  return "mixed";
}

/** One ANL 2024 scenario: `index` names it; everything else comes from `rand`. */
export function anl2024Scenario(rand: Rand, index: number): GeneratedScenario {
  const { minOutcomes: min, maxOutcomes: max } = ANL2024;
  const family = pickFamily(rand);
  const target = Math.round(Math.exp(Math.log(min) + rand() * (Math.log(max) - Math.log(min))));
  const issues = family === "curve" ? 1 : family === "zero-sum" ? int(rand, 1, 3) : int(rand, 2, 3);
  const sizes = issueSizes(rand, target, issues, min, max);
  const [va, vb] = familyValues(rand, family, sizes);
  // Zero-sum: the same weights for both, so that u₁ + u₂ = 1 everywhere.
  const wa = weights(rand, sizes.length);
  const wb = family === "zero-sum" ? wa : weights(rand, sizes.length);
  const id = `anl2024-${String(index + 1).padStart(3, "0")}`;
  const issueList = sizes.map((n, i) => ({
    id: `i${i}`,
    name: `Issue ${i + 1}`,
    type: "categorical" as const,
    options: Array.from({ length: n }, (_, o) => ({ id: `v${o}` })),
  }));
  const party = (pid: string, name: string, w: number[], v: Values) => ({
    id: pid,
    name,
    role: "principal" as const,
    reservation: r4(rand()),
    preferences: {
      weights: Object.fromEntries(issueList.map((issue, i) => [issue.id, w[i]])),
      values: Object.fromEntries(
        issueList.map((issue, i) => [
          issue.id,
          Object.fromEntries(issue.options.map((o, k) => [o.id, v[i][k]])),
        ]),
      ),
      normalize: false,
    },
  });
  const steps = int(rand, ANL2024.minSteps, ANL2024.maxSteps);
  const scenario = {
    zopa: 1,
    meta: { id, title: `ANL 2024 generated scenario ${index + 1} (${family})` },
    sources: [],
    issues: issueList,
    parties: [party("a", "First negotiator", wa, va), party("b", "Second negotiator", wb, vb)],
    variants: [],
  } as unknown as Scenario;
  const outcomes = sizes.reduce((x, y) => x * y, 1);
  return { scenario, family, outcomes, steps, rounds: Math.ceil(steps / 2) };
}

/** The preset's scenarios for a tournament seed. */
export function presetScenarios(
  preset: "anl2024",
  seed: number,
  count: number = ANL2024.scenarios,
): GeneratedScenario[] {
  if (preset !== "anl2024") throw new Error(`unknown preset ${preset}`);
  const rand = mulberry32((seed ^ 0x2024a11) >>> 0);
  return Array.from({ length: count }, (_, k) => anl2024Scenario(rand, k));
}
