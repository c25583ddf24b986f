/** Forecasters for EU decisions beyond the baselines: the BDM model (both presets) and the informed compromise. */

import { runBdm } from "./bdmModel.ts";
import { type BdmPreset, bdmSettings } from "./bdmSettings.ts";
import type { DeuIssue } from "./deu.ts";
import { deuActors, type IssueForecaster } from "./deuModels.ts";
import { informedCompromiseForecaster } from "./informedCompromise.ts";

function bdmForecaster(preset: BdmPreset, rounds: number): IssueForecaster {
  const settings = bdmSettings(preset);
  return {
    name: preset === "scholz" ? "bdm" : `bdm-${preset}`,
    description: `Bueno de Mesquita's model (preset ${preset}), equal capability, median after ${rounds} rounds`,
    // NaN (no forecast) when no actor took a position: backtests skip non-finite forecasts.
    forecast: (issue: DeuIssue) =>
      runBdm({ id: issue.issue, actors: deuActors(issue), scale: { min: 0, max: 100 } }, rounds, settings)
        .forecast,
  };
}

export const deuForecasters: IssueForecaster[] = [
  bdmForecaster("scholz", 10),
  bdmForecaster("jmckib", 10),
  informedCompromiseForecaster(),
];
