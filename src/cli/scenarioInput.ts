/** Loads the scenario named on the command line, turning every problem into a UsageError (exit 2). */
import { readScenarioFile } from "../scenario/load.ts";
import { hasErrors } from "../scenario/problem.ts";
import type { Scenario } from "../scenario/schema.ts";
import { printProblems, UsageError } from "./io.ts";

export function loadScenarioArg(path: string, options: { quiet?: boolean } = {}): Scenario {
  const result = readScenarioFile(path);
  const errors = result.problems.filter((p) => p.severity === "error");
  if (!result.scenario || hasErrors(result.problems)) {
    throw new UsageError(
      `${path}: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was analysed.`,
      result.problems,
    );
  }
  if (!options.quiet) printProblems(result.problems.filter((p) => p.severity === "warning"));
  return result.scenario;
}
