/**
 * The command line's inputs as a task request, and the tasks' input errors in the CLI's words. Every command
 * that takes a scenario accepts the same forms: a Zopa scenario file (YAML or JSON), a GENIUS domain with its
 * profiles, GeniusWeb / ANL JSON, a folder holding one domain and its profiles (see src/formats/load.ts), or
 * `-` for a scenario (YAML or JSON) on standard input.
 */

import { isZopaError } from "../errors.ts";
import { escapeText } from "../report/escape.ts";
import { inputTooLarge, MAX_INPUT_BYTES } from "../scenario/load.ts";
import type { Scenario } from "../scenario/schema.ts";
import { resolveScenario, type ScenarioInput } from "../tasks/input.ts";
import type { TaskOptions } from "../tasks/task.ts";
import { cliIo, stderr, usageError } from "./io.ts";

/** What a command did not do when its input was bad: "nothing was analysed", "nothing was written". */
export type Verb = "analysed" | "written";

/** The name problems give standard input. */
export const STDIN_NAME = "<stdin>";

/** Reads the current run's standard input to its end as text. */
export async function readStdin(): Promise<string> {
  const stdin = cliIo().stdin;
  if (!stdin) throw usageError("- reads standard input, but this run has none");
  const chunks: string[] = [];
  let length = 0;
  stdin.setEncoding?.("utf8");
  for await (const chunk of stdin) {
    const text = typeof chunk === "string" ? chunk : String(chunk);
    chunks.push(text);
    // The same limit as for files (src/scenario/load.ts): an endless stream is refused, not buffered.
    length += text.length;
    if (length > MAX_INPUT_BYTES) throw inputTooLarge(STDIN_NAME);
  }
  return chunks.join("").replace(/^\uFEFF/, "");
}

/** The request's input fields for the command line's inputs: paths, or `-` (alone) for standard input. */
export async function scenarioInputOf(inputs: string | string[]): Promise<ScenarioInput> {
  const paths = Array.isArray(inputs) ? inputs : [inputs];
  if (!paths.includes("-")) return { paths };
  if (paths.length > 1)
    throw usageError(`- (a scenario on standard input) stands alone, but ${paths.length} inputs were given`);
  return { scenario: await readStdin(), name: STDIN_NAME };
}

/** How error messages name the input: as the user typed it. */
function labelOf(input: ScenarioInput): string {
  return input.paths ? input.paths.join(" ") : (input.name ?? "the scenario");
}

/** Prints import and validation warnings on stderr, each prefixed "warning: " once. */
export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) stderr().write(`${/\bwarning:/.test(w) ? "" : "warning: "}${escapeText(w)}\n`);
}

/** Task options that print the input's warnings (unless quiet). */
export function warningsPrinted(quiet?: boolean): Pick<TaskOptions, "onWarning"> {
  return quiet ? {} : { onWarning: (w) => printWarnings([w]) };
}

/** An unreadable or invalid input as the CLI says it: what was not done ("nothing was <verb>"). */
function inCliWords(e: unknown, input: ScenarioInput, verb: Verb): unknown {
  if (isZopaError(e, "format", "unsupported")) return usageError(`${e.message}; nothing was ${verb}.`);
  if (isZopaError(e, "scenario")) {
    const errors = e.problems.filter((p) => p.severity === "error");
    return usageError(
      `${labelOf(input)}: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was ${verb}.`,
      e.problems,
    );
  }
  return e;
}

/**
 * Runs a task on the command line's input, turning unreadable or invalid input into a usage error (exit 2)
 * that says what was not done. Works for tasks that return a value or a promise.
 */
export function withInputErrors<T>(input: ScenarioInput, verb: Verb, work: () => T): T {
  try {
    const out = work();
    if (out instanceof Promise)
      return out.catch((e: unknown) => {
        throw inCliWords(e, input, verb);
      }) as T;
    return out;
  } catch (e) {
    throw inCliWords(e, input, verb);
  }
}

/**
 * Loads a scenario from one path or several (domain + profiles), printing warnings unless quiet, for commands
 * that do not run a task (simulate). Nonlinear GENIUS scenarios are refused. `verb` completes "nothing was …".
 */
export function loadScenarioArg(
  input: string | string[],
  options: { quiet?: boolean; verb?: Verb } = {},
): Scenario {
  const request: ScenarioInput = { paths: Array.isArray(input) ? input : [input] };
  const loaded = withInputErrors(request, options.verb ?? "analysed", () => resolveScenario(request));
  if (!options.quiet) printWarnings(loaded.warnings);
  return loaded.scenario;
}

export { requireVariant } from "../tasks/input.ts";
