/**
 * The plan of a tournament: every negotiation with its deterministic id and seed, streamed (a generator), so
 * that a million negotiations never sit in memory at once. Pure: it works on a resolved tournament (scenarios
 * already read and hashed, agent files hashed), which the runtime builds from a spec.
 */
import type { LlmOptions } from "../negotiation/llm/settings.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { MultiDealPlan } from "./anl2025.ts";
import { canonicalJson, sha256Hex } from "./sha256.ts";
import type { Scoring } from "./spec.ts";

/** Hex digits of a negotiation id (80 bits: collisions are negligible below 10^9 negotiations). */
export const ID_LENGTH = 20;

/** Everything about how a negotiation runs that is the same across the tournament (plain JSON). */
export interface RunSettings {
  protocol: "saop" | "mediated";
  /** Mediated protocol only (catalog name). */
  mediator: string | null;
  rounds: number | null;
  timeMs: number | null;
  agentCallMs: number;
  agentMemoryMb: number;
  scoring: Scoring;
  /** Whether workers return each negotiation's trace. */
  traces: boolean;
  /** What agents know of each other (a preset's; private when left out). */
  information?: "private" | "complete" | "utilities";
}

/** A scenario ready to play: its content hash, the name the spec gives it, and the parties at the table. */
export interface ResolvedScenario {
  /** Content hash (16 hex digits of the SHA-256 of the scenario's canonical JSON). */
  key: string;
  /** How the spec names it: the path as written, or the inline scenario's meta.id. */
  label: string;
  scenario: Scenario;
  /** Party ids at the table, in turn order: the roles agents are assigned to. */
  table: string[];
  /** The scenario's own deadline in rounds (a preset draws one per scenario); else the settings'. */
  rounds?: number;
  /** An ANL 2025 multi-deal scenario (centre `c`, edges `e1`…): how the centre combines its deals. */
  multideal?: MultiDealPlan;
}

/** An agent: a catalog name, or a user module with the hash of its file's content. */
export interface ResolvedAgent {
  name: string;
  /** Catalog name (`aspiration:2`) for built-ins. */
  catalog?: string;
  /** Absolute path (or URL) of a user agent module. */
  file?: string;
  /** SHA-256 of the module file's content (user agents only). */
  fileHash?: string;
  /** The settings of an LLM agent (catalog `llm` or `{ name, llm }`). */
  llm?: LlmOptions;
}

export interface ResolvedTournament {
  name: string;
  seed: number;
  repetitions: number;
  selfPlay: boolean;
  settings: RunSettings;
  scenarios: ResolvedScenario[];
  agents: ResolvedAgent[];
}

/** One negotiation of the plan (plain JSON: it crosses to workers and, later, to a queue). */
export interface PlannedNegotiation {
  id: string;
  /** Position in the plan (0-based): results are listed in this order, whatever order they finished in. */
  index: number;
  /** The scenario's content hash (`ResolvedScenario.key`). */
  scenario: string;
  /** Party id → agent name. */
  agents: Record<string, string>;
  repetition: number;
  seed: number;
  /** The scenario's own deadline in rounds, when it has one. */
  rounds?: number;
  /** A multi-deal negotiation (anl2025): one row for the centre's whole sequence of sub-negotiations. */
  multideal?: MultiDealPlan;
}

export interface TournamentPlan {
  /** Number of negotiations, computed without enumerating them. */
  count: number;
  /** The negotiations, in plan order; each iteration enumerates them afresh. */
  negotiations: Iterable<PlannedNegotiation>;
}

/** The content hash of a scenario (16 hex digits). */
export function scenarioKey(scenario: Scenario): string {
  return sha256Hex(canonicalJson(scenario)).slice(0, 16);
}

/** The part of the settings that changes what happens in a negotiation (limits and traces do not). */
function settingsKey(s: RunSettings): string {
  const base = `${s.protocol}/${s.mediator ?? ""}/${s.rounds ?? ""}/${s.timeMs ?? ""}`;
  return s.information && s.information !== "private" ? `${base}/${s.information}` : base;
}

function agentKey(a: ResolvedAgent): string {
  return a.fileHash ? `${a.name}#${a.fileHash}` : a.name;
}

/**
 * The id of a negotiation: 20 hex digits of the SHA-256 of the scenario's content hash, the settings that
 * shape the negotiation (protocol, mediator, deadline), every role's agent (with its file's hash), the
 * repetition and the tournament seed. No `:` in it (queue ids forbid one).
 */
export function negotiationId(
  scenario: string,
  settings: RunSettings,
  roles: readonly [party: string, agent: ResolvedAgent][],
  repetition: number,
  tournamentSeed: number,
): string {
  const who = roles.map(([party, agent]) => `${party}=${agentKey(agent)}`).join(",");
  return sha256Hex(
    `zopa-negotiation-v1|${scenario}|${settingsKey(settings)}|${who}|${repetition}|${tournamentSeed}`,
  ).slice(0, ID_LENGTH);
}

/** The seed of one negotiation, from the tournament seed and its id: independent of order and workers. */
export function negotiationSeed(tournamentSeed: number, id: string): number {
  return Number.parseInt(sha256Hex(`zopa-seed-v1|${tournamentSeed}|${id}`).slice(0, 8), 16);
}

/** n!/(n−k)! (or n^k with repeats): the assignments of `agents` agents to `roles` roles. */
export function assignmentCount(agents: number, roles: number, selfPlay: boolean): number {
  if (selfPlay) return agents ** roles;
  let n = 1;
  for (let j = 0; j < roles; j++) n *= Math.max(0, agents - j);
  return n;
}

/**
 * Every assignment of agents (indices 0..m−1) to `roles` roles, lexicographic: ordered pairs for a bilateral
 * table (every agent meets every other in each role), and every ordered k-tuple for k parties. Without
 * self-play an agent takes at most one role per negotiation.
 */
export function* assignments(m: number, roles: number, selfPlay: boolean): Generator<number[]> {
  const pick = new Array<number>(roles).fill(0);
  const used = new Uint8Array(m);
  function* fill(slot: number): Generator<number[]> {
    if (slot === roles) {
      yield pick.slice();
      return;
    }
    for (let a = 0; a < m; a++) {
      if (!selfPlay && used[a]) continue;
      pick[slot] = a;
      used[a]++;
      yield* fill(slot + 1);
      used[a]--;
    }
  }
  yield* fill(0);
}

/**
 * The seatings of a multi-deal scenario (centre first, then the edges): each agent as centre with each
 * rotation r of the agents over the edges (edge j gets agent (r + j) mod m). m² seatings, whatever the
 * number of edges: every agent sits m times in each seat. Agents may meet themselves.
 */
export function* rotations(m: number, edges: number): Generator<number[]> {
  for (let c = 0; c < m; c++)
    for (let r = 0; r < m; r++) yield [c, ...Array.from({ length: edges }, (_, j) => (r + j) % m)];
}

function seatings(t: ResolvedTournament, s: ResolvedScenario): Iterable<number[]> {
  return s.multideal
    ? rotations(t.agents.length, s.table.length - 1)
    : assignments(t.agents.length, s.table.length, t.selfPlay);
}

/** The plan: for each scenario, each assignment of agents to its roles, each repetition (1-based). */
export function planTournament(t: ResolvedTournament): TournamentPlan {
  const count = t.scenarios.reduce(
    (n, s) =>
      n +
      (s.multideal ? t.agents.length ** 2 : assignmentCount(t.agents.length, s.table.length, t.selfPlay)) *
        t.repetitions,
    0,
  );
  const negotiations: Iterable<PlannedNegotiation> = {
    *[Symbol.iterator]() {
      let index = 0;
      for (const s of t.scenarios)
        for (const pick of seatings(t, s)) {
          const roles = s.table.map((party, j): [string, ResolvedAgent] => [party, t.agents[pick[j]]]);
          const agents: Record<string, string> = {};
          for (const [party, agent] of roles) agents[party] = agent.name;
          for (let repetition = 1; repetition <= t.repetitions; repetition++) {
            const id = negotiationId(s.key, t.settings, roles, repetition, t.seed);
            const planned: PlannedNegotiation = {
              id,
              index: index++,
              scenario: s.key,
              agents: { ...agents },
              repetition,
              seed: negotiationSeed(t.seed, id),
            };
            if (s.rounds !== undefined) planned.rounds = s.rounds;
            if (s.multideal) planned.multideal = s.multideal;
            yield planned;
          }
        }
    },
  };
  return { count, negotiations };
}
