/**
 * The utility plane of two negotiators as data: every outcome (gathered into cells of `grid` utility units, each
 * keeping one outcome to show on hover and how many it stands for), which cells hold outcomes of the agreement
 * zone, the Pareto frontier of the pair and their reservation values. Pure.
 */
import { frontierByDecomposition } from "../analysis/frontier.ts";
import type { Scenario } from "../scenario/schema.ts";
import { commitmentsOf } from "../space/commitments.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { enumerateSpace } from "../space/enumerate.ts";
import { decodeOutcome } from "../space/outcome.ts";

export interface PlaneCell {
  x: number;
  y: number;
  /** One outcome of the cell (its index in the space), the first met. */
  outcome: number;
  /** Outcomes in the cell. */
  count: number;
  /** Whether some outcome of the cell lies in the agreement zone (breaks no commitment). */
  zone: boolean;
}

export interface Plane {
  /** Party ids on x and y. */
  axes: [string, string];
  cells: PlaneCell[];
  frontier: { x: number; y: number }[];
  reservation: { x: number; y: number };
  grid: number;
  /** Outcomes in the zone (exact, over every outcome). */
  zoneSize: number;
}

/** Planes are drawn only for spaces up to this many outcomes (every outcome is visited). */
export const PLANE_LIMIT = 2e6;

/** The plane of negotiators `i` and `j` (indices into space.parties), or null beyond PLANE_LIMIT. */
export function planeOf(space: CompiledSpace, i: number, j: number, grid = 0.01): Plane | null {
  if (space.size > PLANE_LIMIT) return null;
  // Every negotiator is enumerated (the zone needs all their reservation values); the plane shows two of them.
  const parties = [...new Set([i, j, ...space.negotiators])];
  const e = enumerateSpace(space, { parties, commitments: commitmentsOf(space) });
  const xs = e.utilities[0];
  const ys = e.utilities[1];
  const v = e.violations;
  const byKey = new Map<number, PlaneCell>();
  const row = Math.round(1 / grid) + 3;
  let zoneSize = 0;
  for (let k = 0; k < xs.length; k++) {
    const ix = Math.round(xs[k] / grid);
    const iy = Math.round(ys[k] / grid);
    const key = (ix + 1) * row + (iy + 1);
    const inZone = !v || v[k] === 0;
    if (inZone) zoneSize++;
    const cell = byKey.get(key);
    if (cell) {
      cell.count++;
      if (inZone && !cell.zone) {
        cell.zone = true;
        cell.outcome = k;
      }
    } else byKey.set(key, { x: ix * grid, y: iy * grid, outcome: k, count: 1, zone: inZone });
  }
  const f = frontierByDecomposition(space, [i, j]);
  const frontier: { x: number; y: number }[] = [];
  for (let r = 0; r < f.count; r++) frontier.push({ x: f.utilities[r * 2], y: f.utilities[r * 2 + 1] });
  frontier.sort((a, b) => a.x - b.x || b.y - a.y);
  return {
    axes: [space.parties[i].id, space.parties[j].id],
    cells: [...byKey.values()],
    frontier,
    reservation: { x: space.parties[i].reservation, y: space.parties[j].reservation },
    grid,
    zoneSize,
  };
}

/** Every pair of negotiators, in scenario order: one plane for two, three for three, … */
export function negotiatorPairs(space: CompiledSpace): [number, number][] {
  const n = space.negotiators;
  const out: [number, number][] = [];
  for (let a = 0; a < n.length; a++) for (let b = a + 1; b < n.length; b++) out.push([n[a], n[b]]);
  return out;
}

/** An outcome written with the issues' names and the options' labels: "Troops: stay; Hermon: Syrian". */
export function outcomeText(scenario: Scenario, space: CompiledSpace, index: number): string {
  const digits = decodeOutcome(space, index);
  return space.issues
    .map((issue, k) => {
      const value = issue.values[digits[k]];
      return `${issueLabel(scenario, issue.id)}: ${optionText(scenario, issue.id, value)}`;
    })
    .join("; ");
}

export function issueLabel(scenario: Scenario, id: string): string {
  return scenario.issues.find((i) => i.id === id)?.name ?? id;
}

export function optionText(scenario: Scenario, issueId: string, value: unknown): string {
  const issue = scenario.issues.find((i) => i.id === issueId);
  if (issue && (issue.type === "categorical" || issue.type === "ordinal"))
    return issue.options.find((o) => o.id === value)?.label ?? String(value);
  return String(value);
}
