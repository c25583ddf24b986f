/**
 * GENIUS semantics in the analysis, against a brute-force oracle over every outcome of the shop fixture:
 * weights kept as given with utilities capped at 1 (the seller's weights sum to 1.1), and discounting at a
 * time t (utilities, caps and reservation values times d^t).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { decodeOutcome, utilityOf } from "../../src/space/outcome.ts";
import { REPO_ROOT } from "../support/shared.ts";

const { scenario } = loadScenarioFromPaths([join(REPO_ROOT, "test", "formats", "fixtures", "genius-shop")]);

/** Every outcome's utilities, straight from the compiled tables with the cap applied per outcome. */
function bruteForce(time?: number): { vectors: number[][]; rv: number[] } {
  const space = compileScenario(scenario, null, { time });
  const vectors: number[][] = [];
  for (let x = 0; x < space.size; x++) {
    const d = decodeOutcome(space, x);
    vectors.push(space.parties.map((p) => utilityOf(p, d)));
  }
  return { vectors, rv: space.parties.map((p) => p.reservation) };
}

function paretoKeys(vectors: number[][]): Set<string> {
  const dominated = (a: number[], b: number[]) => a.every((x, k) => x >= b[k]) && a.some((x, k) => x > b[k]);
  return new Set(
    vectors
      .filter((v) => !vectors.some((w) => dominated(w, v)))
      .map((v) => v.map((x) => x.toFixed(12)).join()),
  );
}

describe("capping and discounting in the analysis (brute-force oracle)", () => {
  test("the seller's utility is capped at 1, and the frontier is that of the capped utilities", () => {
    const { vectors } = bruteForce();
    assert.ok(
      vectors.some((v) => v[1] === 1),
      "some outcome reaches the cap",
    );
    assert.ok(Math.max(...vectors.map((v) => v[1])) <= 1);
    const a = analyze(scenario);
    const ours = new Set(
      a.pareto.points.map((p) => a.negotiators.map((id) => p.utilities[id].toFixed(12)).join()),
    );
    assert.deepEqual([...ours].sort(), [...paretoKeys(vectors)].sort());
  });

  for (const t of [0, 0.5, 1])
    test(`zone and frontier at time ${t}`, () => {
      const { vectors, rv } = bruteForce(t);
      const zone = vectors.filter((v) => v.every((x, k) => x >= rv[k] - 1e-9)).length;
      const a = analyze(scenario, { time: t });
      assert.equal(a.agreementZone.size, zone);
      assert.equal(a.parties[0].reservation, 0.3 * 0.9 ** t);
      const ours = new Set(
        a.pareto.points.map((p) => a.negotiators.map((id) => p.utilities[id].toFixed(12)).join()),
      );
      assert.deepEqual([...ours].sort(), [...paretoKeys(vectors)].sort());
    });
});
