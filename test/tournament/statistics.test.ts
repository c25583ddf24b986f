import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  bootstrapMeanInterval,
  holm,
  normalUpperTail,
  quantileSorted,
  wilcoxonSignedRank,
} from "../../src/tournament/statistics.ts";
import { mulberry32 } from "../../src/util/random.ts";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

/** Brute force: every one of the 2^n sign assignments of the (average) ranks, counted. */
function exactByEnumeration(d: number[]): number {
  const nz = d.filter((x) => x !== 0);
  const abs = nz.map(Math.abs);
  const rank = abs.map((a) => {
    const below = abs.filter((b) => b < a).length;
    const equal = abs.filter((b) => b === a).length;
    return below + (equal + 1) / 2;
  });
  const w = nz.reduce((s, x, i) => s + (x > 0 ? rank[i] : 0), 0);
  let le = 0;
  let ge = 0;
  const n = nz.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s += rank[i];
    if (s <= w + 1e-9) le++;
    if (s >= w - 1e-9) ge++;
  }
  return Math.min(1, (2 * Math.min(le, ge)) / 2 ** n);
}

describe("wilcoxonSignedRank", () => {
  it("all five differences positive: W+ = 15, exact two-sided p = 2/32", () => {
    const t = wilcoxonSignedRank([1, 2, 3, 4, 5]);
    assert.equal(t.statistic, 15);
    assert.equal(t.method, "exact");
    close(t.p, 2 / 32);
  });

  it("one negative of five: W+ = 13; subsets of {1..5} summing to ≥ 13 are 3 (complements of {}, {1}, {2}), p = 6/32", () => {
    const t = wilcoxonSignedRank([1, -2, 3, 4, 5]);
    assert.equal(t.statistic, 13);
    close(t.p, 6 / 32);
  });

  it("drops zero differences and averages tied ranks: [0, 1, -1, 2] → ranks 1.5, 1.5, 3; W+ = 4.5", () => {
    const t = wilcoxonSignedRank([0, 1, -1, 2]);
    assert.equal(t.n, 3);
    assert.equal(t.pairs, 4);
    assert.equal(t.statistic, 4.5);
    // Sign assignments of ranks {1.5, 1.5, 3}: sums 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6; P(W ≥ 4.5) = 3/8, P(W ≤ 4.5) = 7/8.
    close(t.p, 6 / 8);
  });

  it("every difference zero: p = 1", () => {
    const t = wilcoxonSignedRank([0, 0, 0]);
    assert.equal(t.n, 0);
    assert.equal(t.p, 1);
  });

  it("exact p equals brute-force enumeration of sign assignments, ties included", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 12 }), (d) => {
        close(wilcoxonSignedRank(d).p, exactByEnumeration(d), 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("normal approximation above 50 pairs, with the tie correction, by hand", () => {
    // 60 differences: 30 of +1 and 30 of −2 … plus one distinct to break symmetry: use 40 × (+1), 20 × (−2).
    const d = [...Array(40).fill(1), ...Array(20).fill(-2)];
    const t = wilcoxonSignedRank(d);
    assert.equal(t.method, "normal");
    // Ranks: the forty 1s share ranks 1..40 (average 20.5); the twenty 2s share 41..60 (average 50.5).
    assert.equal(t.statistic, 40 * 20.5);
    const n = 60;
    const mu = (n * (n + 1)) / 4; // 915
    const variance = (n * (n + 1) * (2 * n + 1)) / 24 - (40 ** 3 - 40 + (20 ** 3 - 20)) / 48; // 18452.5 − 1498.75
    const z = (820 - mu) / Math.sqrt(variance);
    close(t.z!, z, 1e-12);
    close(t.p, 2 * normalUpperTail(Math.abs(z)), 1e-12);
  });

  it("normalUpperTail matches known values of the standard normal", () => {
    close(normalUpperTail(0), 0.5, 1e-7);
    close(normalUpperTail(1.959963984540054), 0.025, 1e-7);
    close(normalUpperTail(-1), 0.8413447460685429, 1e-7);
    close(normalUpperTail(3), 0.0013498980316301, 1e-8);
  });
});

describe("holm", () => {
  it("multiplies the i-th smallest by m − i + 1 and keeps the sequence non-decreasing, by hand", () => {
    // Sorted: 0.01 (×4 = 0.04), 0.02 (×3 = 0.06), 0.03 (×2 = 0.06), 0.5 (×1 = 0.5).
    assert.deepEqual(
      holm([0.03, 0.5, 0.01, 0.02]).map((x) => Number(x.toFixed(12))),
      [0.06, 0.5, 0.04, 0.06],
    );
    // Monotonicity: 0.04 × 3 = 0.12 first; 0.05 × 2 = 0.10 would fall below it, so it stays 0.12.
    assert.deepEqual(
      holm([0.05, 0.04, 0.2]).map((x) => Number(x.toFixed(12))),
      [0.12, 0.12, 0.2],
    );
    assert.deepEqual(holm([0.9, 0.8]), [1, 1]);
    assert.deepEqual(holm([]), []);
  });
});

describe("bootstrapMeanInterval", () => {
  it("is deterministic under its seed and different under another", () => {
    const v = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.55];
    assert.deepEqual(bootstrapMeanInterval(v, { seed: 3 }), bootstrapMeanInterval(v, { seed: 3 }));
    assert.notDeepEqual(bootstrapMeanInterval(v, { seed: 3 }), bootstrapMeanInterval(v, { seed: 4 }));
  });

  it("equals resampling written out with mulberry32(seed) and the type-7 quantiles of the sorted means", () => {
    const v = Array.from({ length: 37 }, (_, i) => Math.sin(i * 1.7));
    const rng = mulberry32(11);
    const means = new Float64Array(500);
    for (let r = 0; r < 500; r++) {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[Math.floor(rng() * v.length)];
      means[r] = s / v.length;
    }
    means.sort();
    const h = (q: number) => {
      const x = (means.length - 1) * q;
      const lo = Math.floor(x);
      return means[lo] + (x - lo) * (means[lo + 1] - means[lo]);
    };
    const got = bootstrapMeanInterval(v, { seed: 11, resamples: 500 });
    // (1 − 0.95)/2 is 0.025 up to rounding in the last place.
    close(got.lo, h(0.025), 1e-15);
    close(got.hi, h(0.975), 1e-15);
  });

  it("a constant sample gives [c, c]; none gives NaN", () => {
    assert.deepEqual(bootstrapMeanInterval([0.25, 0.25, 0.25], { seed: 1 }), { lo: 0.25, hi: 0.25 });
    assert.ok(Number.isNaN(bootstrapMeanInterval([], { seed: 1 }).lo));
  });

  it("two values: the resample means are 0, 1/2, 1 with chances 1/4, 1/2, 1/4; the 95 % interval is [0, 1]", () => {
    // With 2000 resamples, the 2.5 % and 97.5 % quantiles fall in the 0 and 1 masses.
    assert.deepEqual(bootstrapMeanInterval([0, 1], { seed: 9, resamples: 2000 }), { lo: 0, hi: 1 });
    // A 40 % interval lies inside the middle mass (0.3..0.7 of the distribution): [1/2, 1/2].
    assert.deepEqual(bootstrapMeanInterval([0, 1], { seed: 9, resamples: 2000, level: 0.4 }), {
      lo: 0.5,
      hi: 0.5,
    });
  });

  it("quantileSorted interpolates between order statistics (type 7)", () => {
    close(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
    close(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
    close(quantileSorted([5], 0.9), 5);
  });
});
