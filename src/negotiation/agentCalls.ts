/**
 * Guarded agent calls: every call of an agent (or mediator) is guarded, so that an agent that throws, times
 * out or answers with an invalid value ends the negotiation with a recorded error (`AgentError`) naming it,
 * the step and the problem. A non-thenable answer takes the synchronous path; a thenable is awaited in an
 * asynchronous run (raced against the time limit) and refused in a synchronous one. `decide` turns an agent's
 * answer to a request into a party action, the common answers (a valid offer, accept, a SAOP counter-offer,
 * votes) in one function.
 */
import type { CompiledSpace } from "../space/compile.ts";
import type { AgentView, WalkAway } from "./agent.ts";
import type { SessionClock } from "./clock.ts";
import type { PartyAction, Pending, SessionConfig } from "./session.ts";

export type FailureStep = "init" | "propose" | "respond" | "vote" | "observe" | "mediator";

/** An agent (or mediator) that threw, answered with an invalid value or overran its time. */
export interface AgentError {
  party: string;
  agent: string;
  step: FailureStep;
  round: number;
  kind: "error" | "timeout" | "invalid";
  message: string;
}

/** Internal control flow: an agent error raised out of a protocol step, caught by the session. */
export class AgentFailure extends Error {
  constructor(readonly failure: AgentError) {
    super(`${failure.agent} (${failure.party}) failed in ${failure.step}: ${failure.message}`);
  }
}

const THENABLE = "returned a Promise; simulate() needs synchronous agents (use simulateAsync)";

/** The guarded calls of one session's agents. */
export class AgentCalls {
  /** Whether agent answers may be Promises (set by the asynchronous drivers). */
  async = false;
  /** Asynchronous inits and observations still answering (the session settles them). */
  waits: Promise<void>[] = [];
  /** A scratch offer action, refilled by each agent offer and consumed at once by the session. */
  private readonly offerScratch = { type: "offer" as const, outcome: 0 };
  private readonly space: CompiledSpace;

  constructor(
    private readonly config: SessionConfig,
    /** The agents' views by slot (filled when the session opens). */
    private readonly views: readonly AgentView[],
    private readonly clock: SessionClock,
  ) {
    this.space = config.space;
  }

  /**
   * The agent's answer to a request (`step` defaults to the request's kind; SAOP asks `propose` after a
   * rejection), as a party action: a Promise when the agent answered with one. The common answers (a valid
   * offer, accept, reject) are handled here in one function; everything else goes through `interpret`.
   */
  decide(p: Pending, step: "propose" | "respond" | "vote" = p.kind): PartyAction | Promise<PartyAction> {
    const slot = p.slot;
    const agent = this.config.agents[slot]!;
    const limit = this.config.agentTimeoutMs;
    const t0 = limit !== null ? this.clock.now() : 0;
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
      const took = this.clock.now() - t0;
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

  /**
   * Calls an agent, turning a throw or an overrun into an AgentFailure. A thenable answer is refused in a
   * synchronous run; in an asynchronous one it is awaited, timed to its settling and raced against the limit.
   */
  call<T>(slot: number, step: FailureStep, round: number, fn: () => T | Promise<T>): T | Promise<T> {
    const limit = this.config.agentTimeoutMs;
    const t0 = limit !== null ? this.clock.now() : 0;
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
      const took = this.clock.now() - t0;
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
    const limit = this.config.agentTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const TIMEOUT = Symbol("timeout");
    const guarded = value.then(
      (v) => v,
      (e) => {
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
          const took = this.clock.now() - t0;
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

  // The guards of an observation (the session calls `observe` itself, on its hot path).

  /** An agent's `observe` threw. */
  observeError(slot: number, round: number, e: unknown): AgentFailure {
    return new AgentFailure(this.failureOf(slot, "observe", round, "error", errorText(e)));
  }

  /** An agent's `observe` answered with a thenable: refused in a synchronous run, else awaited with the rest. */
  observeThenable(seen: unknown, slot: number, round: number, t0: number): void {
    if (!this.async) {
      (seen as Promise<unknown>).then(undefined, () => undefined);
      throw new AgentFailure(this.failureOf(slot, "observe", round, "invalid", THENABLE));
    }
    this.waits.push(this.awaitCall(seen as Promise<void>, slot, "observe", round, t0));
  }

  /** An agent's `observe` returned: an overrun of the time limit fails it. */
  timeObserve(slot: number, round: number, t0: number, limit: number): void {
    const took = this.clock.now() - t0;
    if (took > limit) throw new AgentFailure(this.overrun(slot, "observe", round, took, limit));
  }
}

const ACCEPT: PartyAction = { type: "accept" };
const REJECT: PartyAction = { type: "reject" };
const END: PartyAction = { type: "end" };

function isWalkAway(x: unknown): x is WalkAway {
  return typeof x === "object" && x !== null && (x as WalkAway).type === "end";
}

export function isThenable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
