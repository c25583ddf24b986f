import assert from "node:assert/strict";
import { test } from "node:test";
import { aspirationTarget } from "../../src/negotiation/aspiration.ts";
import {
  geniusBilateralTarget,
  geniusWebTolerance,
  geniusWebUtilityGoal,
  timeDependentTarget,
} from "../../src/negotiation/timeDependent.ts";

// strategies.md: normalised target 1 − t^(1/e), six decimals.
const TABLE: [number, number[]][] = [
  [0.2, [1, 0.999023, 0.96875, 0.762695, 0.40951, 0.04901, 0]],
  [0.5, [1, 0.9375, 0.75, 0.4375, 0.19, 0.0199, 0]],
  [1, [1, 0.75, 0.5, 0.25, 0.1, 0.01, 0]],
  [2, [1, 0.5, 0.292893, 0.133975, 0.051317, 0.005013, 0]],
  [5, [1, 0.242142, 0.129449, 0.055912, 0.020852, 0.002008, 0]],
  [0, [1, 1, 1, 1, 1, 1, 1]],
];
const TIMES = [0, 0.25, 0.5, 0.75, 0.9, 0.99, 1];

test("the time-dependent target reproduces the reference table for every e", () => {
  for (const [e, row] of TABLE)
    TIMES.forEach((t, j) => {
      const got = timeDependentTarget(e, t);
      assert.ok(Math.abs(got - row[j]) <= 6e-7, `e=${e} t=${t}: ${got} vs ${row[j]}`);
    });
});

test("GENIUS bilateral p(t) scales the target into [Pmin, Pmax]", () => {
  // Pmin = 0.4, Pmax = 0.9: p = 0.4 + 0.5·(1 − t^(1/e)).
  assert.ok(Math.abs(geniusBilateralTarget(0.2, 0.75, 0.4, 0.9) - (0.4 + 0.5 * 0.762695)) < 1e-6);
  assert.equal(geniusBilateralTarget(0, 0.9, 0.4, 0.9), 0.9);
  assert.equal(geniusBilateralTarget(1, 1, 0.4, 0.9), 0.4);
});

test("GeniusWeb's goal rounds to six decimals and clamps; the tolerance is the smallest best-second gap", () => {
  // 1 − 0.9^(1/0.2) = 0.40951 exactly; scaled into [0.2, 0.8].
  assert.ok(Math.abs(geniusWebUtilityGoal(0.2, 0.9, 0.2, 0.8) - (0.2 + 0.6 * 0.40951)) < 1e-12);
  // round6 of 1 − 0.3^(1/2) = 0.452277...: 0.452277.
  assert.equal(geniusWebUtilityGoal(2, 0.3, 0, 1), 0.452277);
  assert.equal(geniusWebUtilityGoal(0, 0.7, 0.1, 0.9), 0.9);
  const tables = [Float64Array.of(0.1, 0.5, 0.4), Float64Array.of(0.3, 0), Float64Array.of(0.2)];
  assert.ok(Math.abs(geniusWebTolerance(tables) - 0.1) < 1e-12);
});

test("the aspiration curve uses NegMAS's exponent (the inverse of GENIUS's e)", () => {
  for (const [e, row] of TABLE) {
    if (e === 0) continue;
    TIMES.forEach((t, j) => {
      assert.ok(Math.abs(aspirationTarget(1 / e, t, 0, 1) - row[j]) <= 6e-7);
    });
  }
  assert.ok(Math.abs(aspirationTarget(4, 0.5, 0.3, 0.9) - (0.3 + 0.6 * (1 - 0.5 ** 4))) < 1e-12);
});
