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
  message?: string;
  invalid?: string[];
  usage?: TraceEntry["usage"];
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
  /** Per party id, the model calls of LLM agents over the negotiation (only when an agent made any). */
  usage?: Record<string, UsageTotals>;
  trace?: ActionJson[];
}

/** The model calls of one party over a negotiation, and the answers it gave that were not valid actions. */
export interface UsageTotals {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  /** Invalid answers withdrawn and retried. */
  invalid: number;
}

/** Per party, the totals of the usage and invalid answers its trace entries carry; null when none carry any. */
export function usageTotals(trace: readonly TraceEntry[]): Record<string, UsageTotals> | null {
  let out: Record<string, UsageTotals> | null = null;
  for (const e of trace) {
    if (!e.usage && !e.invalid) continue;
    out ??= {};
    const t = (out[e.party] ??= { calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0, invalid: 0 });
    if (e.usage) {
      t.calls += e.usage.calls;
      t.tokensIn += e.usage.tokensIn;
      t.tokensOut += e.usage.tokensOut;
      t.latencyMs += e.usage.latencyMs;
    }
    t.invalid += e.invalid?.length ?? 0;
  }
  return out;
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
  if (e.message !== undefined) out.message = e.message;
  if (e.invalid) out.invalid = e.invalid;
  if (e.usage) out.usage = e.usage;
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
  const usage = usageTotals(result.trace);
  if (usage) json.usage = usage;
  if (options.trace ?? true) json.trace = result.trace.map((e) => actionToJson(space, result, e));
  return json;
}
