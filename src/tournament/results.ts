import type { RunSettings } from "./plan.ts";
import type { NegotiationRow } from "./row.ts";
import type { Scoring } from "./spec.ts";
import { type AgentSummary, type Comparison, SummaryBuilder } from "./summary.ts";

/** What the results need to know about the tournament (a store's record of it fits). */
export interface TournamentInfo {
  hash: string;
  name: string;
  source: string | null;
  settings: RunSettings;
  seed: number;
  agents: string[];
  scenarios: { key: string; label: string }[];
  planned: number;
  spec: { repetitions: number; selfPlay: boolean };
}

/**
 * One negotiation in the results: the stored row (docs/tournament-json.md), with the scenario as the spec
 * names it instead of its content hash, without the plan position, and the trace only when asked for.
 */
export type NegotiationJson = Omit<NegotiationRow, "index" | "trace"> & { trace?: unknown[] };

export interface TournamentResultsJson {
  version: 1;
  tournament: {
    name: string;
    hash: string;
    source: string | null;
    /** Negotiations in the plan. */
    negotiations: number;
    /** Negotiations finished and stored. */
    completed: number;
    agreements: number;
    failures: number;
    scoring: Scoring;
    lowerIsBetter: boolean;
    protocol: string;
    mediator: string | null;
    rounds: number | null;
    timeMs: number | null;
    repetitions: number;
    selfPlay: boolean;
    seed: number;
    scenarios: { key: string; label: string }[];
    agents: string[];
  };
  agents: AgentSummary[];
  comparisons: Comparison[];
  negotiations?: NegotiationJson[];
}

export interface ResultsOptions {
  /** Rank by another score than the spec's. */
  scoring?: Scoring;
  /** List every negotiation (default true). */
  negotiations?: boolean;
  /** Include traces (rows must carry them). */
  traces?: boolean;
  resamples?: number;
}

/** A stored row as the results list it: the scenario by the spec's name for it (`labels`: content hash → name). */
export function negotiationJson(
  row: NegotiationRow,
  labels: ReadonlyMap<string, string>,
  traces = false,
): NegotiationJson {
  const json: NegotiationJson = {
    id: row.id,
    scenario: labels.get(row.scenario) ?? row.scenario,
    agents: row.agents,
    repetition: row.repetition,
    seed: row.seed,
    status: row.status,
    error: row.error,
    agreement: row.agreement,
    utilities: row.utilities,
    advantage: row.advantage,
    welfare: row.welfare,
    paretoDistance: row.paretoDistance,
    nashDistance: row.nashDistance,
    rounds: row.rounds,
    timeMs: row.timeMs,
  };
  if (traces && row.trace) json.trace = row.trace;
  return json;
}

export class ResultsBuilder {
  private summary: SummaryBuilder;
  private labels: Map<string, string>;
  private list: NegotiationJson[] = [];

  constructor(
    private info: TournamentInfo,
    private options: ResultsOptions = {},
  ) {
    this.summary = new SummaryBuilder({
      scoring: options.scoring ?? info.settings.scoring,
      seed: info.seed,
      agents: info.agents,
      resamples: options.resamples,
    });
    this.labels = new Map(info.scenarios.map((s) => [s.key, s.label]));
  }

  add(row: NegotiationRow): void {
    this.summary.add(row);
    if (this.options.negotiations === false) return;
    this.list.push(negotiationJson(row, this.labels, this.options.traces === true));
  }

  finish(): TournamentResultsJson {
    const stats = this.summary.finish();
    const { info } = this;
    return {
      version: 1,
      tournament: {
        name: info.name,
        hash: info.hash,
        source: info.source,
        negotiations: info.planned,
        completed: stats.negotiations,
        agreements: stats.agreements,
        failures: stats.failures,
        scoring: stats.scoring,
        lowerIsBetter: stats.lowerIsBetter,
        protocol: info.settings.protocol,
        mediator: info.settings.mediator,
        rounds: info.settings.rounds,
        timeMs: info.settings.timeMs,
        repetitions: info.spec.repetitions,
        selfPlay: info.spec.selfPlay,
        seed: info.seed,
        scenarios: info.scenarios,
        agents: info.agents,
      },
      agents: stats.agents,
      comparisons: stats.comparisons,
      ...(this.options.negotiations === false ? {} : { negotiations: this.list }),
    };
  }
}
