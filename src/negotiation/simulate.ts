/**
 * `simulate(space, options)`: one negotiation between the given agents under a protocol, returning the
 * result with its full trace. Every random choice comes from `seed`; without a time deadline the same seed
 * gives the same trace.
 */
import type { CompiledSpace } from "../space/compile.ts";
import type { Agent, AgentFactory } from "./agent.ts";
import { protocolAlternatingOffers } from "./alternatingOffers.ts";
import type { Protocol } from "./protocol.ts";
import { distancesOf, type NegotiationResult } from "./result.ts";
import { Session } from "./session.ts";

/** Default deadline when neither rounds nor time is given. */
export const DEFAULT_ROUNDS = 100;

export interface SimulationOptions {
  /** Party id → agent (or a factory, called once per negotiation). */
  agents: Record<string, Agent | AgentFactory>;
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
  information?: "private" | "complete";
  /** An agent call that takes longer ends the negotiation as a failure. Default: no limit. */
  agentTimeoutMs?: number | null;
  /** Milliseconds clock (default performance.now); injectable for tests of time deadlines. */
  clock?: () => number;
  /** Build the outcome indexes afresh instead of using the per-space cache. */
  freshIndexes?: boolean;
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

/** Invalid simulation options: the message says what was wrong and lists the valid choices. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly kind: SimulationErrorKind,
  ) {
    super(message);
    this.name = "SimulationError";
  }
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
      throw new SimulationError(`unknown party "${id}" in the turn order; parties: ${list(ids)}`, "table");
    if (!space.parties[k].hasPreferences)
      throw new SimulationError(`party "${id}" has no preferences and cannot negotiate`, "table");
    return k;
  });
  for (const id of Object.keys(options.agents))
    if (!orderIds.includes(id))
      throw new SimulationError(
        ids.includes(id)
          ? `party "${id}" is not at the table (its acceptance is not needed); agents go to ${list(orderIds)}`
          : `unknown party "${id}"; agents go to ${list(orderIds)}`,
        "table",
      );
  const missing = orderIds.filter((id) => options.agents[id] === undefined);
  if (missing.length)
    throw new SimulationError(
      `no agent for ${list(missing)}; every party at the table needs one (${list(orderIds)})`,
      "table",
    );
  return order;
}

export function simulate(space: CompiledSpace, options: SimulationOptions): NegotiationResult {
  const protocol = options.protocol ?? protocolAlternatingOffers();
  const order = tableOf(space, options);
  if (order.length < protocol.minParties)
    throw new SimulationError(
      `the ${protocol.name} protocol needs at least ${protocol.minParties} parties at the table; this one has ${order.length} (${list(order.map((k) => space.parties[k].id))})`,
      "tableSize",
    );
  const agents = order.map((k) => {
    const a = options.agents[space.parties[k].id];
    return typeof a === "function" ? a() : a;
  });
  agents.forEach((agent, slot) => {
    if (agent.protocols && !agent.protocols.includes(protocol.kind))
      throw new SimulationError(
        `agent "${agent.name}" (party "${space.parties[order[slot]].id}") does not play the ${protocol.kind} protocol; it plays ${agent.protocols.join(", ")}`,
        "agentProtocol",
      );
  });
  const problem = protocol.check?.(space, order, agents) ?? null;
  if (problem) throw new SimulationError(problem, "protocol");
  let rounds = options.rounds ?? null;
  const timeMs = options.timeMs ?? null;
  if (rounds === null && timeMs === null) rounds = DEFAULT_ROUNDS;
  if (rounds !== null && (!Number.isInteger(rounds) || rounds < 1))
    throw new SimulationError(`rounds must be a positive integer (got ${rounds})`, "options");
  if (timeMs !== null && !(timeMs > 0))
    throw new SimulationError(`timeMs must be positive (got ${timeMs})`, "options");
  const discount = new Float64Array(space.parties.length).fill(1);
  for (const [id, d] of Object.entries(options.discount ?? {})) {
    const k = space.parties.findIndex((p) => p.id === id);
    if (k < 0) throw new SimulationError(`discount for unknown party "${id}"`, "options");
    if (!(d > 0 && d <= 1))
      throw new SimulationError(`discount of "${id}" must lie in (0, 1] (got ${d})`, "options");
    discount[k] = d;
  }
  const seed = options.seed ?? 1;
  const session = new Session({
    space,
    protocol: protocol.kind,
    order,
    agents,
    rounds,
    timeMs,
    seed,
    discount,
    information: options.information ?? "private",
    agentTimeoutMs: options.agentTimeoutMs ?? null,
    clock: options.clock ?? (() => performance.now()),
    freshIndexes: options.freshIndexes ?? false,
  });
  const out = protocol.run(session);
  const time =
    out.status === "deadline" ? 1 : session.trace.length ? session.trace[session.trace.length - 1].time : 0;
  const utilities =
    out.agreement !== null
      ? session.utilitiesOf(out.agreement)
      : session.scored.map((k) => space.parties[k].reservation);
  const slotOf = (k: number) => order.indexOf(k);
  return {
    protocol: protocol.name,
    scenario: { id: space.scenarioId, variant: space.variant },
    seed,
    parties: session.scored.map((k) => ({
      id: space.parties[k].id,
      index: k,
      role: space.parties[k].role,
      agent: slotOf(k) >= 0 ? agents[slotOf(k)].name : null,
      completeInformation: slotOf(k) >= 0 ? (session.informed[slotOf(k)] ?? false) : false,
    })),
    status: out.status,
    agreement: out.agreement,
    utilities,
    discountedUtilities: utilities.map((u, j) => u * discount[session.scored[j]] ** time),
    rounds: out.rounds,
    time,
    endedBy: out.endedBy,
    failure: out.failure,
    distances:
      out.agreement !== null
        ? distancesOf(
            space,
            order,
            order.map((k) => utilities[session.scored.indexOf(k)]),
          )
        : null,
    trace: session.trace,
  };
}
