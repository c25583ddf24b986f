/**
 * The machinery every protocol shares: agents' views, guarded calls (an agent that throws, times out or
 * returns an invalid outcome ends the negotiation with a recorded failure naming it, the step and the
 * error), the clock and normalised time, and the trace (every action with all parties' utilities and, for
 * offers, the DANS move class).
 */
import { classifyMove, type MoveClass } from "../analysis/moves.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { type Agent, type AgentView, type PublicAction, publicSpaceOf, type TurnState } from "./agent.ts";
import { evaluatorOf, type PartyEvaluator } from "./evaluator.ts";
import { outcomeIndexOf } from "./outcomeIndex.ts";
import { createRandom, type Random } from "./random.ts";

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
}

export type FailureStep = "init" | "propose" | "respond" | "vote" | "observe" | "mediator";

export interface Failure {
  party: string;
  agent: string;
  step: FailureStep;
  round: number;
  kind: "error" | "timeout" | "invalid";
  error: string;
}

/** Signals a failure out of a protocol loop. */
export class AgentFailure extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.agent} (${failure.party}) failed in ${failure.step}: ${failure.error}`);
  }
}

export interface SessionConfig {
  space: CompiledSpace;
  protocol: "saop" | "mediated";
  /** Parties at the table in turn order, and their agents (parallel). */
  order: number[];
  agents: Agent[];
  rounds: number | null;
  timeMs: number | null;
  seed: number;
  /** Per space party: discount factor (1 = none). */
  discount: Float64Array;
  information: "private" | "complete";
  agentTimeoutMs: number | null;
  clock: () => number;
  /** Build indexes afresh instead of using the per-space cache. */
  freshIndexes: boolean;
}

export class Session {
  readonly space: CompiledSpace;
  readonly history: PublicAction[] = [];
  readonly trace: TraceEntry[] = [];
  /** Parties with preferences: the columns of every utilities array. */
  readonly scored: number[];
  readonly scoredEvaluators: PartyEvaluator[];
  readonly views: AgentView[] = [];
  readonly informed: boolean[] = [];
  readonly rng: Random;
  private readonly lastOffer: Float64Array;
  private readonly start: number;
  private readonly timed: boolean;

  constructor(readonly config: SessionConfig) {
    this.space = config.space;
    this.scored = config.space.parties.flatMap((p, k) => (p.hasPreferences ? [k] : []));
    this.scoredEvaluators = this.scored.map((k) => evaluatorOf(config.space, k, config.freshIndexes));
    this.lastOffer = new Float64Array(config.space.parties.length).fill(-1);
    this.rng = createRandom(config.seed);
    this.timed = config.timeMs !== null || config.agentTimeoutMs !== null;
    this.start = this.timed ? config.clock() : 0;
  }

  /** Builds the views and calls every agent's init. */
  open(): void {
    const { space, order, agents } = this.config;
    const pub = publicSpaceOf(space);
    order.forEach((k, slot) => {
      const agent = agents[slot];
      const informed = this.config.information === "complete" || agent.needsCompleteInformation === true;
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
        complete: informed ? space : null,
        discount: this.config.discount[k],
        protocol: this.config.protocol,
        rng: this.rng.fork(k + 1),
      };
      this.views.push(view);
      this.informed.push(informed);
    });
    agents.forEach((agent, slot) => {
      if (agent.init) this.call(slot, "init", 1, () => agent.init!(this.views[slot]));
    });
  }

  elapsed(): number {
    return this.timed ? this.config.clock() - this.start : 0;
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

  /** Calls an agent, turning a throw or an overrun into an AgentFailure. */
  call<T>(slot: number, step: FailureStep, round: number, fn: () => T): T {
    const limit = this.config.agentTimeoutMs;
    const t0 = limit !== null ? this.config.clock() : 0;
    let value: T;
    try {
      value = fn();
    } catch (e) {
      throw new AgentFailure(this.failureOf(slot, step, round, "error", errorText(e)));
    }
    if (limit !== null) {
      const took = this.config.clock() - t0;
      if (took > limit)
        throw new AgentFailure(
          this.failureOf(slot, step, round, "timeout", `took ${took.toFixed(0)} ms (limit ${limit} ms)`),
        );
    }
    return value;
  }

  failureOf(slot: number, step: FailureStep, round: number, kind: Failure["kind"], error: string): Failure {
    const party = slot >= 0 ? this.space.parties[this.config.order[slot]].id : "mediator";
    const agent = slot >= 0 ? this.config.agents[slot].name : step;
    return { party, agent, step, round, kind, error };
  }

  /** Checks that an agent returned a valid outcome index. */
  checkOutcome(slot: number, step: FailureStep, round: number, x: unknown): number {
    if (isThenable(x))
      throw new AgentFailure(
        this.failureOf(slot, step, round, "invalid", "returned a Promise; agents must answer synchronously"),
      );
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
      if (!agent.observe) continue;
      state ??= this.state(round, null);
      const s = state;
      this.call(slot, "observe", round, () => agent.observe!(action, s));
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

export function isThenable(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
