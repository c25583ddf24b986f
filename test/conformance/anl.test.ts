/**
 * ANL 2022: every domain's published answers (specials.json, computed by the league organisers with the
 * GENIUS definitions) reproduced to 1e-6: size, the full Pareto frontier (bids and utilities), Nash, Kalai
 * (our equal-utility point), social welfare, opposition and distribution.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { needsShared } from "../support/shared.ts";
import { bidKey, load, originalBid, shared, utilities } from "./support.ts";

const TOL = 1e-6;
const skip = needsShared("ANL scenarios");
const domains = skip.skip
  ? []
  : readdirSync(shared("anl"))
      .filter((d) => existsSync(shared("anl", d, "specials.json")))
      .sort();

interface Special {
  bid: Record<string, string>;
  utility: [number, number];
}

function close(actual: number[], expected: number[], what: string): void {
  actual.forEach((x, k) =>
    assert.ok(
      Math.abs(x - expected[k]) <= TOL,
      `${what}: got ${actual.join(", ")}, expected ${expected.join(", ")}`,
    ),
  );
}

describe("ANL 2022 scenarios against specials.json", skip, () => {
  test("all 25 domains are present", () => assert.equal(domains.length, 25));
  for (const domain of domains)
    test(domain, () => {
      const truth = JSON.parse(readFileSync(shared("anl", domain, "specials.json"), "utf8"));
      const scenario = load(shared("anl", domain));
      const a = analyze(scenario, { solutionsOver: "all" });
      const parties = ["profileA", "profileB"];
      assert.deepEqual(a.negotiators, parties);
      assert.equal(a.space.size, truth.size, "size");

      // The frontier as a set of bids, each with its utilities.
      const ours = new Map(a.pareto.points.map((p) => [bidKey(originalBid(scenario, p.outcome)), p]));
      const theirs = new Map((truth.pareto_front as Special[]).map((s) => [bidKey(s.bid), s]));
      assert.equal(ours.size, a.pareto.size, "distinct bids on our frontier");
      assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort(), "Pareto frontier bids");
      for (const [key, s] of theirs)
        close(utilities(ours.get(key)!, parties), s.utility, `frontier bid ${key}`);

      for (const [name, ours, theirs] of [
        ["Nash", a.solutions.nash, truth.nash],
        ["Kalai", a.solutions.equalUtility, truth.kalai],
        ["social welfare", a.solutions.welfare, truth.social_welfare],
      ] as const)
        assert.equal(bidKey(originalBid(scenario, ours!.outcome)), bidKey(theirs.bid), `${name} bid`);
      close(utilities(a.solutions.nash, parties), truth.nash.utility, "Nash");
      close(utilities(a.solutions.equalUtility, parties), truth.kalai.utility, "Kalai (equal utility)");
      close(utilities(a.solutions.welfare, parties), truth.social_welfare.utility, "social welfare");
      assert.ok(
        Math.abs(a.metrics.opposition! - truth.opposition) <= TOL,
        `opposition ${a.metrics.opposition} vs ${truth.opposition}`,
      );
      assert.ok(
        Math.abs(a.metrics.distribution! - truth.distribution) <= TOL,
        `distribution ${a.metrics.distribution} vs ${truth.distribution}`,
      );
    });
});
