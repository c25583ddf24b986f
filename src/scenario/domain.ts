/** The values an issue takes in the outcome space. */
import type { Issue, IssueValue } from "./schema.ts";

/** The values an issue takes when enumerated: option ids, or numbers for integer and real issues. */
export function issueDomain(issue: Issue): IssueValue[] {
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
