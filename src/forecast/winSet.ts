/**
 * Win-sets in one dimension with symmetric single-peaked utilities (Putnam 1988; Tsebelis): the outcomes a
 * constituency would ratify instead of the status quo q. Member i prefers x to q ⇔ |x − x_i| < |q − x_i| ⇔ x lies
 * strictly between q and 2x_i − q.
 */
import { between, type IntervalSet, intersect, intersectAll, normalise } from "./interval.ts";

export interface Member {
  name: string;
  /** Ideal point. */
  position: number;
  /** Voting weight (quota rule). */
  weight: number;
  /** Must agree even under a quota rule. */
  veto?: boolean;
}

export type RatificationRule = { rule: "unanimity" } | { rule: "quota"; quota: number };

/** The outcomes member i prefers to q: the open interval between q and 2x_i − q. */
export function preferredToStatusQuo(position: number, q: number): IntervalSet {
  return between(q, 2 * position - q);
}

/** Unanimity (every member a veto player): the intersection of the members' preferred sets. */
export function unanimityWinSet(members: readonly Member[], q: number): IntervalSet {
  return intersectAll(
    members.map((m) => preferredToStatusQuo(m.position, q)),
    [{ lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY }],
  );
}

/**
 * The pivot for moves up from q under a quota: scanning positions above q from the top, the first at which the
 * weight at or above it reaches quota × total. Undefined when the members above q hold less than that.
 */
export function upwardPivot(members: readonly Member[], q: number, quota: number): number | undefined {
  const total = members.reduce((s, m) => s + m.weight, 0);
  const above = members.filter((m) => m.position > q).sort((a, b) => b.position - a.position);
  let cumulative = 0;
  for (const m of above) {
    cumulative += m.weight;
    if (cumulative >= quota * total - total * 1e-12 && cumulative > 0) return m.position;
  }
  return undefined;
}

function mirrored(members: readonly Member[]): Member[] {
  return members.map((m) => ({ ...m, position: -m.position }));
}

/**
 * Weighted quota (τ = `quota` of the total weight must prefer x to q): (q, 2x_p − q) above q and its mirror below,
 * intersected with the preferred sets of members marked `veto`.
 */
export function quotaWinSet(members: readonly Member[], q: number, quota: number): IntervalSet {
  const up = upwardPivot(members, q, quota);
  const down = upwardPivot(mirrored(members), -q, quota);
  let set = normalise([
    ...(up === undefined ? [] : between(q, 2 * up - q)),
    ...(down === undefined ? [] : between(q, 2 * -down - q)),
  ]);
  for (const m of members) if (m.veto) set = intersect(set, preferredToStatusQuo(m.position, q));
  return set;
}

export function winSet(members: readonly Member[], q: number, rule: RatificationRule): IntervalSet {
  return rule.rule === "unanimity" ? unanimityWinSet(members, q) : quotaWinSet(members, q, rule.quota);
}
