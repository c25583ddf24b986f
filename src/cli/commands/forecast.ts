import type { Command } from "commander";
import { isZopaError } from "../../errors.ts";
import { MODEL_DESCRIPTIONS, MODEL_NAMES, type ModelName } from "../../forecast/models.ts";
import {
  renderBdmRounds,
  renderHonestBacktest,
  renderIssueForecast,
  renderMonteCarlo,
  renderSpatialWinSets,
} from "../../report/forecastReport.ts";
import { backtestModelList, backtest as backtestTask } from "../../tasks/backtest.ts";
import { type ForecastResult, forecast as forecastTask, NO_UNCERTAIN_INPUTS } from "../../tasks/forecast.ts";
import type { ProgressEvent } from "../../tasks/task.ts";
import { maxText } from "../../util/limits.ts";
import { countFlag } from "../counts.ts";
import { choice, emit, stderr, usageError } from "../io.ts";
import { scenarioInputOf, warningsPrinted, withInputErrors } from "../scenarioInput.ts";

/** A stakeholder table's located problems as a usage error (exit 2); other errors as they are. */
function dataProblems(file: string, e: unknown): unknown {
  if (isZopaError(e, "format") && e.problems.length > 0)
    return usageError(
      `${file}: ${e.problems.length} problem(s) in the data; nothing was forecast.`,
      e.problems,
    );
  return e;
}

function positiveInteger(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw usageError(`${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
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
      "scenario with stakeholders (YAML/JSON, or - to read it from standard input), a BDM or KTAB CSV, a KTAB XML, or a DEU TSV",
    )
    .option(
      "--model <name>",
      `show one model: ${MODEL_NAMES.join(" | ")} (default: all, the protocol's selected model first, with its expected error and intervals); Monte Carlo runs this model (the selected one when none is given)`,
    )
    .option("--issue <id>", "only this issue")
    .option("--rounds <n>", `rounds of the BDM model ${maxText("bdmRounds")}`, "10")
    .option(
      "--samples <n>",
      `Monte Carlo samples over uncertain inputs (0: none); needs a scenario with uncertain inputs (ranges, triangular, normal) ${maxText("samples")}`,
      "0",
    )
    .option("--seed <s>", "seed of the Monte Carlo draws", "1")
    .option("--threads <n>", `worker threads for the Monte Carlo (default: all cores) ${maxText("threads")}`)
    .option("--format <format>", "text | json", "text")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `\nModels:\n${MODEL_NAMES.map((m) => `  ${m.padEnd(16)} ${MODEL_DESCRIPTIONS[m]}`).join("\n")}\n\nExamples:\n  zopa forecast examples/forecast-river-basin.yaml\n  zopa forecast examples/forecast-river-basin.yaml --issue share --samples 20000 --seed 7\n  zopa forecast ../shared/data/bdm/emission_bdm1994.csv --model bdm-jmckib --rounds 10\n  zopa forecast backtest ../shared/data/deu/deu3-train.tsv\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.`,
    )
    .action(async (input: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      const model = opts.model === undefined ? undefined : choice("--model", opts.model, MODEL_NAMES);
      const rounds = countFlag("--rounds", opts.rounds, "bdmRounds", 0)!;
      const samples = countFlag("--samples", opts.samples, "samples", 0)!;
      const seed = positiveInteger("--seed", opts.seed, 0);
      const threads = countFlag("--threads", opts.threads, "threads");
      const source = await scenarioInputOf(input);
      // Progress on a terminal only, for long runs: `\rMonte Carlo: done/total samples`, then a new line.
      let shown = false;
      const onProgress = (e: ProgressEvent) => {
        if (!stderr().isTTY || e.total < 20000) return;
        shown = true;
        if (e.done > 0) stderr().write(`\rMonte Carlo: ${e.done}/${e.total} samples`);
      };
      let result: ForecastResult;
      try {
        result = await withInputErrors(source, "analysed", () =>
          forecastTask(
            {
              ...source,
              rounds,
              samples,
              seed,
              ...(model ? { model } : {}),
              ...(opts.issue !== undefined ? { issue: opts.issue } : {}),
              ...(threads !== undefined ? { threads } : {}),
            },
            { ...warningsPrinted(), onProgress },
          ).catch((e: unknown) => {
            // Before the input's errors: a table's located problems are the data's, not a scenario's.
            throw dataProblems(input, e);
          }),
        );
      } catch (e) {
        throw flagWords(e, input, samples);
      } finally {
        if (shown) stderr().write("\n");
      }
      const { outcomeSpaceNote, ...json } = result;
      if (format === "json") {
        emit(`${JSON.stringify(json, null, 2)}\n`, opts.output);
        return;
      }
      const text = result.issues
        .map(
          (o) =>
            renderIssueForecast(o.forecast, result.models as ModelName[]) +
            (model?.startsWith("bdm") ? renderBdmRounds(o.forecast.bdm) : "") +
            (o.monteCarlo ? renderMonteCarlo(o.monteCarlo) : "") +
            (o.monteCarloSkipped ? `  Monte Carlo: skipped, ${o.monteCarloSkipped} on this issue\n` : ""),
        )
        .join("\n");
      const spatial = result.outcomeSpace;
      const space = spatial
        ? `\n${renderSpatialWinSets(spatial)}`
        : outcomeSpaceNote
          ? `\n${outcomeSpaceNote}\n`
          : "";
      emit(text + space, opts.output);
    });

  const available = backtestModelList;
  forecast
    .command("backtest")
    .description(
      "Forecasting models on EU decisions (DEU TSV) under an honest protocol: with --train, every parameter and the choice of model are made on TRAIN by cross-validation grouped by proposal, then scored on FILE; without, cross-validated within FILE.",
    )
    .argument("<file>", "DEU III tab-separated file to score (row 2 holds GDP figures)")
    .option("--train <file>", "training DEU TSV: fit and select on it only, score on <file>")
    .option("--model <names>", "comma-separated models to score and select among (default: all)")
    .option("--folds <n>", `folds of the grouped cross-validation ${maxText("folds")}`, "5")
    .option("--seeds <n>", `repetitions of the cross-validation (seeds 1 … n) ${maxText("cvSeeds")}`, "5")
    .option("--format <format>", "text | json", "text")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `\nModels:\n${available()
        .map((m) => `  ${m.name.padEnd(20)} ${m.description}`)
        .join(
          "\n",
        )}\n\nExamples:\n  zopa forecast backtest test.tsv --train ../shared/data/deu/deu3-train.tsv --format json\n  zopa forecast backtest ../shared/data/deu/deu3-train.tsv --model compromise,median-actor`,
    )
    .action((file: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      const folds = countFlag("--folds", opts.folds, "folds", 2)!;
      const seeds = countFlag("--seeds", opts.seeds, "cvSeeds")!;
      const models =
        opts.model === undefined
          ? undefined
          : String(opts.model)
              .split(",")
              .map((name) => name.trim());
      let shown = false;
      const onProgress = (e: ProgressEvent) => {
        if (!stderr().isTTY) return;
        shown = true;
        stderr().write(`\rbacktest: ${e.done}/${e.total} ${e.message ?? ""}`);
      };
      let result: ReturnType<typeof backtestTask>;
      try {
        result = backtestTask(
          {
            path: file,
            ...(opts.train !== undefined ? { train: { path: String(opts.train) } } : {}),
            ...(models ? { models } : {}),
            folds,
            seeds,
          },
          { onProgress, ...warningsPrinted() },
        );
      } catch (e) {
        // The problems are located (file:line:column), so the header may name both files.
        throw dataProblems(opts.train === undefined ? file : `${opts.train} / ${file}`, e);
      } finally {
        if (shown) stderr().write("\n");
      }
      emit(
        format === "json" ? `${JSON.stringify(result, null, 2)}\n` : renderHonestBacktest(result),
        opts.output,
      );
    });
}

/** The task's refusal of samples without uncertain inputs, in the flags' words. */
function flagWords(e: unknown, input: string, samples: number): unknown {
  if (!isZopaError(e, "usage") || e.details?.kind !== NO_UNCERTAIN_INPUTS) return e;
  const issue = e.details.issue as string | undefined;
  return usageError(
    `--samples ${samples}: ${input} has no uncertain inputs${issue === undefined ? "" : ` on issue "${issue}"`} (every capability, position and salience is a fixed number${e.details.table ? ", as in every BDM, KTAB or DEU table" : ""}), so Monte Carlo would only repeat the forecast: drop --samples, or give inputs as ranges, triangular or normal distributions in a scenario (docs/forecasting.md)`,
  );
}
