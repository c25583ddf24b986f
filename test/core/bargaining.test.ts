/**
 * Bargaining solutions against brute force: each point lies on the Pareto frontier of the agreement zone and
 * optimises its criterion over the whole brute-force zone (Nash product, Kalai–Smorodinsky ratio, egalitarian
 * minimum gain, welfare sum) or over the zone's frontier (equal utility, which is defined on the frontier).
 * Criteria are computed from exact utilities; tolerance 1e-9.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Analysis, analyze, type Solutions } from "../../src/analysis/analyze.ts";
import type { Point } from "../../src/analysis/point.ts";
import { isZopaError } from "../../src/errors.ts";
import { Oracle, type RandomScenario, scenarioArbitrary } from "./oracle.ts";
import { parsed } from "./randomParse.ts";

const TOLERANCE = 1e-9;

type Criterion = (u: number[], d: number[], ideal: number[]) => number;

const nashProduct: Criterion = (u, d) => u.reduce((p, x, j) => p * (x - d[j]), 1);
const ksRatio: Criterion = (u, d, ideal) => {
  let m = Number.POSITIVE_INFINITY;
  u.forEach((x, j) => {
    if (ideal[j] - d[j] > 1e-12) m = Math.min(m, (x - d[j]) / (ideal[j] - d[j]));
  });
  return m === Number.POSITIVE_INFINITY ? 0 : m;
};
const minGain: Criterion = (u, d) => Math.min(...u.map((x, j) => x - d[j]));
const welfareSum: Criterion = (u) => u.reduce((a, b) => a + b, 0);
const negatedSpread: Criterion = (u) => {
  let s = 0;
  for (let a = 0; a < u.length; a++) for (let b = a + 1; b < u.length; b++) s += Math.abs(u[a] - u[b]);
  return -s;
};

/** Checks every solution of `a` against brute force; returns whether the zone was non-empty. */
function checkSolutions(s: RandomScenario, oracle: Oracle, sols: Solutions): boolean {
  const zone = oracle.zone();
  if (zone.length === 0) {
    for (const p of Object.values(sols)) assert.equal(p, null);
    return false;
  }
  const frontier = oracle.frontier(zone);
  const frontierKeys = new Set(frontier.map((x) => oracle.key(x)));
  const neg = oracle.negotiators;
  const u = (x: number) => neg.map((p) => oracle.utility(p, x));
  const d = neg.map((p) => oracle.reservation(p));
  const ideal = neg.map((_, j) => Math.max(...zone.map((x) => u(x)[j])));
  const check = (name: string, point: Point | null, criterion: Criterion, over: number[]) => {
    assert.ok(point, `${name}: missing for a non-empty zone (seed ${s.seed})`);
    const x = oracle.indexOfRecord(point.outcome);
    assert.ok(frontierKeys.has(oracle.key(x)), `${name} is not on the zone's frontier (seed ${s.seed})`);
    s.parties.forEach((party, k) => {
      assert.ok(Math.abs(point.utilities[party.id] - oracle.utility(k, x)) <= TOLERANCE);
    });
    const best = Math.max(...over.map((y) => criterion(u(y), d, ideal)));
    assert.ok(
      criterion(u(x), d, ideal) >= best - TOLERANCE,
      `${name}: ${criterion(u(x), d, ideal)} < best ${best} (seed ${s.seed})`,
    );
  };
  check("nash", sols.nash, nashProduct, zone);
  check("kalaiSmorodinsky", sols.kalaiSmorodinsky, ksRatio, zone);
  check("egalitarian", sols.egalitarian, minGain, zone);
  check("welfare", sols.welfare, welfareSum, zone);
  check("equalUtility", sols.equalUtility, negatedSpread, frontier);
  return true;
}

describe("bargaining solutions", () => {
  it("each lies on the zone's frontier and optimises its criterion over the brute-force zone", () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        if (checkSolutions(s, new Oracle(s), analyze(parsed(s)).solutions)) nonEmpty++;
      }),
      { seed: 42, numRuns: 150 },
    );
    assert.ok(nonEmpty >= 50, `only ${nonEmpty} of 150 random zones were non-empty`);
  });

  it("are the same optima when the space is not enumerated (the decomposition path)", () => {
    let decomposed = 0;
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        let a: Analysis;
        try {
          a = analyze(parsed(s), { enumerationLimit: 0 });
        } catch (e) {
          assert.ok(isZopaError(e, "size-limit") && /"any" or "not"/.test(e.message), String(e));
          return;
        }
        if (checkSolutions(s, new Oracle(s), a.solutions)) decomposed++;
      }),
      { seed: 46, numRuns: 120 },
    );
    assert.ok(decomposed >= 25, `only ${decomposed} non-empty zones took the decomposition path`);
  });

  it("with solutionsOver: all (GENIUS), Nash maximises the product over the whole frontier, negative gains allowed", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ conflict: true }), (s) => {
        const oracle = new Oracle(s);
        const a = analyze(parsed(s), { solutionsOver: "all" });
        const all = oracle.outcomes.map((_, x) => x);
        const frontier = oracle.frontier(all);
        const neg = oracle.negotiators;
        const d = neg.map((p) => oracle.reservation(p));
        const product = (x: number) =>
          nashProduct(
            neg.map((p) => oracle.utility(p, x)),
            d,
            [],
          );
        assert.ok(a.solutions.nash);
        const x = oracle.indexOfRecord(a.solutions.nash.outcome);
        assert.ok(frontier.some((y) => oracle.key(y) === oracle.key(x)));
        const best = Math.max(...frontier.map(product));
        assert.ok(product(x) >= best - TOLERANCE, `seed ${s.seed}`);
      }),
      { seed: 43, numRuns: 100 },
    );
  });
});

describe("scenario metrics", () => {
  it("opposition (3 definitions) and distribution equal brute force over the whole frontier, 2 to 4 parties", () => {
    const seenDims = new Set<number>();
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        const a = analyze(parsed(s));
        const neg = oracle.negotiators;
        seenDims.add(neg.length);
        const all = oracle.outcomes.map((_, x) => x);
        const frontier = oracle.frontier(all);
        const u = (x: number) => neg.map((p) => oracle.utility(p, x));
        const toIdeal = (x: number) => Math.hypot(...u(x).map((v) => 1 - v));
        const sum = (x: number) => welfareSum(u(x), [], []);
        const near = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE;
        /** Distances to (1, …, 1) of the frontier points that maximise `score`, ties by larger sum. */
        const distancesOfBest = (score: (x: number) => number) => {
          const best = Math.max(...frontier.map(score));
          const tied = frontier.filter((x) => near(score(x), best));
          const top = Math.max(...tied.map(sum));
          return tied.filter((x) => near(sum(x), top)).map(toIdeal);
        };
        const where = `seed ${s.seed}`;
        // GENIUS opposition: the equal-utility point (least Σ|u_i − u_j|) of the whole frontier, to (1, …, 1).
        const opposition = a.metrics.opposition!;
        assert.ok(
          distancesOfBest((x) => negatedSpread(u(x), [], [])).some((d) => near(d, opposition)),
          where,
        );
        // NegMAS: the least distance of any frontier point; NegoLog: the max-welfare point's distance.
        assert.ok(near(a.metrics.oppositionMinDistance!, Math.min(...frontier.map(toIdeal))), where);
        assert.ok(
          distancesOfBest(sum).some((d) => near(d, a.metrics.oppositionWelfare!)),
          where,
        );
        // distribution: mean over every outcome of the distance to the nearest frontier point.
        const nearest = (x: number) =>
          Math.min(...frontier.map((y) => Math.hypot(...u(x).map((v, d) => v - u(y)[d]))));
        const mean = all.reduce((acc, x) => acc + nearest(x), 0) / all.length;
        assert.ok(
          near(a.metrics.distribution!, mean),
          `${where}: distribution ${a.metrics.distribution} ≠ ${mean}`,
        );
      }),
      { seed: 47, numRuns: 100 },
    );
    assert.deepEqual([...seenDims].sort(), [2, 3, 4]);
  });
});
