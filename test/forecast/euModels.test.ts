import assert from "node:assert/strict";
import { test } from "node:test";
import type { DeuIssue } from "../../src/forecast/deu.ts";
import {
  compromiseCouncilVotes,
  compromiseWithReference,
  euProcedural,
  nashWithReference,
  positionExchange,
} from "../../src/forecast/euModels.ts";
import { ktabPce } from "../../src/forecast/ktabSpatial.ts";

const near = (a: number | undefined, b: number, tol: number, what: string) =>
  assert.ok(a !== undefined && Math.abs(a - b) <= tol, `${what}: ${a} is not within ${tol} of ${b}`);

function issue(
  actors: Record<string, [number, number]>,
  extra: Partial<DeuIssue> = {},
  proposal = "p1",
): DeuIssue {
  return {
    proposal,
    proposalName: "",
    issue: `${proposal}-${Object.keys(actors).join("")}`,
    type: "Reg",
    council: "X",
    procedure: "CNS",
    vote: "QMV",
    actors: Object.entries(actors).map(([code, [position, salience]]) => ({
      code,
      position,
      salience,
      salienceRecorded: true,
      gdp: 1,
    })),
    line: 3,
    ...extra,
  };
}

test("compromise with the reference point: (1 − λ)·mean + λ·q by hand", () => {
  const i = issue({ a: [0, 50], b: [100, 50] }, { referencePoint: 20 });
  assert.equal(compromiseWithReference(i, 0.25), 0.75 * 50 + 0.25 * 20);
  assert.equal(compromiseWithReference(i, 0), 50);
  assert.equal(compromiseWithReference({ ...i, referencePoint: undefined }, 0.25), 50);
});

test("compromise with Council votes by hand: Nice votes × salience, institutions as the largest state", () => {
  // de 29·50 at 0, mt 3·100 at 100, com 29·50 at 50: (0 + 30000 + 72500) / (1450 + 300 + 1450).
  const i = issue({ de: [0, 50], mt: [100, 100], com: [50, 50] });
  assert.equal(compromiseCouncilVotes(i), (300 * 100 + 1450 * 50) / 3200);
});

test("Nash bargaining with the reference point: the majority side bargains; a brute-force grid agrees", () => {
  // q = 50; above: a (70, s 60), b (90, s 20) hold 80 > 40 below (c at 10): a and b bargain over (50, 90).
  const i = issue({ a: [70, 60], b: [90, 20], c: [10, 40] }, { referencePoint: 50 });
  const x = nashWithReference(i);
  let best = { x: Number.NaN, v: Number.NEGATIVE_INFINITY };
  for (let k = 1; k < 400000; k++) {
    const t = 50 + (40 * k) / 400000;
    const v = 60 * Math.log(400 - (t - 70) ** 2) + 20 * Math.log(1600 - (t - 90) ** 2);
    if (v > best.v) best = { x: t, v };
  }
  near(x, best.x, 1e-3, "Nash point");
  // Between the bargainers, pulled toward the heavier a.
  assert.ok(x! > 70 && x! < 80, String(x));
  // The minority below does not move it; without a reference point there is no Nash forecast.
  near(nashWithReference({ ...i, actors: i.actors.slice(0, 2) }), x!, 1e-9, "without c");
  assert.equal(nashWithReference({ ...i, referencePoint: undefined }), undefined);
});

test("procedural model by hand: Commission agenda setting, QMV or unanimity, Parliament amendments", () => {
  // Nice votes: de, fr, it, uk 29, es 27 (143; QMV 255/345 of it = 105.7). q = 0, Commission 10, EP 70.
  const actors = {
    com: [10, 50],
    ep: [70, 50],
    de: [90, 50],
    fr: [80, 50],
    it: [70, 50],
    uk: [60, 50],
    es: [50, 50],
  } as Record<string, [number, number]>;
  const cns = issue(actors, { referencePoint: 0 });
  // Upward pivot: de 29, fr 58, it 87, uk 116 ≥ 105.7 → uk at 60, win-set (0, 120): the Commission gets its 10.
  assert.equal(euProcedural(cns), 10);
  // Co-decision: the Parliament amends 10 toward 70; a QMV of the Council prefers 70 to 10 (pivot uk at 60,
  // win-set of 10 is (10, 110)), so 70.
  assert.equal(euProcedural({ ...cns, procedure: "COD" }), 70);
  // Unanimity: the pivot is es at 50, win-set (0, 100): still 10.
  assert.equal(euProcedural({ ...cns, vote: "Unan" }), 10);
  // The Commission at 100 under unanimity gets the edge of the win-set, 2·50 − 0 = 100; with es at 30, 60.
  assert.equal(euProcedural(issue({ ...actors, com: [100, 50] }, { referencePoint: 0, vote: "Unan" })), 100);
  assert.equal(
    euProcedural(issue({ ...actors, com: [100, 50], es: [30, 50] }, { referencePoint: 0, vote: "Unan" })),
    60,
  );
  // Co-decision with the Parliament at 30: it vetoes points beyond 60, the Commission proposes 60; amending toward
  // 30 needs a QMV below 60 (only es at 50, 27 votes): no amendment.
  assert.equal(
    euProcedural(issue({ ...actors, com: [100, 50], ep: [30, 50] }, { referencePoint: 0, procedure: "COD" })),
    60,
  );
  assert.equal(euProcedural({ ...cns, referencePoint: undefined }), undefined);
});

test("position exchange by hand: one trade, equal gains, each actor stops at the expected outcome", () => {
  // Issue d: i at 100 (s 80), j at 0 (s 20): O_d = 80. Issue e: i at 0 (s 20), j at 100 (s 80): O_e = 80.
  // w_jd = w_ie = 0.2, ratio 1, a = b = 16: j moves 80 on d, i moves 80 on e; O → 96 on both; gains 80·16 − 20·16.
  const d = issue({ i: [100, 80], j: [0, 20] });
  const e = issue({ i: [0, 20], j: [100, 80] });
  const { forecasts, exchanges } = positionExchange([d, e]);
  assert.equal(exchanges.length, 1);
  const [x] = exchanges;
  near(x.gain, 960, 1e-9, "gain");
  near(x.shiftI, 80, 1e-9, "shift of i");
  near(x.shiftJ, 80, 1e-9, "shift of j");
  near(forecasts[0], 96, 1e-9, "O_d");
  near(forecasts[1], 96, 1e-9, "O_e");
  // Equal relative saliences: nothing to trade, the compromise stays.
  const flat = positionExchange([issue({ i: [100, 50], j: [0, 50] }), issue({ i: [0, 50], j: [100, 50] })]);
  assert.equal(flat.exchanges.length, 0);
  assert.deepEqual(flat.forecasts, [50, 50]);
  // Uneven bounds: j can move only to O_d. i: (100, s 90), j: (40, s 10) on d → O_d = 94, a ≤ 0.1·54 = 5.4;
  // on e i: (0, s 10), j: (100, s 90) → O_e = 90, b ≤ 0.1·90 = 9, ratio = 100/100 = 1 → a = 5.4.
  const uneven = positionExchange([
    issue({ i: [100, 90], j: [40, 10] }),
    issue({ i: [0, 10], j: [100, 90] }),
  ]);
  near(uneven.exchanges[0].shiftJ, 54, 1e-9, "j moves to O_d");
  near(uneven.forecasts[0], 94 + 5.4, 1e-9, "O_d after");
  near(uneven.forecasts[1], 90 + 5.4, 1e-9, "O_e after");
});

test("KTAB first-turn PCE by hand: two actors, p_1 = P[1 > 2]", () => {
  // a at 0 (c·s = 1), b at 100 (c·s = 0.5): PropCbc votes 1 and 0.5, P[a > b] = 2/3 → 2/3·0 + 1/3·100.
  const r = ktabPce(
    [
      { name: "a", capability: 1, position: 0, salience: 1 },
      { name: "b", capability: 1, position: 100, salience: 0.5 },
    ],
    { min: 0, max: 100 },
  )!;
  near(r.probabilities[0], 2 / 3, 1e-7, "p_a");
  near(r.forecast, 100 / 3, 1e-5, "forecast");
  // Symmetric actors: the midpoint; the probabilities sum to 1.
  const s = ktabPce(
    [
      { name: "a", capability: 2, position: 20, salience: 1 },
      { name: "b", capability: 1, position: 50, salience: 1 },
      { name: "c", capability: 2, position: 80, salience: 1 },
    ],
    { min: 0, max: 100 },
  )!;
  near(s.forecast, 50, 1e-9, "symmetric");
  near(
    s.probabilities.reduce((a, b) => a + b, 0),
    1,
    1e-12,
    "sum",
  );
  assert.equal(ktabPce([]), undefined);
});
