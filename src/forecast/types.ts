/** Stakeholders on one issue scale: the input of every forecasting model in this folder. */

/** One actor's stance on a 1-D issue. */
export interface Actor {
  name: string;
  /** Capability / clout / voting power, ≥ 0. */
  capability: number;
  /** Position on the issue's continuous scale. */
  position: number;
  /** Salience in [0, 1]: how much the actor cares (tables in 0–100 are divided by 100 on import). */
  salience: number;
}

/** A 1-D issue with its actors. */
export interface StakeholderIssue {
  id: string;
  actors: Actor[];
  /** The scale's ends when known (DEU: 0–100); models fall back to the range of positions. */
  scale?: { min: number; max: number };
}

/** capability × salience: the weight every compromise-type model gives an actor. */
export function influence(actor: Actor): number {
  return actor.capability * actor.salience;
}
