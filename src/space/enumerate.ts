/**
 * Exact enumeration of an outcome space with incremental sums: each party's utility of every outcome (capped,
 * as `utilityOf` gives it) into a typed array, and optionally a bitmask per outcome of the commitments it
 * breaks (reservation values are checked against the capped utilities).
 */

import { ZopaError } from "../errors.ts";
import { type Commitment, UTILITY_EPSILON } from "./commitments.ts";
import { type CompiledSpace, evalPredicate } from "./compile.ts";
import { capUtility } from "./utility.ts";

/** Spaces up to this size are enumerated by default (memory: 8 bytes × parties per outcome). */
export const DEFAULT_ENUMERATION_LIMIT = 2e7;

/** At most this many commitments fit in the per-outcome bitmask. */
export const MAX_COMMITMENTS = 31;

export interface Enumeration {
  size: number;
  /** Party indices (into space.parties) whose utilities were computed, parallel to `utilities`. */
  parties: number[];
  /** Per party, every outcome's utility, equal to `utilityOf` (capped). */
  utilities: Float64Array[];
  /** Bit c set when the outcome breaks commitment c; null when no commitments were passed (none broken). */
  violations: Uint32Array | null;
}

export interface EnumerateOptions {
  /** Party indices to compute utilities for; defaults to every party with preferences. */
  parties?: number[];
  /** Commitments to record violations of (at most 31). */
  commitments?: Commitment[];
}

export function enumerateSpace(space: CompiledSpace, options: EnumerateOptions = {}): Enumeration {
  const n = space.issues.length;
  const size = space.size;
  if (!Number.isSafeInteger(size) || size > 2 ** 31)
    throw new ZopaError("size-limit", `the space has ${size} outcomes: too many to enumerate`);
  const parties = options.parties ?? space.parties.flatMap((p, k) => (p.hasPreferences ? [k] : []));
  const P = parties.length;
  const models = parties.map((k) => space.parties[k]);
  const tables = models.map((party) => party.tables);
  const utilities = parties.map(() => new Float64Array(size));
  const commitments = options.commitments ?? [];
  if (commitments.length > MAX_COMMITMENTS)
    throw new ZopaError("size-limit", `at most ${MAX_COMMITMENTS} commitments can be tracked`);
  const track = commitments.length > 0;
  const violations = track ? new Uint32Array(size) : null;

  // Per issue, per option: the bits of conjunctive red lines that option breaks.
  const optionBits = space.issues.map((issue) => new Uint32Array(issue.values.length));
  const general: { bit: number; c: Commitment & { kind: "redLine" } }[] = [];
  const reservations: { bit: number; slot: number; value: number }[] = [];
  commitments.forEach((c, bit) => {
    if (c.kind === "reservation") {
      const slot = parties.indexOf(c.partyIndex);
      if (slot < 0) throw new Error(`party ${c.party} must be enumerated to track its reservation value`);
      reservations.push({ bit, slot, value: c.value - UTILITY_EPSILON });
    } else if (c.redLine.issueMasks) {
      c.redLine.issueMasks.forEach((mask, i) => {
        if (mask) for (let k = 0; k < mask.length; k++) if (!mask[k]) optionBits[i][k] |= 1 << bit;
      });
    } else general.push({ bit, c });
  });

  const last = n - 1;
  const lastSize = space.radix[last];
  const digits = new Int32Array(n);
  // partial[p * n + l]: sum of party p's tables over issues 0..l-1 for the current prefix; same for bits.
  const partial = new Float64Array(P * (n + 1));
  const partialBits = new Uint32Array(n + 1);
  const lastTables = tables.map((t) => t[last]);
  const lastBits = optionBits[last];
  let index = 0;
  let from = 0;
  const prefixCount = size / lastSize;
  for (let prefix = 0; prefix < prefixCount; prefix++) {
    // Recompute the partial sums from the first issue whose digit changed.
    for (let l = from; l < last; l++) {
      const k = digits[l];
      for (let p = 0; p < P; p++) partial[p * (n + 1) + l + 1] = partial[p * (n + 1) + l] + tables[p][l][k];
      partialBits[l + 1] = partialBits[l] | optionBits[l][k];
    }
    for (let p = 0; p < P; p++) {
      const base = partial[p * (n + 1) + last];
      const out = utilities[p];
      const t = lastTables[p];
      const party = models[p];
      if (party.cap === Number.POSITIVE_INFINITY)
        for (let k = 0; k < lastSize; k++) out[index + k] = base + t[k];
      else for (let k = 0; k < lastSize; k++) out[index + k] = capUtility(party, base + t[k]);
    }
    if (violations) {
      const bits = partialBits[last];
      for (let k = 0; k < lastSize; k++) {
        let v = bits | lastBits[k];
        for (const r of reservations) if (utilities[r.slot][index + k] < r.value) v |= 1 << r.bit;
        if (general.length > 0) {
          digits[last] = k;
          for (const g of general) if (!evalPredicate(g.c.redLine.predicate, digits)) v |= 1 << g.bit;
        }
        violations[index + k] = v >>> 0;
      }
    }
    index += lastSize;
    // Advance the odometer over issues 0..last-1.
    let l = last - 1;
    while (l >= 0) {
      digits[l]++;
      if (digits[l] < space.radix[l]) break;
      digits[l] = 0;
      l--;
    }
    from = Math.max(l, 0);
  }
  return { size, parties, utilities, violations };
}
