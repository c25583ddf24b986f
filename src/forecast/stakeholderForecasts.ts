/**
 * A scenario's stakeholder forecasts in one step, as `zopa forecast` prints them and the report shows them:
 * every model per issue at nominal inputs (with the 1-D two-level zone and the Nash point), and the two-level
 * zone over the outcome space when it applies. Pure.
 */
import { isZopaError } from "../errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import { forecastScenario, type IssueForecast, type ScenarioForecastOptions } from "./scenarioForecast.ts";
import { type SpatialWinSets, spatialWinSets } from "./spatialWinSet.ts";

/** Stakeholder forecasts (issue 6): per issue every model at nominal inputs, and the two-level zones. */
export interface ForecastReport {
  /** Per issue someone takes a stance on: each model's forecast, the 1-D two-level zone, the Nash point. */
  issues: IssueForecast[];
  /** The two-level zone over the outcome space (all issues with a status quo at once), when it applies. */
  spatial: SpatialWinSets | null;
  /** Why `spatial` is missing when the space was too large. */
  spatialNote?: string;
}

export interface StakeholderForecastOptions extends ScenarioForecastOptions {
  /** Outcomes of the outcome-space zone listed (default: the win-sets' default). */
  zoneListLimit?: number;
}

/**
 * Forecasts every issue (or `issue` only, then without the outcome-space zone); a space too large for the
 * outcome-space win-sets leaves them out with a note instead of failing.
 */
export function stakeholderForecasts(
  scenario: Scenario,
  options: StakeholderForecastOptions = {},
): ForecastReport {
  const { zoneListLimit, ...forecastOptions } = options;
  const issues = forecastScenario(scenario, forecastOptions);
  if (options.issue !== undefined) return { issues, spatial: null };
  try {
    const limit = zoneListLimit === undefined ? {} : { limit: zoneListLimit };
    return { issues, spatial: spatialWinSets(scenario, limit) ?? null };
  } catch (e) {
    if (!isZopaError(e, "size-limit")) throw e;
    return { issues, spatial: null, spatialNote: `outcome-space win-sets skipped: ${e.message}` };
  }
}
