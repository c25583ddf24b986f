/**
 * A live negotiation through the sessions API, as the play view reads it. The API's session view is read
 * defensively (fields the contract names; anything else ignored). Pure helpers, no DOM.
 */
import type { IssueValue, Scenario } from "../scenario/schema.ts";

/** The opponent that is another person. */
export const HUMAN = "human";

export interface SessionAction {
  party: string;
  kind: string;
  outcome?: Record<string, IssueValue> | null;
  message?: string;
  round?: number;
  /** Normalised time of the action (0 at the start, 1 at the deadline). */
  time?: number;
}

export interface SessionResult {
  agreement?: Record<string, IssueValue> | number | null;
  status?: string;
  utilities?: Record<string, number> | number[];
  parties?: { id: string }[];
  paretoDistance?: number | null;
  nashDistance?: number | null;
  distances?: { pareto?: number; nash?: number | null } | null;
}

export interface SessionView {
  status: "running" | "ended";
  turn?: string | number | null;
  round?: number;
  rounds?: number | null;
  deadline?: { rounds?: number | null; timeMs?: number | null; endsAt?: string | number | null } | null;
  current: { outcome: Record<string, IssueValue>; party: string } | null;
  history: SessionAction[];
  you?: {
    party: string;
    utility?: number | null;
    /** What the party may do now (its turn), or null when it waits. */
    turn?: { kind: string; allowed: string[] } | null;
  };
  result?: SessionResult | null;
}

/** A session's deadline: a number of rounds, or of milliseconds (checked by the server at the next action). */
export type Deadline = number | { rounds: number } | { timeMs: number };

/**
 * The spec of a session in which `human` is played by a person and every other negotiator by `agent` (a catalog
 * name, or "human": each other negotiator is another person, in another tab). A bare number is rounds.
 */
export function sessionSpec(
  scenario: Scenario,
  negotiators: readonly string[],
  human: string,
  agent: string,
  deadline: Deadline,
): Record<string, unknown> {
  return {
    version: 1,
    scenario: { content: scenario },
    agents: Object.fromEntries(
      negotiators.map((p) => [p, p === human || agent === HUMAN ? "human" : { name: agent }]),
    ),
    ...(typeof deadline === "number" ? { rounds: deadline } : deadline),
  };
}

/**
 * When (epoch ms) a session with a time deadline ends, or null for a deadline in rounds. From the view's
 * `deadline.endsAt` when the server gives it; else from when this page saw the session made (`startedAt`);
 * else, joining a session already running, from the normalised time of its last action (the latest the
 * session can have started).
 */
export function deadlineEndsAt(view: SessionView, startedAt: number | null, now: number): number | null {
  const timeMs = view.deadline?.timeMs;
  if (timeMs === null || timeMs === undefined) return null;
  const endsAt = view.deadline?.endsAt;
  if (endsAt !== null && endsAt !== undefined) {
    const t = typeof endsAt === "number" ? endsAt : Date.parse(endsAt);
    if (Number.isFinite(t)) return t;
  }
  if (startedAt !== null) return startedAt + timeMs;
  const last = Math.max(0, ...view.history.map((a) => a.time ?? 0));
  return now - Math.min(1, last) * timeMs + timeMs;
}

/** Whole seconds left before `endsAt` (rounded up: 0 only once the time is up). */
export function secondsLeft(endsAt: number, now: number): number {
  return Math.max(0, Math.ceil((endsAt - now) / 1000));
}

/** Whether it is `party`'s turn in the session view. */
export function isTurnOf(view: SessionView, party: string): boolean {
  if (view.status !== "running") return false;
  if (view.you && view.you.turn !== undefined) return view.you.turn !== null;
  return view.turn === party;
}

/** Whether the party may take an action of this kind now (its turn, and the protocol allows it). */
export function mayDo(view: SessionView, party: string, kind: string): boolean {
  if (!isTurnOf(view, party)) return false;
  const allowed = view.you?.turn?.allowed;
  return allowed ? allowed.includes(kind) : true;
}

/** A party's utility in the result, whether keyed by party or listed in the order of `result.parties`. */
export function resultUtility(result: SessionResult, party: string): number | null {
  const u = result.utilities;
  if (!u) return null;
  if (Array.isArray(u)) {
    const k = result.parties?.findIndex((p) => p.id === party) ?? -1;
    return k >= 0 ? u[k] : null;
  }
  return u[party] ?? null;
}

export function paretoDistanceOf(result: SessionResult): number | null {
  return result.paretoDistance ?? result.distances?.pareto ?? null;
}

export function nashDistanceOf(result: SessionResult): number | null {
  return result.nashDistance ?? result.distances?.nash ?? null;
}

/** Rounds left before the deadline, when the session counts rounds. */
export function roundsLeft(view: SessionView, rounds: number | null): number | null {
  const total = view.deadline?.rounds ?? view.rounds ?? rounds;
  if (total === null || total === undefined || view.round === undefined) return null;
  return Math.max(0, total - view.round);
}
