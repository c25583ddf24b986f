/**
 * Pareto filtering under weak dominance, against a naive O(n²) filter: a row is dropped when another row is at
 * least as good in every column and better in one; rows with identical vectors are all kept.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { nonDominated } from "../../src/analysis/nonDominated.ts";

fc.configureGlobal({ includeErrorInReport: true });

/** Row indices not weakly dominated by any other row (integer matrices: exact comparisons). */
function naive(rows: number[][]): number[] {
  return rows.flatMap((a, i) =>
    rows.some((b) => b.every((y, d) => y >= a[d]) && b.some((y, d) => y > a[d])) ? [] : [i],
  );
}

function matrix(rows: number[][], scale = 1, noise: number[] = []): Float64Array {
  const dims = rows[0]?.length ?? 0;
  const m = new Float64Array(rows.length * dims);
  rows.forEach((r, i) => {
    r.forEach((x, d) => {
      m[i * dims + d] = x * scale + (noise[(i * dims + d) % Math.max(noise.length, 1)] ?? 0);
    });
  });
  return m;
}

const rowsArbitrary = fc.integer({ min: 1, max: 4 }).chain((dims) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: dims, maxLength: dims }), {
    maxLength: 80,
  }),
);

describe("nonDominated", () => {
  it("keeps exactly the rows the naive O(n²) filter keeps, for 1 to 4 columns with many ties", () => {
    fc.assert(
      fc.property(rowsArbitrary, (rows) => {
        const dims = rows[0]?.length ?? 1;
        const kept = Array.from(nonDominated(matrix(rows), dims, rows.length)).sort((a, b) => a - b);
        assert.deepEqual(kept, naive(rows));
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it("returns the kept rows in ascending order of the first column", () => {
    fc.assert(
      fc.property(rowsArbitrary, (rows) => {
        const dims = rows[0]?.length ?? 1;
        const kept = Array.from(nonDominated(matrix(rows), dims, rows.length));
        for (let k = 1; k < kept.length; k++) assert.ok(rows[kept[k - 1]][0] <= rows[kept[k]][0]);
      }),
      { seed: 43, numRuns: 200 },
    );
  });

  it("is not fooled by rounding noise of 1e-15 on tenths (0.9 vs 0.9000000000000001)", () => {
    fc.assert(
      fc.property(
        rowsArbitrary,
        fc.array(fc.double({ min: -1e-15, max: 1e-15, noNaN: true }), { minLength: 1, maxLength: 17 }),
        (rows, noise) => {
          const dims = rows[0]?.length ?? 1;
          const kept = Array.from(nonDominated(matrix(rows, 0.1, noise), dims, rows.length)).sort(
            (a, b) => a - b,
          );
          assert.deepEqual(kept, naive(rows));
        },
      ),
      { seed: 44, numRuns: 300 },
    );
  });

  it("keeps every copy of a repeated non-dominated vector and drops every copy of a dominated one", () => {
    // (1, 2) twice, (2, 1), and (1, 1) twice, dominated by (1, 2).
    const rows = [
      [1, 2],
      [1, 1],
      [2, 1],
      [1, 2],
      [1, 1],
    ];
    assert.deepEqual(
      Array.from(nonDominated(matrix(rows), 2, 5)).sort((a, b) => a - b),
      [0, 2, 3],
    );
  });

  it("drops (0.1, 0.9000000000000001) against (0.18, 0.9): the car purchase's phantom frontier point", () => {
    // The dealer's utilities as the tool computed them before the fix: both are 0.9 by hand.
    const m = Float64Array.from([0.10000000000000002, 0.9000000000000001, 0.18000000000000002, 0.9]);
    assert.deepEqual(Array.from(nonDominated(m, 2, 2)), [1]);
  });

  it("returns nothing for no rows", () => {
    assert.equal(nonDominated(new Float64Array(0), 3, 0).length, 0);
  });
});
