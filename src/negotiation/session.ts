/**
 * A steppable negotiation. The protocol is a state machine (`ProtocolMachine`) that says whose turn it is and
 * what it may do (`pending()`); the session answers with the party's agent (`step()`, `advance()`) or takes an
 * outside party's action (`submit()`: a person, a remote agent), validated. Every party action goes into the
 * action log, so a session is saved as its spec plus that log and resumed by replaying it (`replay()`).
 *
 * The session also holds what every protocol shares: agents' views, guarded agent calls (an agent that throws,
 * times out or answers with an invalid value ends the negotiation with a recorded error naming it, the step
 * and the problem), the clock and normalised time, and the trace (every action with all parties' utilities
 * and, for offers, the DANS move class). Agents may answer with a Promise; a non-thenable answer takes the
 * synchronous path, so running built-in agents to completion costs one loop over `step()`.
 */
import { classifyMove, type MoveClass } from "../analysis/moves.ts";
import { ZopaError } from "../errors.ts";
import type { CompiledSpace } from "../space/compile.ts";
import {
  type Agent,
  AgentAbort,
  AgentCallError,
  type AgentView,
  type Annotated,
  type CallUsage,
  isAnnotated,
  type PublicAction,
  publicSpaceOf,
  type TurnState,
  type WalkAway,
} from "./agent.ts";
import { evaluatorOf, type PartyEvaluator } from "./evaluator.ts";
import { outcomeIndexOf } from "./outcomeIndex.ts";
import { createRandom, type Random } from "./random.ts";
import { distancesOf, type EndedBy, type NegotiationResult, type NegotiationStatus } from "./result.ts";

export type ActionKind = PublicAction["kind"];

export interface TraceEntry {
  /** 0-based position in the trace. */
  step: number;
  round: number;
  time: number;
  /** Party id, or "mediator" for a mediator that is not a party. */
  party: string;
  kind: ActionKind;
  outcome: number | null;
  /** Utilities of `outcome` for every scored party (NegotiationResult.parties), or null without outcome. */
  utilities: number[] | null;
  /** For offers: the DANS class of the step from the party's previous offer (mean over the others). */
  move?: MoveClass;
  /** Text the party sent with the action. */
  message?: string;
  /** Answers the agent gave before this one that were not valid actions (raw text, trimmed): LLM agents. */
  invalid?: string[];
  /** The model calls behind the action (LLM agents). */
  usage?: CallUsage;
}

export type FailureStep = "init" | "propose" | "respond" | "vote" | "observe" | "mediator";

/** An agent (or mediator) that threw, answered with an invalid value or overran its time. */
export interface AgentError {
  party: string;
  agent: string;
  step: FailureStep;
  round: number;
  /** `memory`: a sandboxed agent stopped for exceeding its memory limit (see AgentCallError). */
  kind: "error" | "timeout" | "memory" | "invalid";
  message: string;
}

/** Internal control flow: an agent error raised out of a protocol step, caught by the session. */
export class AgentFailure extends Error {
  constructor(readonly failure: AgentError) {
    super(`${failure.agent} (${failure.party}) failed in ${failure.step}: ${failure.message}`);
  }
}

/**
 * One party action, as an outside party submits it and as the action log records it. `offer` makes an offer
 * (in SAOP, answering an offer on the table with an offer rejects it); `accept` and `reject` answer the offer
 * on the table, the mediator's proposal or the final text; `end` walks away, optionally with a reason.
 */
export type PartyAction = (
  | { type: "offer"; outcome: number }
  | { type: "accept" }
  | { type: "reject" }
  | { type: "end"; reason?: string }
) & { message?: string }; // text beside the action (a person's words, an LLM agent's reply)

/** A party action in the log: who took it. */
export type LoggedAction = PartyAction & { party: string };

/** What the protocol waits for. */
export interface Pending {
  /** The party whose turn it is, and its place at the table. */
  party: string;
  slot: number;
  /**
   * - `propose`: make an offer, or end;
   * - `respond`: answer `offer` (SAOP: accept it, make a counter-offer, or end; mediated, at the deadline:
   *   accept, reject or end on the final text);
   * - `vote`: accept or reject moving the text from `current` to `offer` (mediated).
   */
  kind: "propose" | "respond" | "vote";
  allowed: readonly PartyAction["type"][];
  round: number;
  /** The offer on the table, the final text, or the proposed text; null for `propose`. */
  offer: number | null;
  /** Who made `offer` (party index; -1 for a mediator that is not a party). */
  from: number;
  /** For `vote`: the current text. */
  current: number | null;
  /** What the agent is shown. */
  state: TurnState;
}

/** How a protocol ended. */
export interface ProtocolOutcome {
  agreement: number | null;
  /** Rounds begun. */
  rounds: number;
  endedBy: EndedBy;
  error: AgentError | null;
}

/** A protocol's rules as a state machine over one session. */
export interface ProtocolMachine {
  /** The current round (for errors). */
  readonly round: number;
  /** Takes internal steps (a mediator's) and returns what the protocol waits for, or null once it is over. */
  next(): Pending | null;
  /** Applies the answer (already checked against `pending.allowed`) to the request `next` returned. */
  apply(pending: Pending, action: PartyAction): void;
  /** Set once the negotiation is over. */
  readonly outcome: ProtocolOutcome | null;
}

export interface SessionConfig {
  space: CompiledSpace;
  /** The protocol's display name ("saop", "mediated(random-flip)"). */
  protocolName: string;
  protocol: "saop" | "mediated";
  start: (session: Session) => ProtocolMachine;
  /** Parties at the table in turn order, and their agents (parallel); null for an outside party (`submit`). */
  order: number[];
  agents: (Agent | null)[];
  rounds: number | null;
  timeMs: number | null;
  seed: number;
  /** Per space party: discount factor (1 = none). */
  discount: Float64Array;
  /**
   * What agents know of the others' preferences: their own only (`private`), everyone's utilities
   * (`complete`), or everyone's utility functions with the others' reservation values hidden, given as 0
   * (`utilities`: the ANL 2024 rules).
   */
  information: "private" | "complete" | "utilities";
  agentTimeoutMs: number | null;
  clock: () => number;
  /** Build indexes afresh instead of using the per-space cache. */
  freshIndexes: boolean;
  /** Clock readings to replay first (elapsed ms since the start, as `clockLog` recorded them). */
  replayClock?: readonly number[];
}

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
    /** Text the party sent with the action. */
    message?: string;
  }[];
  over: boolean;
}

const THENABLE = "returned a Promise; simulate() needs synchronous agents (use simulateAsync)";

export class Session {
  readonly space: CompiledSpace;
  readonly history: PublicAction[] = [];
  readonly trace: TraceEntry[] = [];
  /**
   * The action log is the trace's entries by parties at the table (nothing recorded twice, no cost per
   * action): its length and the reasons given for walking away (by trace step) are all it adds.
   */
  private actionCount = 0;
  private readonly reasons = new Map<number, string>();
  /** A scratch offer action, refilled by each agent offer and consumed at once by `take`. */
  private readonly offerScratch = { type: "offer" as const, outcome: 0 };
  /** What travels beside the action being taken (its message, an agent's notes): the next record takes it. */
  private note: Note | null = null;
  /** Clock readings (ms since the start) in the order they were taken: replayed on resume (time deadlines). */
  readonly clockLog: number[] = [];
  /** Parties with preferences: the columns of every utilities array. */
  readonly scored: number[];
  readonly scoredEvaluators: PartyEvaluator[];
  readonly views: AgentView[] = [];
  readonly informed: boolean[] = [];
  readonly rng: Random;
  /** Ids of the parties at the table, in turn order. */
  private readonly tableIds: string[];
  /** Whether agent answers may be Promises (set by the asynchronous drivers). */
  async = false;
  private readonly lastOffer: Float64Array;
  private readonly timed: boolean;
  private readonly readClock: () => number;
  /** The clock's reading now without taking it (NaN while recorded readings are still being replayed). */
  private readonly peekClock: () => number;
  private readonly start: number;
  private machine: ProtocolMachine | null = null;
  private request: Pending | null = null;
  private failed: ProtocolOutcome | null = null;
  private opened = false;
  /** While asynchronous inits run. */
  private opening: Promise<void> | null = null;
  private waits: Promise<void>[] = [];

  constructor(readonly config: SessionConfig) {
    this.space = config.space;
    this.scored = config.space.parties.flatMap((p, k) => (p.hasPreferences ? [k] : []));
    this.scoredEvaluators = this.scored.map((k) => evaluatorOf(config.space, k, config.freshIndexes));
    this.lastOffer = new Float64Array(config.space.parties.length).fill(-1);
    this.rng = createRandom(config.seed);
    this.timed = config.timeMs !== null || config.agentTimeoutMs !== null;
    const clock = config.replayClock?.length
      ? replayingClock(config.replayClock, config.clock)
      : { read: config.clock, peek: config.clock };
    this.readClock = clock.read;
    this.peekClock = clock.peek;
    this.start = this.timed ? this.readClock() : 0;
    this.tableIds = config.order.map((k) => config.space.parties[k].id);
  }

  /** Milliseconds since the start, recorded for replay. */
  private now(): number {
    const t = this.readClock() - this.start;
    this.clockLog.push(t);
    return t;
  }

  /** Builds the views and calls every agent's init (a Promise when an agent's init returns one). */
  open(): void | Promise<void> {
    if (this.opened) return this.opening ?? undefined;
    this.opened = true;
    const { space, order, agents } = this.config;
    const pub = publicSpaceOf(space);
    order.forEach((k, slot) => {
      const agent = agents[slot];
      const info = this.config.information;
      const informed = info !== "private" || agent?.needsCompleteInformation === true;
      const evaluator = this.scoredEvaluators[this.scored.indexOf(k)];
      const view: AgentView = {
        party: k,
        id: space.parties[k].id,
        space: pub,
        self: space.parties[k],
        utility: evaluator.utility,
        acceptable: evaluator.acceptable,
        evaluator,
        index: outcomeIndexOf(space, k, { fresh: this.config.freshIndexes, evaluator }),
        negotiators: order,
        opponents: order.filter((j) => j !== k),
        complete: informed
          ? info === "utilities" && agent?.needsCompleteInformation !== true
            ? hiddenReservations(space, k)
            : space
          : null,
        discount: this.config.discount[k],
        protocol: this.config.protocol,
        rng: this.rng.fork(k + 1),
      };
      this.views.push(view);
      this.informed.push(informed);
    });
    try {
      agents.forEach((agent, slot) => {
        if (agent?.init) {
          const done = this.call(slot, "init", 1, () => agent.init!(this.views[slot]));
          if (isThenable(done)) this.waits.push(done as Promise<void>);
        }
      });
    } catch (e) {
      this.fail(e);
    }
    this.machine = this.config.start(this);
    const settling = this.settle();
    if (!settling) return;
    this.opening = settling.then(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /** Waits for asynchronous inits and observations; the first that failed ends the negotiation. */
  private settle(): void | Promise<void> {
    if (this.waits.length === 0) return;
    const waits = this.waits;
    this.waits = [];
    return Promise.all(waits).then(
      () => undefined,
      (e) => this.fail(e),
    );
  }

  /**
   * What the protocol waits for (whose turn, what kind of action), or null once the negotiation is over. The
   * object describes the current turn only: a protocol may refill it for the next turn, so copy what you keep.
   */
  pending(): Pending | null {
    if (!this.opened) this.open();
    if (this.opening !== null || this.waits.length > 0)
      throw new ZopaError(
        "simulation",
        "agents are still answering asynchronously: await session.open() or advance() first",
        {
          details: { kind: "session" },
        },
      );
    if (this.failed || this.machine === null) return null;
    if (this.request === null) {
      try {
        this.request = this.machine.next();
      } catch (e) {
        this.fail(e);
        return null;
      }
    }
    return this.request;
  }

  /** Whether the negotiation is over. */
  get over(): boolean {
    return this.pending() === null;
  }

  /**
   * Milliseconds left before the time deadline (0 once it has passed), or null without one (or while a
   * resumed session is still replaying its recorded clock). Reads the clock without recording the reading.
   */
  timeLeft(): number | null {
    const { timeMs } = this.config;
    if (timeMs === null) return null;
    const t = this.peekClock() - this.start;
    return Number.isNaN(t) ? null : Math.max(0, timeMs - t);
  }

  /**
   * Ends the negotiation at its time deadline when that has passed while the protocol waits for an outside
   * party: a person may take longer than the deadline (agents are raced against it). Returns whether it
   * ended now. The clock is read without recording it unless the deadline has passed, so calling this to
   * show someone the state leaves a replay unchanged.
   */
  expire(): boolean {
    if (this.config.timeMs === null || this.failed || this.machine === null) return false;
    const p = this.pending();
    if (p === null || !this.isOutside(p.slot) || this.timeLeft() !== 0) return false;
    // The protocol checks its deadline when it sets up a turn: set it up again.
    this.request = null;
    return this.pending() === null;
  }

  /** Whether the party at `slot` is played from outside (its actions come through `submit`). */
  isOutside(slot: number): boolean {
    return this.config.agents[slot] === null;
  }

  /**
   * Takes the pending party's action (an outside party's, usually). An action the protocol does not expect
   * now, or an offer that is not an outcome index, is refused with a ZopaError and changes nothing.
   */
  submit(action: PartyAction, party?: string): void {
    if (this.expire())
      throw new ZopaError(
        "simulation",
        "the time deadline passed before this action; the negotiation ended",
        {
          details: { kind: "deadline" },
        },
      );
    const p = this.pending();
    if (p === null)
      throw new ZopaError("simulation", "the negotiation is over; no action is expected", {
        details: { kind: "action" },
      });
    if (party !== undefined && party !== p.party)
      throw new ZopaError("simulation", `it is "${p.party}"'s turn, not "${party}"'s`, {
        details: { kind: "action", party: p.party },
      });
    const problem = actionProblem(this.space, p, action);
    if (problem)
      throw new ZopaError("simulation", `invalid action for "${p.party}" (${p.kind}): ${problem}`, {
        details: { kind: "action", party: p.party, expected: p.kind, allowed: p.allowed },
        hint: `expected one of: ${p.allowed.join(", ")}`,
      });
    this.take(p, action);
  }

  /** Every party action taken, in order: with the spec, all a snapshot needs. */
  get log(): LoggedAction[] {
    const out: LoggedAction[] = [];
    for (let k = 0; k < this.trace.length; k++) {
      const entry = this.logEntry(k);
      if (entry) out.push(entry);
    }
    return out;
  }

  /** The number of party actions taken. */
  get actions(): number {
    return this.actionCount;
  }

  /** The party action the trace entry `k` records, or undefined for a mediator's proposal. */
  private logEntry(k: number): LoggedAction | undefined {
    const e = this.trace[k];
    const party = e.party;
    if (!this.tableIds.includes(party)) return undefined;
    const type = e.kind;
    let out: LoggedAction;
    if (type === "offer") out = { party, type, outcome: e.outcome! };
    else if (type === "end") {
      const reason = this.reasons.get(k);
      out = reason === undefined ? { party, type } : { party, type, reason };
    } else out = { party, type };
    if (e.message !== undefined) out.message = e.message;
    return out;
  }

  private take(p: Pending, action: PartyAction): void {
    this.actionCount++;
    // The action's trace entry comes next.
    if (action.type === "end" && action.reason !== undefined)
      this.reasons.set(this.trace.length, action.reason);
    this.request = null;
    if (action.message !== undefined) (this.note ??= {}).message = action.message;
    try {
      this.machine!.apply(p, action);
    } catch (e) {
      this.fail(e);
    }
    this.note = null;
  }

  /**
   * One action by the pending party's agent. False when there is nothing to do: the negotiation is over or
   * an outside party is to act. A Promise when the agent answered with one.
   */
  step(): boolean | Promise<boolean> {
    const opening = this.open() ?? this.settle();
    if (opening) return opening.then(() => this.step());
    const p = this.pending();
    if (p === null || this.isOutside(p.slot)) return false;
    let action: PartyAction | Promise<PartyAction>;
    try {
      action = this.decide(p);
    } catch (e) {
      this.fail(e);
      return true;
    }
    if (!isThenable(action)) {
      this.take(p, action as PartyAction);
      const settled = this.settle();
      return settled ? settled.then(() => true) : true;
    }
    return (action as Promise<PartyAction>).then(
      (a) => {
        this.take(p, a);
        const settled = this.settle();
        return settled ? settled.then(() => true) : true;
      },
      (e) => {
        this.fail(e);
        return true;
      },
    );
  }

  /** Runs the agents until an outside party is to act or the negotiation is over. */
  advance(): void | Promise<void> {
    const opening = this.open() ?? this.settle();
    if (opening) return opening.then(() => this.advance());
    for (;;) {
      const p = this.pending();
      if (p === null || this.isOutside(p.slot)) return;
      let action: PartyAction | Promise<PartyAction>;
      try {
        action = this.decide(p);
      } catch (e) {
        this.fail(e);
        continue;
      }
      if (action instanceof Promise)
        return action.then(
          (a) => {
            this.take(p, a);
            return this.settled(() => this.advance());
          },
          (e) => {
            this.fail(e);
            return this.advance();
          },
        );
      this.take(p, action);
      if (this.waits.length) return this.settled(() => this.advance());
    }
  }

  /** `then()` once asynchronous inits and observations have settled. */
  private settled(then: () => void | Promise<void>): void | Promise<void> {
    const settling = this.settle();
    return settling ? settling.then(then) : then();
  }

  /**
   * Replays an action log: outside parties' actions are submitted, agents are asked again and must answer
   * as logged (agents are deterministic under the seed). A log that does not replay is a ZopaError("spec").
   */
  replay(log: readonly LoggedAction[], from = 0): void | Promise<void> {
    const opening = this.open() ?? this.settle();
    if (opening) return opening.then(() => this.replay(log, from));
    for (let k = from; k < log.length; k++) {
      const entry = log[k];
      const p = this.pending();
      const where = ["log", k];
      if (p === null)
        throw new ZopaError("spec", `the snapshot's action ${k} comes after the end of the negotiation`, {
          location: { path: where },
        });
      if (p.party !== entry.party)
        throw new ZopaError(
          "spec",
          `the snapshot's action ${k} is "${entry.party}"'s, but it is "${p.party}"'s turn`,
          { location: { path: where } },
        );
      if (this.isOutside(p.slot)) {
        const { party: _party, ...action } = entry;
        try {
          this.submit(action);
        } catch (e) {
          if (e instanceof ZopaError)
            throw new ZopaError("spec", `the snapshot's action ${k}: ${e.message}`, {
              location: { path: where },
            });
          throw e;
        }
        const settling = this.settle();
        if (settling) return settling.then(() => this.replay(log, k + 1));
        continue;
      }
      const taken = this.actionCount;
      const stepped = this.step();
      const check = () => {
        const got = this.actionCount > taken ? this.logEntry(this.trace.length - 1) : undefined;
        if (this.failed && got === undefined) return; // the agent failed where it failed before
        if (!sameAction(got, entry))
          throw new ZopaError(
            "spec",
            `the snapshot does not replay: at action ${k} agent "${this.config.agents[p.slot]!.name}" (${p.party}) now answers ${JSON.stringify(got ?? null)}, the log says ${JSON.stringify(entry)}`,
            {
              location: { path: where },
              hint: "the agents or the scenario changed since the snapshot was taken",
            },
          );
      };
      if (isThenable(stepped))
        return (stepped as Promise<boolean>).then(() => {
          check();
          return this.replay(log, k + 1);
        });
      check();
    }
  }

  /** The party's view: what it may see of the negotiation so far. */
  viewOf(partyId: string): PartyView {
    const slot = this.config.order.findIndex((k) => this.space.parties[k].id === partyId);
    if (slot < 0)
      throw new ZopaError("simulation", `"${partyId}" is not at the table`, { details: { kind: "table" } });
    const k = this.config.order[slot];
    const complete = this.config.information === "complete" || this.informed[slot] === true;
    const own = this.evaluatorFor(k);
    const p = this.pending();
    return {
      party: partyId,
      information: complete ? "complete" : "private",
      reservation: this.space.parties[k].reservation,
      turn:
        p !== null && p.slot === slot
          ? { kind: p.kind, allowed: p.allowed, offer: p.offer, current: p.current }
          : null,
      round: p?.round ?? this.machine?.round ?? 1,
      history: this.trace.map((e) => {
        const entry: PartyView["history"][number] = {
          round: e.round,
          time: e.time,
          party: e.party,
          kind: e.kind,
          outcome: e.outcome,
          utility: e.outcome === null ? null : own.utility(e.outcome),
        };
        if (e.message !== undefined) entry.message = e.message;
        if (complete && e.utilities) {
          const all: Record<string, number> = {};
          this.scored.forEach((j, c) => {
            all[this.space.parties[j].id] = e.utilities![c];
          });
          entry.utilities = all;
        }
        return entry;
      }),
      over: p === null,
    };
  }

  /** How the negotiation ended, or null while it goes on. */
  outcome(): ProtocolOutcome | null {
    if (this.pending() !== null) return null;
    return this.failed ?? this.machine!.outcome;
  }

  /** The result, once the negotiation is over. */
  result(): NegotiationResult {
    const out = this.outcome();
    if (out === null)
      throw new ZopaError("simulation", "the negotiation is not over yet", { details: { kind: "session" } });
    const { space, order, agents, discount } = this.config;
    const time =
      out.endedBy.kind === "deadline" ? 1 : this.trace.length ? this.trace[this.trace.length - 1].time : 0;
    const agreed = out.agreement !== null;
    const utilities = agreed
      ? this.utilitiesOf(out.agreement!)
      : this.scored.map((k) => space.parties[k].reservation);
    const status: NegotiationStatus = agreed
      ? "agreement"
      : out.error
        ? out.error.kind === "timeout" || out.error.kind === "memory"
          ? out.error.kind
          : "error"
        : "no-agreement";
    return {
      protocol: this.config.protocolName,
      scenario: { id: space.scenarioId, variant: space.variant },
      seed: this.config.seed,
      parties: this.scored.map((k) => {
        const slot = order.indexOf(k);
        return {
          id: space.parties[k].id,
          index: k,
          role: space.parties[k].role,
          agent: slot >= 0 ? (agents[slot]?.name ?? "human") : null,
          completeInformation: slot >= 0 ? (this.informed[slot] ?? false) : false,
        };
      }),
      status,
      agreement: out.agreement,
      utilities,
      utilitiesAre: agreed ? "agreement" : "reservation",
      discountedUtilities: utilities.map((u, j) => u * discount[this.scored[j]] ** time),
      rounds: out.rounds,
      time,
      endedBy: out.endedBy,
      error: out.error,
      distances: agreed
        ? distancesOf(
            space,
            order,
            order.map((k) => utilities[this.scored.indexOf(k)]),
          )
        : null,
      trace: this.trace,
    };
  }

  /** Ends the negotiation on an agent error; anything else is a bug and propagates. */
  private fail(e: unknown): void {
    if (!(e instanceof AgentFailure)) throw e;
    this.note = null;
    if (this.failed) return;
    this.request = null;
    this.failed = {
      agreement: null,
      rounds: this.machine?.round ?? 1,
      endedBy: { kind: "failure" },
      error: e.failure,
    };
  }

  /**
   * The agent's answer to a request (`step` defaults to the request's kind; SAOP asks `propose` after a
   * rejection), as a party action: a Promise when the agent answered with one. The common answers (a valid
   * offer, accept, reject) are handled here in one function; everything else goes through `interpret`.
   */
  private decide(
    p: Pending,
    step: "propose" | "respond" | "vote" = p.kind,
  ): PartyAction | Promise<PartyAction> {
    const slot = p.slot;
    const agent = this.config.agents[slot]!;
    const limit = this.config.agentTimeoutMs;
    const t0 = limit !== null ? this.now() : 0;
    let x: unknown;
    try {
      if (step === "propose") x = agent.propose(p.state);
      else if (step === "respond") x = agent.respond(p.state, p.offer!, p.from);
      else if (agent.vote) x = agent.vote(p.state, p.offer!, p.current!);
      else {
        const view = this.views[slot];
        x = view.utility(p.offer!) >= view.utility(p.current!);
      }
    } catch (e) {
      throw new AgentFailure(this.failureOf(slot, step, p.round, "error", errorText(e)));
    }
    if (limit !== null || (typeof x === "object" && x !== null)) {
      const guarded = this.guard(x, p, step, t0);
      if (guarded instanceof Promise) return guarded.then((v) => this.interpret(p, step, v));
    }
    if (step === "propose") {
      if (typeof x === "number" && Number.isInteger(x) && x >= 0 && x < this.space.size) {
        const offer = this.offerScratch;
        offer.outcome = x;
        return offer;
      }
    } else if (step === "respond") {
      if (x === "accept") return ACCEPT;
      // SAOP: a rejection is a counter-offer.
      if (x === "reject" && this.config.protocol === "saop") return this.decide(p, "propose");
    } else if (x === true) return ACCEPT;
    else if (x === false) return REJECT;
    return this.interpret(p, step, x);
  }

  /** The slow path of an answer: a thenable (awaited, or refused in a synchronous run) and the time limit. */
  private guard(x: unknown, p: Pending, step: FailureStep, t0: number): unknown {
    const { slot, round } = p;
    if (isThenable(x)) {
      if (!this.async) {
        (x as Promise<unknown>).then(undefined, () => undefined);
        throw new AgentFailure(this.failureOf(slot, step, round, "invalid", THENABLE));
      }
      return this.awaitCall(x as Promise<unknown>, slot, step, round, t0);
    }
    const limit = this.config.agentTimeoutMs;
    if (limit !== null) {
      const took = this.now() - t0;
      if (took > limit) throw new AgentFailure(this.overrun(slot, step, round, took, limit));
    }
    return x;
  }

  /** An agent's answer as a party action (an offer is the session's scratch object, consumed at once). */
  private interpret(
    p: Pending,
    step: "propose" | "respond" | "vote",
    x: unknown,
  ): PartyAction | Promise<PartyAction> {
    const { slot, round } = p;
    if (isAnnotated(x) && !isWalkAway(x)) {
      this.note = mergeNote(this.note, x);
      return this.interpret(p, step, x.answer);
    }
    if (step === "propose") {
      if (x === null) return END;
      if (isWalkAway(x)) return { type: "end", reason: x.reason };
      const offer = this.offerScratch;
      offer.outcome = this.checkOutcome(slot, "propose", round, x);
      return offer;
    }
    if (step === "vote") {
      if (typeof x !== "boolean")
        throw new AgentFailure(
          this.failureOf(
            slot,
            "vote",
            round,
            "invalid",
            `voted ${JSON.stringify(x)}; expected true or false`,
          ),
        );
      return x ? ACCEPT : REJECT;
    }
    if (x === "accept") return ACCEPT;
    if (x === "end") return END;
    if (isWalkAway(x)) return { type: "end", reason: x.reason };
    if (x !== "reject")
      throw new AgentFailure(
        this.failureOf(
          slot,
          "respond",
          round,
          "invalid",
          `answered ${JSON.stringify(x)}; expected "accept", "reject" or "end"`,
        ),
      );
    if (this.config.protocol === "mediated") return REJECT; // the final text: a rejection is a vote
    // SAOP: a rejection is a counter-offer.
    return this.decide(p, "propose");
  }

  elapsed(): number {
    return this.timed ? this.now() : 0;
  }

  /** Normalised time at the start of a round. */
  timeAt(round: number): number {
    const { rounds, timeMs } = this.config;
    let t = rounds !== null ? (round - 1) / rounds : 0;
    if (timeMs !== null) t = Math.max(t, this.elapsed() / timeMs);
    return Math.min(1, t);
  }

  /** Whether the deadline has passed before `round` starts (or now, for time deadlines). */
  pastDeadline(round: number): boolean {
    const { rounds, timeMs } = this.config;
    if (rounds !== null && round > rounds) return true;
    return timeMs !== null && this.elapsed() >= timeMs;
  }

  state(round: number, current: TurnState["current"] = null): TurnState {
    return {
      round,
      time: this.timeAt(round),
      rounds: this.config.rounds,
      timeMs: this.config.timeMs,
      elapsedMs: this.elapsed(),
      history: this.history,
      current,
    };
  }

  /**
   * Calls an agent, turning a throw or an overrun into an AgentFailure. A thenable answer is refused in a
   * synchronous run; in an asynchronous one it is awaited, timed to its settling and raced against the limit.
   */
  call<T>(slot: number, step: FailureStep, round: number, fn: () => T | Promise<T>): T | Promise<T> {
    const limit = this.config.agentTimeoutMs;
    const t0 = limit !== null ? this.now() : 0;
    let value: T | Promise<T>;
    try {
      value = fn();
    } catch (e) {
      throw new AgentFailure(this.failureOf(slot, step, round, "error", errorText(e)));
    }
    if (isThenable(value)) {
      if (!this.async) {
        (value as Promise<T>).then(undefined, () => undefined);
        throw new AgentFailure(this.failureOf(slot, step, round, "invalid", THENABLE));
      }
      return this.awaitCall(value as Promise<T>, slot, step, round, t0);
    }
    if (limit !== null) {
      const took = this.now() - t0;
      if (took > limit) throw new AgentFailure(this.overrun(slot, step, round, took, limit));
    }
    return value as T;
  }

  private awaitCall<T>(
    value: Promise<T>,
    slot: number,
    step: FailureStep,
    round: number,
    t0: number,
  ): Promise<T> {
    // An agent that times itself (a sandboxed agent, stopped from outside past its limit) is not raced here.
    const limit = this.config.agents[slot]?.timesItself ? null : this.config.agentTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const TIMEOUT = Symbol("timeout");
    const guarded = value.then(
      (v) => v,
      (e) => {
        if (e instanceof AgentAbort) throw e;
        // A proxy (sandboxed agent) says how the call failed: stopped for its time or memory, or an error.
        if (e instanceof AgentCallError)
          throw new AgentFailure(this.failureOf(slot, step, round, e.kind, e.message));
        throw new AgentFailure(this.failureOf(slot, step, round, "error", errorText(e)));
      },
    );
    const raced: Promise<T | typeof TIMEOUT> =
      limit === null
        ? guarded
        : Promise.race([
            guarded,
            new Promise<typeof TIMEOUT>((resolve) => {
              timer = setTimeout(() => resolve(TIMEOUT), limit + 1);
            }),
          ]);
    return raced.then(
      (v) => {
        if (timer !== undefined) clearTimeout(timer);
        if (limit !== null) {
          const took = this.now() - t0;
          if (took > limit || v === TIMEOUT)
            throw new AgentFailure(this.overrun(slot, step, round, took, limit));
        }
        return v as T;
      },
      (e) => {
        if (timer !== undefined) clearTimeout(timer);
        throw e;
      },
    );
  }

  private overrun(slot: number, step: FailureStep, round: number, took: number, limit: number): AgentError {
    return this.failureOf(slot, step, round, "timeout", `took ${took.toFixed(0)} ms (limit ${limit} ms)`);
  }

  failureOf(
    slot: number,
    step: FailureStep,
    round: number,
    kind: AgentError["kind"],
    message: string,
  ): AgentError {
    const party = slot >= 0 ? this.space.parties[this.config.order[slot]].id : "mediator";
    const agent = slot >= 0 ? (this.config.agents[slot]?.name ?? "human") : step;
    return { party, agent, step, round, kind, message };
  }

  /** Checks that an agent returned a valid outcome index. */
  checkOutcome(slot: number, step: FailureStep, round: number, x: unknown): number {
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x >= this.space.size)
      throw new AgentFailure(
        this.failureOf(
          slot,
          step,
          round,
          "invalid",
          `returned ${JSON.stringify(x)}, not an outcome index in [0, ${this.space.size})`,
        ),
      );
    return x;
  }

  evaluatorFor(k: number): PartyEvaluator {
    const slot = this.scored.indexOf(k);
    return slot >= 0 ? this.scoredEvaluators[slot] : evaluatorOf(this.space, k);
  }

  utilitiesOf(outcome: number): number[] {
    return this.scoredEvaluators.map((e) => e.utility(outcome));
  }

  /** Records a public action in the history and the trace, then lets every agent observe it. */
  record(round: number, time: number, party: number, kind: ActionKind, outcome: number | null): void {
    const action: PublicAction = { round, time, party, kind, outcome };
    const note = this.note;
    if (note !== null) {
      this.note = null;
      if (note.message !== undefined) action.message = note.message;
    }
    this.history.push(action);
    const utilities = outcome === null ? null : this.utilitiesOf(outcome);
    const entry: TraceEntry = {
      step: this.trace.length,
      round,
      time,
      party: party >= 0 ? this.space.parties[party].id : "mediator",
      kind,
      outcome,
      utilities,
    };
    if (note !== null) {
      if (note.message !== undefined) entry.message = note.message;
      if (note.invalid?.length) entry.invalid = note.invalid;
      if (note.usage) entry.usage = note.usage;
    }
    if (kind === "offer" && party >= 0 && outcome !== null) {
      const prev = this.lastOffer[party];
      if (prev >= 0) entry.move = this.moveOf(party, prev, outcome);
      this.lastOffer[party] = outcome;
    }
    this.trace.push(entry);
    const agents = this.config.agents;
    let state: TurnState | null = null;
    for (let slot = 0; slot < agents.length; slot++) {
      const agent = agents[slot];
      if (!agent?.observe) continue;
      state ??= this.state(round, null);
      // Called directly (no closure: this runs for every agent on every action), guarded like `call`.
      const limit = this.config.agentTimeoutMs;
      const t0 = limit !== null ? this.now() : 0;
      let seen: unknown;
      try {
        seen = agent.observe(action, state);
      } catch (e) {
        throw new AgentFailure(this.failureOf(slot, "observe", round, "error", errorText(e)));
      }
      if (seen !== undefined && isThenable(seen)) {
        if (!this.async) {
          (seen as Promise<unknown>).then(undefined, () => undefined);
          throw new AgentFailure(this.failureOf(slot, "observe", round, "invalid", THENABLE));
        }
        this.waits.push(this.awaitCall(seen as Promise<void>, slot, "observe", round, t0));
      } else if (limit !== null) {
        const took = this.now() - t0;
        if (took > limit) throw new AgentFailure(this.overrun(slot, "observe", round, took, limit));
      }
    }
  }

  /** DANS class of a party's step from `prev` to `next`: own change and the mean change of the others. */
  moveOf(party: number, prev: number, next: number): MoveClass {
    const own = this.evaluatorFor(party);
    let other = 0;
    let count = 0;
    for (const k of this.config.order) {
      if (k === party) continue;
      const e = this.evaluatorFor(k);
      other += e.utility(next) - e.utility(prev);
      count++;
    }
    return classifyMove(own.utility(next) - own.utility(prev), count ? other / count : 0);
  }
}

/** The space as party `k` sees it under `utilities` information: the others' reservation values given as 0. */
function hiddenReservations(space: CompiledSpace, k: number): CompiledSpace {
  return { ...space, parties: space.parties.map((p, j) => (j === k ? p : { ...p, reservation: 0 })) };
}

/** The message and notes of the answer being taken (see TraceEntry). */
interface Note {
  message?: string;
  invalid?: string[];
  usage?: CallUsage;
}

/** Notes of a rejection and of the counter-offer it leads to, as one: the later message wins, the rest adds up. */
function mergeNote(before: Note | null, x: Annotated<unknown>): Note {
  const note: Note = { ...before };
  if (x.message !== undefined) note.message = x.message;
  if (x.invalid?.length) note.invalid = [...(note.invalid ?? []), ...x.invalid];
  if (x.usage) {
    const u = note.usage;
    note.usage = u
      ? {
          calls: u.calls + x.usage.calls,
          tokensIn: u.tokensIn + x.usage.tokensIn,
          tokensOut: u.tokensOut + x.usage.tokensOut,
          latencyMs: u.latencyMs + x.usage.latencyMs,
        }
      : { ...x.usage };
  }
  return note;
}

const ACCEPT: PartyAction = { type: "accept" };
const REJECT: PartyAction = { type: "reject" };
const END: PartyAction = { type: "end" };

function isWalkAway(x: unknown): x is WalkAway {
  return typeof x === "object" && x !== null && (x as WalkAway).type === "end";
}

/** Why `action` does not answer `p`, or null. */
function actionProblem(space: CompiledSpace, p: Pending, action: unknown): string | null {
  if (typeof action !== "object" || action === null || typeof (action as PartyAction).type !== "string")
    return `expected an object { type: ${p.allowed.map((t) => `"${t}"`).join(" | ")} }`;
  const a = action as PartyAction;
  if (!p.allowed.includes(a.type)) return `"${a.type}" is not allowed now; allowed: ${p.allowed.join(", ")}`;
  if (a.type === "offer" && !(Number.isInteger(a.outcome) && a.outcome >= 0 && a.outcome < space.size))
    return `outcome ${JSON.stringify(a.outcome)} is not an outcome index in [0, ${space.size})`;
  if (a.type === "end" && a.reason !== undefined && typeof a.reason !== "string")
    return "reason must be a string";
  if (a.message !== undefined && typeof a.message !== "string") return "message must be a string";
  return null;
}

function sameAction(a: LoggedAction | undefined, b: LoggedAction): boolean {
  if (!a || a.party !== b.party || a.type !== b.type || a.message !== b.message) return false;
  if (a.type === "offer") return a.outcome === (b as { outcome: number }).outcome;
  if (a.type === "end") return a.reason === (b as { reason?: string }).reason;
  return true;
}

/** Plays back recorded readings (relative to the first, which is the start), then the live clock from there. */
function replayingClock(
  readings: readonly number[],
  live: () => number,
): { read: () => number; peek: () => number } {
  let k = 0;
  let offset = 0;
  const read = () => {
    if (k === 0) {
      k++;
      return 0;
    }
    if (k <= readings.length) return readings[k++ - 1];
    if (k === readings.length + 1) {
      k++;
      offset = readings.length ? readings[readings.length - 1] - live() : 0;
    }
    return live() + offset;
  };
  // The next reading, untaken: unknown while recorded ones remain; the last recorded one until live again.
  const peek = () =>
    k <= readings.length
      ? Number.NaN
      : k === readings.length + 1
        ? readings[readings.length - 1]
        : live() + offset;
  return { read, peek };
}

export function isThenable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
