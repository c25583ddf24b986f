/**
 * Enumeration of a compiled space against direct evaluation: every outcome's utilities equal `utilityOf` and
 * the exact utility Σ a_i·b_i / (10·Σ a_i); every violation bit equals a direct check of the commitment.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { commitmentsOf } from "../../src/space/commitments.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { decodeOutcome, encodeOutcome, utilityOf } from "../../src/space/outcome.ts";
import { Oracle, scenarioArbitrary } from "./oracle.ts";
import { parsed } from "./randomParse.ts";

const TOLERANCE = 1e-12;

describe("enumerateSpace", () => {
  it("gives every outcome the utilities utilityOf and the exact formula give", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        const space = compileScenario(parsed(s));
        const e = enumerateSpace(space);
        assert.equal(e.size, oracle.size);
        assert.deepEqual(
          e.parties,
          s.parties.map((_, k) => k),
        );
        for (let x = 0; x < e.size; x++) {
          const digits = decodeOutcome(space, x);
          assert.deepEqual(Array.from(digits), oracle.outcomes[x]);
          assert.equal(encodeOutcome(space, digits), x);
          e.parties.forEach((k, slot) => {
            const u = e.utilities[slot][x];
            assert.ok(Math.abs(u - utilityOf(space.parties[k], digits)) <= TOLERANCE);
            assert.ok(Math.abs(u - oracle.utility(k, x)) <= TOLERANCE, `seed ${s.seed} outcome ${x}`);
          });
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it("sets bit c of an outcome exactly when it breaks commitment c (red lines any/all/not, reservations)", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ conflict: true }), (s) => {
        const oracle = new Oracle(s);
        const space = compileScenario(parsed(s));
        const commitments = commitmentsOf(space);
        assert.deepEqual(
          commitments.map((c) => c.key),
          oracle.commitments.map((c) => c.key),
        );
        commitments.forEach((c, bit) => {
          if (c.kind === "reservation")
            assert.ok(Math.abs(c.value - oracle.reservation(c.partyIndex)) <= TOLERANCE);
          else
            assert.equal(
              bit,
              oracle.commitments.findIndex((o) => o.key === c.key),
            );
        });
        const e = enumerateSpace(space, { commitments });
        if (commitments.length === 0) {
          assert.equal(e.violations, null);
          return;
        }
        for (let x = 0; x < e.size; x++) assert.equal(e.violations![x], oracle.violations[x], `outcome ${x}`);
      }),
      { seed: 43, numRuns: 150 },
    );
  });
});
