/**
 * The `backtest` task: mean absolute error of forecasting models on EU decisions (a DEU III TSV), overall, by
 * procedure and by decade.
 */
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { backtest as backtestModels, type ErrorSummary } from "../forecast/backtest.ts";
import { deuForecasters } from "../forecast/deuForecasters.ts";
import { deuBaselines, type IssueForecaster } from "../forecast/deuModels.ts";
import { parseDeuTsv } from "../formats/stakeholders/deuTsv.ts";
import { tableText } from "./stakeholderTables.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

/** Every model the backtest knows: the DEU baselines, then the forecasters. */
export const backtestModelList = (): IssueForecaster[] => [...deuBaselines, ...deuForecasters];

export const BacktestRequest = z
  .strictObject({
    /** The DEU TSV's path on disk. */
    path: z.string().min(1).optional(),
    /** The DEU TSV's text (with `name` for messages). */
    text: z.string().optional(),
    /** File name shown in problems with `text`. */
    name: z.string().min(1).optional(),
    /** Model names; defaults to all (`backtestModelList`). */
    models: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.path === undefined) === (r.text === undefined))
      ctx.addIssue({ code: "custom", path: ["path"], message: "give one of `path` and `text`" });
  });
export type BacktestRequest = z.input<typeof BacktestRequest>;

/** What `zopa forecast backtest --format json` prints. */
export interface BacktestResult {
  file: string;
  models: (ErrorSummary & {
    name: string;
    byProcedure: Record<string, ErrorSummary>;
    byDecade: Record<string, ErrorSummary>;
  })[];
}

/** Backtests the models on the file; progress counts models. */
export function backtest(request: BacktestRequest, options: TaskOptions = {}): BacktestResult {
  const r = parseRequest("backtest", BacktestRequest, request);
  const progress = new Progress("backtest", options);
  const all = backtestModelList();
  const models = (r.models ?? all.map((m) => m.name)).map((name) => {
    const m = all.find((x) => x.name === name);
    if (!m)
      throw new ZopaError(
        "usage",
        `unknown model "${name}": choose from ${all.map((x) => x.name).join(", ")}`,
      );
    return m;
  });
  const file = r.path ?? r.name ?? "(data)";
  const issues = parseDeuTsv(tableText(file, r.text), { file });
  const results: BacktestResult["models"] = [];
  progress.report(0, models.length, "models");
  for (const model of models) {
    const [b] = backtestModels([model], issues);
    results.push({
      name: b.name,
      issues: b.issues,
      mae: b.mae,
      byProcedure: b.byProcedure,
      byDecade: b.byDecade,
    });
    progress.report(results.length, models.length, "models");
  }
  return { file, models: results };
}
