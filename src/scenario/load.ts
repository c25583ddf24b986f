/** Reading scenario files: the only module of the scenario layer that touches the file system. */
import { readFileSync } from "node:fs";
import { scenarioError } from "../errors.ts";
import { type ParseResult, parseScenario } from "./parse.ts";
import { hasErrors } from "./problem.ts";
import type { Scenario } from "./schema.ts";

/** Reads and validates a scenario file; returns every problem found rather than throwing. */
export function readScenarioFile(path: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a scenario file"
          : (e as Error).message;
    return {
      problems: [{ severity: "error", path: [], message: `cannot read the file: ${why}`, file: path }],
    };
  }
  return parseScenario(text, { file: path });
}

/** Reads and validates a scenario file; throws a ScenarioError listing every problem when it is invalid. */
export function loadScenario(path: string): Scenario {
  const result = readScenarioFile(path);
  if (!result.scenario || hasErrors(result.problems)) throw scenarioError(result.problems);
  return result.scenario;
}
