/**
 * The task layer: every user-facing job as one function taking a plain request (validated by its exported zod
 * schema) and returning a plain JSON result, with `onProgress`, `onWarning` and an `AbortSignal` in the
 * options. Shells call these and render the results; `tasks` lists them so a server can derive its routes and
 * OpenAPI document. Node only (tasks may read the paths a request names).
 */

import type { z } from "zod";
import { AnalyzeRequest, analyze } from "./analyze.ts";
import { BacktestRequest, backtest } from "./backtest.ts";
import { ExportRequest, exportScenario } from "./export.ts";
import { ForecastRequest, forecast } from "./forecast.ts";
import { HistoryRequest, history } from "./history.ts";
import { ImportRequest, importScenario } from "./import.ts";
import { ReportRequest, report } from "./report.ts";
import { SimulateRequest, simulate } from "./simulate.ts";
import type { TaskDefinition, TaskOptions } from "./task.ts";
import {
  TournamentReportRequest,
  TournamentRequest,
  TournamentResultsRequest,
  tournament,
  tournamentReport,
  tournamentResults,
} from "./tournament.ts";
import { ValidateRequest, validate } from "./validate.ts";

export { LlmRun, type LlmRunOptions } from "../runtime/llm/connect.ts";
export { type AllVariantsAnalysis, AnalyzeRequest, type AnalyzeResult, analyze } from "./analyze.ts";
export { BacktestRequest, type BacktestResult, backtest, backtestModelList } from "./backtest.ts";
export { ExportRequest, type ExportResult, exportScenario } from "./export.ts";
export { ForecastRequest, type ForecastResult, forecast, type IssueForecastResult } from "./forecast.ts";
export { HistoryRequest, type HistoryResult, history } from "./history.ts";
export { ImportRequest, type ImportResult, importScenario } from "./import.ts";
export {
  inputLabel,
  requireVariant,
  resolveAnalysisInput,
  resolveScenario,
  type ScenarioInput,
  scenarioInputFields,
} from "./input.ts";
export { ReportRequest, type ReportResult, report } from "./report.ts";
export {
  NO_AGENTS,
  OUTSIDE_PARTY,
  ResumeRequest,
  resume,
  resumeRuns,
  SimulateRequest,
  type SimulateResult,
  type SimulationRuns,
  SNAPSHOT_REPEAT,
  SnapshotRequest,
  type SnapshotResult,
  type SpecContext,
  simulate,
  simulationJson,
  simulationRuns,
  snapshot,
  standaloneSpec,
} from "./simulate.ts";
export { type ProgressEvent, parseRequest, type TaskDefinition, type TaskOptions } from "./task.ts";
export {
  TournamentReportRequest,
  TournamentRequest,
  type TournamentResult,
  TournamentResultsRequest,
  tournament,
  tournamentReport,
  tournamentResults,
} from "./tournament.ts";
export { ValidateRequest, type ValidateResult, validate } from "./validate.ts";

/** A task function (synchronous or not) as the registry lists it: always returning a promise. */
function define<Schema extends z.ZodType, Result>(
  name: string,
  description: string,
  request: Schema,
  fn: (request: z.input<Schema>, options?: TaskOptions) => Result | Promise<Result>,
): TaskDefinition<Schema, Result> {
  return { name, description, request, run: async (r, options) => fn(r, options) };
}

/** Every task by name: its request schema and its function (always returning a promise). */
export const tasks = {
  analyze: define(
    "analyze",
    "Agreement zone, Pareto frontier, bargaining solutions and deadlock diagnosis of a scenario.",
    AnalyzeRequest,
    analyze,
  ),
  report: define(
    "report",
    "The shareable report of a scenario as self-contained HTML or Markdown.",
    ReportRequest,
    report,
  ),
  history: define("history", "The scenario's timeline analysed round by round.", HistoryRequest, history),
  forecast: define(
    "forecast",
    "Issue outcomes forecast from stakeholders, two-level win-sets and Monte Carlo over uncertain inputs.",
    ForecastRequest,
    forecast,
  ),
  backtest: define(
    "backtest",
    "Mean absolute error of forecasting models on EU decisions (DEU TSV).",
    BacktestRequest,
    backtest,
  ),
  import: define(
    "import",
    "GENIUS XML or GeniusWeb / ANL JSON into a Zopa scenario.",
    ImportRequest,
    importScenario,
  ),
  export: define(
    "export",
    "A scenario as GENIUS XML or GeniusWeb JSON files.",
    ExportRequest,
    exportScenario,
  ),
  tournament: define(
    "tournament",
    "Every agent against every other in each role of each scenario, stored in SQLite (running again resumes).",
    TournamentRequest,
    tournament,
  ),
  tournamentResults: define(
    "tournamentResults",
    "The ranking, statistics and negotiations of a tournament store (docs/tournament-json.md).",
    TournamentResultsRequest,
    tournamentResults,
  ),
  tournamentReport: define(
    "tournamentReport",
    "A tournament store's report with plots, as one self-contained HTML page or Markdown.",
    TournamentReportRequest,
    tournamentReport,
  ),
  simulate: define(
    "simulate",
    "Negotiations between agents as a simulation spec describes them (SAOP or mediated single text).",
    SimulateRequest,
    simulate,
  ),
  validate: define(
    "validate",
    "Every problem of scenario documents, located by line, column and path.",
    ValidateRequest,
    validate,
  ),
};

export type TaskName = keyof typeof tasks;
