/** The forecasting models by name, as `zopa forecast --model` offers them: stakeholders of one issue → outcome. */
import { runBdm } from "./bdmModel.ts";
import { type BdmPreset, bdmSettings } from "./bdmSettings.ts";
import { compromisePosition } from "./compromise.ts";
import { ktabPce } from "./ktabSpatial.ts";
import { medianActorPosition, weightedMedian } from "./median.ts";
import type { StakeholderIssue } from "./types.ts";

export const MODEL_NAMES = [
  "compromise",
  "weighted-median",
  "median-actor",
  "bdm",
  "bdm-jmckib",
  "ktab-pce",
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const MODEL_DESCRIPTIONS: Record<ModelName, string> = {
  compromise: "capability × salience weighted mean",
  "weighted-median": "capability × salience weighted median (the Condorcet winner in 1-D)",
  "median-actor": "median of the positions, one actor one vote",
  bdm: "Bueno de Mesquita's expected-utility model, Scholz et al. reading (preset scholz); median after N rounds",
  "bdm-jmckib": "Bueno de Mesquita's model, jmckib replication conventions (preset jmckib)",
  "ktab-pce": "KTAB's spatial model, first turn: expected position of the probabilistic Condorcet election",
};

export interface ModelOptions {
  /** Rounds of the BDM model; defaults to 10. */
  rounds?: number;
}

export function forecastWith(model: ModelName, issue: StakeholderIssue, options: ModelOptions = {}): number {
  switch (model) {
    case "compromise":
      return compromisePosition(issue.actors) ?? Number.NaN;
    case "weighted-median":
      return weightedMedian(issue.actors) ?? Number.NaN;
    case "median-actor":
      return medianActorPosition(issue.actors) ?? Number.NaN;
    case "ktab-pce":
      return ktabPce(issue.actors, issue.scale)?.forecast ?? Number.NaN;
    case "bdm":
    case "bdm-jmckib": {
      const preset: BdmPreset = model === "bdm" ? "scholz" : "jmckib";
      return runBdm(issue, options.rounds ?? 10, bdmSettings(preset)).forecast;
    }
  }
}
