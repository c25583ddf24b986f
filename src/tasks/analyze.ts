/**
 * The `analyze` task: agreement zone, Pareto frontier, bargaining solutions and deadlock diagnosis of a
 * scenario, its variant, or the base and every variant side by side. ANAC 2014 nonlinear GENIUS scenarios get
 * the approximate `analyzeNonlinear`. The result is the `Analysis` JSON contract (docs/analysis-json.md).
 */
import { z } from "zod";
import { type Analysis, type AnalysisProgress, analyze as analyzeScenario } from "../analysis/analyze.ts";
import { ZopaError } from "../errors.ts";
import { analyzeNonlinear } from "../formats/nonlinearAnalysis.ts";
import { count } from "../util/format.ts";
import { oneInput, requireVariant, resolveAnalysisInput, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const AnalyzeRequest = z
  .strictObject({
    ...scenarioInputFields,
    /** Apply this variant; defaults to the base scenario. */
    variant: z.string().min(1).optional(),
    /** Analyse the base and every variant (the result is an `AllVariantsAnalysis`); defaults to false. */
    allVariants: z.boolean().optional(),
    /** Pareto frontier over all outcomes or over the agreement zone; defaults to "all". */
    over: z.enum(["all", "zone"]).optional(),
    /** Bargaining solutions within the zone, or over the whole frontier as GENIUS does; defaults to "zone". */
    solutionsOver: z.enum(["zone", "all"]).optional(),
    /** Enumerate spaces up to this many outcomes; defaults to 2e7. Not for nonlinear scenarios. */
    enumerationLimit: z.number().positive().optional(),
    /** Beyond the enumeration limit (and for nonlinear scenarios), estimate from this many random outcomes. */
    sample: z.number().int().positive().optional(),
    /** Seed of the sample and of the nonlinear frontier search; defaults to 1. */
    seed: z.number().int().optional(),
    /** Discount at normalised time t in [0, 1]. */
    time: z.number().min(0).max(1).optional(),
  })
  .superRefine((r, ctx) => {
    oneInput(r, ctx);
    if (r.variant !== undefined && r.allVariants)
      ctx.addIssue({ code: "custom", path: ["allVariants"], message: "give either variant or allVariants" });
  });
export type AnalyzeRequest = z.input<typeof AnalyzeRequest>;

/** `allVariants`: the base first, then every variant in order. */
export interface AllVariantsAnalysis {
  version: 1;
  scenario: string;
  analyses: Analysis[];
}

export type AnalyzeResult = Analysis | AllVariantsAnalysis;

/** Names the request fields that do not apply to a nonlinear scenario (the CLI words them as flags). */
export const NONLINEAR_REFUSED = "nonlinearRefused";

/**
 * Analyses the scenario the request names. Progress: one unit per analysis (the base and each variant), and
 * within an analysis of 2^20 outcomes or more, fractions of it as its long steps go (enumeration, the
 * distribution metric; the message counts outcomes). Synchronous:
 * cancellation is checked between analyses and about every 10^6 outcomes (a progress callback may abort).
 */
export function analyze(request: AnalyzeRequest, options: TaskOptions = {}): AnalyzeResult {
  const r = parseRequest("analyze", AnalyzeRequest, request);
  const progress = new Progress("analyze", options);
  progress.check();
  const loaded = resolveAnalysisInput(r);
  for (const w of loaded.warnings) progress.warn(w);
  const over = r.over ?? "all";
  const solutionsOver = r.solutionsOver ?? "zone";
  const seed = r.seed ?? 1;
  if (loaded.kind === "nonlinear") {
    const refused = (["variant", "allVariants", "enumerationLimit"] as const).filter(
      (k) => r[k] !== undefined && r[k] !== false,
    );
    if (refused.length > 0)
      throw new ZopaError(
        "usage",
        `${refused.join(" and ")} ${refused.length === 1 ? "does" : "do"} not apply to a nonlinear (ANAC 2014) scenario: it has no variants and is never enumerated (its analysis is an approximate search; seed, sample, over, solutionsOver and time apply)`,
        { details: { kind: NONLINEAR_REFUSED, fields: refused } },
      );
    progress.report(0, 1, "analyses");
    const analysis = analyzeNonlinear(loaded.nonlinear, {
      seed,
      sample: r.sample,
      over,
      solutionsOver,
      time: r.time,
    });
    progress.report(1, 1, "analyses");
    return analysis;
  }
  const scenario = loaded.scenario;
  if (r.variant) requireVariant(scenario, r.variant);
  const base = {
    over,
    solutionsOver,
    enumerationLimit: r.enumerationLimit ?? 2e7,
    sample: r.sample,
    seed,
    time: r.time,
  };
  const variants: (string | undefined)[] = r.allVariants
    ? [undefined, ...scenario.variants.map((v) => v.id)]
    : [r.variant];
  const analyses: Analysis[] = [];
  progress.report(0, variants.length, "analyses");
  // Within an analysis of 2^20 outcomes or more, its long steps report as a fraction of the analysis (first
  // half enumeration, second half the distribution metric; below the next whole unit), the message saying
  // how many outcomes are done: events stay in order with one total. The signal is checked every 2^20 outcomes.
  const outcomes = (p: AnalysisProgress) => {
    if (p.total < 2 ** 20) return;
    const half = p.step === "enumerate" ? 0 : 0.5;
    const done = analyses.length + Math.min(half + (0.5 * p.done) / p.total, 0.999);
    const verb = p.step === "enumerate" ? "enumerated" : "measured (distribution)";
    progress.report(done, variants.length, `outcomes ${verb}: ${count(p.done)} of ${count(p.total)}`);
  };
  for (const variant of variants) {
    analyses.push(
      analyzeScenario(scenario, { ...base, variant, onProgress: outcomes, signal: options.signal }),
    );
    progress.report(analyses.length, variants.length, "analyses");
  }
  return r.allVariants ? { version: 1, scenario: scenario.meta.id, analyses } : analyses[0];
}
