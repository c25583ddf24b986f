/**
 * The cost estimate: computed before any work; over its limits the analysis is refused at once with a
 * size-limit ZopaError that states the estimate and what to do; the frontier bound holds against the exact
 * frontier on random small spaces; progress arrives in order and an aborted signal stops the work.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type AnalysisProgress, analyzeSpace } from "../../src/analysis/analyze.ts";
import { ANALYSIS_MEMORY_LIMIT, ANALYSIS_WORK_LIMIT, estimateAnalysisCost } from "../../src/analysis/cost.ts";
import { frontierByDecomposition, MAX_DECOMPOSITION_CANDIDATES } from "../../src/analysis/frontier.ts";
import { isZopaError } from "../../src/errors.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { syntheticScenario } from "../../src/space/synthetic.ts";

/** One integer-like issue per entry (categorical, linear values), `parties` parties with opposed interests. */
function linear(sizes: number[], parties: number): Scenario {
  const s = syntheticScenario({ optionsPerIssue: sizes, parties, seed: 3 });
  s.parties.forEach((p, k) => {
    const prefs = p.preferences as { values: Record<string, Record<string, number>> };
    s.issues.forEach((issue, i) => {
      const n = sizes[i];
      const up = (k + i) % 2 === 0;
      prefs.values[issue.id] = Object.fromEntries(
        Array.from({ length: n }, (_, o) => [`o${o}`, n === 1 ? 0 : up ? o / (n - 1) : 1 - o / (n - 1)]),
      );
    });
  });
  return s;
}

describe("estimateAnalysisCost", () => {
  it("the default enumeration limit (2e7 outcomes) is within the limits for two and three parties", () => {
    for (const parties of [2, 3]) {
      const space = compileScenario(linear([4472, 4472], parties));
      const cost = estimateAnalysisCost(space);
      assert.equal(cost.method, "enumerate");
      assert.equal(cost.outcomes, 4472 * 4472);
      assert.equal(cost.refusal, null, `${parties} parties: ${cost.refusal}`);
      assert.ok(cost.work <= ANALYSIS_WORK_LIMIT && cost.memory <= ANALYSIS_MEMORY_LIMIT);
    }
  });

  it("refuses at once, with the estimate and what to do, when a raised enumeration limit would exceed memory", () => {
    const space = compileScenario(linear([465, 465, 465], 3)); // 1.0e8 outcomes
    const cost = estimateAnalysisCost(space, { enumerationLimit: 2e8 });
    assert.match(cost.refusal ?? "", /GiB of utilities/);
    const t0 = performance.now();
    assert.throws(
      () => analyzeSpace(space, { enumerationLimit: 2e8 }),
      (e: unknown) =>
        isZopaError(e, "size-limit") &&
        /refused before starting: the space has 100,544,625 outcomes and 3 parties/.test(e.message) &&
        /--sample N/.test(e.hint ?? "") &&
        /fewer parties/.test(e.hint ?? ""),
    );
    assert.ok(performance.now() - t0 < 2000, "refused at once");
  });

  it("the frontier bound is at least the exact frontier's size, and at most the outcomes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer(),
        (sizes, parties, seed) => {
          const space = compileScenario(syntheticScenario({ optionsPerIssue: sizes, parties, seed }));
          const cost = estimateAnalysisCost(space);
          const exact = frontierByDecomposition(space, space.negotiators).count;
          assert.ok(cost.frontierBound >= exact, `bound ${cost.frontierBound} < frontier ${exact}`);
          assert.ok(cost.frontierBound <= space.size);
        },
      ),
      { numRuns: 200, seed: 16 },
    );
  });

  it("the decomposition stops before a step of more than MAX_DECOMPOSITION_CANDIDATES rows", () => {
    // Two opposed issues of 10^4 values: 10^4 frontier points × 10^4 options at the second issue.
    const space = compileScenario(linear([10_000, 10_000], 2));
    assert.ok(1e8 > MAX_DECOMPOSITION_CANDIDATES);
    const t0 = performance.now();
    assert.throws(
      () => analyzeSpace(space, { enumerationLimit: 1000 }),
      (e: unknown) => isZopaError(e, "size-limit") && /candidate points at issue 2 of 2/.test(e.message),
    );
    assert.ok(performance.now() - t0 < 5000);
  });
});

describe("progress and cancellation", () => {
  it("progress events per step arrive in order, done ≤ total, ending at total", () => {
    const space = compileScenario(linear([1500, 1500], 2)); // 2.25e6 outcomes: three ticks per step
    const events: AnalysisProgress[] = [];
    analyzeSpace(space, { onProgress: (p) => events.push({ ...p }) });
    for (const step of ["enumerate", "distribution"] as const) {
      const own = events.filter((e) => e.step === step);
      assert.ok(own.length >= 3, `${step}: ${own.length} events`);
      own.forEach((e, k) => {
        assert.equal(e.total, space.size);
        assert.ok(e.done <= e.total);
        if (k > 0) assert.ok(e.done >= own[k - 1].done);
      });
      assert.equal(own[own.length - 1].done, space.size);
    }
  });

  it("an abort during enumeration or the distribution metric stops the analysis with the signal's reason", () => {
    const space = compileScenario(linear([1500, 1500], 2));
    for (const step of ["enumerate", "distribution"] as const) {
      const controller = new AbortController();
      let after = 0;
      assert.throws(
        () =>
          analyzeSpace(space, {
            signal: controller.signal,
            onProgress: (p) => {
              if (p.step === step && p.done > 0) controller.abort();
              if (controller.signal.aborted) after++;
            },
          }),
        (e: unknown) => e instanceof Error && e.name === "AbortError",
      );
      assert.equal(after, 1, `${step}: no progress after the abort`);
    }
  });
});
