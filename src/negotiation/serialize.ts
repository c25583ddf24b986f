/**
 * The JSON form of simulation results: outcomes as `{ issue: option }` records and utilities keyed by party
 * id. `resultToJson` is the contract of `zopa simulate --format json`; NDJSON has one line per trace action
 * and one per result.
 */
import type { IssueValue } from "../scenario/schema.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome, outcomeRecord } from "../space/outcome.ts";
import type { NegotiationResult } from "./result.ts";
import type { Failure, TraceEntry } from "./session.ts";
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
  version: 1;
  protocol: string;
  scenario: { id: string; variant: string | null };
  seed: number;
  parties: { id: string; role: string; agent: string | null; completeInformation: boolean }[];
  status: NegotiationResult["status"];
  agreement: Record<string, IssueValue> | null;
  utilities: Record<string, number>;
  discountedUtilities: Record<string, number>;
  rounds: number;
  time: number;
  endedBy: string | null;
  failure: Failure | null;
  distances: NegotiationResult["distances"];
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
    version: 1,
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
    agreement:
      result.agreement === null ? null : outcomeRecord(space, decodeOutcome(space, result.agreement)),
    utilities: keyed(result, result.utilities),
    discountedUtilities: keyed(result, result.discountedUtilities),
    rounds: result.rounds,
    time: result.time,
    endedBy: result.endedBy,
    failure: result.failure,
    distances: result.distances,
    moves: summarizeTrace(space, result),
  };
  if (options.trace ?? true) json.trace = result.trace.map((e) => actionToJson(space, result, e));
  return json;
}
