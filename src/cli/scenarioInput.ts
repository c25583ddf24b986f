/**
 * Loads the scenario named on the command line, turning every problem into a UsageError (exit 2). Accepts a
 * Zopa scenario file (YAML or JSON), a GENIUS domain with its profiles, GeniusWeb / ANL JSON, or a folder
 * holding one domain and its profiles (see src/formats/load.ts).
 */
import { FormatError } from "../formats/formatError.ts";
import {
  type LoadedInput as LoadedAnyInput,
  loadInputFromPaths,
  loadScenarioFromPaths,
} from "../formats/load.ts";
import { ScenarioError } from "../scenario/problem.ts";
import type { Scenario } from "../scenario/schema.ts";
import { UsageError } from "./io.ts";

export interface LoadedInput {
  scenario: Scenario;
  warnings: string[];
  format: "zopa" | "genius" | "geniusweb";
}

/** Loads and validates; warnings are returned, not printed. Nonlinear GENIUS scenarios are refused. */
export function loadScenarioInput(input: string | string[]): LoadedInput {
  return usageErrors(input, loadScenarioFromPaths);
}

/**
 * For `zopa analyze`: a scenario, or an ANAC 2014 nonlinear GENIUS scenario (analysed approximately).
 * Warnings are printed unless quiet.
 */
export function loadAnalysisInput(
  input: string | string[],
  options: { quiet?: boolean } = {},
): LoadedAnyInput {
  const loaded = usageErrors(input, loadInputFromPaths);
  if (!options.quiet) printWarnings(loaded.warnings);
  return loaded;
}

function printWarnings(warnings: string[]): void {
  for (const w of warnings) process.stderr.write(`${/\bwarning:/.test(w) ? "" : "warning: "}${w}\n`);
}

function usageErrors<T>(input: string | string[], load: (paths: string[]) => T): T {
  const paths = Array.isArray(input) ? input : [input];
  try {
    return load(paths);
  } catch (e) {
    if (e instanceof FormatError) throw new UsageError(`${e.message}; nothing was analysed.`);
    if (e instanceof ScenarioError) {
      const errors = e.problems.filter((p) => p.severity === "error");
      throw new UsageError(
        `${paths.join(" ")}: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was analysed.`,
        e.problems,
      );
    }
    throw e;
  }
}

/** Loads a scenario from one path or several (domain + profiles), printing warnings unless quiet. */
export function loadScenarioArg(input: string | string[], options: { quiet?: boolean } = {}): Scenario {
  const loaded = loadScenarioInput(input);
  if (!options.quiet) printWarnings(loaded.warnings);
  return loaded.scenario;
}
