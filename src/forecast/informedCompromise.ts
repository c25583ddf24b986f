/**
 * The "informed compromise" forecaster for EU legislation (the issue-6 moonshot). It is the compromise model with
 * two corrections grounded in how the DEU data are made, and no parameter fitted to outcomes:
 *
 * 1. Capability: each actor's economic weight (the GDP figures of the file's row 2, which give the Commission and
 *    the Parliament the weight of the largest member state), raised to a power β (1 by default).
 * 2. Missing salience is missing data, not indifference: an actor that took a position but whose salience was not
 *    recorded gets the mean recorded salience of the other actors on that issue (the baselines give it weight 0).
 */
import type { DeuIssue } from "./deu.ts";
import type { IssueForecaster } from "./deuModels.ts";

export interface InformedCompromiseOptions {
  /** Exponent on the GDP capability: 0 = equal capability, 1 = proportional (default). */
  beta?: number;
  /** Impute missing saliences with the issue mean (default true). */
  impute?: boolean;
}

export function informedCompromise(
  issue: DeuIssue,
  options: InformedCompromiseOptions = {},
): number | undefined {
  const beta = options.beta ?? 1;
  const recorded = issue.actors.filter((a) => a.salienceRecorded !== false);
  const fill =
    options.impute === false || recorded.length === 0
      ? 0
      : recorded.reduce((s, a) => s + a.salience, 0) / recorded.length;
  let num = 0;
  let den = 0;
  for (const a of issue.actors) {
    const salience = a.salienceRecorded === false ? fill : a.salience;
    const w = (beta === 0 ? 1 : a.gdp ** beta) * salience;
    num += w * a.position;
    den += w;
  }
  return den > 0 ? num / den : undefined;
}

export function informedCompromiseForecaster(options: InformedCompromiseOptions = {}): IssueForecaster {
  const beta = options.beta ?? 1;
  return {
    name:
      options.beta === undefined && options.impute === undefined
        ? "informed-compromise"
        : `informed-compromise(β=${beta}${options.impute === false ? ", no imputation" : ""})`,
    description:
      "compromise with GDP capability (row 2) and missing saliences imputed by the issue mean; nothing fitted",
    forecast: (issue) => informedCompromise(issue, options),
  };
}
