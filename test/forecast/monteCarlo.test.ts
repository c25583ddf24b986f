import assert from "node:assert/strict";
import { test } from "node:test";

import { type ForecastProblem, problemFromScenario } from "../../src/forecast/forecastProblem.ts";
import { monteCarlo } from "../../src/forecast/monteCarlo.ts";
import { monteCarloParallel } from "../../src/forecast/monteCarloPool.ts";
import { streamRandom } from "../../src/forecast/random.ts";
import { packSpecs, samplePacked, sampleValue } from "../../src/forecast/uncertain.ts";
import { parseScenario } from "../../src/scenario/parse.ts";

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
