/** Outcomes as mixed-radix integer indices, per-issue option indices ("digits") and readable records. */
import type { IssueValue } from "../scenario/schema.ts";
import type { CompiledIssue, CompiledSpace } from "./compile.ts";

/** Re-exported from utility.ts, where utilities are computed. */
export { utilityOf } from "./utility.ts";

/** What turning indices into digits needs: the number of options of each issue. */
export type OutcomeRadix = Pick<CompiledSpace, "radix">;

/** What reading outcomes as records needs: the issues' ids and values. */
export type OutcomeIssues = { issues: readonly Pick<CompiledIssue, "id" | "values">[] };

/** Writes the per-issue option indices of outcome `index` into `digits`. */
export function decodeOutcome(
  space: OutcomeRadix,
  index: number,
  digits: Int32Array = new Int32Array(space.radix.length),
): Int32Array {
  for (let i = space.radix.length - 1; i >= 0; i--) {
    const r = space.radix[i];
    digits[i] = index % r;
    index = Math.floor(index / r);
  }
  return digits;
}

/** The outcome index of per-issue option indices. */
export function encodeOutcome(space: OutcomeRadix, digits: ArrayLike<number>): number {
  let index = 0;
  for (let i = 0; i < space.radix.length; i++) index = index * space.radix[i] + digits[i];
  return index;
}

/** `{ issueId: optionId | number }` for per-issue option indices. */
export function outcomeRecord(space: OutcomeIssues, digits: ArrayLike<number>): Record<string, IssueValue> {
  const out: Record<string, IssueValue> = {};
  space.issues.forEach((issue, i) => {
    out[issue.id] = issue.values[digits[i]];
  });
  return out;
}

/** Per-issue option indices for a (full) outcome record; throws on unknown values. */
export function digitsOf(space: OutcomeIssues, outcome: Record<string, IssueValue>): Int32Array {
  const digits = new Int32Array(space.issues.length);
  space.issues.forEach((issue, i) => {
    const v = outcome[issue.id];
    const k = issue.values.findIndex(
      (x) => x === v || (typeof x === "number" && typeof v === "number" && Math.abs(x - v) < 1e-9),
    );
    if (k < 0)
      throw new Error(`outcome has no valid value for issue "${issue.id}" (got ${JSON.stringify(v)})`);
    digits[i] = k;
  });
  return digits;
}
