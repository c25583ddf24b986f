/**
 * The backtest under the honest protocol (src/forecast/protocol.ts):
 *
 * - train → test: every model is fitted, and one is selected, by grouped cross-validation on TRAIN alone (the
 *   TEST outcomes are hidden from the table the models fit on); then every model and the selection are scored on
 *   TEST, with the coverage of the selected model's 50 % and 80 % intervals;
 * - one file: every model's grouped-CV MAE, and the protocol's own error by nested cross-validation (the
 *   selection redone inside every outer training part), with the intervals' coverage on the outer folds.
 */
import { decadeOf, type ErrorSummary, grouped, summariseErrors } from "./backtest.ts";
import { proposalFolds } from "./crossValidation.ts";
import type { DeuIssue } from "./deu.ts";
import {
  type BaseForecaster,
  type CvSettings,
  groupedMean,
  halfWidthOf,
  type Learner,
  type PredictionTable,
  predictionTable,
  protocolLearner,
  type Selection,
  selectModel,
} from "./protocol.ts";

export interface HonestModelScore {
  name: string;
  description: string;
  /** TEST (train → test) or grouped-CV (one file) issues, MAE, by procedure and decade. */
  issues: number;
  mae: number;
  byProcedure: Record<string, ErrorSummary>;
  byDecade: Record<string, ErrorSummary>;
  /** Grouped cross-validated MAE on TRAIN (the one file) and its proposal-clustered standard error. */
  cvMae: number;
  cvSe: number;
  /** Forecasts every training issue: may be selected. */
  eligible: boolean;
}

export interface SelectedModel {
  name: string;
  /** TEST MAE (train → test), or the nested cross-validated MAE of the whole protocol (one file). */
  mae: number;
  /** Standard error of `mae` clustered by proposal. */
  maeSe: number;
  cvMae: number;
  cvSe: number;
  why: string;
  /**
   * The intervals, from cross-validated errors on TRAIN: half-width = ratio × (spread + 5) per issue, and the
   * mean half-width over the scored issues (scale points).
   */
  interval: { ratio: { p50: number; p80: number }; meanHalfWidth: { p50: number; p80: number } };
  /** Share of TEST (or outer-fold) outcomes inside the 50 % and 80 % intervals. */
  coverage: { p50: number; p80: number };
  /** One file: how often each model was chosen across the outer folds. */
  picks?: Record<string, number>;
}

export interface HonestBacktest {
  mode: "train-test" | "cross-validated";
  folds: number;
  seeds: number[];
  selected: SelectedModel;
  models: HonestModelScore[];
}

export interface HonestOptions {
  folds?: number;
  /** Seeds of the repeated grouped CV: 1 … seeds. */
  seeds?: number;
  /** Outer repetitions of the nested CV (one file); defaults to min(seeds, 2). */
  outerSeeds?: number;
  onProgress?: (done: number, total: number) => void;
}

function score(
  learner: Learner,
  issues: readonly DeuIssue[],
  errors: readonly (number | undefined)[],
  cv: { mae: number; se: number; eligible: boolean },
): HonestModelScore {
  const rows = issues.flatMap((issue, r) => (errors[r] === undefined ? [] : [{ issue, error: errors[r]! }]));
  return {
    name: learner.name,
    description: learner.description,
    ...summariseErrors(rows.map((x) => x.error)),
    byProcedure: grouped(rows.map((x) => ({ key: x.issue.procedure || "unknown", error: x.error }))),
    byDecade: grouped(rows.map((x) => ({ key: decadeOf(x.issue), error: x.error }))),
    cvMae: cv.mae,
    cvSe: cv.se,
    eligible: cv.eligible,
  };
}

const seedList = (n: number) => Array.from({ length: n }, (_, k) => k + 1);

function settingsOf(options: HonestOptions): CvSettings {
  return { folds: options.folds ?? 5, seeds: seedList(options.seeds ?? 5) };
}

function candidate(selection: Selection, name: string) {
  const c = selection.candidates.find((x) => x.name === name)!;
  return { mae: c.mae, se: c.se, eligible: c.eligible };
}

/** The selection's fields of `selected`, with the scored error `g`. */
function selectedOf(selection: Selection, g: { mae: number; se: number }) {
  const { name, cvMae, cvSe, why } = selection;
  return { name, mae: g.mae, maeSe: g.se, cvMae, cvSe, why };
}

/** Interval bookkeeping over scored rows: coverage and mean half-width per level. */
class IntervalTally {
  private inside = { p50: 0, p80: 0 };
  private width = { p50: 0, p80: 0 };
  private n = 0;

  add(error: number, spread: number, ratio: { p50: number; p80: number }): void {
    this.n++;
    for (const level of ["p50", "p80"] as const) {
      const h = halfWidthOf(ratio[level], spread);
      this.width[level] += h;
      if (error <= h + 1e-9) this.inside[level]++;
    }
  }

  coverage() {
    return { p50: this.inside.p50 / this.n, p80: this.inside.p80 / this.n };
  }

  meanHalfWidth() {
    return { p50: this.width.p50 / this.n, p80: this.width.p80 / this.n };
  }
}

/** Selects and fits on TRAIN only, then scores every model and the selection on TEST. */
export function trainTestBacktest(
  bases: readonly BaseForecaster[],
  learners: readonly Learner[],
  train: readonly DeuIssue[],
  test: readonly DeuIssue[],
  options: HonestOptions = {},
): HonestBacktest {
  const settings = settingsOf(options);
  // TEST outcomes hidden: nothing fitted or chosen can read them.
  const table = predictionTable(bases, [train, test], [false, true]);
  const trainRows = train.map((_, r) => r);
  const testRows = test.map((_, k) => train.length + k);
  const selection = selectModel(learners, table, trainRows, settings);
  options.onProgress?.(1, 2);
  const testErrors = (learner: Learner) => {
    const predict = learner.fit(table, trainRows);
    return testRows.map((r, k) => {
      const x = predict(r);
      const y = test[k].outcome;
      return x === undefined || y === undefined ? undefined : Math.abs(x - y);
    });
  };
  const models = learners.map((l) => score(l, test, testErrors(l), candidate(selection, l.name)));
  const chosen = testErrors(selection.learner);
  const g = groupedMean(chosen, test);
  const tally = new IntervalTally();
  chosen.forEach((e, k) => {
    if (e !== undefined) tally.add(e, table.spread[testRows[k]], selection.ratio);
  });
  options.onProgress?.(2, 2);
  return {
    mode: "train-test",
    folds: settings.folds,
    seeds: [...settings.seeds],
    selected: {
      ...selectedOf(selection, g),
      interval: { ratio: selection.ratio, meanHalfWidth: tally.meanHalfWidth() },
      coverage: tally.coverage(),
    },
    models,
  };
}

/** Nested grouped CV of the protocol on one file: errors and interval coverage on the outer folds. */
function nestedProtocol(
  learners: readonly Learner[],
  table: PredictionTable,
  settings: CvSettings,
  outerSeeds: readonly number[],
  onFold?: () => void,
) {
  const protocol = protocolLearner(learners, settings);
  const rows = table.issues.map((_, r) => r).filter((r) => table.outcome[r] !== undefined);
  const proposals = new Set(rows.map((r) => table.issues[r].proposal)).size;
  const k = Math.max(2, Math.min(settings.folds, proposals));
  const sum = new Array<number>(table.issues.length).fill(0);
  const count = new Array<number>(table.issues.length).fill(0);
  const tally = new IntervalTally();
  const picks: Record<string, number> = {};
  for (const seed of outerSeeds) {
    // Outer folds on a different stream from the inner ones (seed offset), so the two splits differ.
    const folds = proposalFolds(
      rows.map((r) => table.issues[r]),
      k,
      1000 + seed,
    );
    for (let f = 0; f < k; f++) {
      const train = rows.filter((_, j) => folds[j] !== f);
      const test = rows.filter((_, j) => folds[j] === f);
      if (test.length === 0) continue;
      const predict = protocol.fit(table, train) as ((r: number) => number | undefined) & {
        selection: Selection;
      };
      const s = predict.selection;
      picks[s.name] = (picks[s.name] ?? 0) + 1;
      for (const r of test) {
        const x = predict(r);
        if (x === undefined) continue;
        const e = Math.abs(x - table.outcome[r]!);
        sum[r] += e;
        count[r]++;
        tally.add(e, table.spread[r], s.ratio);
      }
      onFold?.();
    }
  }
  return {
    errors: sum.map((s, r) => (count[r] ? s / count[r] : undefined)),
    tally,
    picks,
    folds: k,
  };
}

/** One file: every model's grouped-CV MAE, the selection on the whole file, and the protocol's nested-CV error. */
export function crossValidatedBacktest(
  bases: readonly BaseForecaster[],
  learners: readonly Learner[],
  issues: readonly DeuIssue[],
  options: HonestOptions = {},
): HonestBacktest {
  const settings = settingsOf(options);
  const outerSeeds = seedList(options.outerSeeds ?? Math.min(settings.seeds.length, 2));
  const table = predictionTable(bases, [issues]);
  const rows = issues.map((_, r) => r);
  const selection = selectModel(learners, table, rows, settings);
  const proposals = new Set(issues.filter((i) => i.outcome !== undefined).map((i) => i.proposal)).size;
  const total = 1 + outerSeeds.length * Math.max(2, Math.min(settings.folds, proposals));
  let done = 1;
  options.onProgress?.(done, total);
  const nested = nestedProtocol(learners, table, settings, outerSeeds, () =>
    options.onProgress?.(++done, total),
  );
  // Every model's row-wise CV errors (fixed bases: their in-sample errors, since nothing is fitted).
  const models = learners.map((l, k) => score(l, issues, selection.errors[k], candidate(selection, l.name)));
  const g = groupedMean(nested.errors, issues);
  return {
    mode: "cross-validated",
    folds: settings.folds,
    seeds: [...settings.seeds],
    selected: {
      ...selectedOf(selection, g),
      interval: { ratio: selection.ratio, meanHalfWidth: nested.tally.meanHalfWidth() },
      coverage: nested.tally.coverage(),
      picks: nested.picks,
    },
    models,
  };
}
