/**
 * The mediated single-text protocol (GENIUS "Simple Mediator", NegMAS `VetoSTMechanism`): a mediator holds one
 * text (an outcome) and, each round, proposes a changed text; every party at the table votes, and the text
 * moves when all accept. At the deadline every party is asked once, with `respond`, whether it accepts the
 * final text: the agreement needs all of them (so no agent is bound to a text below its reservation value or
 * across its red lines). Agents without a `vote` method accept a change exactly when it does not lower their
 * own utility.
 */
import type { CompiledSpace } from "../space/compile.ts";
import type { TurnState } from "./agent.ts";
import type { Protocol, ProtocolOutcome } from "./protocol.ts";
import type { Random } from "./random.ts";
import { AgentFailure, type Session } from "./session.ts";

export interface MediatorView {
  /** The full space: mediators are the analyst's devices (a party mediator uses only its own preferences). */
  space: CompiledSpace;
  /** The party the mediator is, or -1. */
  party: number;
  negotiators: number[];
  rng: Random;
}

export interface Mediator {
  readonly name: string;
  /** The id of the party this mediator is (a mediator with its own preferences), if any. */
  readonly party?: string;
  /**
   * Called at the start of every negotiation. A mediator must reset all its state here: one mediator object
   * (and the protocol built on it) may run many negotiations, on different spaces.
   */
  init?(view: MediatorView): void;
  /** The opening text. */
  initial(state: TurnState): number;
  /** A changed text to put to the vote. */
  propose(state: TurnState, text: number): number;
  /** Whether the parties accepted the last proposal. */
  observe?(candidate: number, accepted: boolean): void;
}

export function protocolSingleText(mediator: Mediator): Protocol {
  return {
    name: `mediated(${mediator.name})`,
    kind: "mediated",
    minParties: 2,
    check(space, order) {
      if (mediator.party === undefined) return null;
      const k = space.parties.findIndex((p) => p.id === mediator.party);
      if (k < 0)
        return `the mediator is party "${mediator.party}", which the scenario does not define; parties: ${space.parties.map((p) => `"${p.id}"`).join(", ")}`;
      if (!space.parties[k].hasPreferences) return `mediator party "${mediator.party}" has no preferences`;
      if (order.includes(k)) return `party "${mediator.party}" cannot both mediate and sit at the table`;
      return null;
    },
    run: (session) => runSingleText(session, mediator),
  };
}

function runSingleText(session: Session, mediator: Mediator): ProtocolOutcome {
  const { order, agents } = session.config;
  const space = session.space;
  const me = mediator.party === undefined ? -1 : space.parties.findIndex((p) => p.id === mediator.party);
  let round = 1;
  const mediatorCall = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw new AgentFailure({
        party: me >= 0 ? space.parties[me].id : "mediator",
        agent: mediator.name,
        step: "mediator",
        round,
        kind: "error",
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  };
  const checkText = (x: unknown): number => {
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x >= space.size)
      throw new AgentFailure({
        party: me >= 0 ? space.parties[me].id : "mediator",
        agent: mediator.name,
        step: "mediator",
        round,
        kind: "invalid",
        error: `proposed ${JSON.stringify(x)}, not an outcome index in [0, ${space.size})`,
      });
    return x;
  };
  try {
    session.open();
    mediatorCall(() => mediator.init?.({ space, party: me, negotiators: order, rng: session.rng.fork(0) }));
    let text = checkText(mediatorCall(() => mediator.initial(session.state(1, null))));
    session.record(1, session.timeAt(1), me, "offer", text);
    for (; !session.pastDeadline(round); round++) {
      const state = session.state(round, { outcome: text, party: me });
      const candidate = checkText(mediatorCall(() => mediator.propose(state, text)));
      session.record(round, state.time, me, "offer", candidate);
      let all = true;
      for (let slot = 0; slot < order.length; slot++) {
        const agent = agents[slot];
        const current = text;
        const view = session.views[slot];
        const yes = session.call(slot, "vote", round, () =>
          agent.vote
            ? agent.vote(state, candidate, current)
            : view.utility(candidate) >= view.utility(current),
        );
        if (typeof yes !== "boolean")
          throw new AgentFailure(
            session.failureOf(
              slot,
              "vote",
              round,
              "invalid",
              `voted ${JSON.stringify(yes)}; expected true or false`,
            ),
          );
        session.record(round, state.time, order[slot], yes ? "accept" : "reject", candidate);
        if (!yes) all = false;
      }
      mediatorCall(() => mediator.observe?.(candidate, all));
      if (all) text = candidate;
    }
    // Ratification of the final text.
    const last = Math.max(1, round - 1);
    const state = { ...session.state(last, { outcome: text, party: me }), time: 1 };
    let all = true;
    for (let slot = 0; slot < order.length; slot++) {
      const answer = session.call(slot, "respond", last, () => agents[slot].respond(state, text, me));
      if (answer !== "accept" && answer !== "reject" && answer !== "end")
        throw new AgentFailure(
          session.failureOf(
            slot,
            "respond",
            last,
            "invalid",
            `answered ${JSON.stringify(answer)}; expected "accept", "reject" or "end"`,
          ),
        );
      if (answer === "end") {
        session.record(last, 1, order[slot], "end", null);
        return {
          status: "ended",
          agreement: null,
          rounds: last,
          endedBy: space.parties[order[slot]].id,
          failure: null,
        };
      }
      session.record(last, 1, order[slot], answer === "accept" ? "accept" : "reject", text);
      if (answer !== "accept") all = false;
    }
    return {
      status: all ? "agreement" : "deadline",
      agreement: all ? text : null,
      rounds: last,
      endedBy: null,
      failure: null,
    };
  } catch (e) {
    if (e instanceof AgentFailure)
      return { status: "failed", agreement: null, rounds: round, endedBy: null, failure: e.failure };
    throw e;
  }
}
