/** KTAB's spatial-model scenario (several dimensions), as read from its CSV or XML files. */
import type { StakeholderIssue } from "../../forecast/types.ts";

export interface KtabActor {
  name: string;
  description: string;
  /** KTAB "Power"/"Influence"/"capability". */
  capability: number;
  /** Per dimension, 0–100. */
  positions: number[];
  /** Per dimension, 0–100 (an actor's saliences sum to at most 100). */
  saliences: number[];
}

export interface KtabScenario {
  name: string;
  description: string;
  dimensions: string[];
  actors: KtabActor[];
}

/** One 1-D stakeholder issue per dimension (salience divided by 100, scale 0–100). */
export function ktabIssues(scenario: KtabScenario): StakeholderIssue[] {
  return scenario.dimensions.map((dim, d) => ({
    id: dim,
    scale: { min: 0, max: 100 },
    actors: scenario.actors.map((a) => ({
      name: a.name,
      capability: a.capability,
      position: a.positions[d],
      salience: a.saliences[d] / 100,
    })),
  }));
}
