/**
 * The cost of `analyze`, estimated before any work from the space's shape: outcomes, parties, the frontier's
 * size bound, and the complexity of each step. `analyzeSpace` calls `estimateAnalysisCost` first and refuses
 * at once (a `size-limit` ZopaError stating the estimate and what to do) when it is over the limits below;
 * within them every step is bounded:
 *
 * | step | time | memory |
 * | --- | --- | --- |
 * | enumeration (outcomes ≤ enumeration limit) | outcomes × parties | outcomes × (8 × parties + 4) bytes |
 * | sample (`sample` N, beyond the limit) | N × parties × issues | N × (8 × parties + 4) bytes |
 * | frontier (decomposition, per issue) | candidates log candidates | ≤ `MAX_DECOMPOSITION_CANDIDATES` rows |
 * | distribution, 2 parties | outcomes × log F (grid, else k-d tree) | F × 40 bytes |
 * | distribution, 3+ parties | outcomes × log F, or a subsample of 3e8 / F outcomes | F × 8 × (3 × parties) |
 * | zone, solutions, opposition | outcomes + F | F |
 *
 * F is the frontier's size, at most the product over issues of each issue's non-dominated options (and at
 * most the number of outcomes). No step is worse than O(n log n) in the number of outcomes n.
 */

import { ZopaError } from "../errors.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { DEFAULT_ENUMERATION_LIMIT } from "../space/enumerate.ts";
import { count } from "../util/format.ts";
import { nonDominated } from "./nonDominated.ts";

/** Typed arrays the analysis may hold at once (enumeration or sample): 2 GiB. */
export const ANALYSIS_MEMORY_LIMIT = 2 ** 31;

/**
 * Estimated elementary steps (one utility added, one frontier point checked) the analysis may take: 8e9,
 * about a minute on one core (measured: 1.4e8 steps/s for three parties over 10^7 outcomes). The default
 * enumeration limit (2e7 outcomes) is within it for two and three negotiating parties and, since the
 * distribution metric is bounded from four parties, for up to 13 parties (memory binds first).
 */
export const ANALYSIS_WORK_LIMIT = 8e9;

export interface AnalysisCostOptions {
  /** Spaces up to this many outcomes are enumerated (default 2e7). */
  enumerationLimit?: number;
  /** Beyond the enumeration limit: this many sampled outcomes. */
  sample?: number;
  /** Commitments tracked per outcome (a 32-bit mask when there are any). */
  commitments?: number;
}

export interface AnalysisCost {
  outcomes: number;
  /** Parties whose utilities are computed (every party with preferences). */
  parties: number;
  /** Parties whose acceptance an agreement needs: the frontier's dimensions. */
  negotiators: number;
  /** "enumerate" every outcome, or the exact "decomposition" (with a sample when one is asked for). */
  method: "enumerate" | "decomposition";
  /** Outcomes whose utilities are computed: every outcome when enumerated, else the sample (0 without). */
  evaluated: number;
  /**
   * Upper bound on the Pareto frontier's size: Π over issues of each issue's non-dominated options (every
   * option of an issue of more than 10^4), at most the outcomes.
   */
  frontierBound: number;
  /**
   * Whether `distribution` is computed ("exact": over every outcome, or every sampled one; from 4 parties a
   * large frontier may still make it a subsample, noted in the analysis) or not at all.
   */
  distribution: "exact" | "none";
  /** Bytes of the per-outcome arrays. */
  memory: number;
  /** Estimated elementary steps. */
  work: number;
  /** Why the analysis would be refused; null when it is within the limits. */
  refusal: string | null;
}

const log2 = (x: number) => Math.log2(Math.max(2, x));

/** Per issue, the number of options not dominated for the negotiators (an upper bound's factors). */
function nonDominatedOptions(space: CompiledSpace): number[] {
  const negotiators = space.negotiators;
  const dims = negotiators.length;
  return space.issues.map((_, i) => {
    const size = space.radix[i];
    if (dims === 0) return 1;
    // Large issues count every option: the bound stays an upper bound, and the estimate stays cheap.
    if (size > 10_000) return size;
    const m = new Float64Array(size * dims);
    negotiators.forEach((k, d) => {
      const t = space.parties[k].tables[i];
      for (let o = 0; o < size; o++) m[o * dims + d] = t[o];
    });
    return nonDominated(m, dims, size).length;
  });
}

/**
 * Estimates the analysis's cost from the space's shape alone (the per-issue Pareto filter is O(s log s) per
 * issue of s options), and says why it would be refused. See the table at the top of this file.
 */
export function estimateAnalysisCost(space: CompiledSpace, options: AnalysisCostOptions = {}): AnalysisCost {
  const outcomes = space.size;
  const limit = options.enumerationLimit ?? DEFAULT_ENUMERATION_LIMIT;
  const parties = space.parties.filter((p) => p.hasPreferences).length;
  const negotiators = space.negotiators.length;
  const enumerate = Number.isSafeInteger(outcomes) && outcomes <= limit;
  const evaluated = enumerate ? outcomes : Math.floor(options.sample ?? 0);
  let frontierBound = 1;
  for (const k of nonDominatedOptions(space)) frontierBound = Math.min(frontierBound * k, outcomes);
  const perOutcome = 8 * parties + ((options.commitments ?? 0) > 0 ? 4 : 0);
  const memory = evaluated * perOutcome;
  const F = Math.max(1, Math.min(frontierBound, evaluated || 1));
  const distribution: AnalysisCost["distribution"] = evaluated > 0 && negotiators > 0 ? "exact" : "none";
  // distribution (bargaining.ts, distributionWithin): 2 and 3 parties query every outcome at about 48 + log F
  // point checks (a grid while it stays within 48 checks per outcome, else the k-d tree); from 4 parties an
  // exact scan runs only while outcomes × F ≤ 3e8, else a subsample of max(2000, 3e8 / F) outcomes.
  let queries = 0;
  if (distribution === "exact")
    queries =
      negotiators <= 3
        ? evaluated * negotiators * (48 + log2(F))
        : negotiators * Math.min(evaluated * F, 3e8 + 2000 * (48 + log2(F)));
  const evaluate = enumerate ? evaluated * parties : evaluated * parties * space.issues.length;
  const work = evaluate + queries + evaluated + F * log2(F) * Math.max(1, negotiators);
  let refusal: string | null = null;
  if (memory > ANALYSIS_MEMORY_LIMIT)
    refusal = `it would hold ${bytes(memory)} of utilities (${counted(evaluated)} outcomes × ${parties} parties), more than ${bytes(ANALYSIS_MEMORY_LIMIT)}`;
  else if (work > ANALYSIS_WORK_LIMIT)
    refusal = `it would take about ${work.toExponential(1)} steps (${counted(evaluated)} outcomes × ${parties} parties, a frontier of up to ${counted(F)} points), more than ${ANALYSIS_WORK_LIMIT.toExponential(1)} (about a minute)`;
  return {
    outcomes,
    parties,
    negotiators,
    method: enumerate ? "enumerate" : "decomposition",
    evaluated,
    frontierBound,
    distribution,
    memory,
    work,
    refusal,
  };
}

/** What to do instead of an analysis that is too large. */
export const SIZE_LIMIT_HINT =
  "estimate from a sample (--sample N with a lower --enumeration-limit), use a coarser resolution or a larger step for the largest issues, analyse fewer parties, or add a variant that restricts issues";

/** Throws the `size-limit` ZopaError for a cost with a refusal; does nothing otherwise. */
export function requireAffordable(cost: AnalysisCost): void {
  if (!cost.refusal) return;
  throw new ZopaError(
    "size-limit",
    `the analysis was refused before starting: the space has ${counted(cost.outcomes)} outcomes and ${cost.parties} parties, and ${cost.refusal}`,
    { hint: SIZE_LIMIT_HINT, details: { estimate: { ...cost } } },
  );
}

function counted(n: number): string {
  return n < 1e15 ? count(n) : n.toExponential(2);
}

function bytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.round(n / 2 ** 20)} MiB`;
}
