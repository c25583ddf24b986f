import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { forecastScenario } from "../../src/forecast/scenarioForecast.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { REPO_ROOT } from "../support/shared.ts";

const base = `
meta: { id: t, title: T }
issues:
  - { id: level, type: real, min: 0, max: 10 }
  - { id: kind, type: categorical, options: [{ id: a }, { id: b }] }
  - { id: size, type: ordinal, options: [{ id: s }, { id: m }, { id: l }] }
parties:
  - id: p
    name: P
    preferences: { weights: { level: 1 }, values: { level: { piecewise: [[0, 0], [10, 1]] } } }
  - { id: r, name: R, veto: false }
`;

function problems(extra: string): string[] {
  const r = parseScenario(base + extra, { file: "t.yaml" });
  return r.problems.filter((p) => p.severity === "error").map((p) => `${p.line}: ${p.message}`);
}

test("stakeholders and constituencies: references, scales and ranges are checked with locations", () => {
  const errors = problems(`
stakeholders:
  statusQuo: { level: 12 }
  actors:
    - id: x
      name: X
      party: nobody
      capability: { range: [5, 2] }
      stances:
        level: { position: 3, salience: 1.5 }
        kind: { position: a, salience: 0.5 }
        size: { position: xl, salience: 0.5 }
        levle: { position: 1, salience: 0.5 }
constituencies:
  - party: p
    rule: unanimity
    members: [{ stakeholder: y }]
`);
  // Lines: the extra block starts at line 13 (\`stakeholders:\`).
  assert.deepEqual(errors, [
    "14: the status quo 12 is outside [0, 10]",
    '18: unknown party "nobody" (expected one of "p", "r")',
    "19: the range's low end 5 exceeds its high end 2",
    "21: salience 1.5 is outside [0, 1]",
    '22: issue "kind" is categorical: map its options onto a scale in stakeholders.scales.kind',
    '23: unknown option of issue "size" "xl" (did you mean "l"?)',
    '24: unknown issue "levle" (did you mean "level"?)',
    '28: unknown stakeholder "y" (did you mean "x"?)',
  ]);
});

test("a valid stakeholder block: ordinal options default to 0, 1, 2; categorical ones use the scale", () => {
  const r = parseScenario(
    `${base}
stakeholders:
  scales: { kind: { a: 0, b: 10 } }
  statusQuo: { level: 0 }
  actors:
    - { id: x, name: X, party: p, capability: 2, stances: { level: { position: 4, salience: 1 }, kind: { position: b, salience: 1 }, size: { position: l, salience: 1 } } }
    - { id: y, name: Y, capability: 1, stances: { level: { position: 10, salience: 0.5 }, size: { position: s, salience: 1 } } }
constituencies:
  - { party: p, rule: quota, members: [{ stakeholder: x }, { stakeholder: y }] }
`,
  );
  assert.deepEqual(r.problems, []);
  const [level, kind, size] = forecastScenario(r.scenario!);
  // level: weights 2·1 and 1·0.5 → (8 + 5)/2.5 = 5.2.
  assert.equal(level.forecasts.compromise, 5.2);
  // Quota 0.5 of weights 2 (at 4) and 1 (at 10), q = 0: pivot 4 → win-set (0, 8); Nash with x alone → its ideal 4.
  assert.deepEqual(level.zone?.zone, [{ lo: 0, hi: 8 }]);
  assert.ok(Math.abs(level.nash! - 4) < 1e-9);
  assert.equal(kind.forecasts.compromise, 10);
  assert.deepEqual(size.scale, { min: 0, max: 2 });
  // size: x at l = 2 (weight 2), y at s = 0 (weight 1) → 4/3, nearest option m.
  assert.ok(Math.abs(size.forecasts.compromise - 4 / 3) < 1e-12);
  assert.equal(size.nearestOption?.compromise, "m");
});

test("the example scenario validates and its share issue has the documented zone", () => {
  const file = join(REPO_ROOT, "examples", "forecast-river-basin.yaml");
  const r = parseScenario(readFileSync(file, "utf8"), { file });
  assert.deepEqual(r.problems, []);
  const [share, dam] = forecastScenario(r.scenario!);
  assert.deepEqual(share.zone?.zone, [{ lo: 55, hi: 65 }]);
  assert.deepEqual(dam.zone?.zone, []);
  assert.equal(dam.zone?.diagnosis?.[0].blockers[0].party, "upstream");
});
