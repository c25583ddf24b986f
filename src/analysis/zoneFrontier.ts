/**
 * The two frontiers every report relies on, built one way for `zopa analyze` and for simulation results:
 * the Pareto frontier over all outcomes, and the frontier of the agreement zone (the outcomes that meet every
 * commitment of the chosen parties). Utilities are capped where a party's profile caps them (GENIUS), by
 * the frontier functions themselves (space/utility.ts).
 */

import { type Commitment, UTILITY_EPSILON } from "../space/commitments.ts";
import type { CompiledSpace } from "../space/compile.ts";
import type { Enumeration } from "../space/enumerate.ts";
import { type Frontier, filterFrontier, frontierByDecomposition, frontierOfOutcomes } from "./frontier.ts";

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
  const all = frontierByDecomposition(space, parties);
  const allowed = conjunctiveAllowed(space, commitments);
  if (allowed) {
    // Without red lines the restricted frontier is the frontier itself.
    const masked = allowed.every((m) => m === null)
      ? all
      : frontierByDecomposition(space, parties, { allowed });
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
