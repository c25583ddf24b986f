/**
 * The `forecast` task: issue outcomes from stakeholders (compromise, weighted median, Bueno de Mesquita's
 * model), two-level win-sets, and Monte Carlo over uncertain inputs on worker threads. The input is a scenario
 * with stakeholders, or a stakeholder table (BDM or KTAB CSV, KTAB XML, DEU TSV) by path or by file name.
 */
import { statSync } from "node:fs";
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { type ForecastProblem, problemFromIssues, problemFromScenario } from "../forecast/forecastProblem.ts";
import { MODEL_NAMES } from "../forecast/models.ts";
import { type MonteCarloSummary, uncertainSlots } from "../forecast/monteCarlo.ts";
import { forecastIssue, type IssueForecast } from "../forecast/scenarioForecast.ts";
import { SCENARIO_SELECTION } from "../forecast/scenarioSelection.ts";
import type { SpatialWinSets } from "../forecast/spatialWinSet.ts";
import { stakeholderForecasts } from "../forecast/stakeholderForecasts.ts";
import { monteCarloParallel } from "../runtime/monteCarloPool.ts";
import { inputLabel, oneInput, resolveScenario, type ScenarioInput, scenarioInputFields } from "./input.ts";
import { readTables, TABLE_NAME, tableText } from "./stakeholderTables.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const ForecastRequest = z
  .strictObject({
    ...scenarioInputFields,
    /** Show one model (and run it in the Monte Carlo); defaults to all models, Monte Carlo on the selected one. */
    model: z.enum(MODEL_NAMES).optional(),
    /** Only this issue. */
    issue: z.string().min(1).optional(),
    /** Rounds of the BDM model; defaults to 10. */
    rounds: z.number().int().min(0).optional(),
    /** Monte Carlo samples over uncertain inputs; defaults to 0 (none). */
    samples: z.number().int().min(0).optional(),
    /** Seed of the Monte Carlo draws; defaults to 1. */
    seed: z.number().int().min(0).optional(),
    /** Worker threads for the Monte Carlo; defaults to all cores. */
    threads: z.number().int().min(1).optional(),
  })
  .superRefine(oneInput);
export type ForecastRequest = z.input<typeof ForecastRequest>;

/** One issue's forecast, with its Monte Carlo summary when samples were drawn. */
export interface IssueForecastResult {
  forecast: IssueForecast;
  monteCarlo?: MonteCarloSummary;
  /** Why the Monte Carlo drew nothing for this issue. */
  monteCarloSkipped?: string;
}

/** What `zopa forecast --format json` prints. */
export interface ForecastResult {
  version: 1;
  /** The input as named in the request (paths, file names or the scenario's name). */
  input?: string;
  models: string[];
  issues: IssueForecastResult[];
  /** The two-level zone over the outcome space (scenarios, all issues), when it applies. */
  outcomeSpace?: SpatialWinSets;
  /** Why `outcomeSpace` is missing when the space was too large (not in the JSON the CLI prints). */
  outcomeSpaceNote?: string;
}

/** The kind of the `usage` error for samples without uncertain inputs (the CLI words it with its flags). */
export const NO_UNCERTAIN_INPUTS = "noUncertainInputs";

/** The stakeholder table the request names, if it names one: a single path or file with a table's extension. */
function tableOf(r: ScenarioInput): { file: string; text?: string } | null {
  if (r.paths?.length === 1) {
    const [file] = r.paths;
    if (TABLE_NAME.test(file)) return { file };
    if (/\.(ya?ml|json)$/i.test(file) || file === "-") return null;
    let folder = false;
    try {
      folder = statSync(file).isDirectory();
    } catch {
      // Not there: named as a table of an unknown type below.
    }
    return folder ? null : { file };
  }
  const names = r.files ? Object.keys(r.files) : [];
  if (names.length === 1 && TABLE_NAME.test(names[0])) return { file: names[0], text: r.files![names[0]] };
  return null;
}

interface Forecasts {
  forecasts: IssueForecast[];
  problem: ForecastProblem;
  spatial?: SpatialWinSets;
  spatialNote?: string;
  isScenario: boolean;
}

/**
 * Forecasts the issues of the request's input. Progress: Monte Carlo samples done of all samples (only with
 * `samples`); cancellation is checked between batches of samples.
 */
export async function forecast(request: ForecastRequest, options: TaskOptions = {}): Promise<ForecastResult> {
  const r = parseRequest("forecast", ForecastRequest, request);
  const progress = new Progress("forecast", options);
  progress.check();
  const label = r.paths || r.files || r.name ? inputLabel(r) : undefined;
  const model = r.model;
  const rounds = r.rounds ?? 10;
  const samples = r.samples ?? 0;
  const bdm = {
    rounds,
    bdmPreset: model === "bdm-jmckib" ? "jmckib" : "scholz",
    recordOffers: model?.startsWith("bdm"),
  } as const;
  let f: Forecasts;
  const table = tableOf(r);
  if (table) {
    const tables = readTables(table.file, tableText(table.file, table.text));
    f = {
      problem: problemFromIssues(tables),
      forecasts: tables
        .filter((t) => r.issue === undefined || t.id === r.issue)
        .map((t) => forecastIssue(t, bdm)),
      isScenario: false,
    };
  } else {
    const loaded = resolveScenario(r);
    for (const w of loaded.warnings) progress.warn(w);
    const scenario = loaded.scenario;
    if (!scenario.stakeholders)
      throw new ZopaError(
        "usage",
        `${inputLabel(r)}: the scenario has no \`stakeholders\`: add them to forecast (see docs/forecasting.md)`,
      );
    const report = stakeholderForecasts(scenario, { ...bdm, issue: r.issue });
    f = {
      problem: problemFromScenario(scenario),
      forecasts: report.issues,
      spatial: report.spatial ?? undefined,
      spatialNote: report.spatialNote,
      isScenario: true,
    };
  }
  const { problem, forecasts } = f;
  if (problem.issues.length === 0)
    throw new ZopaError(
      "usage",
      `${inputLabel(r)}: no stakeholder takes a stance on any issue: add \`stances\` to forecast`,
    );
  if (r.issue !== undefined && forecasts.length === 0) {
    const ids = problem.issues.map((i) => `"${i.id}"`);
    throw new ZopaError(
      "usage",
      `unknown issue "${r.issue}": the input has ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ", …" : ""}`,
    );
  }
  const outputs: IssueForecastResult[] = forecasts.map((forecast) => ({ forecast }));
  if (samples > 0) {
    const all = forecasts.map((x) => problem.issues.findIndex((i) => i.id === x.issue));
    // Issues whose inputs are all fixed have nothing to sample: every draw would repeat the nominal forecast.
    const indices = all.filter((k) => uncertainSlots(problem, k).length > 0);
    if (indices.length === 0)
      throw new ZopaError(
        "usage",
        `samples ${samples}: ${inputLabel(r)} has no uncertain inputs${r.issue === undefined ? "" : ` on issue "${r.issue}"`} (every capability, position and salience is a fixed number${f.isScenario ? "" : ", as in every BDM, KTAB or DEU table"}), so Monte Carlo would only repeat the forecast: ask for no samples, or give inputs as ranges, triangular or normal distributions in a scenario (docs/forecasting.md)`,
        { details: { kind: NO_UNCERTAIN_INPUTS, samples, issue: r.issue, table: !f.isScenario } },
      );
    for (const [k, issue] of all.entries())
      if (!indices.includes(issue)) outputs[k].monteCarloSkipped = "no uncertain inputs";
    progress.report(0, samples * indices.length, "Monte Carlo samples");
    const summaries = await monteCarloParallel(problem, indices, model ?? SCENARIO_SELECTION.name, {
      samples,
      seed: r.seed ?? 1,
      rounds,
      threads: r.threads,
      // Throwing here (cancelled) rejects the run and stops the pool.
      onProgress: (done, total) => progress.report(done, total, "Monte Carlo samples"),
    });
    summaries.forEach((s, k) => {
      outputs[all.indexOf(indices[k])].monteCarlo = s;
    });
  }
  return {
    version: 1,
    input: label,
    models: model ? [model] : [...MODEL_NAMES],
    issues: outputs,
    outcomeSpace: f.spatial,
    ...(f.spatialNote ? { outcomeSpaceNote: f.spatialNote } : {}),
  };
}
