import type { Command } from "commander";
import { isZopaError } from "../../errors.ts";
import { renderAnalysis } from "../../report/analysisReport.ts";
import { renderVariantComparison } from "../../report/variantComparison.ts";
import { type AnalyzeRequest, analyze, NONLINEAR_REFUSED } from "../../tasks/analyze.ts";
import { resolveScenario, type ScenarioInput } from "../../tasks/input.ts";
import type { ProgressEvent } from "../../tasks/task.ts";
import { choice, emit, stderr, usageError } from "../io.ts";
import { scenarioInputOf, warningsPrinted, withInputErrors } from "../scenarioInput.ts";

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
      "a scenario file (YAML or JSON); or a GENIUS domain and its profiles (XML); or GeniusWeb JSON; or a folder holding one domain and its profiles; or - to read a scenario (YAML or JSON) from standard input",
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
    .action(async (inputs: string[], opts) => {
      emit(analyzeCommand(await scenarioInputOf(inputs), opts), opts.output);
    });
}

/**
 * `zopa analyze` without the output step: turns the flags into an `analyze` task request, runs it and renders
 * the result. `input` is the command line's paths, or the request fields for standard input. Throws a usage
 * ZopaError (exit 2).
 */
export function analyzeCommand(input: string[] | ScenarioInput, opts: AnalyzeCliOptions): string {
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
  const source = Array.isArray(input) ? { paths: input } : input;
  const request: AnalyzeRequest = {
    ...source,
    over,
    solutionsOver,
    seed,
    ...(opts.variant ? { variant: opts.variant } : {}),
    ...(opts.allVariants ? { allVariants: true } : {}),
    // Given only when it differs from the default: a nonlinear scenario refuses it.
    ...((opts.enumerationLimit ?? DEFAULT_ENUMERATION_LIMIT) !== DEFAULT_ENUMERATION_LIMIT
      ? { enumerationLimit }
      : {}),
    ...(sample !== undefined ? { sample } : {}),
    ...(time !== undefined ? { time } : {}),
  };
  const result = withInputErrors(source, "analysed", () => {
    try {
      return analyze(request, { ...warningsPrinted(opts.quiet), onProgress: outcomesShown });
    } catch (e) {
      throw asFlags(e);
    }
  });
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  if (!("analyses" in result)) return renderAnalysis(result, format);
  // The side-by-side table names the variants with their descriptions: read them from the scenario (loaded
  // again, quietly: its warnings were printed).
  return renderVariantComparison(resolveScenario(source).scenario, result.analyses, format);
}

/** Long analyses on a terminal: `\ranalysis: outcomes enumerated: done of total`, a new line after each. */
let progressShown = false;
function outcomesShown(e: ProgressEvent): void {
  if (!stderr().isTTY) return;
  const outcomes = e.message?.startsWith("outcomes") ?? false;
  if (outcomes) stderr().write(`\ranalysis: ${e.message}\x1b[K`);
  else if (progressShown) stderr().write("\n");
  progressShown = outcomes;
}

/** The task's refusal of options for a nonlinear scenario, in the flags' words. */
function asFlags(e: unknown): unknown {
  if (!isZopaError(e, "usage") || e.details?.kind !== NONLINEAR_REFUSED) return e;
  const flags: Record<string, string> = {
    variant: "--variant",
    allVariants: "--all-variants",
    enumerationLimit: "--enumeration-limit",
  };
  const refused = (e.details.fields as string[]).map((f) => flags[f]);
  return usageError(
    `${refused.join(" and ")} ${refused.length === 1 ? "does" : "do"} not apply to a nonlinear (ANAC 2014) scenario: it has no variants and is never enumerated (its analysis is an approximate search; --seed, --sample, --over, --solutions-over and --time apply)`,
  );
}
