import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeSpace } from "../../src/analysis/analyze.ts";
import { frontierByDecomposition } from "../../src/analysis/frontier.ts";
import { isZopaError } from "../../src/errors.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { syntheticScenario } from "../../src/space/synthetic.ts";

test("size limits raise a size-limit ZopaError (the CLI's exit 2), not a bare RangeError", () => {
  const huge = compileScenario(syntheticScenario({ optionsPerIssue: Array(12).fill(10), seed: 1 }));
  assert.throws(
    () => enumerateSpace(huge),
    (e) => isZopaError(e, "size-limit"),
  );
  assert.throws(
    () => frontierByDecomposition(huge, huge.negotiators, { maxPoints: 5 }),
    (e) => isZopaError(e, "size-limit"),
  );
  const scenario = syntheticScenario({ optionsPerIssue: Array(9).fill(10), seed: 2 });
  scenario.parties[0].redLines = [
    {
      id: "combo",
      statement: "not both",
      status: "inferred",
      requires: {
        not: {
          all: [
            { issue: "i0", in: ["o0"] },
            { issue: "i1", in: ["o0"] },
          ],
        },
      },
    },
  ];
  assert.throws(
    () => analyzeSpace(compileScenario(scenario), { enumerationLimit: 1000 }),
    (e: unknown) => {
      return isZopaError(e, "size-limit") && /--sample N/.test(e.message);
    },
  );
});
