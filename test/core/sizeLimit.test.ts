import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeSpace } from "../../src/analysis/analyze.ts";
import { frontierByDecomposition } from "../../src/analysis/frontier.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { SizeLimitError } from "../../src/space/sizeLimit.ts";
import { syntheticScenario } from "../../src/space/synthetic.ts";

test("size limits raise SizeLimitError (the CLI's exit 2), not a bare RangeError", () => {
  const huge = compileScenario(syntheticScenario({ optionsPerIssue: Array(12).fill(10), seed: 1 }));
  assert.throws(() => enumerateSpace(huge), SizeLimitError);
  assert.throws(() => frontierByDecomposition(huge, huge.negotiators, { maxPoints: 5 }), SizeLimitError);
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
      return e instanceof SizeLimitError && /--sample N/.test(e.message);
    },
  );
});
