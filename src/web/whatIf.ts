/**
 * What-ifs computed in the browser: a relaxation from the deadlock diagnosis, a moved reservation value or
 * weight, each turned into the scenario format's own variant changes and applied with the core's
 * `applyVariant`, then analysed with the core. Pure: no DOM, no network.
 */
import { type Analysis, analyze } from "../analysis/analyze.ts";
import type { Relaxation } from "../analysis/deadlock.ts";
import type { Scenario, VariantChange } from "../scenario/schema.ts";
import { applyVariant } from "../scenario/variants.ts";

const WHAT_IF = "__what-if__";

/**
 * The changes that apply a relaxation: each red line it gives up dropped, each reservation value it lowers
 * set to the value the diagnosis found sufficient. Commitment keys are `party/redLine` and `party/reservation`.
 */
export function relaxationChanges(relaxation: Relaxation): VariantChange[] {
  const changes: VariantChange[] = [];
  for (const key of relaxation.relax) {
    const slash = key.indexOf("/");
    const party = key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (name === "reservation") {
      const drop = relaxation.reservationDrops.find((d) => d.party === party);
      changes.push({ op: "setReservation", party, reservation: drop ? drop.to : 0 });
    } else changes.push({ op: "dropRedLine", party, redLine: name });
  }
  return changes;
}

/**
 * A party's weights after one issue's weight is set to `weight` (clamped to [0, 1]): the other issues share
 * the rest in their present proportions (equally when they all weigh 0), so the weights still sum to 1.
 */
export function reweight(
  weights: Readonly<Record<string, number>>,
  issue: string,
  weight: number,
): Record<string, number> {
  const w = Math.min(1, Math.max(0, weight));
  const others = Object.keys(weights).filter((k) => k !== issue);
  const rest = others.reduce((s, k) => s + Math.max(0, weights[k]), 0);
  const out: Record<string, number> = { [issue]: w };
  for (const k of others)
    out[k] = rest > 0 ? (Math.max(0, weights[k]) / rest) * (1 - w) : (1 - w) / Math.max(1, others.length);
  return out;
}

/** The changes that set a party's weights (one setWeight per issue). */
export function weightChanges(party: string, weights: Readonly<Record<string, number>>): VariantChange[] {
  return Object.entries(weights).map(([issue, weight]) => ({ op: "setWeight", party, issue, weight }));
}

/**
 * The scenario with `changes` applied as a what-if (through `applyVariant`, exactly as a variant of the
 * scenario would be), keeping the scenario's own variants.
 */
export function applyWhatIf(scenario: Scenario, changes: readonly VariantChange[]): Scenario {
  if (changes.length === 0) return scenario;
  const withWhatIf: Scenario = {
    ...scenario,
    variants: [...scenario.variants, { id: WHAT_IF, changes: [...changes] } as Scenario["variants"][number]],
  };
  const out = applyVariant(withWhatIf, WHAT_IF);
  out.variants = scenario.variants;
  return out;
}

/** Later changes of the same kind to the same thing replace earlier ones (a slider moved twice is one change). */
export function mergeChanges(changes: readonly VariantChange[]): VariantChange[] {
  const keyOf = (c: VariantChange): string => {
    switch (c.op) {
      case "setReservation":
      case "setVeto":
        return `${c.op}:${c.party}`;
      case "setWeight":
        return `${c.op}:${c.party}:${c.issue}`;
      case "dropRedLine":
        return `${c.op}:${c.party}:${c.redLine}`;
      default:
        return `${c.op}:${JSON.stringify(c)}`;
    }
  };
  const byKey = new Map<string, VariantChange>();
  for (const c of changes) {
    const k = keyOf(c);
    byKey.delete(k);
    byKey.set(k, c);
  }
  return [...byKey.values()];
}

export interface WhatIfResult {
  scenario: Scenario;
  analysis: Analysis;
  /** Milliseconds the recomputation took (applying the changes and the full analysis). */
  ms: number;
}

/** Applies the changes and analyses the result with the core, timing the whole recomputation. */
export function recompute(
  scenario: Scenario,
  changes: readonly VariantChange[],
  now: () => number = () => performance.now(),
): WhatIfResult {
  const t0 = now();
  const s = applyWhatIf(scenario, mergeChanges(changes));
  const analysis = analyze(s);
  return { scenario: s, analysis, ms: now() - t0 };
}
