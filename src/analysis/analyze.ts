/**
 * The full analysis of a scenario: space, each party's best and worst outcomes, the agreement zone, the
 * Pareto frontier, bargaining solutions, the GENIUS metrics and, when the zone is empty, the deadlock
 * diagnosis. The result is plain data with a stable JSON form (docs/analysis-json.md).
 */

import { ZopaError } from "../errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import { applyVariant } from "../scenario/variants.ts";
import { commitmentsOf } from "../space/commitments.ts";
import { type CompiledSpace, compileScenario } from "../space/compile.ts";
import {
  DEFAULT_ENUMERATION_LIMIT,
  type Enumeration,
  enumerateSpace,
  MAX_COMMITMENTS,
} from "../space/enumerate.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { sampleSpace } from "../space/sample.ts";
import { rounded, significant } from "../util/format.ts";
import { type Assumption, assumptionsOf } from "./assumptions.ts";
import {
  type Candidates,
  distributionWithin,
  egalitarianPoint,
  equalUtilityPoint,
  kalaiSmorodinskyPoint,
  nashPoint,
  opposition,
  oppositionMinDistance,
  oppositionWelfare,
  welfarePoint,
} from "./bargaining.ts";
import { estimateAnalysisCost, requireAffordable, SIZE_LIMIT_HINT } from "./cost.ts";
import { type Deadlock, diagnoseDeadlock, type Relaxation } from "./deadlock.ts";
import { diagnoseDeadlockByFrontier } from "./deadlockByFrontier.ts";
import { commitmentText, listText, opensText, relaxationText } from "./deadlockText.ts";
import { type Frontier, frontierOfRows } from "./frontier.ts";
import { type Point, pointOf } from "./point.ts";
import { zoneFrontiers } from "./zoneFrontier.ts";

export interface AnalyzeOptions {
  /** Apply this variant before analysing; defaults to the base scenario. */
  variant?: string;
  /** Pareto frontier reported over all outcomes or over the agreement zone; defaults to "all". */
  over?: "all" | "zone";
  /**
   * Where bargaining solutions are sought: "zone" (default) restricts them to the agreement zone and gives
   * none when it is empty; "all" searches the whole frontier with d = reservation values, as GENIUS does.
   */
  solutionsOver?: "zone" | "all";
  /** Enumerate spaces up to this size (default 2e7); larger ones use the exact decomposition. */
  enumerationLimit?: number;
  /** List the zone's outcomes when it has at most this many (default 20). */
  listZoneUpTo?: number;
  /** Report at most this many frontier points (default: all). */
  maxParetoPoints?: number;
  /**
   * For spaces beyond the enumeration limit: estimate the zone size and the distribution metric (and, when a
   * red line spans issues with any/not, the zone's frontier) from this many uniform random outcomes. Every
   * estimate is labelled in `notes`. Without it such spaces get exact results where possible, else an error.
   */
  sample?: number;
  /** Seed for `sample`; defaults to 1. */
  seed?: number;
  /**
   * Normalised time t in [0, 1] at which to discount: parties with a `discount` d have their utilities and
   * reservation value multiplied by d^t (GENIUS). Omitted: undiscounted.
   */
  time?: number;
  /**
   * Called as the long steps advance (enumeration, the distribution metric), about every 10^6 outcomes:
   * `done` of `total` outcomes of `step`.
   */
  onProgress?: (progress: AnalysisProgress) => void;
  /** Checked about every 10^6 outcomes and between steps: an abort stops the analysis with its reason. */
  signal?: AbortSignal;
}

export interface AnalysisProgress {
  step: "enumerate" | "distribution";
  done: number;
  total: number;
}

export interface PartySummary {
  id: string;
  name: string;
  role: "principal" | "mediator" | "observer";
  veto: boolean;
  reservation: number;
  best: Point | null;
  worst: Point | null;
}

export interface Solutions {
  nash: Point | null;
  kalaiSmorodinsky: Point | null;
  equalUtility: Point | null;
  egalitarian: Point | null;
  welfare: Point | null;
}

export interface Analysis {
  /** Version of this JSON contract. */
  version: 1;
  scenario: { id: string; title: string; variant: string | null };
  verdict: string;
  space: { size: number; issues: { id: string; name: string; size: number }[]; enumerated: boolean };
  parties: PartySummary[];
  /** Party ids whose acceptance an agreement needs: the axes of the frontier and the solutions. */
  negotiators: string[];
  agreementZone: { size: number; exact: boolean; empty: boolean; outcomes: Point[] | null };
  pareto: { over: "all" | "zone"; size: number; points: Point[]; truncated: boolean };
  solutions: Solutions;
  solutionsOver: "zone" | "all";
  metrics: {
    opposition: number | null;
    oppositionMinDistance: number | null;
    oppositionWelfare: number | null;
    distribution: number | null;
  };
  deadlock: Deadlock | null;
  assumptions: Assumption[];
  notes: string[];
}

function candidatesOf(f: Frontier): Candidates {
  return { dims: f.parties.length, count: f.count, utilities: f.utilities };
}

function rowPoint(space: CompiledSpace, f: Frontier, row: number): Point | null {
  if (row < 0) return null;
  const n = space.issues.length;
  return pointOf(space, f.digits.subarray(row * n, row * n + n));
}

/** Best (or worst) outcome of one additive party: the best (worst) option of every issue. */
function extremeOutcome(space: CompiledSpace, k: number, best: boolean): Point | null {
  const party = space.parties[k];
  if (!party.hasPreferences) return null;
  const digits = party.tables.map((t) => {
    let arg = 0;
    for (let j = 1; j < t.length; j++) if (best ? t[j] > t[arg] : t[j] < t[arg]) arg = j;
    return arg;
  });
  return pointOf(space, digits);
}

/** Analyses an already compiled space. */
export function analyzeSpace(
  space: CompiledSpace,
  options: AnalyzeOptions = {},
  assumptions: Assumption[] = [],
): Analysis {
  const over = options.over ?? "all";
  const solutionsOver = options.solutionsOver ?? "zone";
  const limit = options.enumerationLimit ?? DEFAULT_ENUMERATION_LIMIT;
  const listUpTo = options.listZoneUpTo ?? 20;
  const notes: string[] = [];
  const _n = space.issues.length;
  const negotiators = space.negotiators;
  const rv = negotiators.map((k) => space.parties[k].reservation);
  const commitments = commitmentsOf(space);
  const enumerable = Number.isSafeInteger(space.size) && space.size <= limit;
  // Enumeration and samples record broken commitments as bits of a 32-bit mask.
  if ((enumerable || options.sample) && commitments.length > MAX_COMMITMENTS)
    throw new ZopaError(
      "size-limit",
      `the parties that must agree hold ${commitments.length} commitments; the analysis handles at most ${MAX_COMMITMENTS}`,
    );

  requireAffordable(
    estimateAnalysisCost(space, {
      enumerationLimit: limit,
      sample: options.sample,
      commitments: commitments.length,
    }),
  );
  const signal = options.signal;
  signal?.throwIfAborted();
  const ticker =
    (step: AnalysisProgress["step"], total: number) =>
    (done: number): void => {
      signal?.throwIfAborted();
      options.onProgress?.({ step, done, total });
    };

  let enumeration: Enumeration | null = null;
  if (enumerable) {
    enumeration = enumerateSpace(space, { commitments, tick: ticker("enumerate", space.size) });
    options.onProgress?.({ step: "enumerate", done: space.size, total: space.size });
  }
  const sampleCount = !enumerable && options.sample ? Math.floor(options.sample) : 0;
  const seed = options.seed ?? 1;
  const sample = sampleCount > 0 ? sampleSpace(space, sampleCount, seed, commitments) : null;
  if (!enumerable)
    notes.push(
      `The space has ${space.size.toExponential(3)} outcomes, beyond the enumeration limit (${limit}): the frontier comes from the exact decomposition${sample ? `; estimates below come from ${sampleCount} uniform random outcomes (seed ${seed})` : "; zone size and distribution are not computed (pass a sample size for estimates)"}.`,
    );

  signal?.throwIfAborted();
  const frontiers = zoneFrontiers(space, negotiators, commitments, enumeration);
  signal?.throwIfAborted();
  const frontierAll = frontiers.all;
  const allowed = frontiers.allowed;
  let frontierZone: Frontier;
  if (frontiers.zone) frontierZone = frontiers.zone;
  else if (sample) {
    const v = sample.violations;
    const rows: number[] = [];
    for (let s = 0; s < sample.count; s++) if (!v || v[s] === 0) rows.push(s);
    frontierZone = frontierOfRows(space, sample, negotiators, rows);
    notes.push(
      `APPROXIMATION: a red line spans several issues with any/not, so the zone's frontier and solutions come from the ${rows.length} sampled outcomes inside the zone, not from the whole space.`,
    );
  } else {
    const whole = estimateAnalysisCost(space, { enumerationLimit: Number.POSITIVE_INFINITY, commitments: 1 });
    throw new ZopaError(
      "size-limit",
      `the space has ${space.size} outcomes and a red line that spans several issues with "any" or "not", so it must be enumerated, but the enumeration limit is ${limit} (enumerating it: about ${whole.work.toExponential(1)} steps and ${(whole.memory / 2 ** 30).toFixed(1)} GiB${whole.refusal ? `, beyond the analysis's limits` : ""}). Options: restrict issues with a variant, raise the limit (--enumeration-limit), or estimate from a sample (--sample N).`,
      { hint: SIZE_LIMIT_HINT },
    );
  }

  // Agreement zone.
  let zoneSize: number;
  let zoneExact = true;
  let zoneOutcomes: Point[] | null = null;
  if (enumeration) {
    // Without commitments every outcome is acceptable (no violation bits were recorded).
    const v = enumeration.violations;
    zoneSize = 0;
    const listed: number[] = [];
    for (let x = 0; x < enumeration.size; x++)
      if (!v || v[x] === 0) {
        zoneSize++;
        if (listed.length <= listUpTo) listed.push(x);
      }
    if (zoneSize <= listUpTo) zoneOutcomes = listed.map((x) => pointOf(space, decodeOutcome(space, x)));
  } else if (sample && frontierZone.count > 0) {
    const v = sample.violations;
    let hits = 0;
    for (let s = 0; s < sample.count; s++) if (!v || v[s] === 0) hits++;
    const p = hits / sample.count;
    const half = 1.96 * Math.sqrt((p * (1 - p)) / sample.count);
    zoneSize = Math.round(p * space.size);
    zoneExact = false;
    notes.push(
      `ESTIMATE: agreement zone ≈ ${significant(100 * p, 3)}% of the space (95% interval ${significant(100 * Math.max(0, p - half), 3)}–${significant(100 * Math.min(1, p + half), 3)}%), from ${sample.count} samples.`,
    );
  } else {
    zoneSize = frontierZone.count > 0 ? Number.NaN : 0;
    zoneExact = frontierZone.count === 0;
  }
  const zoneEmpty = frontierZone.count === 0;

  // Solutions.
  const base = solutionsOver === "zone" ? frontierZone : frontierAll;
  const c = candidatesOf(base);
  const solutions: Solutions = {
    nash: rowPoint(space, base, nashPoint(c, rv, solutionsOver === "zone")),
    kalaiSmorodinsky: rowPoint(space, base, kalaiSmorodinskyPoint(c, rv)),
    equalUtility: rowPoint(space, base, equalUtilityPoint(c)),
    egalitarian: rowPoint(space, base, egalitarianPoint(c, rv)),
    welfare: rowPoint(space, base, welfarePoint(c)),
  };

  const all = candidatesOf(frontierAll);
  // The distribution metric over every outcome, or over the sample when the space was not enumerated.
  const outcomes = enumeration ?? sample;
  const measuredCount = enumeration ? enumeration.size : (sample?.count ?? 0);
  const measured = outcomes
    ? distributionWithin(
        all,
        negotiators.map((k) => outcomes.utilities[outcomes.parties.indexOf(k)]),
        measuredCount,
        undefined,
        seed,
        ticker("distribution", measuredCount),
      )
    : { value: null, sampled: null };
  if (outcomes) options.onProgress?.({ step: "distribution", done: measuredCount, total: measuredCount });
  if (measured.sampled !== null)
    notes.push(
      `ESTIMATE: distribution is the mean over ${measured.sampled} outcomes drawn at random (seed ${seed}) rather than all ${enumeration ? space.size : sample!.count}: with ${negotiators.length} parties and ${frontierAll.count} frontier points the exact mean costs too much.`,
    );
  if (sample && measured.value !== null)
    notes.push(`ESTIMATE: distribution is the mean over ${sample.count} sampled outcomes, not all.`);
  const metrics = {
    opposition: opposition(all),
    oppositionMinDistance: oppositionMinDistance(all),
    oppositionWelfare: oppositionWelfare(all),
    distribution: measured.value,
  };

  const shown = over === "zone" ? frontierZone : frontierAll;
  const maxPoints = options.maxParetoPoints ?? Number.POSITIVE_INFINITY;
  const points: Point[] = [];
  for (let r = 0; r < shown.count && r < maxPoints; r++) points.push(rowPoint(space, shown, r)!);

  let deadlock: Deadlock | null = null;
  if (zoneEmpty && enumeration) deadlock = diagnoseDeadlock(space, enumeration, commitments);
  else if (zoneEmpty && allowed && commitments.length <= MAX_COMMITMENTS) {
    deadlock = diagnoseDeadlockByFrontier(space, commitments);
    notes.push(
      "The deadlock diagnosis was decided on Pareto frontiers of the restricted spaces (exact); the zones that relaxations open are not counted.",
    );
  } else if (zoneEmpty)
    notes.push(
      "The zone is empty; the deadlock diagnosis needs an enumerable space or red lines made of single-issue conditions.",
    );

  const analysis: Analysis = {
    version: 1,
    scenario: { id: space.scenarioId, title: space.title, variant: space.variant },
    verdict: "",
    space: {
      size: space.size,
      issues: space.issues.map((i, k) => ({ id: i.id, name: i.name, size: space.radix[k] })),
      enumerated: enumeration !== null,
    },
    parties: space.parties.map((p, k) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      veto: p.veto,
      reservation: p.reservation,
      best: extremeOutcome(space, k, true),
      worst: extremeOutcome(space, k, false),
    })),
    negotiators: negotiators.map((k) => space.parties[k].id),
    agreementZone: { size: zoneSize, exact: zoneExact, empty: zoneEmpty, outcomes: zoneOutcomes },
    pareto: { over, size: shown.count, points, truncated: points.length < shown.count },
    solutions,
    solutionsOver,
    metrics,
    deadlock,
    assumptions,
    notes,
  };
  analysis.verdict = verdictOf(space, analysis);
  return analysis;
}

/** One sentence that opens every report. */
export function verdictOf(space: CompiledSpace, a: Analysis): string {
  const name = (id: string) => space.parties.find((p) => p.id === id)?.name ?? id;
  if (!a.agreementZone.empty) {
    const share = a.agreementZone.exact
      ? `${a.agreementZone.size} of ${a.space.size} outcomes`
      : "some outcomes";
    const nash = a.solutions.nash;
    const gains = nash
      ? `; the Nash point gives ${a.negotiators.map((id) => `${name(id)} ${rounded(nash.utilities[id], 3)}`).join(", ")}`
      : "";
    return `Agreement is possible: ${share} are acceptable to every party that must agree${gains}.`;
  }
  const d = a.deadlock;
  if (!d || d.blockingSets.length === 0)
    return "No agreement zone: no outcome is acceptable to every party that must agree.";
  const n = d.blockingSets.length;
  const sets = `${d.complete ? "" : "at least "}${n} set${n === 1 ? "" : "s"} of commitments ${n === 1 && d.complete ? "blocks" : "block"} a deal`;
  const first = d.blockingSets[0].commitments.map((key) => commitmentText(d, key));
  const why =
    first.length === 1
      ? `${first[0]} alone rules out every outcome`
      : `${listText(first)} cannot ${first.length === 2 ? "both" : "all"} hold`;
  return `No agreement zone: ${sets}${n === 1 ? ":" : ", the first:"} ${why}.${cheapestText(d, a.space.size)}`;
}

/**
 * " The cheapest relaxation that opens a zone: … (opens n of N outcomes)." The relaxation that gives up the
 * fewest commitments (then lowers reservation values least, then opens the most outcomes); says how many others
 * give up as few.
 */
function cheapestText(d: Deadlock, spaceSize: number): string {
  if (d.relaxations.length === 0) return "";
  const drop = (r: Relaxation) => r.reservationDrops.reduce((s, x) => s + x.drop, 0);
  const opened = (r: Relaxation) => r.opens.zoneSize ?? 0;
  const cheaper = (r: Relaxation, best: Relaxation) =>
    r.relax.length !== best.relax.length
      ? r.relax.length < best.relax.length
      : Math.abs(drop(r) - drop(best)) > 1e-12
        ? drop(r) < drop(best)
        : opened(r) > opened(best);
  const cheapest = d.relaxations.reduce((best, r) => (cheaper(r, best) ? r : best));
  const ties = d.relaxations.filter((r) => r !== cheapest && r.relax.length === cheapest.relax.length).length;
  const others =
    ties > 0 ? `; ${ties} other${ties === 1 ? "" : "s"} give${ties === 1 ? "s" : ""} up as few` : "";
  return ` The cheapest relaxation that opens a zone: ${relaxationText(d, cheapest)} (${opensText(cheapest, spaceSize)}${others}).`;
}

/** Applies the variant (if any), compiles and analyses a validated scenario. */
export function analyze(scenario: Scenario, options: AnalyzeOptions = {}): Analysis {
  const applied = options.variant ? applyVariant(scenario, options.variant) : scenario;
  const space = compileScenario(applied, options.variant ?? null, { time: options.time });
  return analyzeSpace(space, options, assumptionsOf(applied));
}
