/**
 * Backtesting forecasters on EU decisions: mean absolute error over the issues with a recorded outcome that the
 * model can forecast, overall and by procedure and by decade of introduction.
 */
import type { DeuIssue } from "./deu.ts";
import type { IssueForecaster } from "./deuModels.ts";

export interface ErrorSummary {
  issues: number;
  mae: number;
}

export interface ModelBacktest extends ErrorSummary {
  name: string;
  description: string;
  byProcedure: Record<string, ErrorSummary>;
  byDecade: Record<string, ErrorSummary>;
}

export function summariseErrors(errors: readonly number[]): ErrorSummary {
  return {
    issues: errors.length,
    mae: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : Number.NaN,
  };
}

export function grouped(pairs: { key: string; error: number }[]): Record<string, ErrorSummary> {
  const groups = new Map<string, number[]>();
  for (const { key, error } of pairs) groups.set(key, [...(groups.get(key) ?? []), error]);
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, summariseErrors(groups.get(k)!)]));
}

export function decadeOf(issue: DeuIssue): string {
  return issue.year === undefined ? "unknown" : `${Math.floor(issue.year / 10) * 10}s`;
}

/** Each model's absolute errors per issue (undefined where it gives no forecast or no outcome is recorded). */
export function absoluteErrors(model: IssueForecaster, issues: readonly DeuIssue[]): (number | undefined)[] {
  return issues.map((issue) => {
    if (issue.outcome === undefined) return undefined;
    const x = model.forecast(issue);
    return x === undefined || !Number.isFinite(x) ? undefined : Math.abs(x - issue.outcome);
  });
}

export function backtest(models: readonly IssueForecaster[], issues: readonly DeuIssue[]): ModelBacktest[] {
  return models.map((model) => {
    const errors = absoluteErrors(model, issues);
    const rows = issues.flatMap((issue, k) =>
      errors[k] === undefined ? [] : [{ issue, error: errors[k]! }],
    );
    return {
      name: model.name,
      description: model.description,
      ...summariseErrors(rows.map((r) => r.error)),
      byProcedure: grouped(rows.map((r) => ({ key: r.issue.procedure || "unknown", error: r.error }))),
      byDecade: grouped(rows.map((r) => ({ key: decadeOf(r.issue), error: r.error }))),
    };
  });
}
