import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { contains, intersect, normalise } from "../../src/forecast/interval.ts";
import { asymmetricNash } from "../../src/forecast/nashBargaining.ts";
import { twoLevelZone } from "../../src/forecast/twoLevel.ts";
import { type Member, quotaWinSet, unanimityWinSet } from "../../src/forecast/winSet.ts";

// Brute-force oracle: does the rule ratify x over q, counting who strictly prefers x?
function ratifies(members: Member[], q: number, x: number, rule: "unanimity" | number): boolean {
  const prefers = (m: Member) => Math.abs(x - m.position) < Math.abs(q - m.position);
  if (rule === "unanimity") return members.every(prefers);
  const total = members.reduce((s, m) => s + m.weight, 0);
  const support = members.filter(prefers).reduce((s, m) => s + m.weight, 0);
  return support >= rule * total - 1e-9 && members.every((m) => !m.veto || prefers(m));
}

const member = fc.record({
  name: fc.constant("m"),
  position: fc.integer({ min: 0, max: 20 }),
  weight: fc.integer({ min: 1, max: 5 }),
  veto: fc.boolean(),
});

test("win-sets agree with a brute-force vote on a fine grid (unanimity and quotas)", () => {
  fc.assert(
    fc.property(
      fc.array(member, { minLength: 1, maxLength: 7 }),
      fc.integer({ min: 0, max: 20 }),
      fc.constantFrom(0.5, 2 / 3, 0.3, 1),
      (members, q, quota) => {
        const u = unanimityWinSet(members, q);
        const w = quotaWinSet(members, q, quota);
        // Grid of quarter steps offset by 1/8 so no grid point sits on an interval end (ends are integers or halves).
        for (let x = -25.125; x <= 45; x += 0.25) {
          assert.equal(contains(u, x), ratifies(members, q, x, "unanimity"), `unanimity x=${x}`);
          assert.equal(contains(w, x), ratifies(members, q, x, quota), `quota ${quota} x=${x}`);
        }
      },
    ),
    { numRuns: 150, seed: 11 },
  );
});

test("interval algebra: intersection of open intervals; touching ends do not merge", () => {
  assert.deepEqual(intersect([{ lo: 0, hi: 5 }], [{ lo: 3, hi: 9 }]), [{ lo: 3, hi: 5 }]);
  assert.deepEqual(intersect([{ lo: 0, hi: 3 }], [{ lo: 3, hi: 9 }]), []);
  assert.deepEqual(
    normalise([
      { lo: 3, hi: 9 },
      { lo: 0, hi: 3 },
    ]),
    [
      { lo: 0, hi: 3 },
      { lo: 3, hi: 9 },
    ],
  );
});

test("two-level zone: overlap of domestic win-sets, and the diagnosis when it is empty", () => {
  // q = 0. A's constituency (unanimity): ideals 4 and 10 → W_A = (0, 8). B's (majority): weights 3 at 6, 1 at −2 →
  // pivot 6 → W_B = (0, 12). Zone = (0, 8).
  const A = { party: "A", rule: { rule: "unanimity" } as const, members: [m("a1", 4), m("a2", 10)] };
  const B = {
    party: "B",
    rule: { rule: "quota", quota: 0.5 } as const,
    members: [m("b1", 6, 3), m("b2", -2, 1)],
  };
  const open = twoLevelZone([A, B], 0);
  assert.deepEqual(open.zone, [{ lo: 0, hi: 8 }]);
  assert.equal(open.diagnosis, undefined);
  // C wants only moves down: b-like majority at −5 (weight 3) vs 1 at 7 → W_C = (−10, 0). Zone empty.
  const C = {
    party: "C",
    rule: { rule: "quota", quota: 0.5 } as const,
    members: [m("c1", -5, 3), m("c2", 7, 1)],
  };
  const closed = twoLevelZone([A, C], 0);
  assert.deepEqual(closed.zone, []);
  const up = closed.diagnosis!.find((d) => d.direction === "up")!;
  // Moving up is blocked by C's quota: support 1 of 4, needs 2 → 1 more unit of weight.
  assert.deepEqual(
    up.blockers.map((b) => [b.party, b.member, b.by, b.unit]),
    [["C", undefined, 1, "weight"]],
  );
  const down = closed.diagnosis!.find((d) => d.direction === "down")!;
  // Moving down is blocked by both of A's veto players, by their distance past q.
  assert.deepEqual(
    down.blockers.map((b) => [b.party, b.member, b.by]),
    [
      ["A", "a1", 4],
      ["A", "a2", 10],
    ],
  );
});

function m(name: string, position: number, weight = 1): Member {
  return { name, position, weight };
}

test("asymmetric Nash: symmetric players meet halfway; the result maximises the Nash product (grid oracle)", () => {
  const q = 0;
  // Ideals 4 and 8, equal weights: maximise log(16 − (x−4)²) + log(64 − (x−8)²) on (0, 8).
  const x = asymmetricNash(
    [
      { name: "a", position: 4, weight: 1 },
      { name: "b", position: 8, weight: 1 },
    ],
    q,
    [{ lo: -100, hi: 100 }],
  )!;
  const product = (t: number) => (16 - (t - 4) ** 2) * (64 - (t - 8) ** 2);
  let best = 0;
  for (let t = 0.0005; t < 8; t += 0.001) if (product(t) > product(best)) best = t;
  assert.ok(Math.abs(x - best) < 2e-3, `${x} vs grid ${best}`);
  // A heavier weight pulls the solution towards that player; an empty feasible set gives undefined.
  const pulled = asymmetricNash(
    [
      { name: "a", position: 4, weight: 1 },
      { name: "b", position: 8, weight: 3 },
    ],
    q,
    [{ lo: -100, hi: 100 }],
  )!;
  assert.ok(pulled > x);
  assert.equal(
    asymmetricNash(
      [
        { name: "a", position: 4, weight: 1 },
        { name: "b", position: -4, weight: 1 },
      ],
      q,
      [{ lo: -100, hi: 100 }],
    ),
    undefined,
  );
});
