/**
 * The `backtest` task: forecasting models on EU decisions (DEU III TSV) under the honest protocol
 * (src/forecast/protocol.ts). With a training file, every parameter and the choice of model are made on TRAIN by
 * grouped cross-validation and scored on the file (TEST); without one, everything is cross-validated within the
 * file, the protocol itself by nested cross-validation.
 */
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import type { DeuIssue } from "../forecast/deu.ts";
import { protocolBases, protocolLearners } from "../forecast/deuProtocolModels.ts";
import {
  crossValidatedBacktest,
  type HonestBacktest,
  type HonestModelScore,
  trainTestBacktest,
} from "../forecast/honestBacktest.ts";
import type { Learner } from "../forecast/protocol.ts";
import { parseDeuTsv } from "../formats/stakeholders/deuTsv.ts";
import { tableText } from "./stakeholderTables.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

/** Every model the backtest knows, in the order of its table. */
export const backtestModelList = (): Learner[] => protocolLearners();

const tableFields = (what: string) => ({
  path: z.string().min(1).optional().describe(`the ${what} DEU TSV's path on disk`),
  text: z.string().optional().describe(`the ${what} DEU TSV's text (with \`name\` for messages)`),
  name: z.string().min(1).optional().describe("file name shown in problems with `text`"),
});

const TableSource = z.strictObject(tableFields("training")).superRefine((r, ctx) => {
  if ((r.path === undefined) === (r.text === undefined))
    ctx.addIssue({ code: "custom", path: ["path"], message: "give one of `path` and `text`" });
});

export const BacktestRequest = z
  .strictObject({
    ...tableFields("test (or only)"),
    /** The training file: fit and select on it, score on the file above. */
    train: TableSource.optional(),
    /** Model names; defaults to all (`backtestModelList`); the protocol selects among these. */
    models: z.array(z.string().min(1)).min(1).optional(),
    /** Folds of the grouped cross-validation (by proposal); defaults to 5. */
    folds: z.number().int().min(2).max(50).optional(),
    /** Repetitions of the cross-validation with seeds 1 … seeds; defaults to 5. */
    seeds: z.number().int().min(1).max(100).optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.path === undefined) === (r.text === undefined))
      ctx.addIssue({ code: "custom", path: ["path"], message: "give one of `path` and `text`" });
  });
export type BacktestRequest = z.input<typeof BacktestRequest>;

/** What `zopa forecast backtest --format json` prints. */
export interface BacktestResult extends HonestBacktest {
  /** The file scored (TEST with `train`). */
  file: string;
  train?: string;
  models: HonestModelScore[];
}

function readDeu(source: { path?: string; text?: string; name?: string }): {
  file: string;
  issues: DeuIssue[];
} {
  const file = source.path ?? source.name ?? "(data)";
  return { file, issues: parseDeuTsv(tableText(file, source.text), { file }) };
}

/** Runs the protocol; progress counts its steps (outer folds of the nested CV, or train then test). */
export function backtest(request: BacktestRequest, options: TaskOptions = {}): BacktestResult {
  const r = parseRequest("backtest", BacktestRequest, request);
  const progress = new Progress("backtest", options);
  const all = backtestModelList();
  const learners = (r.models ?? all.map((m) => m.name)).map((name) => {
    const m = all.find((x) => x.name === name);
    if (!m)
      throw new ZopaError(
        "usage",
        `unknown model "${name}": choose from ${all.map((x) => x.name).join(", ")}`,
      );
    return m;
  });
  const needed = new Set(learners.flatMap((l) => l.needs));
  const bases = protocolBases().filter((b) => needed.has(b.name));
  const test = readDeu(r);
  const train = r.train ? readDeu(r.train) : undefined;
  if (train) {
    const trained = new Set(train.issues.map((i) => i.proposal));
    const shared = new Set(test.issues.filter((i) => trained.has(i.proposal)).map((i) => i.proposal));
    if (shared.size > 0)
      progress.warn(
        `${shared.size} proposal(s) appear in both ${train.file} and ${test.file}: their issues are decided together, so the TEST score is optimistic (split by proposal)`,
      );
  }
  const settings = {
    folds: r.folds ?? 5,
    seeds: r.seeds ?? 5,
    onProgress: (done: number, total: number) => progress.report(done, total, "protocol steps"),
  };
  const result = train
    ? trainTestBacktest(bases, learners, train.issues, test.issues, settings)
    : crossValidatedBacktest(bases, learners, test.issues, settings);
  return { file: test.file, ...(train ? { train: train.file } : {}), ...result };
}
