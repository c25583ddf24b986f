import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { isZopaError } from "../../errors.ts";
import { backtest } from "../../forecast/backtest.ts";
import { deuForecasters } from "../../forecast/deuForecasters.ts";
import { deuBaselines, type IssueForecaster } from "../../forecast/deuModels.ts";
import {
  type ForecastProblem,
  problemFromIssues,
  problemFromScenario,
} from "../../forecast/forecastProblem.ts";
import { MODEL_DESCRIPTIONS, MODEL_NAMES } from "../../forecast/models.ts";
import { type MonteCarloSummary, uncertainSlots } from "../../forecast/monteCarlo.ts";
import {
  renderBacktest,
  renderBdmRounds,
  renderIssueForecast,
  renderMonteCarlo,
  renderSpatialWinSets,
} from "../../forecast/render.ts";
import { forecastIssue, forecastScenario, type IssueForecast } from "../../forecast/scenarioForecast.ts";
import { type SpatialWinSets, spatialWinSets } from "../../forecast/spatialWinSet.ts";
import type { StakeholderIssue } from "../../forecast/types.ts";
import { parseBdmCsv } from "../../formats/stakeholders/bdmCsv.ts";
import { type DeuIssue, parseDeuTsv } from "../../formats/stakeholders/deuTsv.ts";
import { ktabIssues } from "../../formats/stakeholders/ktab.ts";
import { parseKtabCsv } from "../../formats/stakeholders/ktabCsv.ts";
import { parseKtabXml } from "../../formats/stakeholders/ktabXml.ts";
import { monteCarloParallel } from "../../runtime/monteCarloPool.ts";
import { choice, emit, stderr, usageError } from "../io.ts";
import { loadScenarioArg } from "../scenarioInput.ts";

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(
      `${file}: cannot read the file: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
}

/** Runs an importer, turning its located problems into a usage error (exit 2). */
function imported<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (isZopaError(e, "format"))
      throw usageError(
        `${file}: ${e.problems.length} problem(s) in the data; nothing was forecast.`,
        e.problems,
      );
    throw e;
  }
}

function deuAsIssues(issues: DeuIssue[]): StakeholderIssue[] {
  return issues.map((i) => ({
    id: i.issue,
    scale: { min: 0, max: 100 },
    actors: i.actors.map((a) => ({
      name: a.code,
      capability: 1,
      position: a.position,
      salience: a.salience / 100,
    })),
  }));
}

/** A stakeholder table (BDM CSV, KTAB CSV, DEU TSV) by its extension and first line. */
function readTables(file: string): StakeholderIssue[] {
  const text = readText(file);
  const lower = file.toLowerCase();
  if (lower.endsWith(".tsv")) return imported(file, () => deuAsIssues(parseDeuTsv(text, { file })));
  if (lower.endsWith(".xml")) return imported(file, () => ktabIssues(parseKtabXml(text, { file })));
  if (lower.endsWith(".csv")) {
    const second = text.split(/\r?\n/)[1] ?? "";
    if (/^\s*Actor\s*,\s*Description\s*,/i.test(second))
      return imported(file, () => ktabIssues(parseKtabCsv(text, { file })));
    return imported(file, () => [parseBdmCsv(text, { file })]);
  }
  throw usageError(
    `${file}: unknown input type: give a scenario (.yaml, .yml, .json), a BDM or KTAB table (.csv) a KTAB XML (.xml) or a DEU file (.tsv)`,
  );
}

function positiveInteger(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw usageError(`${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

interface ForecastOutput {
  forecast: IssueForecast;
  monteCarlo?: MonteCarloSummary;
  /** Why --samples drew nothing for this issue. */
  monteCarloSkipped?: string;
}

export function registerForecast(program: Command): void {
  // `forecast` and `forecast backtest` share option names (--format, --model); positional options let each
  // command own the options written after it, which needs the setting on every ancestor.
  program.enablePositionalOptions();
  const forecast = program
    .command("forecast")
    .enablePositionalOptions()
    .description(
      "Forecast issue outcomes from stakeholders (compromise, weighted median, Bueno de Mesquita's model), with two-level win-sets and Monte Carlo over uncertain inputs.",
    )
    .argument(
      "<input>",
      "scenario with stakeholders (YAML/JSON), a BDM or KTAB CSV, a KTAB XML, or a DEU TSV",
    )
    .option(
      "--model <name>",
      `show one model: ${MODEL_NAMES.join(" | ")} (default: all); Monte Carlo runs this model (compromise when none is given)`,
    )
    .option("--issue <id>", "only this issue")
    .option("--rounds <n>", "rounds of the BDM model", "10")
    .option(
      "--samples <n>",
      "Monte Carlo samples over uncertain inputs (0: none); needs a scenario with uncertain inputs (ranges, triangular, normal)",
      "0",
    )
    .option("--seed <s>", "seed of the Monte Carlo draws", "1")
    .option("--threads <n>", "worker threads for the Monte Carlo (default: all cores)")
    .option("--format <format>", "text | json", "text")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `\nModels:\n${MODEL_NAMES.map((m) => `  ${m.padEnd(16)} ${MODEL_DESCRIPTIONS[m]}`).join("\n")}\n\nExamples:\n  zopa forecast examples/forecast-river-basin.yaml\n  zopa forecast examples/forecast-river-basin.yaml --issue share --samples 20000 --seed 7\n  zopa forecast ../shared/data/bdm/emission_bdm1994.csv --model bdm-jmckib --rounds 10\n  zopa forecast backtest ../shared/data/deu/deu3-train.tsv\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.`,
    )
    .action(async (input: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      const model = opts.model === undefined ? undefined : choice("--model", opts.model, MODEL_NAMES);
      const rounds = positiveInteger("--rounds", opts.rounds, 0);
      const samples = positiveInteger("--samples", opts.samples, 0);
      const seed = positiveInteger("--seed", opts.seed, 0);
      const threads = opts.threads === undefined ? undefined : positiveInteger("--threads", opts.threads);
      const isScenario = /\.(ya?ml|json)$/i.test(input);
      let forecasts: IssueForecast[];
      let problem: ForecastProblem;
      let spatial: SpatialWinSets | undefined;
      let spatialNote: string | undefined;
      if (isScenario) {
        const scenario = loadScenarioArg(input);
        if (!scenario.stakeholders)
          throw usageError(
            `${input}: the scenario has no \`stakeholders\`: add them to forecast (see docs/forecasting.md)`,
          );
        forecasts = forecastScenario(scenario, {
          rounds,
          issue: opts.issue,
          bdmPreset: model === "bdm-jmckib" ? "jmckib" : "scholz",
          recordOffers: model?.startsWith("bdm"),
        });
        problem = problemFromScenario(scenario);
        if (opts.issue === undefined) {
          try {
            spatial = spatialWinSets(scenario);
          } catch (e) {
            if (!isZopaError(e, "size-limit")) throw e;
            spatialNote = `outcome-space win-sets skipped: ${e.message}`;
          }
        }
      } else {
        const tables = readTables(input);
        problem = problemFromIssues(tables);
        forecasts = tables
          .filter((t) => opts.issue === undefined || t.id === opts.issue)
          .map((t) =>
            forecastIssue(t, {
              rounds,
              bdmPreset: model === "bdm-jmckib" ? "jmckib" : "scholz",
              recordOffers: model?.startsWith("bdm"),
            }),
          );
      }
      if (problem.issues.length === 0)
        throw usageError(`${input}: no stakeholder takes a stance on any issue: add \`stances\` to forecast`);
      if (opts.issue !== undefined && forecasts.length === 0) {
        const ids = problem.issues.map((i) => `"${i.id}"`);
        throw usageError(
          `unknown issue "${opts.issue}": the input has ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ", …" : ""}`,
        );
      }
      const outputs: ForecastOutput[] = forecasts.map((f) => ({ forecast: f }));
      if (samples > 0) {
        const all = forecasts.map((f) => problem.issues.findIndex((i) => i.id === f.issue));
        // Issues whose inputs are all fixed have nothing to sample: every draw would repeat the nominal forecast.
        const indices = all.filter((k) => uncertainSlots(problem, k).length > 0);
        if (indices.length === 0)
          throw usageError(
            `--samples ${samples}: ${input} has no uncertain inputs${opts.issue === undefined ? "" : ` on issue "${opts.issue}"`} (every capability, position and salience is a fixed number${isScenario ? "" : ", as in every BDM, KTAB or DEU table"}), so Monte Carlo would only repeat the forecast: drop --samples, or give inputs as ranges, triangular or normal distributions in a scenario (docs/forecasting.md)`,
          );
        for (const [k, issue] of all.entries())
          if (!indices.includes(issue)) outputs[k].monteCarloSkipped = "no uncertain inputs";
        const progress = stderr().isTTY && samples * indices.length >= 20000;
        const summaries = await monteCarloParallel(problem, indices, model ?? "compromise", {
          samples,
          seed,
          rounds,
          threads,
          onProgress: progress
            ? (done, total) => stderr().write(`\rMonte Carlo: ${done}/${total} samples`)
            : undefined,
        });
        if (progress) stderr().write("\n");
        summaries.forEach((s, k) => {
          outputs[all.indexOf(indices[k])].monteCarlo = s;
        });
      }
      const models = model ? [model] : [...MODEL_NAMES];
      if (format === "json") {
        emit(
          `${JSON.stringify({ version: 1, input, models, issues: outputs, outcomeSpace: spatial }, null, 2)}\n`,
          opts.output,
        );
        return;
      }
      const text = outputs
        .map(
          (o) =>
            renderIssueForecast(o.forecast, models) +
            (model?.startsWith("bdm") ? renderBdmRounds(o.forecast.bdm) : "") +
            (o.monteCarlo ? renderMonteCarlo(o.monteCarlo) : "") +
            (o.monteCarloSkipped ? `  Monte Carlo: skipped, ${o.monteCarloSkipped} on this issue\n` : ""),
        )
        .join("\n");
      const space = spatial ? `\n${renderSpatialWinSets(spatial)}` : spatialNote ? `\n${spatialNote}\n` : "";
      emit(text + space, opts.output);
    });

  const available = () => [...deuBaselines, ...deuForecasters];
  forecast
    .command("backtest")
    .description(
      "Mean absolute error of forecasting models on EU decisions (DEU TSV), overall, by procedure and by decade.",
    )
    .argument("<file>", "DEU III tab-separated file (row 2 holds GDP figures)")
    .option("--model <names>", "comma-separated models (default: all)")
    .option("--format <format>", "text | json", "text")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `\nModels:\n${available()
        .map((m) => `  ${m.name.padEnd(20)} ${m.description}`)
        .join(
          "\n",
        )}\n\nExample:\n  zopa forecast backtest ../shared/data/deu/deu3-train.tsv --model compromise,median-actor --format json`,
    )
    .action((file: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      const all = available();
      let models: IssueForecaster[] = all;
      if (opts.model !== undefined) {
        models = String(opts.model)
          .split(",")
          .map((name) => name.trim())
          .map((name) => {
            const m = all.find((x) => x.name === name);
            if (!m)
              throw usageError(`unknown model "${name}": choose from ${all.map((x) => x.name).join(", ")}`);
            return m;
          });
      }
      const issues = imported(file, () => parseDeuTsv(readText(file), { file }));
      const results = backtest(models, issues);
      emit(
        format === "json"
          ? `${JSON.stringify({ file, models: results.map((r) => ({ name: r.name, issues: r.issues, mae: r.mae, byProcedure: r.byProcedure, byDecade: r.byDecade })) }, null, 2)}\n`
          : renderBacktest(results),
        opts.output,
      );
    });
}
