/**
 * Loads the scenario named on the command line, turning every problem into a UsageError (exit 2). Accepts a
 * Zopa scenario file (YAML or JSON), a GENIUS domain with its profiles, GeniusWeb / ANL JSON, or a folder
 * holding one domain and its profiles (see src/formats/load.ts).
 */

import { isZopaError } from "../errors.ts";
import {
  type LoadedInput as LoadedAnyInput,
  loadInputFromPaths,
  loadScenarioFromPaths,
} from "../formats/load.ts";
import type { Scenario } from "../scenario/schema.ts";
import { stderr, usageError } from "./io.ts";

/** What a command did not do when its input was bad: "nothing was analysed", "nothing was written". */
export type Verb = "analysed" | "written";

/**
 * For `zopa analyze`: a scenario, or an ANAC 2014 nonlinear GENIUS scenario (analysed approximately).
 * Warnings are printed unless quiet.
 */
export function loadAnalysisInput(
  input: string | string[],
  options: { quiet?: boolean } = {},
): LoadedAnyInput {
  const loaded = usageErrors(input, loadInputFromPaths, "analysed");
  if (!options.quiet) printWarnings(loaded.warnings);
  return loaded;
}

/** Prints import and validation warnings on stderr, each prefixed "warning: " once. */
export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) stderr().write(`${/\bwarning:/.test(w) ? "" : "warning: "}${w}\n`);
}

/**
 * Runs a loader on the command line's paths, turning unreadable or invalid input into a UsageError (exit 2)
 * that says what was not done ("nothing was <verb>").
 */
export function usageErrors<T>(input: string | string[], load: (paths: string[]) => T, verb: Verb): T {
  const paths = Array.isArray(input) ? input : [input];
  try {
    return load(paths);
  } catch (e) {
    if (isZopaError(e, "format", "unsupported")) throw usageError(`${e.message}; nothing was ${verb}.`);
    if (isZopaError(e, "scenario")) {
      const errors = e.problems.filter((p) => p.severity === "error");
      throw usageError(
        `${paths.join(" ")}: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was ${verb}.`,
        e.problems,
      );
    }
    throw e;
  }
}

/**
 * Loads a scenario from one path or several (domain + profiles), printing warnings unless quiet. Nonlinear
 * GENIUS scenarios are refused. `verb` completes "nothing was …" in errors (default "analysed").
 */
export function loadScenarioArg(
  input: string | string[],
  options: { quiet?: boolean; verb?: Verb } = {},
): Scenario {
  const loaded = usageErrors(input, loadScenarioFromPaths, options.verb ?? "analysed");
  if (!options.quiet) printWarnings(loaded.warnings);
  return loaded.scenario;
}

/**
 * Checks that the scenario defines variant `id`; else a UsageError naming the defined ones (`also` adds
 * an accepted alternative, e.g. `"base"`).
 */
export function requireVariant(scenario: Scenario, id: string, also?: string): void {
  if (scenario.variants.some((v) => v.id === id)) return;
  const ids = scenario.variants.map((v) => `"${v.id}"`);
  throw usageError(
    `unknown variant "${id}": ${ids.length ? `the scenario defines ${ids.join(", ")}` : "the scenario defines no variants"}${also ? ` (or ${also})` : ""}`,
  );
}
