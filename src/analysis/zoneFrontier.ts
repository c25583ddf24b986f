/**
 * The two frontiers every report relies on, built one way for `zopa analyze` and for simulation results:
 * the Pareto frontier over all outcomes, and the frontier of the agreement zone (the outcomes that meet every
 * commitment of the chosen parties). Utilities are capped where a party's profile caps them (GENIUS).
 */

import { type Commitment, UTILITY_EPSILON } from "../space/commitments.ts";
import type { CompiledSpace } from "../space/compile.ts";
import type { Enumeration } from "../space/enumerate.ts";
import { type Frontier, filterFrontier, frontierByDecomposition, frontierOfOutcomes } from "./frontier.ts";
import { nonDominated } from "./nonDominated.ts";

/** Allowed options per issue under every red line among the commitments, or null when one is not conjunctive. */
export function conjunctiveAllowed(
  space: CompiledSpace,
  commitments: readonly Commitment[],
): (Uint8Array | null)[] | null {
  const allowed: (Uint8Array | null)[] = space.issues.map(() => null);
  for (const c of commitments) {
    if (c.kind !== "redLine") continue;
    if (!c.redLine.issueMasks) return null;
    c.redLine.issueMasks.forEach((mask, i) => {
      if (!mask) return;
      const prev = allowed[i];
      if (!prev) allowed[i] = mask.slice();
      else for (let k = 0; k < mask.length; k++) prev[k] &= mask[k];
    });
  }
  return allowed;
}

/** Cuts enumerated utilities at each party's cap (GENIUS profiles whose weights are used as given). */
export function capEnumeration(space: CompiledSpace, e: Enumeration): void {
  e.parties.forEach((k, slot) => {
    const cap = space.parties[k].cap;
    if (cap === Number.POSITIVE_INFINITY) return;
    const u = e.utilities[slot];
    for (let x = 0; x < u.length; x++) if (u[x] > cap) u[x] = cap;
  });
}

/**
 * Capping is monotone, so the capped frontier lies within the uncapped one: cap its points and drop those
 * that capping made dominated.
 */
export function capFrontier(space: CompiledSpace, f: Frontier): Frontier {
  const caps = f.parties.map((k) => space.parties[k].cap);
  const dims = caps.length;
  let changed = false;
  for (let r = 0; r < f.count; r++)
    for (let d = 0; d < dims; d++)
      if (f.utilities[r * dims + d] > caps[d]) {
        f.utilities[r * dims + d] = caps[d];
        changed = true;
      }
  if (!changed) return f;
  const keep = new Uint8Array(f.count);
  for (const r of nonDominated(f.utilities, dims, f.count)) keep[r] = 1;
  return filterFrontier(f, space.issues.length, (r) => keep[r] === 1);
}

export interface ZoneFrontiers {
  /** The Pareto frontier over all outcomes. */
  all: Frontier;
  /**
   * The frontier of the agreement zone; null when a red line spans issues with any/not and no enumeration
   * was given (the zone's frontier then needs every outcome).
   */
  zone: Frontier | null;
  /** Allowed options per issue under the red lines, or null when some red line is not conjunctive. */
  allowed: (Uint8Array | null)[] | null;
}

/**
 * Both frontiers over `parties`, whose commitments are `commitments`. Red lines made of single-issue
 * conditions restrict the issues before the exact decomposition, and reservation values then filter its points
 * (an outcome dominating one that meets a reservation value meets it too); other red lines need `enumeration`
 * (with violation bits for these commitments).
 */
export function zoneFrontiers(
  space: CompiledSpace,
  parties: number[],
  commitments: readonly Commitment[],
  enumeration: Enumeration | null = null,
): ZoneFrontiers {
  const all = capFrontier(space, frontierByDecomposition(space, parties));
  const allowed = conjunctiveAllowed(space, commitments);
  if (allowed) {
    // Without red lines the restricted frontier is the frontier itself.
    const masked = allowed.every((m) => m === null)
      ? all
      : capFrontier(space, frontierByDecomposition(space, parties, { allowed }));
    const dims = parties.length;
    const floor = parties.map((k) => {
      const c = commitments.find((x) => x.kind === "reservation" && x.partyIndex === k);
      return c && c.kind === "reservation" ? c.value - UTILITY_EPSILON : Number.NEGATIVE_INFINITY;
    });
    const zone = filterFrontier(masked, space.issues.length, (r) =>
      floor.every((d, j) => masked.utilities[r * dims + j] >= d),
    );
    return { all, zone, allowed };
  }
  if (!enumeration) return { all, zone: null, allowed };
  const v = enumeration.violations;
  return {
    all,
    zone: frontierOfOutcomes(space, enumeration, parties, v ? (x) => v[x] === 0 : undefined),
    allowed,
  };
}
