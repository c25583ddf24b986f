/**
 * An approximate analysis of an ANAC 2014 nonlinear GENIUS scenario, in the `Analysis` contract of
 * `analyze()` (docs/analysis-json.md). The utilities are sums over hyper-rectangles, not additive over issues,
 * so neither enumeration (10^10–10^50 bids) nor the exact decomposition applies: the frontier is the
 * non-dominated set of a seeded search (`searchFrontier`) and of a seeded uniform sample; solutions and
 * opposition are computed on it; zone size and distribution are estimated from the sample. Every
 * approximation is said in `notes`.
 */
import type { Analysis, PartySummary, Solutions } from "../analysis/analyze.ts";
import {
  type Candidates,
  distribution,
  egalitarianPoint,
  equalUtilityPoint,
  kalaiSmorodinskyPoint,
  nashPoint,
  opposition,
  oppositionMinDistance,
  oppositionWelfare,
  welfarePoint,
} from "../analysis/bargaining.ts";
import type { Point } from "../analysis/point.ts";
import { UTILITY_EPSILON } from "../space/commitments.ts";
import { mulberry32 } from "../util/random.ts";
import {
  type FrontierBid,
  type NonlinearScenario,
  nonlinearUtility,
  paretoBids,
  searchFrontier,
} from "./nonlinear.ts";

export interface NonlinearAnalyzeOptions {
  /** Seed of the frontier search and of the sample (default 1). */
  seed?: number;
  /** Weighted-sum directions of the search (default 21). */
  directions?: number;
  /** Random starts per direction (default 4). */
  restarts?: number;
  /** Uniform random bids for the zone-size and distribution estimates (default 10,000). */
  sample?: number;
  /** Frontier reported over all bids found or over those meeting both reservation values (default "all"). */
  over?: "all" | "zone";
  /** Solutions within the (approximate) zone, or over the whole frontier as GENIUS does (default "zone"). */
  solutionsOver?: "zone" | "all";
  /** Normalised time t in [0, 1]: utilities and reservation values times d^t for a discount factor d. */
  time?: number;
}

export const DEFAULT_NONLINEAR_SAMPLE = 10_000;

function fmt(x: number): string {
  return (Math.round(x * 1000) / 1000).toString();
}

/** GENIUS ignores discount factors that are missing, ≤ 0 or > 1. */
function discountOf(d: number | null): number | null {
  return d !== null && d > 0 && d <= 1 ? d : null;
}

/** Analyses a two-party nonlinear scenario approximately; the result has the `Analysis` shape. */
export function analyzeNonlinear(
  scenario: NonlinearScenario,
  options: NonlinearAnalyzeOptions = {},
): Analysis {
  const seed = options.seed ?? 1;
  const over = options.over ?? "all";
  const solutionsOver = options.solutionsOver ?? "zone";
  const sampleCount = Math.max(1, Math.floor(options.sample ?? DEFAULT_NONLINEAR_SAMPLE));
  const time = options.time ?? 0;
  const [pa, pb] = scenario.parties;
  const ids = [pa.id, pb.id];
  const notes: string[] = [];

  const exactSize = scenario.issues.reduce((n, i) => n * BigInt(i.upper - i.lower + 1), 1n);
  const size = Number(exactSize);

  // Discounting scales each party's utilities and reservation value by d^t: the Pareto set is unchanged.
  const discounts = scenario.parties.map((p) => discountOf(p.profile.discount));
  const scale = discounts.map((d) => (d === null ? 1 : d ** time));
  const rv = scenario.parties.map((p, k) => (p.profile.reservation ?? 0) * scale[k]);

  const search = searchFrontier(pa.profile, pb.profile, {
    seed,
    directions: options.directions,
    restarts: options.restarts,
  });

  // A seeded uniform sample (its own stream, so it does not repeat the search's starting bids).
  const random = mulberry32((seed ^ 0x5bd1e995) >>> 0);
  const n = scenario.issues.length;
  const sampled: FrontierBid[] = [];
  const colA = new Float64Array(sampleCount);
  const colB = new Float64Array(sampleCount);
  let hits = 0;
  for (let s = 0; s < sampleCount; s++) {
    const bid = new Int32Array(n);
    scenario.issues.forEach((issue, k) => {
      bid[k] = issue.lower + Math.floor(random() * (issue.upper - issue.lower + 1));
    });
    const ua = nonlinearUtility(pa.profile, bid);
    const ub = nonlinearUtility(pb.profile, bid);
    sampled.push({ bid, ua, ub });
    colA[s] = ua * scale[0];
    colB[s] = ub * scale[1];
    if (colA[s] >= rv[0] - UTILITY_EPSILON && colB[s] >= rv[1] - UTILITY_EPSILON) hits++;
  }

  const frontier = paretoBids([...search.points, ...sampled]);
  const pointOf = (f: FrontierBid): Point => {
    const outcome: Record<string, number> = {};
    scenario.issues.forEach((issue, k) => {
      outcome[issue.id] = f.bid[k];
    });
    return { outcome, utilities: { [ids[0]]: f.ua * scale[0], [ids[1]]: f.ub * scale[1] } };
  };
  const candidatesOf = (rows: FrontierBid[]): Candidates => {
    const utilities = new Float64Array(2 * rows.length);
    rows.forEach((f, r) => {
      utilities[2 * r] = f.ua * scale[0];
      utilities[2 * r + 1] = f.ub * scale[1];
    });
    return { dims: 2, count: rows.length, utilities };
  };
  const zoneRows = frontier.filter(
    (f) => f.ua * scale[0] >= rv[0] - UTILITY_EPSILON && f.ub * scale[1] >= rv[1] - UTILITY_EPSILON,
  );
  const all = candidatesOf(frontier);
  const zone = candidatesOf(zoneRows);
  const baseRows = solutionsOver === "zone" ? zoneRows : frontier;
  const base = solutionsOver === "zone" ? zone : all;
  const at = (r: number) => (r < 0 ? null : pointOf(baseRows[r]));
  const solutions: Solutions = {
    nash: at(nashPoint(base, rv, solutionsOver === "zone")),
    kalaiSmorodinsky: at(kalaiSmorodinskyPoint(base, rv)),
    equalUtility: at(equalUtilityPoint(base)),
    egalitarian: at(egalitarianPoint(base, rv)),
    welfare: at(welfarePoint(base)),
  };

  // Best: the frontier's end points (the best bids found); worst: the worst sampled bid.
  const bestRows = [frontier[frontier.length - 1], frontier[0]];
  const worstRows = [0, 1].map((k) =>
    sampled.reduce((w, f) => ((k === 0 ? f.ua < w.ua : f.ub < w.ub) ? f : w), sampled[0]),
  );
  const parties: PartySummary[] = scenario.parties.map((p, k) => ({
    id: p.id,
    name: p.name,
    role: "principal",
    veto: true,
    reservation: rv[k],
    best: pointOf(bestRows[k]),
    worst: pointOf(worstRows[k]),
  }));

  const zoneEmpty = zoneRows.length === 0;
  const p = hits / sampleCount;
  const half = 1.96 * Math.sqrt((p * (1 - p)) / sampleCount);
  // The zone holds at least the distinct frontier bids that meet both reservation values.
  // Without a sampled bid in the zone the sample says only that the zone is small: its size is not given.
  const zoneSize = zoneEmpty ? 0 : hits === 0 ? Number.NaN : Math.max(Math.round(p * size), zoneRows.length);

  notes.push(
    `APPROXIMATION: the utility functions are nonlinear (ANAC 2014 hyper-rectangles), so the ${Number.isSafeInteger(size) ? size.toLocaleString("en-US") : size.toExponential(3)} outcomes are neither enumerated nor decomposed. The frontier is the non-dominated set of the ${search.evaluations.toLocaleString("en-US")} bids evaluated by a seeded coordinate-ascent search on weighted sums (${search.directions} directions × ${search.restarts} random starts, seed ${seed}) and of ${sampleCount.toLocaleString("en-US")} uniform random bids; it may miss Pareto-optimal bids. Solutions, opposition and the zone's frontier are computed on it.`,
    "APPROXIMATION: each party's best outcome is the best bid the search found (utility 1 when it reached the profile's maxutility); the worst is the worst of the sampled bids.",
  );
  if (!Number.isSafeInteger(size))
    notes.push(
      `The space has exactly ${exactSize.toString()} outcomes; space.size is the nearest floating-point number (beyond 2^53 it is not exact).`,
    );
  notes.push(
    hits === 0
      ? `ESTIMATE: none of ${sampleCount} uniform random bids (seed ${seed}) meets both reservation values, so the zone is below about ${(300 / sampleCount).toPrecision(2)}% of the space (95% bound); the search found ${zoneRows.length} frontier bids in it, so its size is not estimated.`
      : `ESTIMATE: agreement zone ≈ ${(100 * p).toPrecision(3)}% of the space (95% interval ${(100 * Math.max(0, p - half)).toPrecision(3)}–${(100 * Math.min(1, p + half)).toPrecision(3)}%), from ${sampleCount} uniform random bids (seed ${seed}); the search found ${zoneRows.length} frontier bids in it.`,
    `ESTIMATE: distribution is the mean distance of ${sampleCount} uniform random bids to the approximate frontier, not over all bids.`,
  );
  if (discounts.some((d) => d !== null))
    notes.push(
      `Discount factors: ${scenario.parties.map((q, k) => `${q.id} ${discounts[k] ?? "none"}`).join(", ")}; ${time === 0 ? "utilities and reservation values are undiscounted (t = 0; --time t to discount)" : `utilities and reservation values are multiplied by d^${time}`}.`,
    );
  if (zoneEmpty)
    notes.push(
      `APPROXIMATION: no bid found meets both reservation values (${ids.map((id, k) => `${id} ${fmt(rv[k])}`).join(", ")}), so the zone is reported empty; the search is not exhaustive, so a zone may still exist. The deadlock diagnosis does not apply: the reservation values are the only commitments.`,
    );

  const shownRows = over === "zone" ? zoneRows : frontier;
  const nash = solutions.nash;
  const verdict = zoneEmpty
    ? "No agreement zone found (approximate analysis of a nonlinear scenario): no bid the search found meets both reservation values."
    : `Agreement appears possible (approximate analysis of a nonlinear scenario): ${zoneRows.length} frontier bid${zoneRows.length === 1 ? "" : "s"} found meet both reservation values${nash ? `; the Nash point gives ${ids.map((id) => `${id} ${fmt(nash.utilities[id])}`).join(", ")}` : ""}.`;
  return {
    version: 1,
    scenario: {
      id: scenario.id,
      title: `${scenario.title} (nonlinear: approximate analysis)`,
      variant: null,
    },
    verdict,
    space: {
      size,
      issues: scenario.issues.map((i) => ({ id: i.id, name: i.name, size: i.upper - i.lower + 1 })),
      enumerated: false,
    },
    parties,
    negotiators: ids,
    agreementZone: { size: zoneSize, exact: false, empty: zoneEmpty, outcomes: null },
    pareto: { over, size: shownRows.length, points: shownRows.map(pointOf), truncated: false },
    solutions,
    solutionsOver,
    metrics: {
      opposition: opposition(all),
      oppositionMinDistance: oppositionMinDistance(all),
      oppositionWelfare: oppositionWelfare(all),
      distribution: distribution(all, [colA, colB], sampleCount),
    },
    deadlock: null,
    assumptions: [],
    notes,
  };
}
