/**
 * The agent interface: what a negotiating agent is asked (propose, respond, vote) and told (observe), and
 * what it sees (`AgentView`): its own preferences, its own sorted outcome index, the public description of
 * the space and the public history. Other parties' utilities are visible only under complete information.
 *
 * A user agent is a module whose default export (or `createAgent` export) is an `AgentFactory`: a function
 * returning a fresh `Agent` for each negotiation. Agents must be deterministic given `view.rng` (a session is
 * resumed by replaying its action log). Any method may return a Promise (remote, LLM or sandboxed agents);
 * built-in agents answer synchronously, which keeps the fast path.
 */
import { ZopaError } from "../errors.ts";
import type { CompiledParty, CompiledSpace } from "../space/compile.ts";
import type { PartyEvaluator } from "./evaluator.ts";
import type { OutcomeIndex } from "./outcomeIndex.ts";
import type { Random } from "./random.ts";

/** What everyone at the table sees happen. Outcomes are mixed-radix indices into the space. */
export interface PublicAction {
  round: number;
  /** Normalised time in [0, 1] when the action was taken. */
  time: number;
  /** Index into space.parties; -1 for a mediator that is not a party. */
  party: number;
  kind: "offer" | "accept" | "reject" | "end";
  /** The offer made, or the offer (text) accepted or rejected; null for `end`. */
  outcome: number | null;
  /** Text the party sent with the action (to every party at the table). */
  message?: string;
}

export interface TurnState {
  /** 1-based round. */
  round: number;
  /**
   * Normalised time in [0, 1]: the larger of (round − 1) / rounds and elapsed / timeMs. Without a time
   * deadline it depends on rounds only, so traces are reproducible byte for byte.
   */
  time: number;
  rounds: number | null;
  timeMs: number | null;
  elapsedMs: number;
  history: readonly PublicAction[];
  /** The offer on the table and who made it (SAOP), or the current single text (mediated). */
  current: { outcome: number; party: number } | null;
}

/** The public part of a compiled space: issues and party names, no preferences. */
export interface PublicSpace {
  scenarioId: string;
  title: string;
  variant: string | null;
  issues: CompiledSpace["issues"];
  radix: Int32Array;
  strides: Float64Array;
  size: number;
  parties: { id: string; name: string; role: CompiledParty["role"]; veto: boolean }[];
}

export interface AgentView {
  /** This party's index into space.parties, and its id. */
  party: number;
  id: string;
  space: PublicSpace;
  /** Own preferences, reservation value and red lines. */
  self: CompiledParty;
  /** Own utility of an outcome index. */
  utility(outcome: number): number;
  /** Own utility ≥ own reservation value and no own red line broken. */
  acceptable(outcome: number): boolean;
  evaluator: PartyEvaluator;
  /** Own acceptable outcomes sorted by own utility. */
  index: OutcomeIndex;
  /** Parties at the table (indices into space.parties), in turn order, self included. */
  negotiators: number[];
  /** The other parties at the table. */
  opponents: number[];
  /** The full compiled space (everyone's utilities): only under complete information, else null. */
  complete: CompiledSpace | null;
  /** Own discount factor (1 = none): utilities at time t are worth u · discount^t. */
  discount: number;
  protocol: "saop" | "mediated";
  rng: Random;
}

export type Response = "accept" | "reject" | "end";

/** Ending the negotiation with a reason (from `propose` or `respond`); recorded in the result's `endedBy`. */
export interface WalkAway {
  type: "end";
  reason: string;
}

/** The cost of the model calls behind one answer (LLM agents): calls, tokens in and out, wall-clock latency. */
export interface CallUsage {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/**
 * An answer (to propose, respond or vote) with what travels beside it: a `message` to the other parties
 * (public: history, trace, results, snapshots keep it), and notes for the trace: the `invalid` answers the
 * agent gave and withdrew before this one (raw text, trimmed) and the `usage` of the calls behind it.
 */
export interface Annotated<T> {
  answer: T;
  message?: string;
  invalid?: string[];
  usage?: CallUsage;
}

/** An answer with a message beside it: `return say(offer, "my last word")`. */
export function say<T>(answer: T, message: string): Annotated<T> {
  return { answer, message };
}

/** Whether an agent's answer is annotated (an object with `answer`). */
export function isAnnotated(x: unknown): x is Annotated<unknown> {
  return typeof x === "object" && x !== null && "answer" in x;
}

/** A value, or a Promise of it. */
export type MaybePromise<T> = T | Promise<T>;

export interface Agent {
  readonly name: string;
  /** Ask for the other parties' utilities even under private information (recorded in the result). */
  readonly needsCompleteInformation?: boolean;
  /** The protocols the agent can play; all when left out. */
  readonly protocols?: readonly ("saop" | "mediated")[];
  /**
   * True for an agent that limits each of its calls itself, from outside (a sandboxed agent: its worker is
   * stopped past the limit, and its init also starts the worker); the session does not race the Promises it
   * answers with against `agentTimeoutMs`.
   */
  readonly timesItself?: boolean;
  /** Called once before the first turn. */
  init?(view: AgentView): MaybePromise<void>;
  /**
   * An offer (outcome index), or null (or a WalkAway with a reason) to end the negotiation. Any answer may
   * come `Annotated` (with a message beside it); so may those of `respond` and `vote`.
   */
  propose(state: TurnState): MaybePromise<number | null | WalkAway | Annotated<number | null | WalkAway>>;
  /**
   * Answer `offer`, made by party `from` (SAOP), or ratify the final text (mediated; `from` is the mediator's
   * party index, or -1 for a mediator that is not a party).
   */
  respond(
    state: TurnState,
    offer: number,
    from: number,
  ): MaybePromise<Response | WalkAway | Annotated<Response | WalkAway>>;
  /** Mediated: agree to move the text from `current` to `candidate`? Default: own u(candidate) ≥ u(current). */
  vote?(state: TurnState, candidate: number, current: number): MaybePromise<boolean | Annotated<boolean>>;
  /** Every public action, including the agent's own, after it happened. */
  observe?(action: PublicAction, state: TurnState): MaybePromise<void>;
  /**
   * Agents that keep an opponent model: its estimate of `party`'s utility of `outcome` now (diagnostics
   * compare it with the truth after the negotiation).
   */
  estimate?(party: number, outcome: number): number;
}

export type AgentFactory = () => Agent;

/**
 * How an agent call failed, when the agent is a proxy (a sandboxed or remote agent) that knows: a rejection
 * with this error is recorded with its `kind` (`timeout`: stopped from outside for overrunning its time;
 * `memory`: stopped for exceeding its memory limit; `invalid`: its answers were not valid actions, e.g. an LLM
 * agent out of retries; `error`: anything else) and its message as given.
 */
export class AgentCallError extends Error {
  constructor(
    readonly kind: "error" | "timeout" | "memory" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "AgentCallError";
  }
}

/**
 * Not a failure of the agent but of the run: a proxy that cannot go on at all (its model endpoint unreachable,
 * a replayed cassette without the answer asked for). The session does not record it as the agent's failure:
 * it propagates out of the run, and the shell reports `error` (a ZopaError: what, where, how to fix).
 */
export class AgentAbort extends ZopaError {
  constructor(readonly error: ZopaError) {
    super(error.code, error.message, { location: error.location, hint: error.hint, cause: error });
    this.name = "AgentAbort";
  }
}

/** The public part of a space. */
export function publicSpaceOf(space: CompiledSpace): PublicSpace {
  return {
    scenarioId: space.scenarioId,
    title: space.title,
    variant: space.variant,
    issues: space.issues,
    radix: space.radix,
    strides: space.strides,
    size: space.size,
    parties: space.parties.map((p) => ({ id: p.id, name: p.name, role: p.role, veto: p.veto })),
  };
}
