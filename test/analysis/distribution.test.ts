/**
 * The distribution metric (mean distance of every outcome to its nearest frontier point) against brute force,
 * bit for bit: every exact path (grid, k-d tree, outward scan) finds the same nearest squared distance, summed
 * in the same order. Random small cases, including dense frontiers that push the grid over its work bound
 * onto the k-d tree, outcomes on the frontier itself (one integer issue), repeated points and ties.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Candidates, distribution } from "../../src/analysis/bargaining.ts";
import { buildKdTree, nearestSquaredDistance } from "../../src/analysis/nearestPoint.ts";

function bruteForce(frontier: Candidates, columns: Float64Array[], size: number): number {
  const { dims, count, utilities: f } = frontier;
  let total = 0;
  for (let x = 0; x < size; x++) {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < count; r++) {
      let d2 = 0;
      for (let d = 0; d < dims; d++) {
        const g = f[r * dims + d] - columns[d][x];
        d2 += g * g;
      }
      if (d2 < best) best = d2;
    }
    total += Math.sqrt(best);
  }
  return total / size;
}

/** Values on a coarse lattice (ties and repeated points are likely) or anywhere in [0, 1]. */
const coordinate = fc.oneof(
  fc.integer({ min: 0, max: 8 }).map((k) => k / 8),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

const cases = fc.integer({ min: 2, max: 5 }).chain((dims) =>
  fc.record({
    dims: fc.constant(dims),
    frontier: fc.array(fc.array(coordinate, { minLength: dims, maxLength: dims }), {
      minLength: 1,
      maxLength: 300,
    }),
    outcomes: fc.array(fc.array(coordinate, { minLength: dims, maxLength: dims }), {
      minLength: 1,
      maxLength: 400,
    }),
  }),
);

function asInput(c: { dims: number; frontier: number[][]; outcomes: number[][] }) {
  const frontier: Candidates = {
    dims: c.dims,
    count: c.frontier.length,
    utilities: Float64Array.from(c.frontier.flat()),
  };
  const columns = Array.from({ length: c.dims }, (_, d) => Float64Array.from(c.outcomes, (o) => o[d]));
  return { frontier, columns, size: c.outcomes.length };
}

describe("distribution equals brute force", () => {
  it("random point sets, 2 to 5 parties", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { frontier, columns, size } = asInput(c);
        assert.equal(distribution(frontier, columns, size), bruteForce(frontier, columns, size));
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it("dense staircases (outcomes on and under a frontier of many points): the k-d tree path", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 200, max: 3000 }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.integer(),
        (dims, count, curve, seed) => {
          let s = seed >>> 0;
          const rand = () => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return s / 2 ** 32;
          };
          // Points on the surface Σ u_d^curve = 1 (non-dominated), then outcomes: the frontier's points and
          // points under it.
          const frontier: number[][] = [];
          for (let r = 0; r < count; r++) {
            const raw = Array.from({ length: dims }, () => rand() + 1e-9);
            const norm = raw.reduce((a, v) => a + v ** curve, 0) ** (1 / curve);
            frontier.push(raw.map((v) => v / norm));
          }
          const outcomes = [...frontier, ...frontier.map((p) => p.map((v) => v * rand()))];
          const input = asInput({ dims, frontier, outcomes });
          assert.equal(
            distribution(input.frontier, input.columns, input.size),
            bruteForce(input.frontier, input.columns, input.size),
          );
        },
      ),
      { numRuns: 25, seed: 16 },
    );
  });

  it("the k-d tree's nearest squared distance equals a scan, with and without a starting bound", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { frontier } = asInput(c);
        const tree = buildKdTree(frontier.utilities, c.dims, frontier.count);
        for (const q of c.outcomes) {
          let best = Number.POSITIVE_INFINITY;
          for (const p of c.frontier) {
            let d2 = 0;
            for (let d = 0; d < c.dims; d++) d2 += (p[d] - q[d]) ** 2;
            best = Math.min(best, d2);
          }
          assert.ok(Math.abs(nearestSquaredDistance(tree, q) - best) <= 1e-15);
          assert.ok(Math.abs(nearestSquaredDistance(tree, q, best + 1e-3) - best) <= 1e-15);
        }
      }),
      { numRuns: 200, seed: 16 },
    );
  });
});
