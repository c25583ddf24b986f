import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { outcomeIndexOf, sortByValue } from "../../src/negotiation/outcomeIndex.ts";
import { createRandom } from "../../src/negotiation/random.ts";
import { decodeOutcome, utilityOf } from "../../src/space/outcome.ts";
import { syntheticSpace } from "./synthetic.ts";

test("the PRNG is deterministic, uniform enough, and forks independent streams", () => {
  const a = createRandom(42);
  const b = createRandom(42);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b.next()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
  const counts = new Array(6).fill(0);
  const c = createRandom(7);
  for (let k = 0; k < 6000; k++) counts[c.int(6)]++;
  assert.ok(
    counts.every((n) => n > 850 && n < 1150),
    String(counts),
  );
  assert.notDeepEqual(
    Array.from({ length: 5 }, createRandom(42).fork(1).next),
    Array.from({ length: 5 }, createRandom(42).fork(2).next),
  );
  assert.notEqual(createRandom(1).next(), createRandom(2).next());
});

test("the index holds exactly the acceptable outcomes, sorted, and nearest() matches a scan", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const space = syntheticSpace([3, 4, 2, 3], seed, { maxReservation: 0.6, redLines: true });
    for (let k = 0; k < 2; k++) {
      const party = space.parties[k];
      const index = outcomeIndexOf(space, k, { fresh: true });
      const ev = evaluatorOf(space, k);
      // Oracle: scan the space, utility from decoded digits.
      const expected: number[] = [];
      for (let x = 0; x < space.size; x++) {
        const u = utilityOf(party, decodeOutcome(space, x));
        assert.ok(Math.abs(u - ev.utility(x)) < 1e-12);
        if (ev.acceptable(x)) expected.push(x);
      }
      assert.deepEqual(
        Array.from(index.outcomes).sort((a, b) => a - b),
        expected,
      );
      for (let r = 1; r < index.size; r++) assert.ok(index.utilities[r] >= index.utilities[r - 1]);
      for (const target of [-0.1, 0, 0.13, 0.5, 0.77, 0.999, 1.2]) {
        const p = index.nearest(target);
        if (index.size === 0) {
          assert.equal(p, -1);
          continue;
        }
        let best = Number.POSITIVE_INFINITY;
        for (const x of expected) best = Math.min(best, Math.abs(ev.utility(x) - target));
        assert.ok(Math.abs(Math.abs(index.utilities[p] - target) - best) < 1e-12);
        const lb = index.lowerBound(target);
        assert.equal(lb, expected.filter((x) => ev.utility(x) < target).length);
      }
    }
  }
});

test("spaces over the limit get a sampled index of acceptable outcomes including the best one", () => {
  const space = syntheticSpace([5, 5, 5, 5], 9, { maxReservation: 0.4 });
  const index = outcomeIndexOf(space, 0, { limit: 100, sampleSize: 200 });
  assert.equal(index.kind, "sampled");
  assert.ok(index.size > 50 && index.size <= 201);
  const ev = evaluatorOf(space, 0);
  for (let r = 0; r < index.size; r++) {
    assert.ok(ev.acceptable(index.outcomes[r]));
    assert.equal(index.utilities[r], ev.utility(index.outcomes[r]));
  }
  assert.ok(Math.abs(index.utilities[index.size - 1] - ev.best) < 1e-12);
});

test("the radix sort orders by value stably, negatives and zeros included", () => {
  const rng = createRandom(3);
  const values = Float64Array.from({ length: 5000 }, (_, k) =>
    k % 7 === 0
      ? -0
      : k % 5 === 0
        ? 0.25
        : k % 3 === 0
          ? 0.5 + rng.int(1000) * 1e-12 // distinct values that float32 merges
          : (rng.next() - 0.3) * 10 ** (rng.int(7) - 3),
  );
  const items = Uint32Array.from({ length: 5000 }, (_, k) => k);
  const expected = Array.from(items).sort((a, b) => values[a] - values[b] || a - b);
  assert.deepEqual(Array.from(sortByValue(items, values)), expected);
});

test("the radix sort falls back to an exact sort when float32 merges many distinct values", () => {
  const values = Float64Array.from({ length: 3000 }, (_, k) => 0.5 + (3000 - k) * 1e-13);
  const items = Uint32Array.from({ length: 3000 }, (_, k) => k);
  const expected = Array.from(items).sort((a, b) => values[a] - values[b] || a - b);
  assert.deepEqual(Array.from(sortByValue(items, values)), expected);
});
