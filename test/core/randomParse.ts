/**
 * Random scenarios → validated scenarios for the property tests. They skip the YAML layer (parseScenario
 * = YAML + this; the YAML parse costs most of the time for documents this small) but run the same schema and
 * semantic checks, and fail on any error.
 */
import assert from "node:assert/strict";
import { formatProblem } from "../../src/scenario/problem.ts";
import { Scenario } from "../../src/scenario/schema.ts";
import { checkScenario } from "../../src/scenario/validate.ts";
import type { RandomScenario } from "./oracle.ts";

export function parsed(s: RandomScenario): Scenario {
  const r = Scenario.safeParse(s.input);
  assert.ok(r.success, `seed ${s.seed}: ${r.error?.message}`);
  const errors = checkScenario(r.data).filter((p) => p.severity === "error");
  assert.deepEqual(errors.map(formatProblem), [], `seed ${s.seed}`);
  return r.data;
}
