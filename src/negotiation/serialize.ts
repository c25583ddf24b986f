/**
 * The JSON form of simulation results, the one result for every negotiation (CLI, tournament rows, the API):
 * outcomes as `{ issue: option }` records and utilities keyed by party id. `resultToJson` is the contract of
 * `zopa simulate --format json` (documented in docs/simulation.md); NDJSON has one line per trace action and
 * one per result.
 */
import type { IssueValue } from "../scenario/schema.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome, outcomeRecord } from "../space/outcome.ts";
import type { EndedBy, NegotiationResult, NegotiationStatus } from "./result.ts";
import type { AgentError, TraceEntry } from "./session.ts";
import { type PartyTraceSummary, summarizeTrace } from "./traceAnalysis.ts";

export interface ActionJson {
  step: number;
  round: number;
  time: number;
  party: string;
  kind: TraceEntry["kind"];
  outcome: Record<string, IssueValue> | null;
  utilities: Record<string, number> | null;
  move?: TraceEntry["move"];
}

export interface ResultJson {
  version: 2;
  protocol: string;
  scenario: { id: string; variant: string | null };
  seed: number;
  parties: { id: string; role: string; agent: string | null; completeInformation: boolean }[];
  status: NegotiationStatus;
  endedBy: EndedBy;
  error: AgentError | null;
  agreement: Record<string, IssueValue> | null;
  /** By party id: the agreement's utilities, or the reservation values without one (`utilitiesAre`). */
  utilities: Record<string, number>;
  utilitiesAre: "agreement" | "reservation";
  discountedUtilities: Record<string, number>;
  /** Distances of the agreement (over the parties at the table); null without one or when not computable. */
  paretoDistance: number | null;
  nashDistance: number | null;
  welfareDistance: number | null;
  rounds: number;
  time: number;
  moves: PartyTraceSummary[];
  trace?: ActionJson[];
}

function keyed(result: NegotiationResult, values: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  result.parties.forEach((p, j) => {
    out[p.id] = values[j];
  });
  return out;
}

export function actionToJson(space: CompiledSpace, result: NegotiationResult, e: TraceEntry): ActionJson {
  const out: ActionJson = {
    step: e.step,
    round: e.round,
    time: e.time,
    party: e.party,
    kind: e.kind,
    outcome: e.outcome === null ? null : outcomeRecord(space, decodeOutcome(space, e.outcome)),
    utilities: e.utilities ? keyed(result, e.utilities) : null,
  };
  if (e.move) out.move = e.move;
  return out;
}

export function resultToJson(
  space: CompiledSpace,
  result: NegotiationResult,
  options: { trace?: boolean } = {},
): ResultJson {
  const json: ResultJson = {
    version: 2,
    protocol: result.protocol,
    scenario: result.scenario,
    seed: result.seed,
    parties: result.parties.map((p) => ({
      id: p.id,
      role: p.role,
      agent: p.agent,
      completeInformation: p.completeInformation,
    })),
    status: result.status,
    endedBy: result.endedBy,
    error: result.error,
    agreement:
      result.agreement === null ? null : outcomeRecord(space, decodeOutcome(space, result.agreement)),
    utilities: keyed(result, result.utilities),
    utilitiesAre: result.utilitiesAre,
    discountedUtilities: keyed(result, result.discountedUtilities),
    paretoDistance: result.distances?.pareto ?? null,
    nashDistance: result.distances?.nash ?? null,
    welfareDistance: result.distances ? result.distances.welfare : null,
    rounds: result.rounds,
    time: result.time,
    moves: summarizeTrace(space, result),
  };
  if (options.trace ?? true) json.trace = result.trace.map((e) => actionToJson(space, result, e));
  return json;
}
