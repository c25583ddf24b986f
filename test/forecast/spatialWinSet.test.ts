import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { contains } from "../../src/forecast/interval.ts";
import { forecastScenario } from "../../src/forecast/scenarioForecast.ts";
import { spatialWinSets } from "../../src/forecast/spatialWinSet.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

function example(): Scenario {
  const file = join(REPO_ROOT, "examples", "forecast-river-basin.yaml");
  return parseScenario(readFileSync(file, "utf8"), { file }).scenario!;
}

test("with one varying issue the outcome-space zone is the 1-D two-level zone's enumerated points", () => {
  const s = example();
  const oneD: Scenario = { ...s, stakeholders: { ...s.stakeholders!, statusQuo: { fund: 0 } } };
  const spatial = spatialWinSets(oneD)!;
  const [fund] = forecastScenario(oneD).filter((f) => f.issue === "fund");
  const expected = [0, 0.5, 1, 1.5, 2, 2.5, 3].filter((x) => contains(fund.zone!.zone, x));
  assert.deepEqual(
    spatial.zone.map((o) => o.fund),
    expected,
  );
  assert.equal(spatial.zoneSize, expected.length);
});

test("outcome-space zone of the example against a direct computation of every member's distance", () => {
  const s = example();
  const result = spatialWinSets(s, { limit: 1000 })!;
  // Oracle: scale points (share 40–70, dam 0/100, fund 0–3), normalised, KTAB distance, rule per constituency.
  const scale = { share: [40, 70], dam: [0, 100], fund: [0, 3] } as const;
  const points: Record<string, Record<string, number>> = s.stakeholders!.scales;
  const y = (issue: keyof typeof scale, v: string | number) =>
    ((typeof v === "number" ? v : points[issue][v]) - scale[issue][0]) / (scale[issue][1] - scale[issue][0]);
  const nominal = (u: unknown): number =>
    typeof u === "number"
      ? u
      : "range" in (u as object)
        ? ((u as { range: number[] }).range[0] + (u as { range: number[] }).range[1]) / 2
        : "triangular" in (u as object)
          ? (u as { triangular: number[] }).triangular[1]
          : (u as { normal: { mean: number } }).normal.mean;
  const dist = (id: string, o: Record<string, string | number>) => {
    const a = s.stakeholders!.actors.find((x) => x.id === id)!;
    let num = 0;
    let den = 0;
    for (const issue of ["share", "dam", "fund"] as const) {
      const st = a.stances[issue];
      if (!st) continue;
      const sal = nominal(st.salience);
      const p = y(issue, typeof st.position === "string" ? st.position : nominal(st.position));
      num += sal * sal * (y(issue, o[issue]) - p) ** 2;
      den += sal * sal;
    }
    return Math.sqrt(num / den);
  };
  const q = s.stakeholders!.statusQuo as Record<string, string | number>;
  const zone: string[] = [];
  for (const share of ["s40", "s50", "s60", "s70"])
    for (const dam of ["joint", "upstream"])
      for (const fund of [0, 0.5, 1, 1.5, 2, 2.5, 3]) {
        const o = { share, dam, fund };
        const ok = s.constituencies!.every((c) => {
          const prefers = c.members.map((m) => dist(m.stakeholder, o) < dist(m.stakeholder, q) - 1e-12);
          if (c.rule === "unanimity") return prefers.every(Boolean);
          const w = c.members.map((m) => m.weight as number);
          const total = w.reduce((a, b) => a + b, 0);
          return w.reduce((acc, x, k) => acc + (prefers[k] ? x : 0), 0) >= c.quota * total;
        });
        if (ok) zone.push(JSON.stringify(o));
      }
  assert.deepEqual(
    result.zone.map((o) => JSON.stringify(o)),
    zone,
  );
  assert.equal(result.outcomes, 56);
  assert.ok(zone.length > 0);
});

/** Two parties on x (status quo 0, scale 0–10); a2 takes a stance only on y, which has no status quo. */
function withoutStance(constituencyA: string, extra = ""): Scenario {
  const r = parseScenario(`
meta: { id: z, title: Z }
issues: [{ id: x, type: integer, min: 0, max: 10 }, { id: y, type: integer, min: 0, max: 2 }]
parties:
  - { id: A, name: A, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[0, 0], [10, 1]] } } } }
  - { id: B, name: B, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[0, 1], [10, 0]] } } } }
  - { id: C, name: C, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[0, 1], [10, 0]] } } } }
stakeholders:
  statusQuo: { x: 0 }
  actors:
    - { id: a, name: a, capability: 1, stances: { x: { position: 6, salience: 1 } } }
    - { id: a2, name: a2, capability: 1, stances: { y: { position: 1, salience: 1 } } }
    - { id: b, name: b, capability: 1, stances: { x: { position: 5, salience: 1 } } }
constituencies:
  - ${constituencyA}
  - { party: B, rule: unanimity, members: [{ stakeholder: b }] }
${extra}`);
  assert.deepEqual(r.problems, []);
  return r.scenario!;
}

test("members without a stance on any varying issue do not vote, as in the 1-D zone", () => {
  for (const a of [
    "{ party: A, rule: unanimity, members: [{ stakeholder: a }, { stakeholder: a2 }] }",
    // Under a quota, a2's weight 3 would otherwise leave a (weight 1) short of half the total.
    "{ party: A, rule: quota, quota: 0.5, members: [{ stakeholder: a, weight: 1 }, { stakeholder: a2, weight: 3 }] }",
  ]) {
    const s = withoutStance(a);
    const spatial = spatialWinSets(s)!;
    // By hand: a (ideal 6) prefers x to 0 iff |x − 6| < 6, x = 1…10; b (ideal 5): x = 1…9.
    assert.deepEqual(spatial.parties, [
      { party: "A", winSet: 10 },
      { party: "B", winSet: 9 },
    ]);
    assert.deepEqual(
      spatial.zone.map((o) => o.x),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.equal(spatial.blocking, undefined);
    // The 1-D zone agrees: (0, 10) contains exactly those integers.
    const [x] = forecastScenario(s).filter((f) => f.issue === "x");
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((v) => contains(x.zone!.zone, v)),
      spatial.zone.map((o) => o.x),
    );
  }
});

test("a party whose members take no stance on a varying issue is skipped, as forecastScenario does", () => {
  const s = withoutStance(
    "{ party: A, rule: unanimity, members: [{ stakeholder: a }] }",
    "  - { party: C, rule: unanimity, members: [{ stakeholder: a2 }] }",
  );
  const spatial = spatialWinSets(s)!;
  assert.deepEqual(
    spatial.parties.map((p) => p.party),
    ["A", "B"],
  );
  assert.equal(spatial.zoneSize, 9);
  const [x] = forecastScenario(s).filter((f) => f.issue === "x");
  assert.deepEqual(
    x.zone!.parties.map((p) => p.party),
    ["A", "B"],
  );
});
