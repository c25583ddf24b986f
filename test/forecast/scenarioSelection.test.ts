import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { MODEL_NAMES, type ModelName } from "../../src/forecast/models.ts";
import { predictionTable, selectModel } from "../../src/forecast/protocol.ts";
import {
  SCENARIO_SELECTION,
  SCENARIO_SELECTION_SETTINGS,
  scenarioCandidates,
  selectedForecast,
} from "../../src/forecast/scenarioSelection.ts";
import { parseDeuTsv } from "../../src/formats/stakeholders/deuTsv.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";

test(
  "the recorded scenario selection is what the protocol computes on deu3-train.tsv",
  needsShared("DEU data"),
  () => {
    const issues = parseDeuTsv(readFileSync(join(sharedDataDir()!, "deu", "deu3-train.tsv"), "utf8"));
    const { bases, learners } = scenarioCandidates();
    const table = predictionTable(bases, [issues]);
    const { folds, seeds } = SCENARIO_SELECTION_SETTINGS;
    const s = selectModel(
      learners,
      table,
      issues.map((_, r) => r),
      { folds, seeds: Array.from({ length: seeds }, (_, k) => k + 1) },
    );
    const r = SCENARIO_SELECTION;
    assert.equal(s.name, r.name);
    assert.equal(s.why, r.why);
    for (const [a, b] of [
      [s.cvMae, r.cvMae],
      [s.cvSe, r.cvSe],
      [s.ratio.p50, r.ratio.p50],
      [s.ratio.p80, r.ratio.p80],
      [s.ratio.mean, r.ratio.mean],
    ])
      assert.ok(Math.abs(a - b) < 1e-9, `${a} vs recorded ${b}`);
    // The compromise model's CV MAE is the published baseline (the reference note: 26.04).
    assert.ok(Math.abs(r.cvMae - 26.04) < 0.005);
    assert.equal(s.candidates.find((c) => c.name === r.name)!.issues, r.basis.issues);
  },
);

test("selected forecast: error and intervals = ratio × (spread + 5), scaled to the issue and clipped to it", () => {
  const forecasts = Object.fromEntries(MODEL_NAMES.map((m) => [m, 90])) as Record<ModelName, number>;
  const selection = { ...SCENARIO_SELECTION, ratio: { p50: 0.1, p80: 0.2, mean: 0.15 } };
  // Scale 0–10; two equal actors at 4 and 6: spread 1 on the scale = 10 % of the width; (10 + 5) = 15 points of
  // 100 → 1.5 on this scale. Error 0.15·1.5, 50 % ±0.1·1.5, 80 % ±0.2·1.5.
  const actors = [
    { name: "a", capability: 1, position: 4, salience: 1 },
    { name: "b", capability: 1, position: 6, salience: 1 },
  ];
  const issue = { id: "x", actors, scale: { min: 0, max: 10 } };
  const s = selectedForecast(issue, { ...forecasts, compromise: 5 }, { min: 0, max: 10 }, selection)!;
  const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  near(s.spread, 10);
  near(s.expectedError, 0.225);
  near(s.interval50[0], 4.85);
  near(s.interval80[1], 5.3);
  // Everyone at one point: only the floor remains (5 points of 100); clipped at the scale's end.
  const agreed = { ...issue, actors: actors.map((a) => ({ ...a, position: 10 })) };
  const e = selectedForecast(agreed, { ...forecasts, compromise: 10 }, { min: 0, max: 10 }, selection)!;
  near(e.interval80[0], 10 - 0.2 * 0.5);
  assert.equal(e.interval80[1], 10);
  assert.equal(
    selectedForecast(issue, { ...forecasts, compromise: Number.NaN }, { min: 0, max: 10 }, selection),
    undefined,
  );
});
