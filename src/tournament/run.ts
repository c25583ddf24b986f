/**
 * Runs one planned negotiation and scores it: the same `simulate` the CLI uses, then the tournament's scores
 * (a failing agent gets utility 0, the others their reservation values). Pure: agents come in as factories,
 * the scenario compiled once per scenario (`prepareScenario`) and reused for all its negotiations.
 */
import type { Agent, AgentFactory } from "../negotiation/agent.ts";
import { protocolAlternatingOffers } from "../negotiation/alternatingOffers.ts";
import { mediatorFromCatalog } from "../negotiation/catalog.ts";
import type { Protocol } from "../negotiation/protocol.ts";
import { distancesOf, type NegotiationResult } from "../negotiation/result.ts";
import { actionToJson } from "../negotiation/serialize.ts";
import { type SimulationOptions, simulate, simulateAsync } from "../negotiation/simulate.ts";
import { protocolSingleText } from "../negotiation/singleText.ts";
import type { Scenario } from "../scenario/schema.ts";
import { type CompiledSpace, compileScenario } from "../space/compile.ts";
import { decodeOutcome, outcomeRecord } from "../space/outcome.ts";
import type { PlannedNegotiation, RunSettings } from "./plan.ts";
import type { NegotiationRow } from "./row.ts";
import { type PartyFrame, type RowError, type RowStatus, scoreParties } from "./scoring.ts";

/** A scenario compiled for play: its space, the table (party indices in turn order) and each party's frame. */
export interface ScenarioContext {
  space: CompiledSpace;
  table: number[];
  frames: PartyFrame[];
  protocol: Protocol;
  /** Party id → discount factor (as the scenario gives them). */
  discount: Record<string, number>;
}

/** The party's best utility over the space: each issue's best option, capped (additive utilities). */
export function bestUtility(space: CompiledSpace, k: number): number {
  const p = space.parties[k];
  let sum = 0;
  for (const t of p.tables) {
    let best = Number.NEGATIVE_INFINITY;
    for (const x of t) if (x > best) best = x;
    if (t.length) sum += best;
  }
  return Math.min(sum, p.cap);
}

/** The protocol of the settings (a mediator is built once per scenario; it resets itself in init). */
export function protocolOf(settings: RunSettings): Protocol {
  return settings.protocol === "mediated"
    ? protocolSingleText(mediatorFromCatalog(settings.mediator ?? "random-flip"))
    : protocolAlternatingOffers();
}

/** Compiles a scenario and works out its table: the negotiators, less a mediating party. */
export function prepareScenario(scenario: Scenario, settings: RunSettings): ScenarioContext {
  const space = compileScenario(scenario);
  const protocol = protocolOf(settings);
  const mediatorParty =
    settings.protocol === "mediated" && settings.mediator?.startsWith("party:")
      ? settings.mediator.slice(6)
      : null;
  const table = space.negotiators.filter((k) => space.parties[k].id !== mediatorParty);
  const discount: Record<string, number> = {};
  for (const p of scenario.parties) if (p.discount !== undefined) discount[p.id] = p.discount;
  return {
    space,
    table,
    frames: table.map((k) => ({
      id: space.parties[k].id,
      reservation: space.parties[k].reservation,
      best: bestUtility(space, k),
    })),
    protocol,
    discount,
  };
}

/** An agent that could not even be created: the negotiation fails on it. */
class CreationFailure extends Error {
  constructor(
    readonly party: string,
    message: string,
  ) {
    super(message);
  }
}

/** The agent failure that ended a negotiation, as the result carries it. */
interface AgentFailureInfo {
  party: string;
  step: string;
  round: number;
  kind: "error" | "timeout" | "invalid";
  message: string;
}

/**
 * Reads the result's failure in either shape the negotiation layer gives: `failure` with `error` text, or
 * (the reworked sessions) `error` with `message`. One place to adapt when the result contract moves.
 */
function failureOf(result: NegotiationResult): AgentFailureInfo | null {
  const r = result as unknown as {
    failure?: (Omit<AgentFailureInfo, "message"> & { error: string }) | null;
    error?: AgentFailureInfo | null;
  };
  if (r.failure) return { ...r.failure, message: r.failure.error };
  if (r.error && typeof r.error === "object") return r.error;
  return null;
}

/** The row's status from the result's (`failed` then, `timeout`/`error`/`memory` now; the rest no agreement). */
function statusOf(result: NegotiationResult): RowStatus {
  const status = result.status as string;
  if (status === "agreement") return "agreement";
  if (status === "timeout" || status === "error" || status === "memory") return status;
  if (status === "failed") return failureOf(result)?.kind === "timeout" ? "timeout" : "error";
  return "no-agreement";
}

/** The agents of a negotiation, created; a factory that throws fails the negotiation on its party. */
function createAgents(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  factories: Readonly<Record<string, AgentFactory>>,
): Record<string, Agent> | CreationFailure {
  const agents: Record<string, Agent> = {};
  for (const f of ctx.frames) {
    try {
      agents[f.id] = factories[planned.agents[f.id]]();
    } catch (e) {
      return new CreationFailure(
        f.id,
        `could not create the agent: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return agents;
}

function optionsOf(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  settings: RunSettings,
  agents: Record<string, Agent>,
  timed: boolean,
): SimulationOptions {
  return {
    agents,
    order: ctx.frames.map((f) => f.id),
    protocol: ctx.protocol,
    rounds: planned.rounds ?? settings.rounds ?? (settings.timeMs === null ? undefined : null),
    timeMs: settings.timeMs,
    seed: planned.seed,
    information: settings.information,
    discount: ctx.discount,
    // Built-in agents are trusted and run at full speed: only user agents are timed.
    agentTimeoutMs: timed ? settings.agentCallMs : null,
  };
}

/** The row of a finished simulation (or of an agent that could not be created). */
function finish(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  settings: RunSettings,
  outcome: NegotiationResult | CreationFailure,
  started: number,
): NegotiationRow {
  if (outcome instanceof CreationFailure) {
    const error = {
      agent: planned.agents[outcome.party] ?? null,
      party: outcome.party,
      message: outcome.message,
    };
    return rowOf(ctx, planned, settings, null, "error", error, started);
  }
  const status = statusOf(outcome);
  let error: RowError | null = null;
  const f = failureOf(outcome);
  if (f && status !== "agreement" && status !== "no-agreement") {
    const party = f.party in planned.agents ? f.party : null;
    error = {
      agent: party ? planned.agents[party] : null,
      party,
      message: `${f.kind === "invalid" ? "invalid answer" : f.kind} in ${f.step} (round ${f.round}): ${f.message}`,
    };
  }
  return rowOf(ctx, planned, settings, outcome, status, error, started);
}

/**
 * Runs `planned` in the scenario `ctx` with the agents' factories (by agent name) and returns its row, with
 * the synchronous session: built-in agents at full speed. An agent that throws, answers invalidly or overruns
 * its time limit fails the negotiation; the row names it.
 */
export function runNegotiation(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  factories: Readonly<Record<string, AgentFactory>>,
  settings: RunSettings,
  /** Whether agent calls are timed against `settings.agentCallMs` (user agents are). */
  timed = false,
): NegotiationRow {
  const started = performance.now();
  const agents = createAgents(ctx, planned, factories);
  if (agents instanceof CreationFailure) return finish(ctx, planned, settings, agents, started);
  const result = simulate(ctx.space, optionsOf(ctx, planned, settings, agents, timed));
  return finish(ctx, planned, settings, result, started);
}

/**
 * The same with the asynchronous session, for negotiations with user or LLM agents: they answer with Promises.
 * An LLM agent's call is raced against `settings.agentCallMs`; a sandboxed user agent (src/runtime/agentSandbox.ts)
 * times itself (`timesItself`): its sandbox stops a call past the limit from outside.
 */
export async function runNegotiationAsync(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  factories: Readonly<Record<string, AgentFactory>>,
  settings: RunSettings,
): Promise<NegotiationRow> {
  const started = performance.now();
  const agents = createAgents(ctx, planned, factories);
  if (agents instanceof CreationFailure) return finish(ctx, planned, settings, agents, started);
  const result = await simulateAsync(ctx.space, optionsOf(ctx, planned, settings, agents, true));
  return finish(ctx, planned, settings, result, started);
}

/**
 * The row of a negotiation its runner could not finish (a worker that ran out of memory or crashed):
 * `party`'s agent is blamed (null when nobody can be), the others get their reservation values.
 */
export function failureRow(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  settings: RunSettings,
  status: "memory" | "error" | "timeout",
  party: string | null,
  message: string,
): NegotiationRow {
  const error: RowError = { agent: party ? (planned.agents[party] ?? null) : null, party, message };
  return rowOf(ctx, planned, settings, null, status, error, performance.now());
}

function rowOf(
  ctx: ScenarioContext,
  planned: PlannedNegotiation,
  settings: RunSettings,
  result: NegotiationResult | null,
  status: RowStatus,
  error: RowError | null,
  started: number,
): NegotiationRow {
  const { space, frames } = ctx;
  const agreement =
    result && result.agreement !== null
      ? frames.map((fr) => result!.utilities[result!.parties.findIndex((p) => p.id === fr.id)])
      : null;
  const scores = scoreParties(frames, agreement, error?.party ?? null);
  const distances = distancesOf(
    space,
    ctx.table,
    frames.map((f) => scores.utilities[f.id]),
  );
  return {
    id: planned.id,
    index: planned.index,
    scenario: planned.scenario,
    agents: planned.agents,
    repetition: planned.repetition,
    seed: planned.seed,
    status,
    error,
    agreement:
      result && result.agreement !== null
        ? outcomeRecord(space, decodeOutcome(space, result.agreement))
        : null,
    utilities: scores.utilities,
    advantage: scores.advantage,
    welfare: scores.welfare,
    paretoDistance: distances?.pareto ?? null,
    nashDistance: distances?.nash ?? null,
    rounds: result?.rounds ?? 0,
    timeMs: performance.now() - started,
    trace: settings.traces && result ? result.trace.map((e) => actionToJson(space, result!, e)) : null,
  };
}
