/**
 * Honest evaluation of forecasters on EU decisions: K-fold cross-validation grouped by proposal (the issues of
 * one proposal are decided together, so they never straddle training and test folds), with the model's
 * settings chosen on the training folds only; and a paired bootstrap over proposals for differences in MAE.
 */

import { absoluteErrors } from "./backtest.ts";
import type { DeuIssue } from "./deu.ts";
import type { IssueForecaster } from "./deuModels.ts";
import { streamRandom } from "./random.ts";

/** Fold index per issue: proposals shuffled with the seed and dealt round-robin into k folds. */
export function proposalFolds(issues: readonly DeuIssue[], k: number, seed: number): number[] {
  const proposals = [...new Set(issues.map((i) => i.proposal))].sort();
  const random = streamRandom(seed, 0);
  for (let t = proposals.length - 1; t > 0; t--) {
    const u = Math.floor(random() * (t + 1));
    [proposals[t], proposals[u]] = [proposals[u], proposals[t]];
  }
  const fold = new Map(proposals.map((p, idx) => [p, idx % k]));
  return issues.map((i) => fold.get(i.proposal)!);
}

export interface CrossValidation {
  /** MAE on held-out folds, over the issues with an outcome that every candidate can forecast. */
  mae: number;
  issues: number;
  /** The candidate picked on each fold's training part. */
  picks: string[];
}

/** Grouped k-fold CV of "pick the candidate with the lowest training MAE, then predict the held-out fold". */
export function crossValidate(
  candidates: readonly IssueForecaster[],
  issues: readonly DeuIssue[],
  k: number,
  seed: number,
): CrossValidation {
  const folds = proposalFolds(issues, k, seed);
  const errors = candidates.map((c) => absoluteErrors(c, issues));
  const usable = issues.map((_, j) => errors.every((e) => e[j] !== undefined));
  let total = 0;
  let count = 0;
  const picks: string[] = [];
  for (let f = 0; f < k; f++) {
    let best = 0;
    let bestErr = Number.POSITIVE_INFINITY;
    errors.forEach((e, c) => {
      let s = 0;
      e.forEach((v, j) => {
        if (usable[j] && folds[j] !== f) s += v!;
      });
      if (s < bestErr) {
        bestErr = s;
        best = c;
      }
    });
    picks.push(candidates[best].name);
    errors[best].forEach((v, j) => {
      if (usable[j] && folds[j] === f) {
        total += v!;
        count++;
      }
    });
  }
  return { mae: total / count, issues: count, picks };
}

export interface PairedDifference {
  /** MAE(a) − MAE(b) on the issues both forecast. */
  difference: number;
  /** 90 % bootstrap interval over proposals. */
  low: number;
  high: number;
  /** Share of bootstrap replicates where a is not better (difference ≥ 0). */
  notBetter: number;
}

/** Paired bootstrap over proposals (resampling whole proposals) of the MAE difference between two forecasters. */
export function pairedBootstrap(
  a: IssueForecaster,
  b: IssueForecaster,
  issues: readonly DeuIssue[],
  replicates: number,
  seed: number,
): PairedDifference {
  const ea = absoluteErrors(a, issues);
  const eb = absoluteErrors(b, issues);
  const byProposal = new Map<string, number[]>();
  issues.forEach((issue, j) => {
    if (ea[j] === undefined || eb[j] === undefined) return;
    byProposal.set(issue.proposal, [...(byProposal.get(issue.proposal) ?? []), ea[j]! - eb[j]!]);
  });
  const groups = [...byProposal.values()];
  const all = groups.flat();
  const difference = all.reduce((s, d) => s + d, 0) / all.length;
  const random = streamRandom(seed, 1);
  const reps: number[] = [];
  for (let r = 0; r < replicates; r++) {
    let s = 0;
    let n = 0;
    for (let g = 0; g < groups.length; g++) {
      const pick = groups[Math.floor(random() * groups.length)];
      for (const d of pick) s += d;
      n += pick.length;
    }
    reps.push(s / n);
  }
  reps.sort((x, y) => x - y);
  return {
    difference,
    low: reps[Math.floor(0.05 * (replicates - 1))],
    high: reps[Math.ceil(0.95 * (replicates - 1))],
    notBetter: reps.filter((d) => d >= 0).length / replicates,
  };
}
