/**
 * Utilities are computed in space/utility.ts only: the enumeration, the sample and the decomposition frontier
 * give what `utilityOf` gives, the cap included (GENIUS shop: the seller's weights sum to 1.1).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { frontierByDecomposition } from "../../src/analysis/frontier.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { decodeOutcome } from "../../src/space/outcome.ts";
import { sampleSpace } from "../../src/space/sample.ts";
import { utilityOf, utilityRangeOf } from "../../src/space/utility.ts";
import { REPO_ROOT } from "../support/shared.ts";

const { scenario } = loadScenarioFromPaths([join(REPO_ROOT, "test", "formats", "fixtures", "genius-shop")]);
const space = compileScenario(scenario);

test("the shop's seller is capped: its uncapped best would exceed 1", () => {
  const seller = space.parties.find((p) => p.cap !== Number.POSITIVE_INFINITY)!;
  assert.equal(seller.cap, 1);
  const uncappedBest = seller.tables.reduce((s, t) => s + Math.max(...t), 0);
  assert.ok(uncappedBest > 1, String(uncappedBest));
});

test("enumerateSpace(space) gives utilityOf(party, outcome) for every outcome and party, cap included", () => {
  const e = enumerateSpace(space);
  for (let x = 0; x < space.size; x++) {
    const d = decodeOutcome(space, x);
    e.parties.forEach((k, slot) => assert.equal(e.utilities[slot][x], utilityOf(space.parties[k], d)));
  }
  for (const u of e.utilities) assert.ok(Math.max(...u) <= 1);
});

test("sampleSpace gives utilityOf for every sampled outcome", () => {
  const s = sampleSpace(space, 200, 7);
  const n = space.issues.length;
  for (let r = 0; r < s.count; r++)
    s.parties.forEach((k, slot) =>
      assert.equal(s.utilities[slot][r], utilityOf(space.parties[k], s.digits.subarray(r * n, r * n + n))),
    );
});

test("frontierByDecomposition's points carry capped utilities and none is dominated", () => {
  const f = frontierByDecomposition(space, space.negotiators);
  const n = space.issues.length;
  const dims = space.negotiators.length;
  for (let r = 0; r < f.count; r++) {
    const d = f.digits.subarray(r * n, r * n + n);
    space.negotiators.forEach((k, j) =>
      assert.equal(f.utilities[r * dims + j], utilityOf(space.parties[k], d)),
    );
  }
});

test("utilityRangeOf is the min and max of utilityOf over every completion of the free issues", () => {
  const fixed = space.issues.map((_, i) => i === 0);
  for (const party of space.parties.filter((p) => p.hasPreferences))
    for (let k = 0; k < space.radix[0]; k++) {
      const us: number[] = [];
      for (let x = 0; x < space.size; x++) {
        const d = decodeOutcome(space, x);
        if (d[0] === k) us.push(utilityOf(party, d));
      }
      const digits = new Int32Array(space.issues.length);
      digits[0] = k;
      const [lo, hi] = utilityRangeOf(party, digits, fixed);
      assert.ok(Math.abs(lo - Math.min(...us)) < 1e-12 && Math.abs(hi - Math.max(...us)) < 1e-12);
    }
});
