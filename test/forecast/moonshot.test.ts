import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { backtest } from "../../src/forecast/backtest.ts";
import { crossValidate, pairedBootstrap, proposalFolds } from "../../src/forecast/crossValidation.ts";
import { deuBaselines } from "../../src/forecast/deuModels.ts";
import { informedCompromise, informedCompromiseForecaster } from "../../src/forecast/informedCompromise.ts";
import { type DeuIssue, parseDeuTsv } from "../../src/formats/stakeholders/deuTsv.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";

const fixture = () =>
  parseDeuTsv(readFileSync(join(import.meta.dirname, "fixtures", "deu-mini.tsv"), "utf8"));

test("informed compromise by hand: GDP capability and imputed salience", () => {
  const [a, b] = fixture();
  // Issue 1: France's salience is blank → mean of 50, 50, 100 = 200/3; weights 50, 50, 400, 3·200/3 = 200.
  assert.ok(Math.abs(informedCompromise(a)! - 27500 / 700) < 1e-12);
  // Issue 2: weights 1·100, 4·50, 3·50 → (2000 + 16000 + 9000) / 450 = 60.
  assert.ok(Math.abs(informedCompromise(b)! - 60) < 1e-12);
  // Without imputation and with β = 0 it is the plain compromise model.
  assert.equal(informedCompromise(a, { beta: 0, impute: false }), deuBaselines[0].forecast(a));
  const [r] = backtest([informedCompromiseForecaster()], fixture());
  assert.ok(Math.abs(r.mae - (Math.abs(27500 / 700 - 40) + 10) / 2) < 1e-12);
});

function synthetic(): DeuIssue[] {
  return Array.from({ length: 40 }, (_, k) => ({
    proposal: `p${k % 13}`,
    proposalName: "",
    issue: `i${k}`,
    type: "Reg",
    council: "X",
    procedure: k % 2 ? "COD" : "CNS",
    vote: "QMV",
    year: 2000,
    actors: [
      { code: "a", position: (k * 7) % 100, salience: 50, salienceRecorded: true, gdp: 1 },
      { code: "b", position: (k * 31) % 100, salience: 80, salienceRecorded: true, gdp: 2 },
    ],
    outcome: (k * 13) % 100,
    line: k + 3,
  }));
}

test("cross-validation folds never split a proposal, and the held-out MAE uses every issue once", () => {
  const issues = synthetic();
  const folds = proposalFolds(issues, 5, 3);
  const foldOf = new Map<string, number>();
  issues.forEach((issue, j) => {
    if (foldOf.has(issue.proposal)) assert.equal(foldOf.get(issue.proposal), folds[j]);
    foldOf.set(issue.proposal, folds[j]);
  });
  assert.equal(new Set(folds).size, 5);
  // With one candidate, CV MAE is its in-sample MAE.
  const cv = crossValidate([deuBaselines[0]], issues, 5, 3);
  const [bt] = backtest([deuBaselines[0]], issues);
  assert.equal(cv.issues, 40);
  assert.ok(Math.abs(cv.mae - bt.mae) < 1e-9);
  // A forecaster compared with itself differs by exactly 0.
  const same = pairedBootstrap(deuBaselines[0], deuBaselines[0], issues, 200, 1);
  assert.equal(same.difference, 0);
  assert.equal(same.notBetter, 1);
});

test(
  "DEU training file: the informed compromise beats both compromise baselines",
  needsShared("DEU data"),
  () => {
    const issues = parseDeuTsv(readFileSync(join(sharedDataDir()!, "deu", "deu3-train.tsv"), "utf8"));
    const [informed, equal, gdp] = backtest(
      [informedCompromiseForecaster(), deuBaselines[0], deuBaselines[1]],
      issues,
    );
    assert.equal(informed.issues, 196);
    // No pinned MAE here: 24.34 (docs/forecasting.md) is this code's own output, not independent truth. The claim
    // rests on the ordering against baselines whose MAEs backtest.test.ts checks against the reference note's
    // published values (26.04, 24.60), on the formula checked by hand above, and on the bootstrap below.
    assert.ok(
      informed.mae < equal.mae && informed.mae < gdp.mae,
      `informed ${informed.mae}, compromise ${equal.mae}, compromise-gdp ${gdp.mae}`,
    );
    // The gain over the equal-capability compromise holds when proposals are resampled (90 % interval below 0).
    const diff = pairedBootstrap(informedCompromiseForecaster(), deuBaselines[0], issues, 500, 1);
    assert.ok(diff.high < 0, `interval [${diff.low}, ${diff.high}]`);
  },
);
