import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { backtest } from "../../src/forecast/backtest.ts";
import {
  type BdmState,
  challengeUtility,
  riskExponents,
  successProbabilities,
} from "../../src/forecast/bdmExpectedUtility.ts";
import { kingOfTheHill, runBdm } from "../../src/forecast/bdmModel.ts";
import { bdmSettings } from "../../src/forecast/bdmSettings.ts";
import { deuForecasters } from "../../src/forecast/deuForecasters.ts";
import { pairwiseVote, weightedMedian } from "../../src/forecast/median.ts";
import { forecastIssue } from "../../src/forecast/scenarioForecast.ts";
import type { StakeholderIssue } from "../../src/forecast/types.ts";
import { parseBdmCsv } from "../../src/formats/stakeholders/bdmCsv.ts";
import { parseDeuTsv } from "../../src/formats/stakeholders/deuTsv.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";

const near = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} is not within ${tol} of ${b}`);

function stateOf(issue: StakeholderIssue): BdmState {
  const x = Float64Array.from(issue.actors, (a) => a.position);
  return {
    x,
    c: Float64Array.from(issue.actors, (a) => a.capability),
    s: Float64Array.from(issue.actors, (a) => a.salience),
    range: Math.max(...x) - Math.min(...x),
  };
}

test("with r = 1 and Q = 1 the expected utility is 2d[1 − 2 s_j (1 − P_i)] (closed form)", () => {
  const settings = bdmSettings("scholz");
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          c: fc.double({ min: 0.01, max: 1, noNaN: true }),
          x: fc.integer({ min: 0, max: 10 }),
          s: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { minLength: 2, maxLength: 6 },
      ),
      (rows) => {
        const x = Float64Array.from(rows, (r) => r.x);
        const range = Math.max(...x) - Math.min(...x);
        fc.pre(range > 0);
        const state: BdmState = {
          x,
          c: Float64Array.from(rows, (r) => r.c),
          s: Float64Array.from(rows, (r) => r.s),
          range,
        };
        const n = rows.length;
        const P = successProbabilities(state, new Float64Array(n).fill(1), settings);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            const d = Math.abs(x[i] - x[j]) / range;
            const closed = x[i] === x[j] ? 0 : 2 * d * (1 - 2 * rows[j].s * (1 - P[i * n + j]));
            near(challengeUtility(state, i, j, 1, P, 0, settings), closed, 1e-12);
            // eq. 31: P_i + P_j = 1 whenever someone cares about the difference.
            if (x[i] !== x[j] && P[i * n + j] + P[j * n + i] > 0) near(P[i * n + j] + P[j * n + i], 1, 1e-12);
          }
      },
    ),
    { numRuns: 200, seed: 7 },
  );
});

test("a 3-actor case by hand: P, expected utilities and the first round", () => {
  // A at 0 (c 1, s 1), B at 5 (c 1, s 0.5), C at 10 (c 2, s 1); R = 10.
  const issue: StakeholderIssue = {
    id: "hand",
    actors: [
      { name: "A", capability: 1, position: 0, salience: 1 },
      { name: "B", capability: 1, position: 5, salience: 0.5 },
      { name: "C", capability: 2, position: 10, salience: 1 },
    ],
  };
  const settings = bdmSettings("scholz");
  const state = stateOf(issue);
  const P = successProbabilities(state, Float64Array.of(1, 1, 1), settings);
  // A vs C: args (|x_k − 10| − |x_k − 0|)·c s: A +10, B 0, C −20 → P = 10/30.
  near(P[0 * 3 + 2], 1 / 3, 1e-15, "P(A beats C)");
  // A vs B: A +5, B −2.5 (B prefers itself), C −10 → P = 5/17.5.
  near(P[0 * 3 + 1], 5 / 17.5, 1e-15, "P(A beats B)");
  // E^A(U_AC) = 2·1·[1 − 2·1·(2/3)] = −2/3; E^C(U_CA) = 2·[1 − 2·1·(1/3)] = 2/3.
  near(challengeUtility(state, 0, 2, 1, P, 5, settings), -2 / 3, 1e-15, "E(A→C)");
  near(challengeUtility(state, 2, 0, 1, P, 5, settings), 2 / 3, 1e-15, "E(C→A)");
  // The weighted median is 10 (C alone holds half the weight); C beats B in a pairwise vote.
  assert.ok(pairwiseVote(issue.actors, 10, 5) > 0);

  // Round 1 by hand. At r = 1, Q = 1: E^i(U_ij) = 2d[1 − 2 s_j (1 − P_ij)], with P(B beats C) = 7.5/17.5 = 3/7:
  // E_A(U_AB) = 2/7, E_B(U_BA) = 3/7, E_A(U_AC) = −2/3, E_C(U_CA) = 2/3, E_B(U_BC) = −1/7, E_C(U_CB) = 4/7.
  // Security Sec_i = Σ_j E_j(U_ji): A 3/7 + 2/3 = 23/21, B 2/7 + 4/7 = 18/21, C −2/3 − 1/7 = −17/21, so
  // R = (2 Sec − 6/21)/(40/21) = 1, 3/4, −1 and r = (1 − R/3)/(1 + R/3) = 1/2, 3/5, 2.
  // riskExponents hands back the r = 1 matrix it used, which the round reuses (probabilityRisk is off).
  assert.deepEqual(riskExponents(state, 10, settings).P, P);
  const round = runBdm(issue, 1, settings).rounds[0];
  [0.5, 0.6, 2].forEach((r, k) => near(round.riskExponents[k], r, 1e-12, `r of ${"ABC"[k]}`));
  // E with exponent r (Q = 1): s_j[P U_s + (1 − P) U_f] + (1 − s_j) U_s − U_sq, U_s = 2 − 4(½ − ½d)^r,
  // U_f = 2 − 4(½ + ½d)^r, U_sq = 2 − 4·½^r (P stays the r = 1 matrix: probabilityRisk is off in scholz).
  const E = (r: number, d: number, sj: number, p: number) =>
    sj * (p * (2 - 4 * (0.5 - 0.5 * d) ** r) + (1 - p) * (2 - 4 * (0.5 + 0.5 * d) ** r)) +
    (1 - sj) * (2 - 4 * (0.5 - 0.5 * d) ** r) -
    (2 - 4 * 0.5 ** r);
  // A (r ½) against B: a = E_A(U_AB) ≈ 0.306 > 0 and B's b = E_B(U_BA) at r 3/5 ≈ 0.434 > a: A loses a
  // confrontation and moves to 5. Against C: b = E_C(U_CA) at r 2 = −1/3 < a, no offer.
  const aAB = E(0.5, 0.5, 0.5, 2 / 7);
  const bBA = E(0.6, 0.5, 1, 5 / 7);
  near(aAB, 0.5 * (5 / 7) * (2 - 4 * Math.sqrt(0.75)) - (2 - 4 * Math.SQRT1_2), 1e-15, "E_A(U_AB) at r ½");
  // B (r 3/5) against C: a = E_B(U_BC) ≈ −0.0305 < 0 < −a < b = E_C(U_CB) at r 2 = 0.5(4/7·1.75 − 3/7·0.25) +
  // 0.875 − 1 = 9/28: compromise, B moves to 5 + 5·|a/b|.
  const aBC = E(0.6, 0.5, 1, 3 / 7);
  const bCB = E(2, 0.5, 0.5, 4 / 7);
  near(bCB, 9 / 28, 1e-15, "E_C(U_CB) at r 2");
  // C (r 2) against A: a = E_C(U_CA) = −1/3 < 0 < b = E_A(U_AC) at r ½ = 2/3 − 4/3 − (2 − 2√2) ≈ 0.162 < −a:
  // C capitulates and moves to 0. Against B: a = 9/28 > 0 but b = E_B(U_BC) < 0, no offer.
  const aCA = E(2, 1, 1, 2 / 3);
  const bAC = E(0.5, 1, 1, 1 / 3);
  near(aCA, -1 / 3, 1e-15, "E_C(U_CA) at r 2");
  near(bAC, -2 / 3 - 2 + 2 * Math.SQRT2, 1e-15, "E_A(U_AC) at r ½");
  assert.deepEqual(
    round.moves.map((m) => `${m.actor} ${m.kind} ${m.towards} ${m.from}→${m.to.toFixed(9)}`),
    [
      `A confrontation B 0→${(5).toFixed(9)}`,
      `B compromise C 5→${(5 + 5 * Math.abs(aBC / bCB)).toFixed(9)}`,
      `C capitulation A 10→${(0).toFixed(9)}`,
    ],
  );
  const expected: [number, number][] = [
    [aAB, bBA],
    [aBC, bCB],
    [aCA, bAC],
  ];
  round.moves.forEach((m, k) => {
    near(m.utilities[0], expected[k][0], 1e-12, `${m.actor}'s E`);
    near(m.utilities[1], expected[k][1], 1e-12, `${m.towards}'s E as ${m.actor} sees it`);
  });
  // After the round: C (weight 2 of 3.5) at 0 holds the median; mean (1·5 + 0.5·x_B + 2·0)/3.5.
  const xB = 5 + 5 * Math.abs(aBC / bCB);
  assert.equal(round.median, 0);
  near(round.mean, (5 + 0.5 * xB) / 3.5, 1e-12, "mean after round 1");
});

function emission(): StakeholderIssue {
  const file = join(sharedDataDir()!, "bdm", "emission_bdm1994.csv");
  return parseBdmCsv(readFileSync(file, "utf8"), { file });
}

test("BDM-1994 emission case: the reference note's primitive values", needsShared("BDM data"), () => {
  const issue = emission();
  const names = issue.actors.map((a) => a.name);
  const at = (name: string) => names.indexOf(name);
  const state = stateOf(issue);
  const ones = new Float64Array(10).fill(1);
  const scholz = bdmSettings("scholz");
  const P = successProbabilities(state, ones, scholz);
  near(P[at("Belgium") * 10 + at("France")], 0.503693, 5e-7, "P(7 beats 10)");
  near(P[at("Belgium") * 10 + at("Netherlands")], 0.633678, 5e-7, "P(7 vs 4)");
  near(P[at("France") * 10 + at("Netherlands")], 0.575342, 5e-7, "P(10 vs 4)");
  const eu = (i: string, j: string) => challengeUtility(state, at(i), at(j), 1, P, 7, scholz);
  near(eu("Belgium", "France"), 0.404431, 5e-7, "Belgium→France");
  near(eu("Belgium", "Luxembourg"), 0.853471, 5e-7, "Belgium→Luxembourg");
  near(eu("Belgium", "UK"), 0.106647, 5e-7, "Belgium→UK");
  near(eu("Netherlands", "UK"), -0.071233, 5e-7, "Netherlands→UK");
  near(eu("France", "Luxembourg"), 1.660274, 5e-7, "France→Luxembourg");
  assert.equal(eu("Ireland", "Greece"), 0);
  // Pairwise votes without the factor 2, positions scaled by R = 6.
  near(pairwiseVote(issue.actors, 7, 4) / 6, 0.0905, 5e-5, "v^{7,4}");
  near(pairwiseVote(issue.actors, 7, 10) / 6, 0.0025, 5e-5, "v^{7,10}");
  near(pairwiseVote(issue.actors, 10, 4) / 6, 0.088, 5e-5, "v^{10,4}");
  const literal = [1.117181, 1.004407, 0.5, 1.117181, 1.017582, 1.017582, 2.0, 0.648264, 1.453712, 1.556875];
  const jmckib = [1.405653, 0.754196, 0.508864, 1.405653, 1.046524, 1.046524, 1.964898, 0.5, 2.0, 1.112125];
  const rLiteral = riskExponents(state, 7, scholz).r;
  const rJmckib = riskExponents(state, 7, bdmSettings("jmckib")).r;
  for (let k = 0; k < 10; k++) {
    near(rLiteral[k], literal[k], 5e-7, `literal r of ${names[k]}`);
    near(rJmckib[k], jmckib[k], 5e-7, `jmckib r of ${names[k]}`);
  }
});

test(
  "the jmckib preset reproduces the published 10-round emission trajectory",
  needsShared("BDM data"),
  () => {
    const issue = emission();
    const ref = JSON.parse(
      readFileSync(join(sharedDataDir()!, "bdm", "jmckib_emission_10rounds.json"), "utf8"),
    );
    const result = runBdm(issue, 10, bdmSettings("jmckib"));
    assert.equal(result.rounds.length, 10);
    for (const round of result.rounds) {
      const want = ref[round.round];
      issue.actors.forEach((a, k) =>
        near(round.positions[k], want.positions[a.name], 1e-9, `round ${round.round} ${a.name}`),
      );
      near(round.median, want.median_jmckib, 1e-9, `median ${round.round}`);
      near(round.mean, want.mean, 1e-9, `mean ${round.round}`);
      if (want.risk_exponents)
        issue.actors.forEach((a, k) =>
          near(round.riskExponents[k], want.risk_exponents[a.name], 1e-9, `r ${round.round} ${a.name}`),
        );
    }
    // Round 1's moves, with the expected utilities the replication prints.
    const first = result.rounds[0].moves;
    assert.deepEqual(
      first.map((m) => `${m.actor} ${m.kind} ${m.towards}`),
      ["Belgium compromise France", "Luxembourg confrontation Belgium", "Ireland confrontation Luxembourg"],
    );
    near(first[0].utilities[0], -0.11483050347300794, 1e-12, "Belgium's E(U)");
    near(first[0].utilities[1], 0.2432965945234421, 1e-12, "France's E(U) in Belgium's view");
    near(result.forecast, 7, 1e-12, "median after 10 rounds");
  },
);

test("the model is deterministic and positions stay within the initial range", () => {
  const issue: StakeholderIssue = {
    id: "x",
    actors: Array.from({ length: 12 }, (_, k) => ({
      name: `a${k}`,
      capability: ((k * 37) % 11) + 1,
      position: (k * 53) % 100,
      salience: (((k * 29) % 10) + 1) / 10,
    })),
  };
  const recorded = runBdm(issue, 8, bdmSettings("scholz"), { recordOffers: true });
  for (const r of recorded.rounds) {
    const accepted = r.offers!.filter((o) => o.accepted);
    assert.deepEqual(
      accepted.map((o) => `${o.to}<-${o.from}:${o.kind}@${o.position}`),
      r.moves.map((m) => `${m.actor}<-${m.towards}:${m.kind}@${m.to}`),
    );
  }
  for (const preset of ["jmckib", "scholz"] as const) {
    const a = runBdm(issue, 8, bdmSettings(preset));
    const b = runBdm(issue, 8, bdmSettings(preset));
    assert.deepEqual(a, b);
    const lo = Math.min(...issue.actors.map((x) => x.position));
    const hi = Math.max(...issue.actors.map((x) => x.position));
    for (const r of a.rounds) assert.ok(r.positions.every((x) => x >= lo - 1e-9 && x <= hi + 1e-9));
  }
});

test("no actors: no median, no forecast (NaN like weightedMedian), and no infinite scale", () => {
  assert.equal(weightedMedian([]), undefined);
  assert.ok(Number.isNaN(kingOfTheHill([])));
  for (const preset of ["scholz", "jmckib"] as const) {
    const r = runBdm({ id: "none", actors: [] }, 3, bdmSettings(preset));
    assert.ok(Number.isNaN(r.forecast), preset);
    assert.equal(r.rounds.length, 3);
    assert.ok(r.rounds.every((x) => x.moves.length === 0 && Number.isNaN(x.median) && Number.isNaN(x.mean)));
  }
  const f = forecastIssue({ id: "none", actors: [] });
  assert.ok(Object.values(f.forecasts).every(Number.isNaN));
  assert.ok(Number.isNaN(f.scale.min) && Number.isNaN(f.scale.max), JSON.stringify(f.scale));
  // An own scale is kept.
  assert.deepEqual(forecastIssue({ id: "none", actors: [], scale: { min: 0, max: 100 } }).scale, {
    min: 0,
    max: 100,
  });
  // A DEU row with every position blank: the BDM forecasters give no forecast and the backtest skips the row
  // (it has an outcome, 50, so it would count if a forecast came back).
  const issues = parseDeuTsv(
    readFileSync(join(import.meta.dirname, "fixtures", "deu-blank-positions.tsv"), "utf8"),
  );
  assert.equal(issues[2].actors.length, 0);
  assert.equal(issues[2].outcome, 50);
  for (const m of deuForecasters.filter((x) => x.name.startsWith("bdm"))) {
    const x = m.forecast(issues[2]);
    assert.ok(x === undefined || Number.isNaN(x), m.name);
    assert.equal(backtest([m], issues)[0].issues, 2, m.name);
  }
});

test("forecasts record one BDM run and take that preset's forecast from it", () => {
  const issue: StakeholderIssue = {
    id: "x",
    actors: Array.from({ length: 7 }, (_, k) => ({
      name: `a${k}`,
      capability: ((k * 37) % 11) + 1,
      position: (k * 53) % 100,
      salience: (((k * 29) % 10) + 1) / 10,
    })),
  };
  const scholz = runBdm(issue, 6, bdmSettings("scholz"));
  const jmckib = runBdm(issue, 6, bdmSettings("jmckib"));
  // The presets must disagree here, or the check could not tell them apart.
  assert.notEqual(scholz.forecast, jmckib.forecast);
  for (const preset of ["scholz", "jmckib"] as const) {
    const f = forecastIssue(issue, { rounds: 6, bdmPreset: preset, recordOffers: true });
    assert.equal(f.forecasts.bdm, scholz.forecast, preset);
    assert.equal(f.forecasts["bdm-jmckib"], jmckib.forecast, preset);
    const recorded = preset === "scholz" ? scholz : jmckib;
    assert.deepEqual(
      f.bdm.rounds.map((r) => r.positions),
      recorded.rounds.map((r) => r.positions),
    );
    assert.equal(f.bdm.forecast, recorded.forecast);
  }
});
