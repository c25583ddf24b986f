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
