/**
 * Bueno de Mesquita's expected-utility ("challenge") model run round by round (Scholz et al. 2011, steps 8–13):
 * each round computes risk exponents, every pair's expected utilities from the second pass, the offers each
 * actor receives (octants of fig. 6), and which it accepts; moves happen simultaneously from the round's start.
 */
import {
  type BdmState,
  challengeUtility,
  riskExponents,
  successProbabilities,
} from "./bdmExpectedUtility.ts";
import type { BdmSettings } from "./bdmSettings.ts";
import { compromisePosition } from "./compromise.ts";
import { pairwiseVote, weightedMedian } from "./median.ts";
import type { Actor, StakeholderIssue } from "./types.ts";

export type MoveKind = "confrontation" | "compromise" | "capitulation";

/** Actor `actor` moves towards `towards` (whose offer it accepted) from `from` to `to`. */
export interface BdmMove {
  actor: string;
  towards: string;
  kind: MoveKind;
  from: number;
  to: number;
  /** E^i(U_ij) and E^j(U_ji) as the moving actor i sees them. */
  utilities: [number, number];
}

/** An offer actor `from` makes to actor `to` (which `to` may accept), as `to` sees it. */
export interface BdmOffer {
  from: string;
  to: string;
  kind: MoveKind;
  /** Where accepting would move `to`. */
  position: number;
  accepted: boolean;
}

export interface BdmRound {
  /** 1-based; round 0 is the input. */
  round: number;
  /** Every offer of the round (only with `recordOffers`). */
  offers?: BdmOffer[];
  /** Risk exponents used in this round, by actor order. */
  riskExponents: number[];
  moves: BdmMove[];
  /** Positions after the round, by actor order. */
  positions: number[];
  /** The median forecast (setting A6) and the c·s-weighted mean of the positions after the round. */
  median: number;
  mean: number;
}

export interface BdmResult {
  actors: string[];
  initial: { positions: number[]; median: number; mean: number };
  rounds: BdmRound[];
  /** The median after the last round: the model's forecast. */
  forecast: number;
}

/**
 * jmckib's median: positions in actor order challenge the incumbent and take over when they win the vote. NaN
 * without actors (like `weightedMedian`, which has no median then).
 */
export function kingOfTheHill(actors: readonly Actor[]): number {
  if (actors.length === 0) return Number.NaN;
  let champion = actors[0].position;
  for (const a of actors.slice(1))
    if (a.position !== champion && pairwiseVote(actors, a.position, champion) > 0) champion = a.position;
  return champion;
}

function medianOf(actors: readonly Actor[], settings: BdmSettings): number {
  return settings.median === "kingOfTheHill" ? kingOfTheHill(actors) : (weightedMedian(actors) ?? Number.NaN);
}

function withPositions(actors: readonly Actor[], x: ArrayLike<number>): Actor[] {
  return actors.map((a, k) => ({ ...a, position: x[k] }));
}

const KIND_RANK: Record<MoveKind, number> = { confrontation: 0, compromise: 1, capitulation: 2 };

/** One round from positions `x`: returns the round record (positions after the round included). */
export function bdmRound(
  actors: readonly Actor[],
  x: Float64Array,
  initialRange: number,
  settings: BdmSettings,
  roundNumber: number,
  recordOffers = false,
): BdmRound {
  const n = actors.length;
  const current = withPositions(actors, x);
  let range = initialRange;
  if (settings.range === "current") {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    range = hi - lo;
  }
  const median = medianOf(current, settings);
  const next = Float64Array.from(x);
  const moves: BdmMove[] = [];
  const offers: BdmOffer[] | undefined = recordOffers ? [] : undefined;
  if (!(range > 0)) {
    return {
      round: roundNumber,
      riskExponents: new Array(n).fill(1),
      moves,
      positions: [...next],
      median,
      mean: mean(current),
    };
  }
  const state: BdmState = {
    x,
    c: Float64Array.from(actors, (a) => a.capability),
    s: Float64Array.from(actors, (a) => a.salience),
    range,
  };
  // Without risk-transformed distances P does not depend on r: reuse the one riskExponents computed.
  const { r, P: atOnes } = riskExponents(state, median, settings);
  const P = settings.probabilityRisk ? successProbabilities(state, r, settings) : atOnes;
  for (let i = 0; i < n; i++) {
    let best:
      | { kind: MoveKind; key: number; to: number; j: number; a: number; b: number; offer: number }
      | undefined;
    for (let j = 0; j < n; j++) {
      if (j === i || x[i] === x[j]) continue;
      const a = challengeUtility(state, i, j, r[i], P, median, settings);
      const b = challengeUtility(
        state,
        j,
        i,
        settings.perspective === "own" ? r[j] : r[i],
        P,
        median,
        settings,
      );
      let kind: MoveKind | undefined;
      let to = x[j];
      if (a > 0 && b > a) kind = "confrontation";
      else if (a < 0 && b > 0 && b > -a) {
        kind = "compromise";
        to = x[i] + (x[j] - x[i]) * Math.abs(a / b);
      } else if (settings.capitulation && a < 0 && b > 0 && -a > b) kind = "capitulation";
      if (!kind) continue;
      const offer = offers
        ? offers.push({ from: actors[j].name, to: actors[i].name, kind, position: to, accepted: false }) - 1
        : -1;
      const key =
        kind === "compromise" && settings.compromiseChoice === "lowestPosition" ? to : Math.abs(to - x[i]);
      if (
        !best ||
        KIND_RANK[kind] < KIND_RANK[best.kind] ||
        (KIND_RANK[kind] === KIND_RANK[best.kind] && key < best.key)
      )
        best = { kind, key, to, j, a, b, offer };
    }
    if (best) {
      if (offers) offers[best.offer].accepted = true;
      next[i] = best.to;
      moves.push({
        actor: actors[i].name,
        towards: actors[best.j].name,
        kind: best.kind,
        from: x[i],
        to: best.to,
        utilities: [best.a, best.b],
      });
    }
  }
  const after = withPositions(actors, next);
  x.set(next);
  return {
    round: roundNumber,
    ...(offers ? { offers } : {}),
    riskExponents: [...r],
    moves,
    positions: [...next],
    median: medianOf(after, settings),
    mean: mean(after),
  };
}

function mean(actors: readonly Actor[]): number {
  return compromisePosition(actors) ?? Number.NaN;
}

/**
 * Runs the model for `rounds` rounds (Scholz: results need not stabilise; the forecast is the last median). With
 * `recordOffers`, each round also lists every offer made and which were accepted. Without actors nothing moves and
 * every median and mean is NaN.
 */
export function runBdm(
  issue: StakeholderIssue,
  rounds: number,
  settings: BdmSettings,
  options: { recordOffers?: boolean } = {},
): BdmResult {
  const actors = issue.actors;
  const x = Float64Array.from(actors, (a) => a.position);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const initialMedian = medianOf(actors, settings);
  const out: BdmRound[] = [];
  for (let t = 1; t <= rounds; t++) out.push(bdmRound(actors, x, hi - lo, settings, t, options.recordOffers));
  return {
    actors: actors.map((a) => a.name),
    initial: { positions: actors.map((a) => a.position), median: initialMedian, mean: mean(actors) },
    rounds: out,
    forecast: out.length ? out[out.length - 1].median : initialMedian,
  };
}
