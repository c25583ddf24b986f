/** Exact 1-D interval algebra for win-sets: finite unions of disjoint open intervals (lo, hi), lo < hi. */

export interface Interval {
  lo: number;
  hi: number;
}

/** A sorted list of disjoint open intervals; [] is the empty set. */
export type IntervalSet = Interval[];

/** The open interval between a and b (in either order); empty when a = b. */
export function between(a: number, b: number): IntervalSet {
  return a === b ? [] : [{ lo: Math.min(a, b), hi: Math.max(a, b) }];
}

/** Sorts and merges overlapping intervals (touching open intervals stay apart: their shared end is excluded). */
export function normalise(set: readonly Interval[]): IntervalSet {
  const sorted = set.filter((i) => i.lo < i.hi).sort((a, b) => a.lo - b.lo);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.lo < last.hi) last.hi = Math.max(last.hi, i.hi);
    else out.push({ ...i });
  }
  return out;
}

export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: Interval[] = [];
  for (const x of a)
    for (const y of b) {
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      if (lo < hi) out.push({ lo, hi });
    }
  return normalise(out);
}

export function union(a: IntervalSet, b: IntervalSet): IntervalSet {
  return normalise([...a, ...b]);
}

export function intersectAll(sets: readonly IntervalSet[], universe: IntervalSet): IntervalSet {
  return sets.reduce((acc, s) => intersect(acc, s), universe);
}

export function contains(set: IntervalSet, x: number): boolean {
  return set.some((i) => i.lo < x && x < i.hi);
}

/** Total length. */
export function measure(set: IntervalSet): number {
  return set.reduce((s, i) => s + (i.hi - i.lo), 0);
}

/** The point of `set`'s closure nearest to x. */
export function nearestPoint(set: IntervalSet, x: number): number | undefined {
  let best: number | undefined;
  for (const i of set) {
    const p = Math.min(Math.max(x, i.lo), i.hi);
    if (best === undefined || Math.abs(p - x) < Math.abs(best - x)) best = p;
  }
  return best;
}
