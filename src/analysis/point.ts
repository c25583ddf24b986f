/** A reported outcome: readable record plus every party's utility. */
import type { IssueValue } from "../scenario/schema.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { outcomeRecord } from "../space/outcome.ts";
import { utilityOf } from "../space/utility.ts";

export interface Point {
  outcome: Record<string, IssueValue>;
  /** Party id → utility, for every party with preferences. */
  utilities: Record<string, number>;
}

export function pointOf(space: CompiledSpace, digits: ArrayLike<number>): Point {
  const utilities: Record<string, number> = {};
  for (const p of space.parties) if (p.hasPreferences) utilities[p.id] = utilityOf(p, digits);
  return { outcome: outcomeRecord(space, digits), utilities };
}
