/**
 * Guarded agent calls: every call of an agent (or mediator) is guarded, so that an agent that throws, times
 * out or answers with an invalid value ends the negotiation with a recorded error (`AgentError`) naming it,
 * the step and the problem. A non-thenable answer takes the synchronous path; a thenable is awaited in an
 * asynchronous run (raced against the time limit) and refused in a synchronous one. The session's `decide`
 * (on its hot path) turns an agent's answer into a party action and comes here for the slow path only.
 */
import type { CompiledSpace } from "../space/compile.ts";
import { AgentCallError } from "./agent.ts";
import type { SessionClock } from "./clock.ts";
import type { SessionConfig } from "./session.ts";

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

const THENABLE = "returned a Promise; simulate() needs synchronous agents (use simulateAsync)";

/** The guarded calls of one session's agents. */
export class AgentCalls {
  /** Whether agent answers may be Promises (set by the asynchronous drivers). */
  async = false;
  /** Asynchronous inits and observations still answering (the session settles them). */
  waits: Promise<void>[] = [];
  private readonly space: CompiledSpace;

  constructor(
    private readonly config: SessionConfig,
    private readonly clock: SessionClock,
  ) {
    this.space = config.space;
  }

  /**
   * The slow path of an answer to `decide` (the session's): a thenable (awaited, or refused in a synchronous
   * run) and the time limit.
   */
  guard(x: unknown, slot: number, step: FailureStep, round: number, t0: number): unknown {
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

export function isThenable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
