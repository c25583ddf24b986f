/**
 * Everything the shareable report shows, computed once from a validated scenario: the analysis of the base
 * and of every variant, the history of the rounds, and the principals' utility space (outcome cloud, zones,
 * frontier). Pure: no I/O. The renderers in this folder only format this data.
 */
import { type Analysis, analyze } from "../../analysis/analyze.ts";
import { type Frontier, frontierByDecomposition } from "../../analysis/frontier.ts";
import { type ForecastReport, stakeholderForecasts } from "../../forecast/stakeholderForecasts.ts";
import { analyzeHistory, type History } from "../../history/history.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { applyVariant } from "../../scenario/variants.ts";
import { commitmentsOf } from "../../space/commitments.ts";
import { compileScenario } from "../../space/compile.ts";
import { type Enumeration, enumerateSpace } from "../../space/enumerate.ts";

export type { ForecastReport };

/** Two principals' utilities: x is the first negotiator, y the second. */
export interface UtilityPoint {
  x: number;
  y: number;
}

export interface UtilitySpace {
  /** The two negotiators (x, y). */
  axes: [string, string];
  /** Distinct utility pairs of all outcomes, rounded to `grid` (a cloud, not every outcome). */
  cloud: UtilityPoint[];
  grid: number;
  /** The Pareto frontier over all outcomes, by increasing x. */
  frontier: UtilityPoint[];
  /** Per variant with a non-empty zone: its zone's distinct utility pairs (rounded to `grid`). */
  zones: { variant: string | null; points: UtilityPoint[] }[];
  /** Reservation values of the two negotiators (base scenario). */
  reservation: UtilityPoint;
}

export interface ReportData {
  scenario: Scenario;
  /** The base scenario first, then every variant in order. */
  analyses: Analysis[];
  history: History | null;
  /** Null when the scenario does not have exactly two negotiators or cannot be enumerated. */
  utilitySpace: UtilitySpace | null;
  /** Null when the scenario has no stakeholders. */
  forecast: ForecastReport | null;
}

export interface ReportOptions {
  /** Rounding of the outcome cloud and zones in utility units (default 0.01). */
  grid?: number;
  /** Enumerate spaces up to this size for the cloud and zones (default 2e6). */
  enumerationLimit?: number;
  /** Called after each unit of work (each analysis, the history, the utility space, the forecasts). */
  onStep?: (done: number, total: number) => void;
}

function frontierPoints(f: Frontier): UtilityPoint[] {
  const out: UtilityPoint[] = [];
  for (let r = 0; r < f.count; r++) out.push({ x: f.utilities[r * 2], y: f.utilities[r * 2 + 1] });
  return out.sort((a, b) => a.x - b.x || b.y - a.y);
}

/** Grid cells per row of the integer key: cells of x and y (offset to be non-negative) key as x·K + y. */
const GRID_KEY_ROW = 2 ** 26;
const GRID_KEY_OFFSET = 2 ** 25;

/** Distinct utility pairs rounded to `grid`, in order of first appearance; cells keyed by an integer. */
function gridPoints(
  xs: Float64Array,
  ys: Float64Array,
  grid: number,
  keep?: (i: number) => boolean,
): UtilityPoint[] {
  const seen = new Set<number>();
  const out: UtilityPoint[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (keep && !keep(i)) continue;
    const ix = Math.round(xs[i] / grid);
    const iy = Math.round(ys[i] / grid);
    const key = (ix + GRID_KEY_OFFSET) * GRID_KEY_ROW + (iy + GRID_KEY_OFFSET);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ x: ix * grid, y: iy * grid });
  }
  return out;
}

/** The zone's grid points of one enumeration with commitments tracked (no violation bits: every outcome). */
function zonePoints(e: Enumeration, grid: number): UtilityPoint[] {
  const v = e.violations;
  return gridPoints(e.utilities[0], e.utilities[1], grid, (i) => !v || v[i] === 0);
}

export function utilitySpaceOf(scenario: Scenario, grid: number, limit: number): UtilitySpace | null {
  const space = compileScenario(scenario);
  if (space.negotiators.length !== 2 || space.size > limit) return null;
  // One enumeration of the base gives both the cloud (every outcome) and the base zone.
  const base = enumerateSpace(space, { parties: space.negotiators, commitments: commitmentsOf(space) });
  const zones: UtilitySpace["zones"] = [];
  const basePoints = zonePoints(base, grid);
  if (basePoints.length > 0) zones.push({ variant: null, points: basePoints });
  for (const { id: variant } of scenario.variants) {
    const vs = compileScenario(applyVariant(scenario, variant), variant);
    if (vs.size > limit || vs.negotiators.length !== 2) continue;
    const points = zonePoints(
      enumerateSpace(vs, { parties: vs.negotiators, commitments: commitmentsOf(vs) }),
      grid,
    );
    if (points.length > 0) zones.push({ variant, points });
  }
  return {
    axes: [space.parties[space.negotiators[0]].id, space.parties[space.negotiators[1]].id],
    cloud: gridPoints(base.utilities[0], base.utilities[1], grid),
    grid,
    frontier: frontierPoints(frontierByDecomposition(space, space.negotiators)),
    zones,
    reservation: {
      x: space.parties[space.negotiators[0]].reservation,
      y: space.parties[space.negotiators[1]].reservation,
    },
  };
}

/** Computes everything the report shows. */
export function buildReportData(scenario: Scenario, options: ReportOptions = {}): ReportData {
  const variants = scenario.variants.map((v) => v.id);
  // Units of work: each analysis, then the history, the utility space and the forecasts.
  const total = variants.length + 4;
  let done = 0;
  const step = <T>(value: T): T => {
    options.onStep?.(++done, total);
    return value;
  };
  const analyses = [
    step(analyze(scenario)),
    ...variants.map((variant) => step(analyze(scenario, { variant }))),
  ];
  const history = step(scenario.timeline && scenario.timeline.length > 0 ? analyzeHistory(scenario) : null);
  const utilitySpace = step(utilitySpaceOf(scenario, options.grid ?? 0.01, options.enumerationLimit ?? 2e6));
  // At nominal inputs (no Monte Carlo: the report stays deterministic).
  const forecast = step(
    scenario.stakeholders ? stakeholderForecasts(scenario, { rounds: 10, zoneListLimit: 5 }) : null,
  );
  return { scenario, analyses, history, utilitySpace, forecast };
}
