/**
 * Deadlock diagnosis for an empty agreement zone. Every outcome breaks some set of commitments (red lines,
 * reservation values); from the distinct sets we derive
 * - relaxations: the minimal sets of commitments whose removal opens the zone (the inclusion-minimal
 *   violation sets: an outcome that breaks exactly those becomes acceptable), and
 * - blocking sets: the minimal sets of commitments that together empty the zone, i.e. the minimal hitting
 *   sets of the relaxations (a set blocks iff every outcome breaks one of its members).
 * Reservation values in a relaxation are lowered only as far as needed: to the utility of the opening
 * outcome whose largest drop is smallest.
 */

import { type Commitment, describeCommitment, UTILITY_EPSILON } from "../space/commitments.ts";
import type { CompiledSpace } from "../space/compile.ts";
import type { Enumeration } from "../space/enumerate.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { type Point, pointOf } from "./point.ts";

export interface DeadlockCommitment {
  key: string;
  kind: "redLine" | "reservation";
  party: string;
  description: string;
  /** The red line's words, when a red line. */
  statement?: string;
  status?: "stated" | "reported" | "inferred";
  sources?: string[];
  /** The reservation value, when a reservation. */
  value?: number;
}

export interface BlockingSet {
  /** Commitment keys. */
  commitments: string[];
  parties: string[];
}

export interface ReservationDrop {
  party: string;
  from: number;
  to: number;
  drop: number;
}

/** Allowing one more option under a red line: the finer relaxation of a single-issue condition. */
export interface Widening {
  /** The red line's key. */
  redLine: string;
  issue: string;
  /** The option (or number) the red line would have to allow. */
  option: string | number;
  /** Outcomes that become acceptable when just this option is allowed (null when not counted: large spaces). */
  opens: number | null;
}

export interface Relaxation {
  /** Commitment keys given up or lowered. */
  relax: string[];
  /**
   * For a relaxation of one red line made of single-issue conditions: the single options whose admission
   * alone opens the zone, most opening first. Empty when no single option suffices.
   */
  widenings: Widening[];
  parties: string[];
  /** For each relaxed reservation value, the smallest drop that opens the zone with the rest of the set. */
  reservationDrops: ReservationDrop[];
  opens: { zoneSize: number | null; nash: Point | null };
}

export interface Deadlock {
  commitments: DeadlockCommitment[];
  blockingSets: BlockingSet[];
  relaxations: Relaxation[];
  /** False when the search for blocking sets stopped at its budget; the sets listed are still minimal. */
  complete: boolean;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The positions of the set bits of a commitment mask. */
export function bitsOf(mask: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < 32; b++) if (mask & (1 << b)) out.push(b);
  return out;
}

/** Distinct violation masks of the enumeration. */
export function distinctViolations(violations: Uint32Array, commitmentCount: number): number[] {
  if (commitmentCount <= 22) {
    const seen = new Uint8Array(1 << commitmentCount);
    for (let x = 0; x < violations.length; x++) seen[violations[x]] = 1;
    const out: number[] = [];
    for (let m = 0; m < seen.length; m++) if (seen[m]) out.push(m);
    return out;
  }
  return [...new Set(violations)];
}

/** Inclusion-minimal masks. */
export function minimalMasks(masks: number[]): number[] {
  const sorted = [...masks].sort((a, b) => popcount(a) - popcount(b) || a - b);
  const kept: number[] = [];
  for (const m of sorted) if (!kept.some((k) => (k & m) === k)) kept.push(m);
  return kept;
}

/** Minimal hitting sets of a family of masks, by increasing size, within a budget of subsets tried. */
export function minimalHittingSets(
  family: number[],
  budget = 2_000_000,
): { sets: number[]; complete: boolean } {
  let universe = 0;
  for (const m of family) universe |= m;
  const elems = bitsOf(universe);
  const found: number[] = [];
  let tried = 0;
  for (let size = 1; size <= elems.length; size++) {
    const idx = Array.from({ length: size }, (_, k) => k);
    while (true) {
      if (++tried > budget) return { sets: found, complete: false };
      let set = 0;
      for (const k of idx) set |= 1 << elems[k];
      set >>>= 0;
      if (!found.some((f) => (f & set) === f) && family.every((m) => (m & set) !== 0)) found.push(set);
      // next combination
      let k = size - 1;
      while (k >= 0 && idx[k] === elems.length - size + k) k--;
      if (k < 0) break;
      idx[k]++;
      for (let j = k + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
    }
  }
  return { sets: found, complete: true };
}

export interface DeadlockOptions {
  /** Report at most this many relaxations (smallest first); defaults to 20. */
  maxRelaxations?: number;
}

export function diagnoseDeadlock(
  space: CompiledSpace,
  enumeration: Enumeration,
  commitments: Commitment[],
  options: DeadlockOptions = {},
): Deadlock | null {
  const violations = enumeration.violations;
  if (!violations) return null; // no commitments: every outcome is acceptable
  const masks = distinctViolations(violations, commitments.length);
  if (masks.includes(0)) return null;
  const mcs = minimalMasks(masks);
  const { sets, complete } = minimalHittingSets(mcs);
  const keysOf = (mask: number) => bitsOf(mask).map((b) => commitments[b].key);
  const partiesOf = (mask: number) => [...new Set(bitsOf(mask).map((b) => commitments[b].party))];
  const blockingSets = sets
    .sort((a, b) => popcount(a) - popcount(b) || a - b)
    .map((s) => ({ commitments: keysOf(s), parties: partiesOf(s) }));
  const relaxations = mcs
    .slice(0, options.maxRelaxations ?? 20)
    .map((r) => relaxation(space, enumeration, commitments, r));
  relaxations.sort((a, b) => a.relax.length - b.relax.length || totalDrop(a) - totalDrop(b));
  return {
    commitments: describeCommitments(space, commitments),
    blockingSets,
    relaxations,
    complete,
  };
}

function totalDrop(r: Relaxation): number {
  return r.reservationDrops.reduce((s, d) => s + d.drop, 0);
}

export function describeCommitments(space: CompiledSpace, commitments: Commitment[]): DeadlockCommitment[] {
  return commitments.map((c) => describe(space, c));
}

function describe(space: CompiledSpace, c: Commitment): DeadlockCommitment {
  const base = { key: c.key, kind: c.kind, party: c.party, description: describeCommitment(space, c) };
  return c.kind === "redLine"
    ? { ...base, statement: c.redLine.statement, status: c.redLine.status, sources: c.redLine.sources }
    : { ...base, value: c.value };
}

function relaxation(
  space: CompiledSpace,
  e: Enumeration,
  commitments: Commitment[],
  relax: number,
): Relaxation {
  const violations = e.violations!;
  const keep = ~relax >>> 0;
  const rvs = bitsOf(relax)
    .map((b) => commitments[b])
    .filter((c): c is Commitment & { kind: "reservation" } => c.kind === "reservation")
    .map((c) => ({ c, slot: e.parties.indexOf(c.partyIndex) }));
  // The opening outcome whose largest reservation drop is smallest.
  let best = -1;
  let bestDrop = Number.POSITIVE_INFINITY;
  for (let x = 0; x < e.size; x++) {
    if ((violations[x] & keep) !== 0) continue;
    let worst = 0;
    for (const { c, slot } of rvs) worst = Math.max(worst, c.value - e.utilities[slot][x]);
    if (worst < bestDrop) {
      bestDrop = worst;
      best = x;
    }
  }
  const lowered = rvs.map(({ c, slot }) => {
    const to = Math.min(c.value, e.utilities[slot][best]);
    return { party: c.party, from: c.value, to, drop: c.value - to, slot };
  });
  // The zone once the set is relaxed: other commitments hold, lowered reservations are met.
  const negotiatorSlots = space.negotiators.map((k) => e.parties.indexOf(k));
  const d = space.negotiators.map((k) => {
    const l = lowered.find((x) => x.party === space.parties[k].id);
    return l ? l.to : space.parties[k].reservation;
  });
  let zoneSize = 0;
  let nash = -1;
  let nashScore = Number.NEGATIVE_INFINITY;
  let nashSum = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < e.size; x++) {
    if ((violations[x] & keep) !== 0) continue;
    if (lowered.some((l) => e.utilities[l.slot][x] < l.to - UTILITY_EPSILON)) continue;
    zoneSize++;
    let product = 1;
    let sum = 0;
    negotiatorSlots.forEach((s, j) => {
      product *= e.utilities[s][x] - d[j];
      sum += e.utilities[s][x];
    });
    if (product > nashScore + 1e-12 || (Math.abs(product - nashScore) <= 1e-12 && sum > nashSum + 1e-12)) {
      nash = x;
      nashScore = product;
      nashSum = sum;
    }
  }
  return {
    relax: bitsOf(relax).map((b) => commitments[b].key),
    widenings: widenings(space, e, commitments, relax),
    parties: [...new Set(bitsOf(relax).map((b) => commitments[b].party))],
    reservationDrops: lowered.map(({ party, from, to, drop }) => ({ party, from, to, drop })),
    opens: { zoneSize, nash: nash < 0 ? null : pointOf(space, decodeOutcome(space, nash)) },
  };
}

/**
 * For a relaxation that is one conjunctive red line: outcomes that break only that red line, and break it on
 * a single issue, would open the zone if that issue's option were allowed. Counts them per option.
 */
function widenings(
  space: CompiledSpace,
  e: Enumeration,
  commitments: Commitment[],
  relax: number,
): Widening[] {
  const bits = bitsOf(relax);
  if (bits.length !== 1) return [];
  const c = commitments[bits[0]];
  if (c.kind !== "redLine" || !c.redLine.issueMasks) return [];
  const masks = c.redLine.issueMasks;
  const violations = e.violations!;
  const counts = new Map<string, { issue: number; option: number; n: number }>();
  const digits = new Int32Array(space.issues.length);
  for (let x = 0; x < e.size; x++) {
    if (violations[x] !== relax) continue;
    decodeOutcome(space, x, digits);
    let failing = -1;
    let several = false;
    for (let i = 0; i < masks.length; i++) {
      const m = masks[i];
      if (m && !m[digits[i]]) {
        if (failing >= 0) several = true;
        failing = i;
      }
    }
    if (failing < 0 || several) continue;
    const key = `${failing}:${digits[failing]}`;
    const entry = counts.get(key) ?? { issue: failing, option: digits[failing], n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .sort((a, b) => b.n - a.n || a.issue - b.issue || a.option - b.option)
    .map((w) => ({
      redLine: c.key,
      issue: space.issues[w.issue].id,
      option: space.issues[w.issue].values[w.option],
      opens: w.n,
    }));
}
