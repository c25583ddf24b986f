import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { compromisePosition } from "../../src/forecast/compromise.ts";
import {
  condorcetWinners,
  medianActorPosition,
  pairwiseVote,
  weightedMedian,
} from "../../src/forecast/median.ts";
import type { Actor } from "../../src/forecast/types.ts";

const actors = fc.array(
  fc.record({
    name: fc.constant("a"),
    capability: fc.integer({ min: 0, max: 9 }),
    position: fc.integer({ min: 0, max: 20 }),
    salience: fc.constantFrom(0, 0.25, 0.5, 1),
  }),
  { minLength: 1, maxLength: 9 },
);

const weight = (a: Actor) => a.capability * a.salience;

test("the compromise position minimises the weighted quadratic loss (grid oracle)", () => {
  fc.assert(
    fc.property(actors, (as) => {
      fc.pre(as.some((a) => weight(a) > 0));
      const x = compromisePosition(as)!;
      const loss = (t: number) => as.reduce((s, a) => s + weight(a) * (t - a.position) ** 2, 0);
      for (let t = -1; t <= 21; t += 0.05) assert.ok(loss(x) <= loss(t) + 1e-9);
    }),
    { numRuns: 200, seed: 3 },
  );
});

test("the weighted median is a weak Condorcet winner and minimises the weighted absolute loss", () => {
  fc.assert(
    fc.property(actors, (as) => {
      fc.pre(as.some((a) => weight(a) > 0));
      const m = weightedMedian(as)!;
      const winners = condorcetWinners(as);
      assert.ok(winners.includes(m), `${m} not in ${winners}`);
      // Brute force: a winner beats or ties every position.
      for (const j of winners) for (const a of as) assert.ok(pairwiseVote(as, j, a.position) >= -1e-9);
      const loss = (t: number) => as.reduce((s, a) => s + weight(a) * Math.abs(t - a.position), 0);
      for (let t = 0; t <= 20; t += 0.5) assert.ok(loss(m) <= loss(t) + 1e-9);
    }),
    { numRuns: 200, seed: 4 },
  );
});

test("median actor by hand; all-zero weights give no forecast", () => {
  const at = (xs: number[]) => xs.map((position) => ({ name: "a", capability: 1, position, salience: 0 }));
  assert.equal(medianActorPosition(at([5, 1, 9])), 5);
  assert.equal(medianActorPosition(at([5, 1, 9, 7])), 6);
  assert.equal(compromisePosition(at([5, 1])), undefined);
  assert.equal(weightedMedian(at([5, 1])), undefined);
});
