/**
 * `simulate(space, options)`: one negotiation between the given agents under a protocol, returning the
 * result with its full trace; `createSession` gives the same negotiation as a steppable session (outside
 * parties, snapshots). Every random choice comes from `seed`; without a time deadline the same seed gives the
 * same trace.
 */
import { ZopaError } from "../errors.ts";
import type { CompiledSpace } from "../space/compile.ts";
import type { Agent, AgentFactory } from "./agent.ts";
import { protocolAlternatingOffers } from "./alternatingOffers.ts";
import type { Protocol } from "./protocol.ts";
import type { NegotiationResult } from "./result.ts";
import { type LoggedAction, Session } from "./session.ts";

/** Default deadline when neither rounds nor time is given. */
export const DEFAULT_ROUNDS = 100;

export interface SimulationOptions {
  /**
   * Party id → agent (or a factory, called once per negotiation), or "human" for a party played from outside
   * the session (its actions come through `session.submit`).
   */
  agents: Record<string, Agent | AgentFactory | "human">;
  /** Defaults to SAOP. */
  protocol?: Protocol;
  /** Turn order (party ids); defaults to the parties whose acceptance an agreement needs, in scenario order. */
  order?: string[];
  /** Deadline in rounds (default 100 when `timeMs` is not given either). */
  rounds?: number | null;
  /** Deadline in milliseconds of wall-clock time (traces then depend on timing). */
  timeMs?: number | null;
  seed?: number;
  /** Party id → discount factor in (0, 1]; 1 (none) when left out. */
  discount?: Record<string, number>;
  /** "complete": every agent sees every party's utilities. Default "private". */
  /** `utilities`: every party's utility function, the others' reservation values hidden (ANL 2024). */
  information?: "private" | "complete" | "utilities";
  /** An agent call that takes longer ends the negotiation as a failure. Default: no limit. */
  agentTimeoutMs?: number | null;
  /** Milliseconds clock (default performance.now); injectable for tests of time deadlines. */
  clock?: () => number;
  /** Build the outcome indexes afresh instead of using the per-space cache. */
  freshIndexes?: boolean;
  /** Clock readings to replay (a snapshot's `clock`), so that a resumed session with a time deadline is exact. */
  replayClock?: readonly number[];
}

/**
 * What kind of option was invalid, so that a shell can add what it knows (the CLI lists its catalog's agents
 * for the protocol on "agentProtocol") without matching the message:
 * - "table": an unknown party, one without preferences, an agent for a party not at the table, a missing agent;
 * - "tableSize": fewer parties at the table than the protocol needs;
 * - "agentProtocol": an agent that does not play the protocol;
 * - "protocol": the protocol's own check refused the table (e.g. a mediator party that also sits at it);
 * - "options": rounds, time or discount out of range.
 */
export type SimulationErrorKind = "table" | "tableSize" | "agentProtocol" | "protocol" | "options";

/** Invalid simulation options: a ZopaError("simulation") whose `details.kind` says what was wrong. */
function simulationError(message: string, kind: SimulationErrorKind): ZopaError {
  return new ZopaError("simulation", message, { details: { kind } });
}

function list(ids: string[]): string {
  return ids.length ? ids.map((id) => `"${id}"`).join(", ") : "(none)";
}

/** The parties at the table in turn order, checked against the space and the agents given. */
export function tableOf(
  space: CompiledSpace,
  options: Pick<SimulationOptions, "agents" | "order">,
): number[] {
  const ids = space.parties.map((p) => p.id);
  const negotiatorIds = space.negotiators.map((k) => space.parties[k].id);
  const orderIds = options.order ?? negotiatorIds;
  const order = orderIds.map((id) => {
    const k = ids.indexOf(id);
    if (k < 0)
      throw simulationError(`unknown party "${id}" in the turn order; parties: ${list(ids)}`, "table");
    if (!space.parties[k].hasPreferences)
      throw simulationError(`party "${id}" has no preferences and cannot negotiate`, "table");
    return k;
  });
  for (const id of Object.keys(options.agents))
    if (!orderIds.includes(id))
      throw simulationError(
        ids.includes(id)
          ? `party "${id}" is not at the table (its acceptance is not needed); agents go to ${list(orderIds)}`
          : `unknown party "${id}"; agents go to ${list(orderIds)}`,
        "table",
      );
  const missing = orderIds.filter((id) => options.agents[id] === undefined);
  if (missing.length)
    throw simulationError(
      `no agent for ${list(missing)}; every party at the table needs one (${list(orderIds)})`,
      "table",
    );
  return order;
}

/** The negotiation as a steppable session (nothing has happened yet: step it, submit to it, or run it). */
export function createSession(space: CompiledSpace, options: SimulationOptions): Session {
  const protocol = options.protocol ?? protocolAlternatingOffers();
  const order = tableOf(space, options);
  if (order.length < protocol.minParties)
    throw simulationError(
      `the ${protocol.name} protocol needs at least ${protocol.minParties} parties at the table; this one has ${order.length} (${list(order.map((k) => space.parties[k].id))})`,
      "tableSize",
    );
  const agents = order.map((k): Agent | null => {
    const a = options.agents[space.parties[k].id];
    return a === "human" ? null : typeof a === "function" ? a() : a;
  });
  agents.forEach((agent, slot) => {
    if (agent?.protocols && !agent.protocols.includes(protocol.kind))
      throw simulationError(
        `agent "${agent.name}" (party "${space.parties[order[slot]].id}") does not play the ${protocol.kind} protocol; it plays ${agent.protocols.join(", ")}`,
        "agentProtocol",
      );
  });
  const problem = protocol.check?.(space, order, agents) ?? null;
  if (problem) throw simulationError(problem, "protocol");
  let rounds = options.rounds ?? null;
  const timeMs = options.timeMs ?? null;
  if (rounds === null && timeMs === null) rounds = DEFAULT_ROUNDS;
  if (rounds !== null && (!Number.isInteger(rounds) || rounds < 1))
    throw simulationError(`rounds must be a positive integer (got ${rounds})`, "options");
  if (timeMs !== null && !(timeMs > 0))
    throw simulationError(`timeMs must be positive (got ${timeMs})`, "options");
  const discount = new Float64Array(space.parties.length).fill(1);
  for (const [id, d] of Object.entries(options.discount ?? {})) {
    const k = space.parties.findIndex((p) => p.id === id);
    if (k < 0) throw simulationError(`discount for unknown party "${id}"`, "options");
    if (!(d > 0 && d <= 1))
      throw simulationError(`discount of "${id}" must lie in (0, 1] (got ${d})`, "options");
    discount[k] = d;
  }
  return new Session({
    space,
    protocolName: protocol.name,
    protocol: protocol.kind,
    start: (session) => protocol.start(session),
    order,
    agents,
    rounds,
    timeMs,
    seed: options.seed ?? 1,
    discount,
    information: options.information ?? "private",
    agentTimeoutMs: options.agentTimeoutMs ?? null,
    clock: options.clock ?? (() => performance.now()),
    freshIndexes: options.freshIndexes ?? false,
    replayClock: options.replayClock,
  });
}

/** Runs a session to completion with synchronous agents (an agent answering with a Promise fails). */
export function runSession(session: Session): NegotiationResult {
  session.advance();
  if (session.pending() !== null)
    throw new ZopaError(
      "simulation",
      `party "${session.pending()!.party}" is played from outside: submit its actions, or give it an agent`,
      { details: { kind: "table" } },
    );
  return session.result();
}

/** Runs a session to completion, awaiting agents that answer with a Promise. */
export async function runSessionAsync(session: Session): Promise<NegotiationResult> {
  session.async = true;
  await session.advance();
  return runSession(session);
}

/** One negotiation with synchronous agents, run to completion. */
export function simulate(space: CompiledSpace, options: SimulationOptions): NegotiationResult {
  return runSession(createSession(space, options));
}

/** One negotiation whose agents may answer with Promises (remote, LLM, sandboxed agents). */
export function simulateAsync(space: CompiledSpace, options: SimulationOptions): Promise<NegotiationResult> {
  return runSessionAsync(createSession(space, options));
}

/** Replays an action log into a fresh session (see `Session.replay`). */
export function resumeSession(
  space: CompiledSpace,
  options: SimulationOptions,
  log: readonly LoggedAction[],
): Session | Promise<Session> {
  const session = createSession(space, options);
  session.async = true;
  const replayed = session.replay(log);
  return replayed ? replayed.then(() => session) : session;
}
