/**
 * The result of one negotiation: how it ended, the agreement and every party's utility, the rounds used,
 * and how far the agreement lies from the Pareto frontier, the Nash point and the max-welfare point of the
 * parties at the table (Euclidean distances in their utility space).
 */
import { nashPoint, welfarePoint } from "../analysis/bargaining.ts";
import type { Frontier } from "../analysis/frontier.ts";
import { type ZoneFrontiers, zoneFrontiers } from "../analysis/zoneFrontier.ts";
import { isZopaError } from "../errors.ts";
import { commitmentsOf } from "../space/commitments.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { DEFAULT_ENUMERATION_LIMIT, enumerateSpace } from "../space/enumerate.ts";
import type { AgentError, TraceEntry } from "./session.ts";

/**
 * How a negotiation came out: `agreement`; `no-agreement` (the deadline passed, a party walked away, or the
 * final text was not ratified); `timeout` (an agent overran its time limit); `error` (an agent or mediator
 * threw or answered with an invalid value); `memory` (a runner ran out of memory: set by the runtime that
 * runs sessions in workers, never by the session itself).
 */
export type NegotiationStatus = "agreement" | "no-agreement" | "timeout" | "memory" | "error";

/** What ended the negotiation. A walk-away names the party and the reason it gave (null when it gave none). */
export type EndedBy =
  | { kind: "agreement" }
  | { kind: "deadline" }
  | { kind: "walk-away"; party: string; reason: string | null }
  | { kind: "failure" };

export interface ResultParty {
  id: string;
  /** Index into space.parties. */
  index: number;
  role: "principal" | "mediator" | "observer";
  /** The agent playing this party, or null when the party does not negotiate. */
  agent: string | null;
  /** Whether the agent saw the other parties' utilities. */
  completeInformation: boolean;
}

export interface Distances {
  /** To the nearest point of the Pareto frontier over all outcomes (0 when the agreement is Pareto-optimal). */
  pareto: number;
  /** To the Nash point within the agreement zone (d = reservation values), as `zopa analyze` defines it. */
  nash: number | null;
  /** To the max-welfare point within the agreement zone. */
  welfare: number;
}

export interface NegotiationResult {
  protocol: string;
  scenario: { id: string; variant: string | null };
  seed: number;
  /** Every party with preferences: the columns of `utilities` and of every trace entry's utilities. */
  parties: ResultParty[];
  status: NegotiationStatus;
  agreement: number | null;
  /** Utility of the agreement, or each party's reservation value without one (see `utilitiesAre`). */
  utilities: number[];
  utilitiesAre: "agreement" | "reservation";
  /** The same, multiplied by each party's discount factor to the power of the time the negotiation ended. */
  discountedUtilities: number[];
  /** Rounds begun. */
  rounds: number;
  /** Normalised time when the negotiation ended. */
  time: number;
  endedBy: EndedBy;
  /** The agent (or mediator) error that ended the negotiation, if any. */
  error: AgentError | null;
  /** Distances over the parties at the table; null without an agreement (or when the frontier is too large). */
  distances: Distances | null;
  trace: TraceEntry[];
}

interface ReferencePoints {
  key: string;
  frontier: Frontier;
  nash: Float64Array | null;
  welfare: Float64Array | null;
}

const cache = new WeakMap<CompiledSpace, ReferencePoints | { key: string; failed: true }>();

/**
 * The reference points of the parties `at`, defined as `zopa analyze` defines them (cached per space for the
 * last set asked): the Pareto frontier over all outcomes, and the Nash (d = reservation values) and
 * max-welfare points within the agreement zone of those parties (their red lines and reservation values).
 * Null when the frontier is too large to build, or when a red line spanning issues would need a space too
 * large to enumerate.
 */
function referencePointsOf(space: CompiledSpace, at: number[]): ReferencePoints | null {
  const key = at.join(",");
  const hit = cache.get(space);
  if (hit && hit.key === key) return "failed" in hit ? null : hit;
  let frontiers: ZoneFrontiers;
  try {
    const commitments = commitmentsOf(space, at);
    frontiers = zoneFrontiers(space, at, commitments);
    if (!frontiers.zone && space.size <= DEFAULT_ENUMERATION_LIMIT) {
      const enumeration = enumerateSpace(space, { commitments });
      frontiers = zoneFrontiers(space, at, commitments, enumeration);
    }
  } catch (e) {
    if (!isZopaError(e, "size-limit")) throw e;
    cache.set(space, { key, failed: true });
    return null;
  }
  if (!frontiers.zone) {
    cache.set(space, { key, failed: true });
    return null;
  }
  const dims = at.length;
  const zone = frontiers.zone;
  const c = { dims, count: zone.count, utilities: zone.utilities };
  const rv = at.map((k) => space.parties[k].reservation);
  const row = (r: number) => (r < 0 ? null : zone.utilities.slice(r * dims, r * dims + dims));
  const points: ReferencePoints = {
    key,
    frontier: frontiers.all,
    nash: row(nashPoint(c, rv, true)),
    welfare: row(welfarePoint(c)),
  };
  cache.set(space, points);
  return points;
}

/** Distances of an agreement's utilities (over the parties `at`, in that order) to the reference points. */
export function distancesOf(space: CompiledSpace, at: number[], u: ArrayLike<number>): Distances | null {
  const ref = referencePointsOf(space, at);
  if (!ref) return null;
  const dims = at.length;
  const dist = (p: ArrayLike<number>, offset = 0) => {
    let s = 0;
    for (let d = 0; d < dims; d++) s += (u[d] - p[offset + d]) ** 2;
    return Math.sqrt(s);
  };
  let pareto = Number.POSITIVE_INFINITY;
  const f = ref.frontier;
  for (let r = 0; r < f.count; r++) pareto = Math.min(pareto, dist(f.utilities, r * dims));
  // An agreement meets every commitment at the table, so the zone (and its welfare point) is not empty.
  return {
    pareto,
    nash: ref.nash ? dist(ref.nash) : null,
    welfare: ref.welfare ? dist(ref.welfare) : Number.NaN,
  };
}
