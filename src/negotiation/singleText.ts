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
import type { Protocol } from "./protocol.ts";
import type { Random } from "./random.ts";
import {
  AgentFailure,
  type PartyAction,
  type Pending,
  type ProtocolMachine,
  type ProtocolOutcome,
  type Session,
} from "./session.ts";

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
    start: (session) => new SingleText(session, mediator),
  };
}

const VOTE: readonly PartyAction["type"][] = ["accept", "reject"];
const RATIFY: readonly PartyAction["type"][] = ["accept", "reject", "end"];

class SingleText implements ProtocolMachine {
  round = 1;
  outcome: ProtocolOutcome | null = null;
  private phase: "open" | "propose" | "vote" | "ratify" = "open";
  private readonly me: number;
  private text = -1;
  private candidate = -1;
  private slot = 0;
  private all = true;
  private state: TurnState | null = null;

  constructor(
    private readonly session: Session,
    private readonly mediator: Mediator,
  ) {
    const space = session.space;
    this.me = mediator.party === undefined ? -1 : space.parties.findIndex((p) => p.id === mediator.party);
  }

  private mediatorCall<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw new AgentFailure(
        this.mediatorFailure("error", e instanceof Error ? `${e.name}: ${e.message}` : String(e)),
      );
    }
  }

  private mediatorFailure(kind: "error" | "invalid", message: string) {
    const space = this.session.space;
    return {
      party: this.me >= 0 ? space.parties[this.me].id : "mediator",
      agent: this.mediator.name,
      step: "mediator" as const,
      round: this.round,
      kind,
      message,
    };
  }

  private checkText(x: unknown): number {
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x >= this.session.space.size)
      throw new AgentFailure(
        this.mediatorFailure(
          "invalid",
          `proposed ${JSON.stringify(x)}, not an outcome index in [0, ${this.session.space.size})`,
        ),
      );
    return x;
  }

  next(): Pending | null {
    if (this.outcome) return null;
    const s = this.session;
    const { order } = s.config;
    const mediator = this.mediator;
    if (this.phase === "open") {
      this.mediatorCall(() =>
        mediator.init?.({ space: s.space, party: this.me, negotiators: order, rng: s.rng.fork(0) }),
      );
      this.text = this.checkText(this.mediatorCall(() => mediator.initial(s.state(1, null))));
      s.record(1, s.timeAt(1), this.me, "offer", this.text);
      this.phase = "propose";
    }
    if (this.phase === "propose") {
      if (s.pastDeadline(this.round)) {
        // Ratification of the final text.
        const last = Math.max(1, this.round - 1);
        this.state = { ...s.state(last, { outcome: this.text, party: this.me }), time: 1 };
        this.phase = "ratify";
      } else {
        const state = s.state(this.round, { outcome: this.text, party: this.me });
        const text = this.text;
        this.candidate = this.checkText(this.mediatorCall(() => mediator.propose(state, text)));
        s.record(this.round, state.time, this.me, "offer", this.candidate);
        this.state = state;
        this.phase = "vote";
      }
      this.slot = 0;
      this.all = true;
    }
    const ratify = this.phase === "ratify";
    const state = this.state!;
    return {
      party: s.space.parties[order[this.slot]].id,
      slot: this.slot,
      kind: ratify ? "respond" : "vote",
      allowed: ratify ? RATIFY : VOTE,
      round: state.round,
      offer: ratify ? this.text : this.candidate,
      from: this.me,
      current: ratify ? null : this.text,
      state,
    };
  }

  apply(p: Pending, action: PartyAction): void {
    const s = this.session;
    const { order } = s.config;
    const party = order[p.slot];
    if (this.phase === "ratify") {
      const last = p.state.round;
      if (action.type === "end") {
        s.record(last, 1, party, "end", null);
        this.outcome = {
          agreement: null,
          rounds: last,
          endedBy: { kind: "walk-away", party: p.party, reason: action.reason ?? null },
          error: null,
        };
        return;
      }
      s.record(last, 1, party, action.type === "accept" ? "accept" : "reject", this.text);
      if (action.type !== "accept") this.all = false;
      if (++this.slot === order.length)
        this.outcome = {
          agreement: this.all ? this.text : null,
          rounds: last,
          endedBy: this.all ? { kind: "agreement" } : { kind: "deadline" },
          error: null,
        };
      return;
    }
    const yes = action.type === "accept";
    s.record(this.round, p.state.time, party, yes ? "accept" : "reject", this.candidate);
    if (!yes) this.all = false;
    if (++this.slot < order.length) return;
    const candidate = this.candidate;
    const all = this.all;
    this.mediatorCall(() => this.mediator.observe?.(candidate, all));
    if (all) this.text = candidate;
    this.round++;
    this.phase = "propose";
  }
}
