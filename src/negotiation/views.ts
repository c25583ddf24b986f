/**
 * Per-party views of a session: what an agent is given when the session opens (`AgentView`: its own
 * preferences, its sorted outcome index, the public space, everyone's utilities only under complete
 * information) and what a party may see of the negotiation so far (`PartyView`: the public history with its
 * own utility of every outcome, its reservation value and its turn).
 */
import type { CompiledSpace } from "../space/compile.ts";
import type { AgentView, PublicSpace } from "./agent.ts";
import type { PartyEvaluator } from "./evaluator.ts";
import { outcomeIndexOf } from "./outcomeIndex.ts";
import type { Random } from "./random.ts";
import type { ActionKind, PartyAction, Pending, SessionConfig, TraceEntry } from "./session.ts";

/** What one party may see: the public history, its own utilities, others' only under complete information. */
export interface PartyView {
  party: string;
  information: "private" | "complete";
  reservation: number;
  /** What the protocol waits for from this party, or null when it is not this party's turn. */
  turn: {
    kind: Pending["kind"];
    allowed: readonly PartyAction["type"][];
    offer: number | null;
    current: number | null;
  } | null;
  round: number;
  history: {
    round: number;
    time: number;
    party: string;
    kind: ActionKind;
    outcome: number | null;
    /** Own utility of the outcome. */
    utility: number | null;
    /** Every scored party's utility: under complete information only. */
    utilities?: Record<string, number>;
  }[];
  over: boolean;
}

/** The view party `k` (at the table) gets when the session opens. */
export function agentViewOf(
  config: SessionConfig,
  pub: PublicSpace,
  k: number,
  evaluator: PartyEvaluator,
  informed: boolean,
  rng: Random,
): AgentView {
  const { space, order } = config;
  return {
    party: k,
    id: space.parties[k].id,
    space: pub,
    self: space.parties[k],
    utility: evaluator.utility,
    acceptable: evaluator.acceptable,
    evaluator,
    index: outcomeIndexOf(space, k, { fresh: config.freshIndexes, evaluator }),
    negotiators: order,
    opponents: order.filter((j) => j !== k),
    complete: informed ? space : null,
    discount: config.discount[k],
    protocol: config.protocol,
    rng,
  };
}

/** What the session shows party `partyId` (space party `k`, at `slot`): see `Session.viewOf`. */
export function partyViewOf(
  space: CompiledSpace,
  partyId: string,
  slot: number,
  k: number,
  complete: boolean,
  own: PartyEvaluator,
  p: Pending | null,
  round: number,
  trace: readonly TraceEntry[],
  scored: readonly number[],
): PartyView {
  return {
    party: partyId,
    information: complete ? "complete" : "private",
    reservation: space.parties[k].reservation,
    turn:
      p !== null && p.slot === slot
        ? { kind: p.kind, allowed: p.allowed, offer: p.offer, current: p.current }
        : null,
    round,
    history: trace.map((e) => {
      const entry: PartyView["history"][number] = {
        round: e.round,
        time: e.time,
        party: e.party,
        kind: e.kind,
        outcome: e.outcome,
        utility: e.outcome === null ? null : own.utility(e.outcome),
      };
      if (complete && e.utilities) {
        const all: Record<string, number> = {};
        scored.forEach((j, c) => {
          all[space.parties[j].id] = e.utilities![c];
        });
        entry.utilities = all;
      }
      return entry;
    }),
    over: p === null,
  };
}
