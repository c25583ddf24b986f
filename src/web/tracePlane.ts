/**
 * A stored negotiation's trace (a tournament's, as the API gives it) on the utility plane: each party's offers
 * as points of the two plotted parties' utilities, and the agreement. Pure helpers, no DOM.
 */
import type { PathPoint } from "./plots/PlanePlot.tsx";

/** One trace entry as the tournament API writes it (utilities keyed by party, or listed in party order). */
export interface TraceRow {
  step?: number;
  round?: number;
  party?: string;
  kind?: string;
  outcome?: unknown;
  utilities?: number[] | Record<string, number> | null;
}

/** The path's points grouped by party, parties in the order of their first offer, points in order. */
export function pathsByParty<T extends { party: string }>(path: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const p of path) {
    const list = out.get(p.party);
    if (list) list.push(p);
    else out.set(p.party, [p]);
  }
  return out;
}

/** A party's utility in a trace entry's utilities (by id, or by its place in `parties` for a list). */
function utilityIn(u: TraceRow["utilities"], party: string, parties: readonly string[]): number | undefined {
  if (!u) return undefined;
  if (Array.isArray(u)) return u[parties.indexOf(party)];
  return u[party];
}

/**
 * Every offer of the trace as a point (x: the utility of `axes[0]`, y: of `axes[1]`), in trace order; entries
 * without both utilities are left out. `parties` orders utilities given as a list.
 */
export function offerPath(
  rows: readonly TraceRow[],
  axes: readonly [string, string],
  parties: readonly string[],
  label: (row: TraceRow, k: number) => string,
): PathPoint[] {
  const out: PathPoint[] = [];
  rows.forEach((r, k) => {
    if (r.kind !== "offer" || r.party === undefined) return;
    const x = utilityIn(r.utilities, axes[0], parties);
    const y = utilityIn(r.utilities, axes[1], parties);
    if (typeof x !== "number" || typeof y !== "number") return;
    out.push({ x, y, party: r.party, label: label(r, k) });
  });
  return out;
}

/** The offers each party made in the trace. */
export function offersByParty(rows: readonly TraceRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows)
    if (r.kind === "offer" && r.party !== undefined) out[r.party] = (out[r.party] ?? 0) + 1;
  return out;
}

/** A plot's width: the room there is, at most `max`, at least `min` (the page scrolls below that). */
export function plotWidth(available: number, max: number, min = 280): number {
  if (!Number.isFinite(available) || available <= 0) return max;
  return Math.max(min, Math.min(max, Math.floor(available)));
}
