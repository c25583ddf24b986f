import type { Command } from "commander";
import { type Analysis, analyze } from "../../analysis/analyze.ts";
import { analyzeNonlinear } from "../../formats/nonlinearAnalysis.ts";
import { renderAnalysis } from "../../report/analysisReport.ts";
import { renderVariantComparison } from "../../report/variantComparison.ts";
import { choice, emit, usageError } from "../io.ts";
import { loadAnalysisInput, requireVariant } from "../scenarioInput.ts";

const DEFAULT_ENUMERATION_LIMIT = "20000000";

/** The options `zopa analyze` parses (strings as commander gives them). */
export interface AnalyzeCliOptions {
  variant?: string;
  allVariants?: boolean;
  over?: string;
  solutionsOver?: string;
  format?: string;
  enumerationLimit?: string;
  sample?: string;
  seed?: string;
  time?: string;
  quiet?: boolean;
}

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description(
      "Analyse a scenario: agreement zone, Pareto frontier, bargaining solutions, deadlock diagnosis.",
    )
    .argument(
      "<inputs...>",
      "a scenario file (YAML or JSON); or a GENIUS domain and its profiles (XML); or GeniusWeb JSON; or a folder holding one domain and its profiles",
    )
    .option("--variant <name>", "apply a named variant of the scenario")
    .option("--all-variants", "analyse the base scenario and every variant side by side")
    .option("--over <set>", "Pareto frontier over all outcomes or over the agreement zone: all | zone", "all")
    .option(
      "--solutions-over <set>",
      "bargaining solutions within the agreement zone (zone), or over the whole frontier as GENIUS does (all)",
      "zone",
    )
    .option("--format <format>", "text | json | markdown", "text")
    .option("--enumeration-limit <n>", "enumerate spaces up to this many outcomes", "20000000")
    .option(
      "--sample <n>",
      "beyond the enumeration limit (and for nonlinear scenarios: default 10000), estimate zone size and distribution from N random outcomes",
    )
    .option(
      "--seed <s>",
      "seed for --sample and, for nonlinear (ANAC 2014) scenarios, for the frontier search",
      "1",
    )
    .option(
      "--time <t>",
      "discount at normalised time t in [0, 1]: utilities and reservation values times d^t for parties with a discount factor d",
    )
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  zopa analyze examples/car-purchase.yaml\n  zopa analyze domain.xml buyer.xml seller.xml --solutions-over all\n  zopa analyze path/to/anl/domain00\n  zopa analyze path/to/anac2014_nonlinear_10issues --seed 7   (approximate: nonlinear utilities)\n  zopa analyze examples/river-basin.yaml --all-variants --format markdown -o report.md\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.",
    )
    .action((inputs: string[], opts) => {
      emit(analyzeCommand(inputs, opts), opts.output);
    });
}

/**
 * `zopa analyze` without the output step: loads the inputs, analyses them and returns the rendered report.
 * ANAC 2014 nonlinear GENIUS scenarios get the approximate `analyzeNonlinear`. Throws UsageError (exit 2).
 */
export function analyzeCommand(inputs: string[], opts: AnalyzeCliOptions): string {
  const format = choice("--format", opts.format ?? "text", ["text", "json", "markdown"] as const);
  const over = choice("--over", opts.over ?? "all", ["all", "zone"] as const);
  const solutionsOver = choice("--solutions-over", opts.solutionsOver ?? "zone", ["zone", "all"] as const);
  const enumerationLimit = Number(opts.enumerationLimit ?? DEFAULT_ENUMERATION_LIMIT);
  if (!Number.isFinite(enumerationLimit) || enumerationLimit < 1)
    throw usageError(`--enumeration-limit must be a positive number (got "${opts.enumerationLimit}")`);
  if (opts.variant && opts.allVariants) throw usageError("give either --variant or --all-variants, not both");
  let time: number | undefined;
  if (opts.time !== undefined) {
    time = Number(opts.time);
    if (!Number.isFinite(time) || time < 0 || time > 1)
      throw usageError(`--time must be a number in [0, 1] (got "${opts.time}")`);
  }
  const sample = opts.sample === undefined ? undefined : Number(opts.sample);
  if (sample !== undefined && !(Number.isInteger(sample) && sample > 0))
    throw usageError(`--sample must be a positive whole number (got "${opts.sample}")`);
  const seed = Number(opts.seed ?? "1");
  if (!Number.isInteger(seed)) throw usageError(`--seed must be a whole number (got "${opts.seed}")`);
  const render = (analysis: Analysis) =>
    format === "json" ? `${JSON.stringify(analysis, null, 2)}\n` : renderAnalysis(analysis, format);
  const loaded = loadAnalysisInput(inputs, { quiet: opts.quiet });
  if (loaded.kind === "nonlinear") {
    const refused = [
      opts.variant !== undefined && "--variant",
      opts.allVariants && "--all-variants",
      (opts.enumerationLimit ?? DEFAULT_ENUMERATION_LIMIT) !== DEFAULT_ENUMERATION_LIMIT &&
        "--enumeration-limit",
    ].filter((x): x is string => typeof x === "string");
    if (refused.length > 0)
      throw usageError(
        `${refused.join(" and ")} ${refused.length === 1 ? "does" : "do"} not apply to a nonlinear (ANAC 2014) scenario: it has no variants and is never enumerated (its analysis is an approximate search; --seed, --sample, --over, --solutions-over and --time apply)`,
      );
    return render(analyzeNonlinear(loaded.nonlinear, { seed, sample, over, solutionsOver, time }));
  }
  const scenario = loaded.scenario;
  if (opts.variant) requireVariant(scenario, opts.variant);
  const options = { over, solutionsOver, enumerationLimit, sample, seed, time };
  if (opts.allVariants) {
    const analyses: Analysis[] = [
      analyze(scenario, options),
      ...scenario.variants.map((v) => analyze(scenario, { ...options, variant: v.id })),
    ];
    return format === "json"
      ? `${JSON.stringify({ version: 1, scenario: scenario.meta.id, analyses }, null, 2)}\n`
      : renderVariantComparison(scenario, analyses, format);
  }
  return render(analyze(scenario, { ...options, variant: opts.variant }));
}
