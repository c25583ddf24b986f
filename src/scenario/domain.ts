/** The values an issue takes in the outcome space. */
import { ZopaError } from "../errors.ts";
import type { Issue, IssueValue } from "./schema.ts";

/**
 * The most values one issue may take: 1,000,000 (an outcome space is enumerated up to 20 million outcomes
 * in all). More is refused (`size-limit`, exit 2) before anything is allocated: an integer issue from 0 to
 * 10^15, or a step too small to move a number (x + step = x), would otherwise exhaust memory or never end.
 */
export const MAX_ISSUE_VALUES = 1_000_000;

/** How many values an issue takes (Infinity when a step cannot reach max: it is below the numbers' precision). */
export function issueValueCount(issue: Issue): number {
  switch (issue.type) {
    case "categorical":
    case "ordinal":
      return issue.options.length;
    case "integer": {
      if (issue.min + issue.step === issue.min || issue.max - issue.step === issue.max) return Infinity;
      const n = Math.floor((issue.max - issue.min) / issue.step) + 1;
      return Number.isFinite(n) ? Math.max(n, 0) : Infinity;
    }
    case "real":
      return issue.resolution;
  }
}

/** Why an issue has too many values to enumerate, or null when it is within MAX_ISSUE_VALUES. */
export function tooManyValues(issue: Issue): string | null {
  const n = issueValueCount(issue);
  if (n <= MAX_ISSUE_VALUES) return null;
  return Number.isFinite(n)
    ? `the issue takes ${n.toLocaleString("en-US")} values, more than ${MAX_ISSUE_VALUES.toLocaleString("en-US")} (the most one issue may take): use a larger step or fewer values`
    : `the step ${"step" in issue ? issue.step : ""} is too small to move from min to max at this magnitude: use a larger step`;
}

/** The values an issue takes when enumerated: option ids, or numbers for integer and real issues. */
export function issueDomain(issue: Issue): IssueValue[] {
  const tooMany = tooManyValues(issue);
  if (tooMany) throw new ZopaError("size-limit", `issue "${issue.id}": ${tooMany}`);
  switch (issue.type) {
    case "categorical":
    case "ordinal":
      return issue.options.map((o) => o.id);
    case "integer": {
      const out: number[] = [];
      for (let x = issue.min; x <= issue.max; x += issue.step) out.push(x);
      return out;
    }
    case "real": {
      const out: number[] = [];
      const n = issue.resolution;
      for (let k = 0; k < n; k++)
        out.push(k === n - 1 ? issue.max : issue.min + ((issue.max - issue.min) * k) / (n - 1));
      return out;
    }
  }
}
