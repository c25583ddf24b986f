/**
 * The two-level agreement zone (Putnam 1988) on one issue: Z = ∩_parties W_party(q), each party's domestic win-set.
 * When Z is empty, the diagnosis says, per direction of change, which constituencies block it, and by how much:
 * for a veto player the distance its ideal point would have to move past q; for a quota the missing weight.
 */

import { rounded } from "../util/format.ts";
import { between, type IntervalSet, intersect, intersectAll } from "./interval.ts";
import { type Member, type RatificationRule, winSet } from "./winSet.ts";

export interface PartyConstituency {
  party: string;
  rule: RatificationRule;
  members: Member[];
}

export type Direction = "up" | "down";

export interface Blocker {
  party: string;
  /** The member that blocks (veto player), or undefined for a quota shortfall. */
  member?: string;
  /** For a veto player: distance past q its ideal point must move; for a quota: weight missing. */
  by: number;
  unit: "distance" | "weight";
  reason: string;
}

export interface PartyWinSet {
  party: string;
  winSet: IntervalSet;
  /** The directions of change from q the party could ratify. */
  directions: Direction[];
  /** Why each missing direction is blocked; only when the zone is empty (the diagnosis is built from it). */
  blockers?: Record<Direction, Blocker[]>;
}

export interface TwoLevelZone {
  statusQuo: number;
  parties: PartyWinSet[];
  zone: IntervalSet;
  /** When the zone is empty: per direction, the parties (and members) that block it. */
  diagnosis?: { direction: Direction; blockers: Blocker[] }[];
}

function blockersOf(c: PartyConstituency, q: number, dir: Direction): Blocker[] {
  const sign = dir === "up" ? 1 : -1;
  const wrongSide = (m: Member) => sign * (m.position - q) <= 0;
  const vetoes = c.members.filter((m) => (c.rule.rule === "unanimity" || m.veto) && wrongSide(m));
  const out: Blocker[] = vetoes.map((m) => ({
    party: c.party,
    member: m.name,
    by: Math.abs(m.position - q),
    unit: "distance",
    reason: `${m.name} (ideal ${rounded(m.position, 3)}) prefers the status quo ${rounded(q, 3)} to any move ${dir}`,
  }));
  if (c.rule.rule === "quota") {
    const total = c.members.reduce((s, m) => s + m.weight, 0);
    const support = c.members.filter((m) => !wrongSide(m)).reduce((s, m) => s + m.weight, 0);
    const missing = c.rule.quota * total - support;
    if (missing > 0)
      out.push({
        party: c.party,
        by: missing,
        unit: "weight",
        reason: `members wanting a move ${dir} hold ${rounded(support, 3)} of ${rounded(total, 3)}; the quota ${c.rule.quota} needs ${rounded(missing, 3)} more`,
      });
  }
  return out;
}

/**
 * Each party's win-set, their intersection, and the diagnosis when it is empty. With `scale`, directions that
 * would leave it (q at an end) are left out of the diagnosis. Blockers are worked out only for an empty zone.
 */
export function twoLevelZone(
  constituencies: readonly PartyConstituency[],
  q: number,
  scale?: { min: number; max: number },
): TwoLevelZone {
  const parties: PartyWinSet[] = constituencies.map((c) => {
    const set = winSet(c.members, q, c.rule);
    const directions: Direction[] = [];
    if (set.some((i) => i.hi > q)) directions.push("up");
    if (set.some((i) => i.lo < q)) directions.push("down");
    return {
      party: c.party,
      // Points off the scale are not outcomes: clip the win-set to it when the scale is known.
      winSet: scale ? intersect(set, between(scale.min, scale.max)) : set,
      directions,
    };
  });
  const zone = intersectAll(
    parties.map((p) => p.winSet),
    [{ lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY }],
  );
  const result: TwoLevelZone = { statusQuo: q, parties, zone };
  if (zone.length === 0 && parties.length > 0) {
    const blockers = parties.map((p, k) => {
      const blocked = (d: Direction) => (p.directions.includes(d) ? [] : blockersOf(constituencies[k], q, d));
      p.blockers = { up: blocked("up"), down: blocked("down") };
      return p.blockers;
    });
    result.diagnosis = (["up", "down"] as const)
      .filter((d) => !scale || (d === "up" ? q < scale.max : q > scale.min))
      .map((direction) => ({ direction, blockers: blockers.flatMap((b) => b[direction]) }));
  }
  return result;
}
