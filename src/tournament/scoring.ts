/**
 * Scores of one negotiation, per party: utility (the reservation value without agreement), advantage
 * `(u − rv) / (max − rv)` (0 without agreement), welfare and distances. A failing agent gets utility 0 (its
 * advantage follows from the formula); the others get their reservation value and advantage 0. Pure.
 */
import type { Scoring } from "./spec.ts";

/** How a negotiation ended, as a tournament records it. */
export type RowStatus = "agreement" | "no-agreement" | "timeout" | "memory" | "error";

/** The agent that failed, and why. */
export interface RowError {
  /** The failing agent's name (as the spec gives it), or null when the failure is nobody's (a mediator). */
  agent: string | null;
  /** The party it played. */
  party: string | null;
  message: string;
}

/** What scoring needs to know about one party at the table. */
export interface PartyFrame {
  id: string;
  reservation: number;
  /** The party's best utility over the whole space. */
  best: number;
}

export interface PartyScores {
  utilities: Record<string, number>;
  advantage: Record<string, number>;
  /** Sum of the utilities of the parties at the table. */
  welfare: number;
}

/** `(u − rv) / (max − rv)`; 0 when the party's best is no better than its reservation value. */
export function advantageOf(u: number, reservation: number, best: number): number {
  const range = best - reservation;
  return range > 0 ? (u - reservation) / range : 0;
}

/**
 * Scores of every party at the table. `agreement` holds each party's utility of the agreement (null without
 * one); `failing` the party whose agent failed (null when none did).
 */
export function scoreParties(
  parties: readonly PartyFrame[],
  agreement: readonly number[] | null,
  failing: string | null,
): PartyScores {
  const utilities: Record<string, number> = {};
  const advantage: Record<string, number> = {};
  let welfare = 0;
  parties.forEach((p, j) => {
    let u: number;
    let a: number;
    if (failing === p.id) {
      u = 0;
      a = advantageOf(0, p.reservation, p.best);
    } else if (agreement === null) {
      u = p.reservation;
      a = 0;
    } else {
      u = agreement[j];
      a = advantageOf(u, p.reservation, p.best);
    }
    utilities[p.id] = u;
    advantage[p.id] = a;
    welfare += u;
  });
  return { utilities, advantage, welfare };
}

/** The centre's party id in an ANL 2025 multi-deal negotiation (edges are e1, e2, …). */
export const CENTRE = "c";

/**
 * The ANL 2025 reference runner's weighted score of `party` in one multi-deal negotiation: the centre's
 * utility times the number of edges, an edge's utility divided by it.
 */
export function anl2025Weighted(utilities: Readonly<Record<string, number>>, party: string): number {
  const edges = Object.keys(utilities).length - 1;
  return party === CENTRE ? utilities[party] * edges : utilities[party] / edges;
}

/** Whether a lower score is better (rankings and comparisons orient by it). */
export function lowerIsBetter(scoring: Scoring): boolean {
  return scoring === "nash-distance";
}

/** What a score is read from: one stored negotiation. */
export interface ScoredRow {
  utilities: Record<string, number>;
  advantage: Record<string, number>;
  welfare: number;
  /** Distance of the final utilities to the Nash point of the parties at the table (null when there is none). */
  nashDistance: number | null;
}

/** The chosen score of `party` in a negotiation; null when undefined (no Nash point in the zone). */
export function scoreOf(row: ScoredRow, party: string, scoring: Scoring): number | null {
  switch (scoring) {
    case "advantage":
      return row.advantage[party];
    case "utility":
      return row.utilities[party];
    case "welfare":
      return row.welfare;
    case "nash-distance":
      return row.nashDistance;
    case "anl2025":
      return anl2025Weighted(row.utilities, party);
  }
}
