/**
 * Compiling numeric issues, checked by hand: integer and real domains, piecewise-linear values (interpolated
 * between points, flat beyond the ends), red lines on numbers, and a reservation given as an outcome.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { compileScenario } from "../../src/space/compile.ts";

const TOLERANCE = 1e-12;

const TEXT = `meta: { id: numeric, title: Numeric issues }
issues:
  - { id: x, type: categorical, options: [{ id: a }, { id: b }, { id: c }] }
  - { id: n, type: integer, min: 0, max: 10, step: 5 }
  - { id: r, type: real, min: 0, max: 1, resolution: 3 }
parties:
  - id: p
    name: P
    reservation: 0.5
    preferences:
      weights: { x: 0.5, n: 0.25, r: 0.25 }
      values:
        x: { a: 1, b: 0.5, c: 0 }
        n: { piecewise: [[2, 0], [8, 1]] }
        r: { piecewise: [[0, 0], [1, 1]] }
    redLines:
      - { id: some-aid, statement: At least 5., status: stated, requires: { issue: n, atLeast: 5 } }
  - id: q
    name: Q
    role: observer
    reservation: { outcome: { x: b, n: 5, r: 0.25 } }
    preferences:
      weights: { x: 0.5, n: 0.5 }
      values:
        x: { a: 0, b: 1, c: 0.5 }
        n: { piecewise: [[0, 1], [10, 0]] }
`;

function scenario(): Scenario {
  const r = parseScenario(TEXT, { file: "numeric.yaml" });
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

function closeArray(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  expected.forEach((x, k) =>
    assert.ok(Math.abs(actual[k] - x) <= TOLERANCE, `${what}[${k}]: ${actual[k]} ≠ ${x}`),
  );
}

describe("compileScenario with numeric issues", () => {
  const space = compileScenario(scenario());

  it("enumerates integers min, min+step, …, max and reals at `resolution` evenly spaced values", () => {
    assert.deepEqual(space.issues[1].values, [0, 5, 10]);
    assert.deepEqual(space.issues[2].values, [0, 0.5, 1]);
    assert.equal(space.size, 3 * 3 * 3);
  });

  it("interpolates piecewise values linearly between points and holds them flat beyond the ends", () => {
    // n: points (2, 0) and (8, 1): n = 0 → 0 (flat), 5 → (5 − 2)/6 = .5, 10 → 1 (flat); weight .25.
    closeArray(space.parties[0].tables[1], [0, 0.125, 0.25], "p's n");
    // r: (0, 0)–(1, 1) at 0, .5, 1; weight .25.
    closeArray(space.parties[0].tables[2], [0, 0.125, 0.25], "p's r");
    // q: n from 1 at 0 to 0 at 10: 1, .5, 0; weight .5. q gives r no weight.
    closeArray(space.parties[1].tables[1], [0.5, 0.25, 0], "q's n");
    closeArray(space.parties[1].tables[2], [0, 0, 0], "q's r");
  });

  it("takes a reservation outcome's utility as the reservation value, evaluating off-grid numbers exactly", () => {
    // q at x = b, n = 5, r = 0.25: .5·1 + .5·.5 = .75 (r carries no weight for q).
    assert.ok(Math.abs(space.parties[1].reservation - 0.75) <= TOLERANCE);
    assert.equal(space.parties[1].veto, false); // an observer
    assert.deepEqual(space.negotiators, [0]);
  });

  it("counts the zone of a single negotiator by hand: 12 of 27", () => {
    // p needs n ≥ 5 and u ≥ .5, u = x (.5, .25, 0) + n (.125 at 5, .25 at 10) + r (0, .125, .25):
    //   x = a: every n ≥ 5 and r: 2 · 3 = 6;  x = b: n = 5 needs r ≥ .5 (2), n = 10 any r (3): 5;
    //   x = c: only n = 10, r = 1 (.5): 1.  Total 12. The observer q does not count.
    const a = analyze(scenario());
    assert.equal(a.agreementZone.size, 12);
    assert.deepEqual(a.negotiators, ["p"]);
    // One negotiator: the frontier is its best outcome, x = a, n = 10, r = 1 (utility 1).
    assert.equal(a.pareto.size, 1);
    assert.deepEqual(a.pareto.points[0].outcome, { x: "a", n: 10, r: 1 });
  });
});
