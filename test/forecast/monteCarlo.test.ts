import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import {
  type ForecastProblem,
  nominalValues,
  type ProblemIssue,
  problemFromScenario,
} from "../../src/forecast/forecastProblem.ts";
import { intersect, measure } from "../../src/forecast/interval.ts";
import { monteCarlo, uncertainSlots, zoneAt } from "../../src/forecast/monteCarlo.ts";
import { streamRandom } from "../../src/forecast/random.ts";
import { twoLevelZone } from "../../src/forecast/twoLevel.ts";
import { packSpecs, samplePacked, sampleValue } from "../../src/forecast/uncertain.ts";
import { monteCarloParallel } from "../../src/runtime/monteCarloPool.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { REPO_ROOT } from "../support/shared.ts";

// Two actors with salience 1: A uniform on [0, 10] with capability 1, B at 10 with capability about 1 (triangular).
function problem(): ForecastProblem {
  return {
    slots: [
      { label: "one", spec: 1, lo: 0, hi: Infinity },
      { label: "A.position", spec: { range: [0, 10] }, lo: 0, hi: 10 },
      { label: "B.position", spec: 10, lo: 0, hi: 10 },
      { label: "B.capability", spec: { triangular: [0.9, 1, 1.1] }, lo: 0, hi: Infinity },
    ],
    issues: [
      {
        id: "x",
        scale: { min: 0, max: 10 },
        actors: [
          { name: "A", capability: 0, position: 1, salience: 0 },
          { name: "B", capability: 3, position: 2, salience: 0 },
        ],
      },
    ],
  };
}

test("Monte Carlo of the compromise model: distribution against the analytic one, and the main driver", () => {
  const s = monteCarlo(problem(), 0, "compromise", { samples: 20000, seed: 5 });
  // ≈ (U[0,10] + 10)/2 with a small capability wobble: mean ≈ 7.5, sd ≈ 10/√12/2 ≈ 1.443.
  assert.ok(Math.abs(s.mean - 7.5) < 0.05, `mean ${s.mean}`);
  assert.ok(Math.abs(s.sd - 10 / Math.sqrt(12) / 2) < 0.05, `sd ${s.sd}`);
  assert.ok(Math.abs(s.quantiles.p50 - 7.5) < 0.1);
  assert.equal(s.nominal, 7.5);
  assert.equal(s.sensitivity[0].input, "A.position");
  assert.ok(s.sensitivity[0].correlation > 0.95);
  assert.equal(
    s.histogram.counts.reduce((a, b) => a + b, 0),
    20000,
  );
});

test("same seed, same result; worker threads give exactly the single-thread summary", async () => {
  const a = monteCarlo(problem(), 0, "compromise", { samples: 600, seed: 9, batchSize: 150 });
  const b = monteCarlo(problem(), 0, "compromise", { samples: 600, seed: 9, batchSize: 150 });
  assert.deepEqual(a, b);
  // Another split draws the same samples (sample k uses stream k); only the correlation sums' rounding differs.
  const whole = monteCarlo(problem(), 0, "compromise", { samples: 600, seed: 9 });
  assert.deepEqual(whole.quantiles, a.quantiles);
  assert.equal(whole.mean, a.mean);
  whole.sensitivity.forEach((x, j) =>
    assert.ok(Math.abs(x.correlation - a.sensitivity[j].correlation) < 1e-9),
  );
  const c = monteCarlo(problem(), 0, "compromise", { samples: 600, seed: 10 });
  assert.notEqual(a.mean, c.mean);
  const [parallel] = await monteCarloParallel(problem(), [0], "compromise", {
    samples: 600,
    seed: 9,
    threads: 2,
    batchSize: 150,
  });
  assert.deepEqual(parallel, a);
  // One batch per issue runs in this thread, more threads than batches are not started: same summaries.
  const calls: [number, number][] = [];
  const single = await monteCarloParallel(problem(), [0, 0], "compromise", {
    samples: 600,
    seed: 9,
    threads: 8,
    onProgress: (done, total) => calls.push([done, total]),
  });
  assert.deepEqual(single, [whole, whole]);
  assert.deepEqual(calls, [
    [600, 1200],
    [1200, 1200],
  ]);
  const [capped] = await monteCarloParallel(problem(), [0], "compromise", {
    samples: 600,
    seed: 9,
    threads: 8,
    batchSize: 300,
  });
  assert.deepEqual(capped, monteCarlo(problem(), 0, "compromise", { samples: 600, seed: 9, batchSize: 300 }));
});

test("draws stay within their ranges; triangular draws have the right mean", () => {
  const random = streamRandom(1, 2);
  let sum = 0;
  for (let k = 0; k < 20000; k++) {
    const t = sampleValue({ triangular: [0, 3, 9] }, random);
    assert.ok(t >= 0 && t <= 9);
    sum += t;
    const n = sampleValue({ normal: { mean: 0.95, sd: 0.2 } }, random, 0, 1);
    assert.ok(n >= 0 && n <= 1);
  }
  assert.ok(Math.abs(sum / 20000 - 4) < 0.05, `triangular mean ${sum / 20000}`);
});

test("packed draws equal sampleValue draws stream for stream", () => {
  const specs = [
    { spec: 3, lo: 0, hi: 10 },
    { spec: { range: [1, 4] as [number, number] }, lo: 0, hi: 10 },
    { spec: { triangular: [0, 2, 9] as [number, number, number] }, lo: 0, hi: 10 },
    { spec: { normal: { mean: 0.9, sd: 0.3 } }, lo: 0, hi: 1 },
  ];
  const packed = packSpecs(specs);
  for (let k = 0; k < 200; k++) {
    const r1 = streamRandom(4, k);
    const r2 = streamRandom(4, k);
    specs.forEach((s, j) => assert.equal(samplePacked(packed, j, r1), sampleValue(s.spec, r2, s.lo, s.hi)));
  }
});

test("Monte Carlo of the two-level zone: probability that it is open and its mean width (analytic)", () => {
  // q = 0; A's constituency is one member uniform on [−1, 3]; B's sits at 5. Zone = (0, 2x_A) ∩ (0, 10) when
  // x_A > 0, else empty: P(open) = 3/4, mean width when open = E[2x_A | 0 < x_A < 3] = 3.
  const r = parseScenario(`
meta: { id: z, title: Z }
issues: [{ id: x, type: real, min: -10, max: 10 }]
parties:
  - { id: A, name: A, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[-10, 0], [10, 1]] } } } }
  - { id: B, name: B, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[-10, 1], [10, 0]] } } } }
stakeholders:
  statusQuo: { x: 0 }
  actors:
    - { id: a, name: a, capability: 1, stances: { x: { position: { range: [-1, 3] }, salience: 1 } } }
    - { id: b, name: b, capability: 1, stances: { x: { position: 5, salience: 1 } } }
constituencies:
  - { party: A, rule: unanimity, members: [{ stakeholder: a }] }
  - { party: B, rule: unanimity, members: [{ stakeholder: b }] }
`);
  assert.deepEqual(r.problems, []);
  const s = monteCarlo(problemFromScenario(r.scenario!), 0, "compromise", { samples: 20000, seed: 2 });
  assert.ok(Math.abs(s.zone!.probabilityOpen - 0.75) < 0.015, `P(open) ${s.zone!.probabilityOpen}`);
  assert.ok(Math.abs(s.zone!.meanWidth - 3) < 0.05, `width ${s.zone!.meanWidth}`);
  assert.equal(s.sensitivity[0].input, "a.x.position");
});

/** The zone as Monte Carlo computed it before zoneAt was slimmed: the full twoLevelZone, clipped to the scale. */
function fullZone(issue: ProblemIssue, values: Float64Array) {
  const constituencies = issue
    .constituencies!.filter((c) => c.members.length > 0)
    .map((c) => ({
      party: c.party,
      rule:
        c.rule === "unanimity" ? { rule: "unanimity" as const } : { rule: "quota" as const, quota: c.quota },
      members: c.members.map((m) => ({
        name: m.name,
        position: values[m.position],
        weight: values[m.weight],
        veto: m.veto,
      })),
    }));
  const q = values[issue.statusQuo!];
  const unclipped = intersect(twoLevelZone(constituencies, q).zone, [
    { lo: issue.scale.min, hi: issue.scale.max },
  ]);
  const withScale = twoLevelZone(constituencies, q, issue.scale).zone;
  assert.deepEqual(withScale, unclipped);
  return { open: unclipped.length > 0, width: measure(unclipped) };
}

test("zoneAt gives exactly the full two-level zone's openness and width, sample by sample", () => {
  let checked = 0;
  for (const file of ["examples/forecast-river-basin.yaml", "examples/syria-israel-2026/scenario.yaml"]) {
    const path = join(REPO_ROOT, file);
    const problem = problemFromScenario(parseScenario(readFileSync(path, "utf8"), { file: path }).scenario!);
    problem.issues.forEach((issue, k) => {
      if (!issue.constituencies || issue.statusQuo === undefined) return;
      const inputs = uncertainSlots(problem, k);
      const packed = packSpecs(inputs.map((i) => problem.slots[i]));
      const values = nominalValues(problem);
      for (let n = 0; n < 300; n++) {
        const random = streamRandom(11, n);
        inputs.forEach((slot, j) => {
          values[slot] = samplePacked(packed, j, random);
        });
        assert.deepEqual(zoneAt(issue, values), fullZone(issue, values));
        checked++;
      }
    });
  }
  assert.ok(checked >= 1500, `${checked} samples checked`);
  // Random constituencies, rules, status quo and scale, including zones that are empty or cut by the scale.
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          quota: fc.option(fc.constantFrom(0.5, 2 / 3, 1), { nil: undefined }),
          members: fc.array(
            fc.record({
              x: fc.integer({ min: -6, max: 6 }),
              w: fc.integer({ min: 1, max: 4 }),
              veto: fc.boolean(),
            }),
            { maxLength: 4 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      fc.integer({ min: -4, max: 4 }),
      fc.integer({ min: -8, max: 0 }),
      fc.integer({ min: 0, max: 8 }),
      (parties, q, min, max) => {
        const values: number[] = [q];
        const slot = (v: number) => values.push(v) - 1;
        const issue: ProblemIssue = {
          id: "x",
          scale: { min, max },
          actors: [],
          statusQuo: 0,
          constituencies: parties.map((p, k) => ({
            party: `P${k}`,
            rule: p.quota === undefined ? "unanimity" : "quota",
            quota: p.quota ?? 1,
            members: p.members.map((m, j) => ({
              name: `m${k}.${j}`,
              position: slot(m.x),
              weight: slot(m.w),
              veto: p.quota === undefined || m.veto,
            })),
          })),
        };
        const v = Float64Array.from(values);
        if (issue.constituencies!.every((c) => c.members.length === 0)) return;
        assert.deepEqual(zoneAt(issue, v), fullZone(issue, v));
      },
    ),
    { numRuns: 500, seed: 3 },
  );
});

test("twoLevelZone works out blockers only when the zone is empty", () => {
  const m = (name: string, position: number) => ({ name, position, weight: 1 });
  const A = { party: "A", rule: { rule: "unanimity" } as const, members: [m("a", 4)] };
  const B = { party: "B", rule: { rule: "unanimity" } as const, members: [m("b", 6)] };
  const C = { party: "C", rule: { rule: "unanimity" } as const, members: [m("c", -3)] };
  const open = twoLevelZone([A, B], 0, { min: -10, max: 10 });
  assert.deepEqual(open.zone, [{ lo: 0, hi: 8 }]);
  assert.ok(open.parties.every((p) => p.blockers === undefined));
  const closed = twoLevelZone([A, C], 0, { min: -10, max: 10 });
  // A (ideal 4) blocks every move down by 4; C (ideal −3) every move up by 3.
  assert.deepEqual(
    closed.parties.map((p) => [p.blockers!.up.map((b) => b.by), p.blockers!.down.map((b) => b.by)]),
    [
      [[], [4]],
      [[3], []],
    ],
  );
  assert.deepEqual(
    closed.diagnosis!.map((d) => [d.direction, d.blockers.map((b) => b.member)]),
    [
      ["up", ["c"]],
      ["down", ["a"]],
    ],
  );
});
