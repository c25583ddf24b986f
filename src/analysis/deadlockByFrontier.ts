/**
 * Deadlock diagnosis without enumeration, for spaces too large to enumerate whose red lines are all
 * conjunctions of single-issue conditions. Whether a set of commitments leaves a zone is decided exactly from
 * the Pareto frontier of the space restricted by those red lines (frontierByDecomposition): the zone is
 * non-empty iff some frontier point meets every reservation value in the set (an outcome dominating an
 * acceptable one is acceptable too). Relaxations are the minimal sets whose removal opens the zone, found by
 * increasing size; blocking sets are their minimal hitting sets. Zone sizes are not counted (null).
 */

import { type Commitment, UTILITY_EPSILON } from "../space/commitments.ts";
import type { CompiledSpace } from "../space/compile.ts";
import type { Deadlock, Relaxation, Widening } from "./deadlock.ts";
import { bitsOf, describeCommitments, minimalHittingSets } from "./deadlock.ts";
import { type Frontier, frontierByDecomposition } from "./frontier.ts";
import { pointOf } from "./point.ts";

export interface FrontierDiagnosisOptions {
  /** Stop after testing this many commitment sets (default 4096); the result is then marked incomplete. */
  budget?: number;
  maxRelaxations?: number;
}

/** Allowed options per issue under the red lines among `active` commitments. */
function allowedUnder(
  space: CompiledSpace,
  commitments: Commitment[],
  active: number,
  extra?: { issue: number; option: number; bit: number },
): (Uint8Array | null)[] {
  const allowed: (Uint8Array | null)[] = space.issues.map(() => null);
  commitments.forEach((c, bit) => {
    if (!(active & (1 << bit)) || c.kind !== "redLine") return;
    c.redLine.issueMasks!.forEach((mask, i) => {
      if (!mask) return;
      const m = mask.slice();
      if (extra && extra.bit === bit && extra.issue === i) m[extra.option] = 1;
      const prev = allowed[i];
      if (!prev) allowed[i] = m;
      else for (let k = 0; k < m.length; k++) prev[k] &= m[k];
    });
  });
  return allowed;
}

function hasEmptyIssue(allowed: (Uint8Array | null)[]): boolean {
  return allowed.some((m) => m !== null && !m.some((x) => x === 1));
}

/** Reservation floors per negotiator column: the value for active reservation commitments, −∞ otherwise. */
function floors(space: CompiledSpace, commitments: Commitment[], active: number): number[] {
  const out = space.negotiators.map(() => Number.NEGATIVE_INFINITY);
  commitments.forEach((c, bit) => {
    if (c.kind === "reservation" && active & (1 << bit))
      out[space.negotiators.indexOf(c.partyIndex)] = c.value - UTILITY_EPSILON;
  });
  return out;
}

function frontierUnder(space: CompiledSpace, allowed: (Uint8Array | null)[]): Frontier | null {
  return hasEmptyIssue(allowed) ? null : frontierByDecomposition(space, space.negotiators, { allowed });
}

function meets(f: Frontier, r: number, floor: number[]): boolean {
  const dims = floor.length;
  for (let d = 0; d < dims; d++) if (f.utilities[r * dims + d] < floor[d]) return false;
  return true;
}

function opensUnder(space: CompiledSpace, commitments: Commitment[], active: number): boolean {
  const f = frontierUnder(space, allowedUnder(space, commitments, active));
  if (!f) return false;
  const floor = floors(space, commitments, active);
  for (let r = 0; r < f.count; r++) if (meets(f, r, floor)) return true;
  return false;
}

export function diagnoseDeadlockByFrontier(
  space: CompiledSpace,
  commitments: Commitment[],
  options: FrontierDiagnosisOptions = {},
): Deadlock | null {
  const k = commitments.length;
  const all = k >= 32 ? 0xffffffff : (1 << k) - 1;
  if (opensUnder(space, commitments, all)) return null;
  const budget = options.budget ?? 4096;
  let tested = 0;
  let complete = true;
  const mcs: number[] = [];
  outer: for (let size = 1; size <= k; size++) {
    const idx = Array.from({ length: size }, (_, j) => j);
    while (true) {
      let relax = 0;
      for (const j of idx) relax |= 1 << j;
      relax >>>= 0;
      if (!mcs.some((m) => (m & relax) === m)) {
        if (++tested > budget) {
          complete = false;
          break outer;
        }
        if (opensUnder(space, commitments, (all & ~relax) >>> 0)) mcs.push(relax);
      }
      let j = size - 1;
      while (j >= 0 && idx[j] === k - size + j) j--;
      if (j < 0) break;
      idx[j]++;
      for (let t = j + 1; t < size; t++) idx[t] = idx[t - 1] + 1;
    }
  }
  const hitting = minimalHittingSets(mcs);
  const keysOf = (mask: number) => bitsOf(mask).map((b) => commitments[b].key);
  const partiesOf = (mask: number) => [...new Set(bitsOf(mask).map((b) => commitments[b].party))];
  const relaxations = mcs
    .slice(0, options.maxRelaxations ?? 20)
    .map((r) => relaxation(space, commitments, all, r));
  return {
    commitments: describeCommitments(space, commitments),
    blockingSets: hitting.sets.map((s) => ({ commitments: keysOf(s), parties: partiesOf(s) })),
    relaxations,
    complete: complete && hitting.complete,
  };
}

function relaxation(space: CompiledSpace, commitments: Commitment[], all: number, relax: number): Relaxation {
  const keep = (all & ~relax) >>> 0;
  const f = frontierUnder(space, allowedUnder(space, commitments, keep))!;
  const floor = floors(space, commitments, keep);
  const dims = space.negotiators.length;
  const rvs = bitsOf(relax)
    .map((b) => commitments[b])
    .filter((c): c is Commitment & { kind: "reservation" } => c.kind === "reservation")
    .map((c) => ({ c, col: space.negotiators.indexOf(c.partyIndex) }));
  // The frontier point meeting the kept floors whose largest reservation drop is smallest.
  let best = -1;
  let bestDrop = Number.POSITIVE_INFINITY;
  for (let r = 0; r < f.count; r++) {
    if (!meets(f, r, floor)) continue;
    let worst = 0;
    for (const { c, col } of rvs) worst = Math.max(worst, c.value - f.utilities[r * dims + col]);
    if (worst < bestDrop) {
      bestDrop = worst;
      best = r;
    }
  }
  const lowered = rvs.map(({ c, col }) => {
    const to = Math.min(c.value, f.utilities[best * dims + col]);
    return { party: c.party, from: c.value, to, drop: c.value - to, col };
  });
  const d = space.negotiators.map(
    (k, col) => lowered.find((l) => l.col === col)?.to ?? space.parties[k].reservation,
  );
  const newFloor = floor.map((x, col) => lowered.find((l) => l.col === col)?.to ?? x);
  let nash = -1;
  let nashScore = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < f.count; r++) {
    if (
      !meets(
        f,
        r,
        newFloor.map((x) => x - UTILITY_EPSILON),
      )
    )
      continue;
    let product = 1;
    for (let col = 0; col < dims; col++) product *= f.utilities[r * dims + col] - d[col];
    if (product > nashScore + 1e-12) {
      nash = r;
      nashScore = product;
    }
  }
  const n = space.issues.length;
  return {
    relax: bitsOf(relax).map((b) => commitments[b].key),
    widenings: widenings(space, commitments, keep, relax),
    parties: [...new Set(bitsOf(relax).map((b) => commitments[b].party))],
    reservationDrops: lowered.map(({ party, from, to, drop }) => ({ party, from, to, drop })),
    opens: {
      zoneSize: null,
      nash: nash < 0 ? null : pointOf(space, f.digits.subarray(nash * n, nash * n + n)),
    },
  };
}

function widenings(space: CompiledSpace, commitments: Commitment[], keep: number, relax: number): Widening[] {
  const bits = bitsOf(relax);
  if (bits.length !== 1) return [];
  const bit = bits[0];
  const c = commitments[bit];
  if (c.kind !== "redLine") return [];
  const out: Widening[] = [];
  const active = (keep | relax) >>> 0;
  c.redLine.issueMasks!.forEach((mask, i) => {
    if (!mask) return;
    for (let option = 0; option < mask.length; option++) {
      if (mask[option]) continue;
      const f = frontierUnder(space, allowedUnder(space, commitments, active, { issue: i, option, bit }));
      if (!f) continue;
      const floor = floors(space, commitments, active);
      let opens = false;
      for (let r = 0; r < f.count && !opens; r++) opens = meets(f, r, floor);
      if (opens)
        out.push({
          redLine: c.key,
          issue: space.issues[i].id,
          option: space.issues[i].values[option],
          opens: null,
        });
    }
  });
  return out;
}
