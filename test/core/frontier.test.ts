/**
 * The Pareto frontier against a brute-force oracle: the decomposition (Pareto-pruned Minkowski sums) and the
 * frontier of enumerated outcomes equal the naive O(n²) weak-dominance filter of the enumerated space, as
 * multisets of outcomes (outcomes with identical utilities all kept), with utilities to 1e-9.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { analyze } from "../../src/analysis/analyze.ts";
import { type Frontier, frontierByDecomposition, frontierOfOutcomes } from "../../src/analysis/frontier.ts";
import { isZopaError } from "../../src/errors.ts";
import { commitmentsOf } from "../../src/space/commitments.ts";
import { type CompiledSpace, compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { Oracle, scenarioArbitrary, sortedKeys } from "./oracle.ts";
import { parsed } from "./randomParse.ts";

const TOLERANCE = 1e-9;

/** Frontier rows as outcome keys, after checking each row's utilities against the exact ones. */
function frontierKeys(space: CompiledSpace, f: Frontier, oracle: Oracle): string[] {
  const n = space.issues.length;
  const dims = f.parties.length;
  const keys: string[] = [];
  for (let r = 0; r < f.count; r++) {
    const digits = Array.from(f.digits.subarray(r * n, r * n + n));
    const x = oracle.outcomes.findIndex((d) => d.every((k, i) => k === digits[i]));
    assert.ok(x >= 0);
    f.parties.forEach((p, d) => {
      assert.ok(Math.abs(f.utilities[r * dims + d] - oracle.utility(p, x)) <= TOLERANCE);
    });
    keys.push(oracle.key(x));
  }
  return keys;
}

describe("Pareto frontier", () => {
  it("frontierByDecomposition equals the brute-force frontier of the enumerated space, duplicates included", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        const space = compileScenario(parsed(s));
        assert.deepEqual(space.negotiators, oracle.negotiators);
        const f = frontierByDecomposition(space, space.negotiators);
        const expected = oracle.frontier(oracle.outcomes.map((_, x) => x)).map((x) => oracle.key(x));
        assert.deepEqual(sortedKeys(frontierKeys(space, f, oracle)), sortedKeys(expected), `seed ${s.seed}`);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it("frontierByDecomposition over every party (mediators too) equals brute force", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        const space = compileScenario(parsed(s));
        const everyone = s.parties.map((_, k) => k);
        const f = frontierByDecomposition(space, everyone);
        const expected = oracle.frontier(
          oracle.outcomes.map((_, x) => x),
          everyone,
        );
        assert.deepEqual(
          sortedKeys(frontierKeys(space, f, oracle)),
          sortedKeys(expected.map((x) => oracle.key(x))),
          `seed ${s.seed}`,
        );
      }),
      { seed: 43, numRuns: 80 },
    );
  });

  it("the frontier of the enumerated zone equals the brute-force frontier of the zone", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        const space = compileScenario(parsed(s));
        const e = enumerateSpace(space, { commitments: commitmentsOf(space) });
        const v = e.violations; // null when there are no commitments: every outcome is in the zone
        const f = frontierOfOutcomes(space, e, space.negotiators, v ? (x) => v[x] === 0 : undefined);
        const expected = oracle.frontier(oracle.zone()).map((x) => oracle.key(x));
        assert.deepEqual(sortedKeys(frontierKeys(space, f, oracle)), sortedKeys(expected), `seed ${s.seed}`);
      }),
      { seed: 44, numRuns: 120 },
    );
  });

  it("analyze with over: zone reports the brute-force zone frontier, and with over: all the whole one", () => {
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        const scenario = parsed(s);
        for (const over of ["zone", "all"] as const) {
          const a = analyze(scenario, { over });
          const outcomes = over === "zone" ? oracle.zone() : oracle.outcomes.map((_, x) => x);
          const expected = oracle.frontier(outcomes);
          assert.equal(a.pareto.size, expected.length, `seed ${s.seed} over ${over}`);
          assert.deepEqual(
            sortedKeys(a.pareto.points.map((p) => oracle.keyOfRecord(p.outcome))),
            sortedKeys(expected.map((x) => oracle.key(x))),
            `seed ${s.seed} over ${over}`,
          );
          for (const p of a.pareto.points) {
            const x = oracle.indexOfRecord(p.outcome);
            s.parties.forEach((party, k) => {
              assert.ok(Math.abs(p.utilities[party.id] - oracle.utility(k, x)) <= TOLERANCE);
            });
          }
        }
      }),
      { seed: 45, numRuns: 100 },
    );
  });
  it("beyond the enumeration limit, the decomposition gives the same zone frontier and emptiness as brute force", () => {
    let decomposed = 0;
    fc.assert(
      fc.property(scenarioArbitrary(), (s) => {
        const oracle = new Oracle(s);
        let a: ReturnType<typeof analyze>;
        try {
          a = analyze(parsed(s), { over: "zone", enumerationLimit: 0 });
        } catch (e) {
          // Red lines with "any"/"not" across issues need enumeration: a clear error, not a wrong answer.
          assert.ok(isZopaError(e, "size-limit") && /"any" or "not"/.test(e.message), String(e));
          return;
        }
        decomposed++;
        assert.equal(a.space.enumerated, false);
        const zone = oracle.zone();
        assert.equal(a.agreementZone.empty, zone.length === 0, `seed ${s.seed}`);
        assert.deepEqual(
          sortedKeys(a.pareto.points.map((p) => oracle.keyOfRecord(p.outcome))),
          sortedKeys(oracle.frontier(zone).map((x) => oracle.key(x))),
          `seed ${s.seed}`,
        );
      }),
      { seed: 46, numRuns: 100 },
    );
    assert.ok(decomposed >= 30, `only ${decomposed} of 100 scenarios took the decomposition path`);
  });
});
