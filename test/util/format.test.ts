import assert from "node:assert/strict";
import { test } from "node:test";
import {
  byMagnitude,
  count,
  fixed,
  intervals,
  onScale,
  percent,
  rounded,
  signed,
} from "../../src/util/format.ts";

test("fixed(x, digits) reads '–' for null, undefined and NaN", () => {
  assert.equal(fixed(0.5, 4), "0.5000");
  assert.equal(fixed(null, 3), "–");
  assert.equal(fixed(undefined, 3), "–");
  assert.equal(fixed(Number.NaN, 3), "–");
});

test("signed(x, digits) puts + before positive numbers only", () => {
  assert.equal(signed(0.125, 3), "+0.125");
  assert.equal(signed(-0.25, 3), "-0.250");
  assert.equal(signed(0, 3), "0.000");
  assert.equal(signed(null, 3), "–");
});

test("rounded(x, digits) gives the shortest form after rounding", () => {
  assert.equal(rounded(0.79000001, 3), "0.79");
  assert.equal(rounded(1, 4), "1");
  assert.equal(rounded(0.56249, 4), "0.5625");
});

test("byMagnitude and onScale use fewer decimals for larger numbers, '–' when not finite", () => {
  assert.deepEqual([0.125, 9.9999, 10, 99.5, 100, 1234.56].map(onScale), [
    "0.125",
    "10.000",
    "10.00",
    "99.50",
    "100.0",
    "1234.6",
  ]);
  assert.equal(byMagnitude(12.34, [2, 1]), "12.3");
  assert.equal(byMagnitude(1.234, [2, 1]), "1.23");
  assert.equal(onScale(Number.POSITIVE_INFINITY), "–");
  assert.equal(onScale(undefined), "–");
});

test("count, percent and intervals", () => {
  assert.equal(count(1234567), "1,234,567");
  assert.equal(percent(0.125, 1), "12.5");
  assert.equal(intervals([]), "∅");
  assert.equal(
    intervals([
      { lo: 0.1, hi: 0.45 },
      { lo: 0.6, hi: 0.8 },
    ]),
    "(0.10, 0.45) ∪ (0.60, 0.80)",
  );
});
