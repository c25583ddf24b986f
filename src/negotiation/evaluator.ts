/**
 * One party's view of outcome indices: its utility and whether an outcome is acceptable to it (utility at
 * least its reservation value, every red line kept). Spaces up to `EVALUATION_LIMIT` outcomes are evaluated
 * once into typed arrays (cached per space and party); larger ones are evaluated outcome by outcome from the
 * per-issue tables.
 */
import { type Commitment, UTILITY_EPSILON } from "../space/commitments.ts";
import { type CompiledSpace, evalPredicate } from "../space/compile.ts";
import { enumerateSpace, MAX_COMMITMENTS } from "../space/enumerate.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { capUtility, utilityOf } from "../space/utility.ts";

/** Spaces up to this many outcomes are evaluated into arrays (8 bytes + 1 byte per outcome and party). */
export const EVALUATION_LIMIT = 4e6;

export interface PartyEvaluator {
  /** Index into space.parties. */
  party: number;
  reservation: number;
  /** The party's utility of an outcome index. */
  utility(outcome: number): number;
  /** Utility ≥ reservation value (within 1e-9) and no red line of the party broken. */
  acceptable(outcome: number): boolean;
  /** Every outcome's utility, when the space was small enough to evaluate in full. */
  values: Float64Array | null;
  /** 1 where the outcome is acceptable, when the space was evaluated in full. */
  acceptableMask: Uint8Array | null;
  /** Highest and lowest utility over the whole space (per-issue extremes; red lines ignored). */
  best: number;
  worst: number;
}

const cache = new WeakMap<CompiledSpace, Map<number, PartyEvaluator>>();

/** The evaluator of party `k` (cached per space unless `fresh`). */
export function evaluatorOf(space: CompiledSpace, k: number, fresh = false): PartyEvaluator {
  if (!fresh) {
    const hit = cache.get(space)?.get(k);
    if (hit) return hit;
  }
  const e = buildEvaluator(space, k);
  if (!fresh) {
    let m = cache.get(space);
    if (!m) cache.set(space, (m = new Map()));
    m.set(k, e);
  }
  return e;
}

function buildEvaluator(space: CompiledSpace, k: number): PartyEvaluator {
  const party = space.parties[k];
  const tables = party.tables;
  let best = 0;
  let worst = 0;
  for (const t of tables) {
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    for (const v of t) {
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    best += hi;
    worst += lo;
  }
  best = capUtility(party, best);
  worst = capUtility(party, worst);
  const threshold = party.reservation - UTILITY_EPSILON;
  const n = space.issues.length;
  const digits = new Int32Array(n);
  const slowUtility = (x: number): number => utilityOf(party, decodeOutcome(space, x, digits));
  const slowAcceptable = (x: number): boolean => {
    if (slowUtility(x) < threshold) return false;
    for (const rl of party.redLines) if (!evalPredicate(rl.predicate, digits)) return false;
    return true;
  };
  if (!Number.isSafeInteger(space.size) || space.size > EVALUATION_LIMIT)
    return {
      party: k,
      reservation: party.reservation,
      utility: slowUtility,
      acceptable: slowAcceptable,
      values: null,
      acceptableMask: null,
      best,
      worst,
    };
  const useBits = party.redLines.length <= MAX_COMMITMENTS;
  const commitments: Commitment[] = useBits
    ? party.redLines.map((redLine) => ({
        key: redLine.key,
        kind: "redLine" as const,
        party: party.id,
        partyIndex: k,
        redLine,
      }))
    : [];
  const en = enumerateSpace(space, { parties: [k], commitments });
  const values = en.utilities[0]; // capped by the enumeration (space/utility.ts)
  const mask = new Uint8Array(space.size);
  const violations = en.violations; // null when nothing was tracked
  for (let x = 0; x < space.size; x++) {
    let ok = values[x] >= threshold && (violations === null || violations[x] === 0);
    if (ok && !useBits) {
      decodeOutcome(space, x, digits);
      ok = party.redLines.every((rl) => evalPredicate(rl.predicate, digits));
    }
    mask[x] = ok ? 1 : 0;
  }
  return {
    party: k,
    reservation: party.reservation,
    utility: (x: number) => values[x],
    acceptable: (x: number) => mask[x] === 1,
    values,
    acceptableMask: mask,
    best,
    worst,
  };
}
