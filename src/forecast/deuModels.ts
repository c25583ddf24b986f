/**
 * The DEU baselines as forecasters of one EU legislative issue: each maps an issue's actors (Commission,
 * Parliament, member states; positions and saliences 0–100) to a predicted outcome.
 */

import { compromisePosition } from "./compromise.ts";
import type { DeuIssue } from "./deu.ts";
import { medianActorPosition, weightedMedian } from "./median.ts";
import type { Actor } from "./types.ts";

export interface IssueForecaster {
  name: string;
  description: string;
  /** The predicted outcome, or undefined when the model cannot forecast this issue. */
  forecast(issue: DeuIssue): number | undefined;
}

/** The issue's actors with capability 1 and salience in [0, 1]. */
export function deuActors(issue: DeuIssue, capability: "equal" | "gdp" = "equal"): Actor[] {
  return issue.actors.map((a) => ({
    name: a.code,
    capability: capability === "gdp" ? a.gdp : 1,
    position: a.position,
    salience: a.salience / 100,
  }));
}

export const deuBaselines: IssueForecaster[] = [
  {
    name: "compromise",
    description: "salience-weighted mean, equal capability",
    forecast: (issue) => compromisePosition(deuActors(issue)),
  },
  {
    name: "compromise-gdp",
    description: "salience × GDP-weighted mean (row 2 of the file as capability)",
    forecast: (issue) => compromisePosition(deuActors(issue, "gdp")),
  },
  {
    name: "weighted-median",
    description: "salience-weighted median",
    forecast: (issue) => weightedMedian(deuActors(issue)),
  },
  {
    name: "median-actor",
    description: "median actor position (unweighted)",
    forecast: (issue) => medianActorPosition(deuActors(issue)),
  },
  {
    name: "commission",
    description: "the Commission's position",
    forecast: (issue) => issue.actors.find((a) => a.code === "com")?.position,
  },
  {
    name: "reference-point",
    description: "the reference point (status quo)",
    forecast: (issue) => issue.referencePoint,
  },
];
