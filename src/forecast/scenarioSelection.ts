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
import { type BaseForecaster, fixedLearner, type Learner } from "./protocol.ts";

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
  /** Half-widths of the 50 % and 80 % intervals on the 0–100 scale. */
  halfWidth: { p50: number; p80: number };
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
  halfWidth: { p50: 21.210106382978726, p80: 43.91304347826087 },
  why: "ktab-pce had the lowest cross-validated MAE, but its advantage over compromise (-0.05 ± 0.79) is less than one standard error: compromise kept",
  basis: { file: "deu3-train.tsv", folds: 5, seeds: 5, issues: 196 },
};

export interface SelectedForecast {
  model: ModelName;
  forecast: number;
  /** The expected absolute error on this issue's scale (the CV MAE as a share of the width). */
  expectedError: number;
  interval50: [number, number];
  interval80: [number, number];
}

/** The selected model's forecast with its expected error and intervals on the issue's scale (clipped to it). */
export function selectedForecast(
  forecasts: Readonly<Record<ModelName, number>>,
  scale: { min: number; max: number },
  selection: ScenarioSelection = SCENARIO_SELECTION,
): SelectedForecast | undefined {
  const x = forecasts[selection.name];
  const width = scale.max - scale.min;
  if (!Number.isFinite(x) || !(width > 0)) return undefined;
  const unit = width / 100;
  const interval = (h: number): [number, number] => [
    Math.max(scale.min, x - h * unit),
    Math.min(scale.max, x + h * unit),
  ];
  return {
    model: selection.name,
    forecast: x,
    expectedError: selection.cvMae * unit,
    interval50: interval(selection.halfWidth.p50),
    interval80: interval(selection.halfWidth.p80),
  };
}
