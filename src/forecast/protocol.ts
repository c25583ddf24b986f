/**
 * The honest forecasting protocol (issue 15): every parameter and every choice, including which model to use, is
 * made on training issues only, by cross-validation with folds grouped by legislative proposal (the issues of one
 * proposal never sit on both sides) and repeated over seeds; then the choice is scored on issues it never saw.
 *
 * Models come in two kinds. Base forecasters map issues to forecasts without looking at outcomes; they are run
 * once per file into a prediction table. Learners fit on the table's training rows (outcomes of those rows only)
 * and predict any row: a fixed base, the compromise with a fitted reference-point share, stacked ensembles.
 * Selection is itself a learner (pick the model with the lowest inner-CV MAE unless it does not beat compromise
 * by at least one standard error), so the whole protocol can be cross-validated in turn (nested CV).
 */

import { proposalFolds } from "./crossValidation.ts";
import type { DeuIssue } from "./deu.ts";

/** Base forecasts per issue, computed without outcomes. `predict` sees a whole file (exchange needs proposals). */
export interface BaseForecaster {
  name: string;
  description: string;
  predict(issues: readonly DeuIssue[]): (number | undefined)[];
}

/**
 * Intervals scale with how far apart the actors stand: half-width = ratio × (spread + SPREAD_FLOOR), spread being
 * the weighted standard deviation of the positions on a 0–100 scale; the floor (5 points) keeps an issue on which
 * everyone agrees from getting a zero-width interval. For the compromise model on 10 half-splits of deu3-train.tsv
 * the 80 % interval covers 79.5 % (a constant width: 80.3 %) with a mean half-width of 38.3 points instead of 44.5,
 * and is narrow where the actors agree.
 */
export const SPREAD_FLOOR = 5;

/** The weighted standard deviation of positions (0 when every weight is 0). */
export function weightedSpread(points: readonly { x: number; w: number }[]): number {
  let w = 0;
  let m = 0;
  for (const p of points) {
    w += p.w;
    m += p.w * p.x;
  }
  if (!(w > 0)) return 0;
  m /= w;
  let v = 0;
  for (const p of points) v += p.w * (p.x - m) ** 2;
  return Math.sqrt(v / w);
}

/** A DEU issue's spread: the salience-weighted standard deviation of the positions (the compromise's weights). */
export function deuSpread(issue: DeuIssue): number {
  return weightedSpread(issue.actors.map((a) => ({ x: a.position, w: a.salience })));
}

/** Issues, their outcomes (undefined: unknown or hidden), and every base's forecasts. */
export interface PredictionTable {
  issues: readonly DeuIssue[];
  outcome: readonly (number | undefined)[];
  /** Each issue's spread of positions (`deuSpread`), which scales its intervals. */
  spread: readonly number[];
  base: Readonly<Record<string, readonly (number | undefined)[]>>;
}

export type Predictor = (row: number) => number | undefined;

export interface Learner {
  name: string;
  description: string;
  /** The base forecasters it reads (so a run computes only those). */
  needs: readonly string[];
  /**
   * Why the protocol may score but never select this model (e.g. its design was chosen by looking at the very
   * file it would be validated on, so its cross-validated error is optimistic).
   */
  notSelectable?: string;
  /** Fits on `train` rows (reading only their outcomes) and returns a predictor for any row. */
  fit(table: PredictionTable, train: readonly number[]): Predictor;
}

const isNumber = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** Builds the table: every base on each file separately (so no base ever mixes files), outcomes as given. */
export function predictionTable(
  bases: readonly BaseForecaster[],
  files: readonly (readonly DeuIssue[])[],
  hideOutcomes: readonly boolean[] = [],
): PredictionTable {
  const issues = files.flat();
  const outcome = files.flatMap((f, k) => f.map((i) => (hideOutcomes[k] ? undefined : i.outcome)));
  const base: Record<string, (number | undefined)[]> = {};
  for (const b of bases)
    base[b.name] = files.flatMap((f) => b.predict(f).map((x) => (isNumber(x) ? x : undefined)));
  return { issues, outcome, base, spread: issues.map(deuSpread) };
}

/** A base as a learner: nothing to fit. */
export function fixedLearner(base: BaseForecaster): Learner {
  return {
    name: base.name,
    description: base.description,
    needs: [base.name],
    fit: (table) => (row) => table.base[base.name][row],
  };
}

/** `primary`, or `fallback` where the primary gives no forecast (documented per model). */
export function withFallback(base: BaseForecaster, fallback: string, description: string): Learner {
  return {
    name: base.name,
    description,
    needs: [base.name, fallback],
    fit: (table) => (row) => table.base[base.name][row] ?? table.base[fallback][row],
  };
}

function absoluteErrorMean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length : Number.NaN;
}

/**
 * Compromise with the reference point: x̂ = (1 − λ)·compromise + λ·q, λ ∈ {0, 0.05, …, 0.5} chosen by the
 * training MAE (issues with a reference point); the plain compromise where an issue has none.
 */
export function compromiseReferenceLearner(): Learner {
  return {
    name: "compromise-rp",
    description: "compromise with the reference point as a member, share λ fitted on the training issues",
    needs: ["compromise", "reference-point"],
    fit(table, train) {
      const c = table.base.compromise;
      const q = table.base["reference-point"];
      const rows = train.filter((r) => isNumber(c[r]) && isNumber(q[r]) && isNumber(table.outcome[r]));
      let best = 0;
      let bestErr = Number.POSITIVE_INFINITY;
      for (let k = 0; k <= 10; k++) {
        const lambda = k / 20;
        const err = absoluteErrorMean(
          rows.map((r) => (1 - lambda) * c[r]! + lambda * q[r]! - table.outcome[r]!),
        );
        if (err < bestErr - 1e-12) {
          bestErr = err;
          best = lambda;
        }
      }
      return (row) =>
        c[row] === undefined
          ? undefined
          : q[row] === undefined
            ? c[row]
            : (1 - best) * c[row]! + best * q[row]!;
    },
  };
}

/**
 * The informed-compromise family with its design choices made inside the training folds: capability equal or
 * GDP (row 2) × missing saliences as 0 or imputed by the issue mean, whichever has the lowest training MAE.
 */
export function capabilityFamilyLearner(): Learner {
  const variants = ["compromise", "compromise-gdp", "compromise-imputed", "informed-compromise"];
  return {
    name: "compromise-family",
    needs: variants,
    description:
      "compromise with capability (equal | GDP) and missing-salience handling (0 | imputed) chosen on the training issues",
    fit(table, train) {
      let best = variants[0];
      let bestErr = Number.POSITIVE_INFINITY;
      for (const v of variants) {
        const p = table.base[v];
        if (!p) continue;
        const rows = train.filter((r) => isNumber(table.outcome[r]) && isNumber(p[r]));
        const err = absoluteErrorMean(rows.map((r) => p[r]! - table.outcome[r]!));
        if (err < bestErr - 1e-12) {
          bestErr = err;
          best = v;
        }
      }
      return Object.assign((row: number) => table.base[best][row] ?? table.base.compromise[row], {
        variant: best,
      });
    },
  };
}

/** Euclidean projection onto the probability simplex (Duchi et al. 2008). */
export function projectToSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let cumulative = 0;
  let theta = 0;
  for (let k = 0; k < u.length; k++) {
    cumulative += u[k];
    const t = (cumulative - 1) / (k + 1);
    if (u[k] - t > 0) theta = t;
  }
  return v.map((x) => Math.max(0, x - theta));
}

/**
 * Least absolute deviations on the simplex: weights w ≥ 0, Σw = 1 minimising Σ_r |y_r − Σ_m w_m X_rm|, by
 * iteratively reweighted least squares (row weight 1 / max(|residual|, 1)) with projected gradient steps.
 * Deterministic; starts from equal weights.
 */
export function simplexLad(
  X: readonly number[][],
  y: readonly number[],
  iterations = 12,
  steps = 150,
): number[] {
  const m = X[0]?.length ?? 0;
  if (m === 0) return [];
  let w = Array.from({ length: m }, () => 1 / m);
  for (let it = 0; it < iterations; it++) {
    const omega = X.map((x, r) => 1 / Math.max(Math.abs(y[r] - x.reduce((s, v, j) => s + v * w[j], 0)), 1));
    // Step 1/L with L = 2·trace(XᵀΩX) ≥ the gradient's Lipschitz constant.
    let trace = 0;
    X.forEach((x, r) => {
      for (const v of x) trace += omega[r] * v * v;
    });
    const step = 1 / (2 * trace || 1);
    for (let s = 0; s < steps; s++) {
      const grad = new Array<number>(m).fill(0);
      X.forEach((x, r) => {
        const res = x.reduce((acc, v, j) => acc + v * w[j], 0) - y[r];
        for (let j = 0; j < m; j++) grad[j] += 2 * omega[r] * res * x[j];
      });
      w = projectToSimplex(w.map((wj, j) => wj - step * grad[j]));
    }
  }
  return w;
}

export interface StackOptions {
  /** Shrink the weights toward the compromise model: α = n0 / (n0 + training proposals); 0 = no shrinkage. */
  shrinkProposals?: number;
}

/**
 * A stacked ensemble: a convex combination of `members` with weights fitted by least absolute deviations on the
 * training rows (the bases fit nothing, so their training-row forecasts are already out of sample). A member
 * without a forecast on an issue (the reference point, the Commission) stands in with the compromise forecast.
 * With shrinkage the weights move toward the compromise model by α = n0 / (n0 + proposals): thin evidence, more
 * compromise.
 */
export function stackLearner(name: string, members: readonly string[], options: StackOptions = {}): Learner {
  const n0 = options.shrinkProposals ?? 0;
  const anchor = members.indexOf("compromise");
  return {
    name,
    needs: [...new Set([...members, "compromise"])],
    description: `convex combination of ${members.join(", ")} with LAD weights fitted inside the training folds${n0 > 0 ? `, shrunk toward compromise by ${n0}/(${n0} + proposals)` : ""}`,
    fit(table, train) {
      const row = (r: number) => members.map((m) => table.base[m][r] ?? table.base.compromise[r]);
      const rows = train.filter((r) => isNumber(table.outcome[r]) && row(r).every(isNumber));
      let w = rows.length
        ? simplexLad(
            rows.map((r) => row(r) as number[]),
            rows.map((r) => table.outcome[r]!),
          )
        : [];
      if (w.length === 0) w = members.map((_, j) => (j === Math.max(anchor, 0) ? 1 : 0));
      if (n0 > 0 && anchor >= 0) {
        const proposals = new Set(rows.map((r) => table.issues[r].proposal)).size;
        const alpha = n0 / (n0 + proposals);
        w = w.map((wj, j) => (1 - alpha) * wj + (j === anchor ? alpha : 0));
      }
      const weights = w;
      const predictor: Predictor = (r) => {
        const x = row(r);
        if (!x.every(isNumber)) return undefined;
        return x.reduce((s, v, j) => s + v! * weights[j], 0);
      };
      return Object.assign(predictor, {
        weights: Object.fromEntries(members.map((m, j) => [m, weights[j]])),
      });
    },
  };
}

/** MAE with a standard error clustered by proposal (issues of one proposal are not independent). */
export interface GroupedError {
  issues: number;
  mae: number;
  se: number;
}

/** Mean of `errors` (undefined entries skipped) with its proposal-clustered standard error. */
export function groupedMean(
  errors: readonly (number | undefined)[],
  issues: readonly DeuIssue[],
): GroupedError {
  const sums = new Map<string, { s: number; n: number }>();
  let total = 0;
  let n = 0;
  errors.forEach((e, r) => {
    if (e === undefined) return;
    const g = sums.get(issues[r].proposal) ?? { s: 0, n: 0 };
    g.s += e;
    g.n++;
    sums.set(issues[r].proposal, g);
    total += e;
    n++;
  });
  if (n === 0) return { issues: 0, mae: Number.NaN, se: Number.NaN };
  const mean = total / n;
  const G = sums.size;
  let v = 0;
  for (const g of sums.values()) v += (g.s - g.n * mean) ** 2;
  const se = G > 1 ? Math.sqrt((v * G) / (G - 1)) / n : Number.NaN;
  return { issues: n, mae: mean, se };
}

export interface CvRun {
  /** Per row of the table: the mean over seeds of the out-of-fold absolute error (undefined outside `rows`). */
  errors: (number | undefined)[];
  /** Every out-of-fold |error| / (spread + floor), pooled over seeds: the intervals' raw material. */
  scaled: number[];
}

export interface CvSettings {
  folds: number;
  seeds: readonly number[];
}

/** Grouped k-fold CV of a learner on `rows` (rows with an outcome), repeated for every seed. */
export function crossValidateLearner(
  learner: Learner,
  table: PredictionTable,
  rows: readonly number[],
  settings: CvSettings,
): CvRun {
  const scored = rows.filter((r) => isNumber(table.outcome[r]));
  const sum = new Array<number>(table.issues.length).fill(0);
  const count = new Array<number>(table.issues.length).fill(0);
  const scaled: number[] = [];
  const proposals = new Set(scored.map((r) => table.issues[r].proposal)).size;
  const k = Math.max(2, Math.min(settings.folds, proposals));
  for (const seed of settings.seeds) {
    const folds = proposalFolds(
      scored.map((r) => table.issues[r]),
      k,
      seed,
    );
    for (let f = 0; f < k; f++) {
      const train = scored.filter((_, j) => folds[j] !== f);
      const test = scored.filter((_, j) => folds[j] === f);
      if (test.length === 0) continue;
      const predict = learner.fit(table, train);
      for (const r of test) {
        const x = predict(r);
        if (!isNumber(x)) continue;
        const e = x - table.outcome[r]!;
        sum[r] += Math.abs(e);
        count[r]++;
        scaled.push(Math.abs(e) / (table.spread[r] + SPREAD_FLOOR));
      }
    }
  }
  return { errors: sum.map((s, r) => (count[r] ? s / count[r] : undefined)), scaled };
}

/** The q-quantile of |values| (type 7, linear between order statistics). */
export function absoluteQuantile(values: readonly number[], q: number): number {
  const a = values.map(Math.abs).sort((x, y) => x - y);
  if (a.length === 0) return Number.NaN;
  const h = (a.length - 1) * q;
  const lo = Math.floor(h);
  return a[lo] + (h - lo) * ((a[Math.min(lo + 1, a.length - 1)] ?? a[lo]) - a[lo]);
}

export interface CandidateScore extends GroupedError {
  name: string;
  /** Forecasts every training issue with an outcome that compromise forecasts: may be selected. */
  eligible: boolean;
}

export interface Selection {
  name: string;
  learner: Learner;
  cvMae: number;
  cvSe: number;
  /** In words: why this model. */
  why: string;
  /**
   * The selected model's out-of-fold |error| / (spread + floor): its 50 % and 80 % quantiles (interval half-width
   * = ratio × (spread + floor)) and its mean (expected error = mean × (spread + floor)).
   */
  ratio: IntervalRatio;
  candidates: CandidateScore[];
  /** Each candidate's per-row cross-validated absolute errors (mean over seeds), in candidate order. */
  errors: (number | undefined)[][];
}

export interface IntervalRatio {
  p50: number;
  p80: number;
  mean: number;
}

/** The interval of a forecast x on an issue with `spread`: x ± ratio × (spread + floor). */
export function halfWidthOf(ratio: number, spread: number): number {
  return ratio * (spread + SPREAD_FLOOR);
}

export const ANCHOR = "compromise";

/**
 * Chooses among `learners` on `rows` only: the eligible model with the lowest grouped-CV MAE, unless its paired
 * advantage over compromise is smaller than one standard error of the paired difference (then compromise: thin
 * evidence is no reason to leave the model the literature cannot beat).
 */
export function selectModel(
  learners: readonly Learner[],
  table: PredictionTable,
  rows: readonly number[],
  settings: CvSettings,
): Selection {
  const runs = learners.map((l) => crossValidateLearner(l, table, rows, settings));
  const anchorIndex = learners.findIndex((l) => l.name === ANCHOR);
  const scored = rows.filter((r) => isNumber(table.outcome[r]));
  const reference = anchorIndex >= 0 ? runs[anchorIndex].errors : undefined;
  const candidates: CandidateScore[] = learners.map((l, k) => {
    const g = groupedMean(runs[k].errors, table.issues);
    const eligible =
      !l.notSelectable &&
      scored.every((r) => runs[k].errors[r] !== undefined || (reference && reference[r] === undefined));
    return { name: l.name, ...g, eligible };
  });
  let best = -1;
  candidates.forEach((c, k) => {
    if (c.eligible && (best < 0 || c.mae < candidates[best].mae - 1e-12)) best = k;
  });
  if (best < 0) best = 0;
  let why = `lowest grouped cross-validated MAE of the ${candidates.filter((c) => c.eligible).length} selectable models (those that forecast every training issue)`;
  if (reference && best !== anchorIndex) {
    const diff = groupedMean(
      runs[best].errors.map((e, r) =>
        e === undefined || reference[r] === undefined ? undefined : e - reference[r]!,
      ),
      table.issues,
    );
    if (!(diff.mae + diff.se < 0)) {
      why = `${learners[best].name} had the lowest cross-validated MAE, but its advantage over compromise (${diff.mae.toFixed(2)} ± ${diff.se.toFixed(2)}) is less than one standard error: compromise kept`;
      best = anchorIndex;
    } else
      why += `; it beats compromise by ${(-diff.mae).toFixed(2)} ± ${diff.se.toFixed(2)} (paired, clustered by proposal), more than one standard error`;
  } else if (best === anchorIndex) why = `compromise has the lowest grouped cross-validated MAE`;
  const scaledErrors = runs[best].scaled;
  return {
    name: learners[best].name,
    learner: learners[best],
    cvMae: candidates[best].mae,
    cvSe: candidates[best].se,
    why,
    ratio: {
      p50: absoluteQuantile(scaledErrors, 0.5),
      p80: absoluteQuantile(scaledErrors, 0.8),
      mean: scaledErrors.reduce((a, b) => a + b, 0) / (scaledErrors.length || Number.NaN),
    },
    candidates,
    errors: runs.map((r) => r.errors),
  };
}

/** The protocol as a learner: select on the training rows, then fit the chosen model on all of them. */
export function protocolLearner(learners: readonly Learner[], inner: CvSettings): Learner {
  return {
    name: "protocol",
    needs: [...new Set(learners.flatMap((l) => l.needs))],
    description: "the model chosen by grouped cross-validation on the training issues",
    fit(table, train) {
      const s = selectModel(learners, table, train, inner);
      return Object.assign(s.learner.fit(table, train), { selection: s });
    },
  };
}

/** The issues split in two by proposal (seeded shuffle of the proposals, first half / second half). */
export function splitByProposal<T extends { proposal: string }>(
  issues: readonly T[],
  seed: number,
): [T[], T[]] {
  const folds = proposalFolds(issues as unknown as DeuIssue[], 2, seed);
  return [issues.filter((_, j) => folds[j] === 0), issues.filter((_, j) => folds[j] === 1)];
}
