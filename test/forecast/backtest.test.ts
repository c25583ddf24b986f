import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { backtest } from "../../src/forecast/backtest.ts";
import { deuBaselines } from "../../src/forecast/deuModels.ts";
import { parseDeuTsv } from "../../src/formats/stakeholders/deuTsv.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} is not within ${tol} of ${b}`);

test("backtest on the fixture: hand-computed MAEs per model, procedure and decade", () => {
  const issues = parseDeuTsv(readFileSync(join(import.meta.dirname, "fixtures", "deu-mini.tsv"), "utf8"));
  const byName = Object.fromEntries(backtest(deuBaselines, issues).map((r) => [r.name, r]));
  // Issue 1 (COD, 1999, outcome 40): mean 37.5, GDP mean 15, weighted median 0, median actor 75, Commission 100,
  // reference point 0. Issue 2 (CNS, 2004, outcome 50): 45, 60, 20, 60, 20, no reference point. Issue 3: no outcome.
  const expected: Record<string, [number, number]> = {
    compromise: [2, 3.75],
    "compromise-gdp": [2, 17.5],
    "weighted-median": [2, 35],
    "median-actor": [2, 22.5],
    commission: [2, 45],
    "reference-point": [1, 40],
  };
  for (const [name, [n, mae]] of Object.entries(expected)) {
    assert.equal(byName[name].issues, n, name);
    near(byName[name].mae, mae, 1e-12, name);
  }
  assert.deepEqual(byName.compromise.byProcedure, {
    CNS: { issues: 1, mae: 5 },
    COD: { issues: 1, mae: 2.5 },
  });
  assert.deepEqual(byName["median-actor"].byDecade, {
    "1990s": { issues: 1, mae: 35 },
    "2000s": { issues: 1, mae: 10 },
  });
});

test("DEU III training file: the reference note's baselines", needsShared("DEU data"), () => {
  const file = join(sharedDataDir()!, "deu", "deu3-train.tsv");
  const issues = parseDeuTsv(readFileSync(file, "utf8"), { file });
  assert.equal(issues.length, 204);
  const byName = Object.fromEntries(backtest(deuBaselines, issues).map((r) => [r.name, r]));
  const expected: Record<string, [number, number]> = {
    compromise: [196, 26.04],
    "compromise-gdp": [196, 24.6],
    "weighted-median": [196, 28.98],
    "median-actor": [196, 29.25],
    commission: [194, 37.1],
    "reference-point": [138, 50.97],
  };
  for (const [name, [n, mae]] of Object.entries(expected)) {
    assert.equal(byName[name].issues, n, name);
    near(byName[name].mae, mae, 0.005, name);
  }
  // Decades partition the issues, and every issue's year agrees with its proposal number (d04218 → 2004).
  for (const issue of issues) {
    const m = /^[a-z](\d\d)/.exec(issue.proposal)!;
    const yy = Number(m[1]);
    assert.ok(
      issue.year === (yy < 50 ? 2000 + yy : 1900 + yy) ||
        Math.abs(issue.year! - (yy < 50 ? 2000 + yy : 1900 + yy)) <= 1,
      issue.proposal,
    );
  }
  const r = byName.compromise;
  assert.equal(
    Object.values(r.byDecade).reduce((s, g) => s + g.issues, 0),
    196,
  );
});
