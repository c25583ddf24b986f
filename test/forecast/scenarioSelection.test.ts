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
      [s.halfWidth.p50, r.halfWidth.p50],
      [s.halfWidth.p80, r.halfWidth.p80],
    ])
      assert.ok(Math.abs(a - b) < 1e-9, `${a} vs recorded ${b}`);
    // The compromise model's CV MAE is the published baseline (the reference note: 26.04).
    assert.ok(Math.abs(r.cvMae - 26.04) < 0.005);
    assert.equal(s.candidates.find((c) => c.name === r.name)!.issues, r.basis.issues);
  },
);

test("selected forecast: expected error and intervals scale with the issue's width and stay on it", () => {
  const forecasts = Object.fromEntries(MODEL_NAMES.map((m) => [m, 90])) as Record<ModelName, number>;
  const selection = { ...SCENARIO_SELECTION, cvMae: 20, halfWidth: { p50: 10, p80: 30 } };
  // Scale 0–10: a tenth of DEU's 0–100 → error 2, 50 % ±1, 80 % ±3 (clipped at 10).
  const s = selectedForecast({ ...forecasts, compromise: 5 }, { min: 0, max: 10 }, selection)!;
  assert.equal(s.expectedError, 2);
  assert.deepEqual(s.interval50, [4, 6]);
  assert.deepEqual(s.interval80, [2, 8]);
  const edge = selectedForecast({ ...forecasts, compromise: 9 }, { min: 0, max: 10 }, selection)!;
  assert.deepEqual(edge.interval80, [6, 10]);
  assert.equal(
    selectedForecast({ ...forecasts, compromise: Number.NaN }, { min: 0, max: 10 }, selection),
    undefined,
  );
});
