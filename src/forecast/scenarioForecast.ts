/**
 * Forecasts for a scenario with stakeholders, at nominal inputs: per issue, each model's forecast, the two-level
 * agreement zone from the parties' constituencies, and the asymmetric Nash bargaining solution inside it.
 */
import type { Scenario } from "../scenario/schema.ts";
import { type BdmResult, runBdm } from "./bdmModel.ts";
import { bdmSettings } from "./bdmSettings.ts";
import {
  type ForecastProblem,
  importedScale,
  issueWithValues,
  nominalValues,
  problemFromScenario,
} from "./forecastProblem.ts";
import type { IntervalSet } from "./interval.ts";
import { forecastWith, MODEL_NAMES, type ModelName } from "./models.ts";
import { asymmetricNash } from "./nashBargaining.ts";
import { type SelectedForecast, selectedForecast } from "./scenarioSelection.ts";
import { type PartyConstituency, type TwoLevelZone, twoLevelZone } from "./twoLevel.ts";
import type { StakeholderIssue } from "./types.ts";
import { nominalValue } from "./uncertain.ts";

export interface IssueForecast {
  issue: string;
  scale: { min: number; max: number };
  statusQuo?: number;
  /** Each model's forecast at nominal inputs. */
  forecasts: Record<ModelName, number>;
  /**
   * The model the honest protocol selects (src/forecast/scenarioSelection.ts) with its expected error and 50 % /
   * 80 % intervals on this issue's scale; absent when it gives no forecast.
   */
  selected?: SelectedForecast;
  /** The option nearest each forecast, for ordinal and categorical issues. */
  nearestOption?: Record<ModelName, string>;
  /** The round-by-round run of the BDM model (scholz preset, or jmckib when that model was asked for). */
  bdm: BdmResult;
  /** Present when the scenario has constituencies and a status quo for the issue. */
  zone?: TwoLevelZone;
  /** Asymmetric Nash bargaining among the party stakeholders, inside the zone (or the scale without one). */
  nash?: number;
  actors: { name: string; capability: number; position: number; salience: number }[];
}

export interface ScenarioForecastOptions {
  rounds?: number;
  /** Only this issue. */
  issue?: string;
  /** Which BDM preset to record round by round. */
  bdmPreset?: "scholz" | "jmckib";
  /** Record every BDM offer, not only the accepted ones. */
  recordOffers?: boolean;
}

function nearest(points: Record<string, number>, x: number): string {
  let best = "";
  let distance = Number.POSITIVE_INFINITY;
  for (const [id, p] of Object.entries(points))
    if (Math.abs(p - x) < distance) {
      distance = Math.abs(p - x);
      best = id;
    }
  return best;
}

/** Per party, the constituency on issue `issueId`: members that take a stance on it, at nominal values. */
export function constituenciesOn(
  scenario: Scenario,
  problem: ForecastProblem,
  issueIndex: number,
): PartyConstituency[] {
  const values = nominalValues(problem);
  const issue = problem.issues[issueIndex];
  const byName = new Map(issue.actors.map((a) => [a.name, a]));
  return (scenario.constituencies ?? []).map((c) => ({
    party: c.party,
    rule:
      c.rule === "unanimity" ? { rule: "unanimity" as const } : { rule: "quota" as const, quota: c.quota },
    members: c.members.flatMap((m) => {
      const a = byName.get(m.stakeholder);
      if (!a) return [];
      return [
        {
          name: m.stakeholder,
          position: values[a.position],
          weight: m.weight !== undefined ? nominalValue(m.weight) : values[a.capability],
          veto: m.veto,
        },
      ];
    }),
  }));
}

/**
 * Every model's forecast and the recorded BDM run. The recorded preset runs once: its model's forecast is the
 * run's (recording offers does not change the moves).
 */
function modelForecasts(
  issue: StakeholderIssue,
  options: ScenarioForecastOptions,
): { forecasts: Record<ModelName, number>; bdm: BdmResult } {
  const preset = options.bdmPreset ?? "scholz";
  const bdm = runBdm(issue, options.rounds ?? 10, bdmSettings(preset), {
    recordOffers: options.recordOffers,
  });
  const recorded: ModelName = preset === "scholz" ? "bdm" : "bdm-jmckib";
  const forecasts = Object.fromEntries(
    MODEL_NAMES.map((m) => [
      m,
      m === recorded ? bdm.forecast : forecastWith(m, issue, { rounds: options.rounds }),
    ]),
  ) as Record<ModelName, number>;
  return { forecasts, bdm };
}

/**
 * Every model's forecast for one imported issue (no constituencies, no status quo). Without actors every forecast
 * is NaN and so are the scale's ends (unless the issue has its own scale).
 */
export function forecastIssue(issue: StakeholderIssue, options: ScenarioForecastOptions = {}): IssueForecast {
  const scale = importedScale(issue);
  const { forecasts, bdm } = modelForecasts(issue, options);
  const selected = selectedForecast(issue, forecasts, scale);
  return { issue: issue.id, scale, forecasts, ...(selected ? { selected } : {}), bdm, actors: issue.actors };
}

export function forecastScenario(scenario: Scenario, options: ScenarioForecastOptions = {}): IssueForecast[] {
  const problem = problemFromScenario(scenario);
  const values = nominalValues(problem);
  const partyOf = new Map((scenario.stakeholders?.actors ?? []).map((a) => [a.id, a.party]));
  return problem.issues.flatMap((pi, k) => {
    if (options.issue !== undefined && pi.id !== options.issue) return [];
    const issue = issueWithValues(pi, values);
    const { forecasts, bdm } = modelForecasts(issue, options);
    const statusQuo = pi.statusQuo === undefined ? undefined : values[pi.statusQuo];
    const selected = selectedForecast(issue, forecasts, pi.scale);
    const out: IssueForecast = {
      issue: pi.id,
      scale: pi.scale,
      statusQuo,
      forecasts,
      ...(selected ? { selected } : {}),
      bdm,
      actors: issue.actors,
    };
    if (pi.points) {
      const points = pi.points;
      out.nearestOption = Object.fromEntries(
        MODEL_NAMES.map((m) => [m, nearest(points, forecasts[m])]),
      ) as Record<ModelName, string>;
    }
    if (statusQuo !== undefined) {
      const constituencies = constituenciesOn(scenario, problem, k).filter((c) => c.members.length > 0);
      let within: IntervalSet = [{ lo: pi.scale.min, hi: pi.scale.max }];
      if (constituencies.length > 0) {
        out.zone = twoLevelZone(constituencies, statusQuo, pi.scale);
        within = out.zone.zone.map((i) => ({
          lo: Math.max(i.lo, pi.scale.min),
          hi: Math.min(i.hi, pi.scale.max),
        }));
      }
      const players = issue.actors
        .filter((a) => partyOf.get(a.name) !== undefined)
        .map((a) => ({ name: a.name, position: a.position, weight: a.capability }));
      if (players.length > 0) out.nash = asymmetricNash(players, statusQuo, within);
    }
    return [out];
  });
}
