import assert from "node:assert/strict";
import { test } from "node:test";
import { diagnoseDeadlock, type Relaxation } from "../../src/analysis/deadlock.ts";
import { diagnoseDeadlockByFrontier } from "../../src/analysis/deadlockByFrontier.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { commitmentsOf } from "../../src/space/commitments.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { syntheticScenario } from "../../src/space/synthetic.ts";
import { mulberry32 } from "../../src/util/random.ts";

/** Random small scenarios with high reservation values and single-issue red lines: often deadlocked. */
function randomScenario(seed: number): Scenario {
  const rand = mulberry32(seed);
  const issues = 2 + Math.floor(rand() * 3);
  const s = syntheticScenario({
    optionsPerIssue: Array.from({ length: issues }, () => 2 + Math.floor(rand() * 3)),
    parties: 2 + Math.floor(rand() * 2),
    seed,
  });
  for (const p of s.parties) {
    p.reservation = Math.round(rand() * 0.8 * 100) / 100;
    p.redLines = [];
    const count = Math.floor(rand() * 3);
    for (let r = 0; r < count; r++) {
      const issue = s.issues[Math.floor(rand() * s.issues.length)] as {
        id: string;
        options: { id: string }[];
      };
      const allowed = issue.options.filter(() => rand() < 0.5).map((o) => o.id);
      if (allowed.length === 0) allowed.push(issue.options[0].id);
      p.redLines.push({
        id: `r${r}`,
        statement: "random",
        status: "inferred",
        requires: { issue: issue.id, in: allowed },
      });
    }
  }
  return s;
}

const sets = (xs: { commitments?: string[]; relax?: string[] }[]) =>
  xs.map((x) => [...(x.commitments ?? x.relax ?? [])].sort().join("+")).sort();

test("diagnoseDeadlockByFrontier finds the same blocking sets, relaxations, drops and Nash products as enumeration", () => {
  let deadlocked = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const space = compileScenario(randomScenario(seed));
    const commitments = commitmentsOf(space);
    const enumerated = diagnoseDeadlock(space, enumerateSpace(space, { commitments }), commitments);
    const byFrontier = diagnoseDeadlockByFrontier(space, commitments);
    assert.equal(
      byFrontier === null,
      enumerated === null,
      `seed ${seed}: both agree whether the zone is empty`,
    );
    if (!enumerated || !byFrontier) continue;
    deadlocked++;
    assert.deepEqual(
      sets(byFrontier.blockingSets),
      sets(enumerated.blockingSets),
      `seed ${seed}: blocking sets`,
    );
    assert.deepEqual(sets(byFrontier.relaxations), sets(enumerated.relaxations), `seed ${seed}: relaxations`);
    for (const r of enumerated.relaxations) {
      const twin: Relaxation = byFrontier.relaxations.find((x) => x.relax.join() === r.relax.join())!;
      const drops = (x: Relaxation) => x.reservationDrops.map((d) => d.drop);
      // Both pick the opening outcome with the smallest largest drop; the largest drop must agree.
      assert.ok(
        Math.abs(Math.max(0, ...drops(r)) - Math.max(0, ...drops(twin))) < 1e-9,
        `seed ${seed}: drops`,
      );
      const nashProduct = (x: Relaxation) => {
        if (!x.opens.nash) return null;
        const d = space.negotiators.map((k) => {
          const low = x.reservationDrops.find((l) => l.party === space.parties[k].id);
          return low ? low.to : space.parties[k].reservation;
        });
        return space.negotiators.reduce(
          (p, k, j) => p * (x.opens.nash!.utilities[space.parties[k].id] - d[j]),
          1,
        );
      };
      const a = nashProduct(r);
      const b = nashProduct(twin);
      assert.ok(
        a !== null && b !== null && Math.abs(a - b) < 1e-9,
        `seed ${seed}: Nash product ${a} vs ${b}`,
      );
      assert.deepEqual(
        twin.widenings.map((w) => `${w.issue}=${w.option}`).sort(),
        r.widenings.map((w) => `${w.issue}=${w.option}`).sort(),
        `seed ${seed}: widenings`,
      );
    }
  }
  assert.ok(deadlocked >= 20, `the generator produced enough deadlocks to test (${deadlocked})`);
});
