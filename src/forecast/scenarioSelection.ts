/**
 * The protocol's choice for scenarios. A scenario has no outcomes to learn from, so the model `zopa forecast`
 * uses by default, its expected error and its intervals come from the honest protocol run on the one body of
 * decided cases at hand, DEU III (`deu3-train.tsv`), restricted to the models a scenario can run (no EU-specific
 * inputs: no GDP row, no Commission, no procedure). The record below is that run's output; the test
 * test/forecast/scenarioSelection.test.ts recomputes it from the data and fails if they differ.
 *
 * Errors transfer as shares of the scale's width: a scenario is not an EU regulation, so read them as a rough
 * guide to how wrong stakeholder forecasts typically are, not as a guarantee.
 */
import { deuForecasters } from "./deuForecasters.ts";
import { deuBaselines } from "./deuModels.ts";
import { literatureBases } from "./deuProtocolModels.ts";
import { MODEL_NAMES, type ModelName } from "./models.ts";
import {
  type BaseForecaster,
  fixedLearner,
  halfWidthOf,
  type IntervalRatio,
  type Learner,
  weightedSpread,
} from "./protocol.ts";
import { influence, type StakeholderIssue } from "./types.ts";

/** The scenario models the protocol chooses among: every `--model` (none needs EU-specific inputs). */
export const SCENARIO_CANDIDATES: readonly ModelName[] = MODEL_NAMES;

/** The DEU forecasters behind each scenario candidate, and the candidates as learners. */
export function scenarioCandidates(): { bases: BaseForecaster[]; learners: Learner[] } {
  const all: BaseForecaster[] = [
    ...[...deuBaselines, ...deuForecasters].map((f) => ({
      name: f.name,
      description: f.description,
      predict: (issues: Parameters<BaseForecaster["predict"]>[0]) => issues.map((i) => f.forecast(i)),
    })),
    ...literatureBases,
  ];
  const bases = SCENARIO_CANDIDATES.map((name) => all.find((b) => b.name === name)!);
  return { bases, learners: bases.map(fixedLearner) };
}

export interface ScenarioSelection {
  name: ModelName;
  /** Grouped-CV MAE and its standard error on DEU's 0–100 scale. */
  cvMae: number;
  cvSe: number;
  /** Out-of-fold |error| / (spread + 5) on the 0–100 scale: 50 % and 80 % quantiles and mean (`protocol.ts`). */
  ratio: IntervalRatio;
  why: string;
  /** How it was computed. */
  basis: { file: string; folds: number; seeds: number; issues: number };
}

export const SCENARIO_SELECTION_SETTINGS = { folds: 5, seeds: 5 } as const;

/** The protocol's output on deu3-train.tsv (recomputed by the test). */
export const SCENARIO_SELECTION: ScenarioSelection = {
  name: "compromise",
  cvMae: 26.043612084805442,
  cvSe: 1.472360930801033,
  ratio: { p50: 0.4701657206905856, p80: 0.902382162705445, mean: 0.621341218223085 },
  why: "ktab-pce had the lowest cross-validated MAE, but its advantage over compromise (-0.05 ± 0.79) is less than one standard error: compromise kept",
  basis: { file: "deu3-train.tsv", folds: 5, seeds: 5, issues: 196 },
};

export interface SelectedForecast {
  model: ModelName;
  forecast: number;
  /** The expected absolute error on this issue's scale: mean ratio × (spread + 5), in the scale's units. */
  expectedError: number;
  /** The c·s-weighted standard deviation of the positions, as a share (0–100) of the scale's width. */
  spread: number;
  interval50: [number, number];
  interval80: [number, number];
}

/**
 * The selected model's forecast with its expected error and intervals on the issue's scale (clipped to it): the
 * DEU ratios times (spread + 5), the spread being the actors' c·s-weighted standard deviation of positions in
 * percent of the scale's width.
 */
export function selectedForecast(
  issue: StakeholderIssue,
  forecasts: Readonly<Record<ModelName, number>>,
  scale: { min: number; max: number },
  selection: ScenarioSelection = SCENARIO_SELECTION,
): SelectedForecast | undefined {
  const x = forecasts[selection.name];
  const width = scale.max - scale.min;
  if (!Number.isFinite(x) || !(width > 0)) return undefined;
  const unit = width / 100;
  const spread = weightedSpread(issue.actors.map((a) => ({ x: a.position / unit, w: influence(a) })));
  const interval = (ratio: number): [number, number] => [
    Math.max(scale.min, x - halfWidthOf(ratio, spread) * unit),
    Math.min(scale.max, x + halfWidthOf(ratio, spread) * unit),
  ];
  return {
    model: selection.name,
    forecast: x,
    expectedError: halfWidthOf(selection.ratio.mean, spread) * unit,
    spread,
    interval50: interval(selection.ratio.p50),
    interval80: interval(selection.ratio.p80),
  };
}
