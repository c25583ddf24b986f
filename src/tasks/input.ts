/**
 * The scenario a request names, in one place for every task: a scenario object or its YAML/JSON text
 * (`scenario`, with an optional `name` for messages), the files of a GENIUS or GeniusWeb scenario by name
 * (`files`, as the HTTP API sends them), or paths on disk (`paths`, as the CLI gives them: a Zopa file, a
 * folder, or a domain and its profiles). Exactly one of the three.
 */
import { z } from "zod";
import { scenarioError, ZopaError } from "../errors.ts";
import {
  type LoadedInput,
  type LoadedScenario,
  type LoadOptions,
  loadInputFromFiles,
  loadInputFromPaths,
  loadScenarioFromFiles,
  loadScenarioFromPaths,
} from "../formats/load.ts";
import { type ParseResult, parseScenario } from "../scenario/parse.ts";
import { formatProblem, hasErrors } from "../scenario/problem.ts";
import type { Scenario } from "../scenario/schema.ts";
import { SizedLru } from "../util/lru.ts";

/** The request fields that name a scenario; every task that takes one spreads them into its request. */
export const scenarioInputFields = {
  /** A scenario object, or its YAML or JSON text. */
  scenario: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** File name shown in problems with `scenario`; defaults to none. */
  name: z.string().min(1).optional(),
  /** GENIUS XML or GeniusWeb / ANL JSON files (or one Zopa scenario) by file name: `{ name: content }`. */
  files: z.record(z.string(), z.string()).optional(),
  /** Paths on disk: a scenario file, a folder, or a domain and its profiles. */
  paths: z.array(z.string().min(1)).min(1).optional(),
};

export interface ScenarioInput {
  scenario?: string | Record<string, unknown>;
  name?: string;
  files?: Record<string, string>;
  paths?: string[];
}

const SOURCES = ["scenario", "files", "paths"] as const;

/** A zod check for request objects: exactly one of `scenario`, `files`, `paths` (`name` only with `scenario`). */
export function oneInput(request: ScenarioInput, ctx: z.RefinementCtx): void {
  const given = SOURCES.filter((k) => request[k] !== undefined);
  if (given.length !== 1)
    ctx.addIssue({
      code: "custom",
      path: given.length === 0 ? ["scenario"] : [given[1]],
      message:
        given.length === 0
          ? "give the scenario: `scenario` (an object or its YAML/JSON text), `files` or `paths`"
          : `give one of \`scenario\`, \`files\`, \`paths\` (got ${given.map((g) => `\`${g}\``).join(" and ")})`,
    });
  if (request.name !== undefined && request.scenario === undefined)
    ctx.addIssue({ code: "custom", path: ["name"], message: "`name` goes with `scenario` only" });
}

/**
 * Parses already made, by text, name and options: a server is sent the same scenario again and again (with
 * another seed, variant or task), and parsing the YAML costs more than analysing a small scenario. A parse is
 * a pure function of its text; the results are frozen, so that no caller can change what the next one gets
 * (variants are applied to a copy). A text is kept the second time it comes (one never sent again is not
 * worth the memory); at most about 4 M characters of scenario text (a kept parse takes about five times its
 * text's size in the heap: some 20 MB in all).
 */
const parses = new SizedLru<ParseResult>(4 * 2 ** 20, (key) => key.length, { secondSight: true });

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/**
 * The last parse, whether kept or not: the server estimates a request's cost before the task runs, and both
 * read the same text one after the other. A hit here does not count as a second sight.
 */
let last: { key: string; result: ParseResult } | null = null;

function parseText(text: string, file: string | undefined, warnDefaults: boolean): ParseResult {
  // The file name's length first, so that no name and text run together into another's key.
  const key = `${warnDefaults ? 1 : 0}${file === undefined ? "-" : `${file.length}:${file}`}\0${text}`;
  if (last?.key === key) return last.result;
  let result = parses.get(key);
  if (!result) {
    result = deepFreeze(parseScenario(text, { warnDefaults, file }));
    parses.set(key, result);
  }
  last = { key, result };
  return result;
}

/**
 * A Zopa scenario given as text or as an object, parsed and checked like a file: every problem, located by
 * line and column in text and by path only in an object (which has no lines). The result is frozen.
 */
export function parseGiven(
  scenario: string | Record<string, unknown>,
  name?: string,
  options: { warnDefaults?: boolean } = {},
): ParseResult {
  const warnDefaults = options.warnDefaults ?? false;
  if (typeof scenario === "string") return parseText(scenario, name, warnDefaults);
  const result = parseText(JSON.stringify(scenario, null, 2), name, warnDefaults);
  return { ...result, problems: result.problems.map(({ line: _l, column: _c, ...p }) => p) };
}

function fromScenario(request: ScenarioInput): LoadedScenario {
  const { scenario, problems } = parseGiven(request.scenario ?? "", request.name);
  if (!scenario || hasErrors(problems)) throw scenarioError(problems);
  return { scenario, warnings: problems.map(formatProblem), format: "zopa" };
}

/**
 * The scenario a request names, with the import's warnings. Throws the loaders' ZopaErrors: `scenario` (every
 * problem, located), `format` or `unsupported` (the file and element at fault), e.g. for a nonlinear GENIUS pair.
 */
export function resolveScenario(request: ScenarioInput, options: LoadOptions = {}): LoadedScenario {
  if (request.scenario !== undefined) return fromScenario(request);
  if (request.files !== undefined) return loadScenarioFromFiles(request.files, options);
  return loadScenarioFromPaths(request.paths ?? [], options);
}

/** Like `resolveScenario`, but an ANAC 2014 nonlinear GENIUS scenario comes back as such (for `analyze`). */
export function resolveAnalysisInput(request: ScenarioInput, options: LoadOptions = {}): LoadedInput {
  if (request.scenario !== undefined) return { kind: "scenario", ...fromScenario(request) };
  if (request.files !== undefined) return loadInputFromFiles(request.files, options);
  return loadInputFromPaths(request.paths ?? [], options);
}

/** How messages name the input: the paths, the file names, the scenario's name, or "the scenario". */
export function inputLabel(request: ScenarioInput): string {
  if (request.paths) return request.paths.join(" ");
  if (request.files) return Object.keys(request.files).join(" ");
  return request.name ?? "the scenario";
}

/**
 * Checks that the scenario defines variant `id`; else a `usage` ZopaError naming the defined ones (`also`
 * adds an accepted alternative, e.g. `"base"`).
 */
export function requireVariant(scenario: Scenario, id: string, also?: string): void {
  if (scenario.variants.some((v) => v.id === id)) return;
  const ids = scenario.variants.map((v) => `"${v.id}"`);
  throw new ZopaError(
    "usage",
    `unknown variant "${id}": ${ids.length ? `the scenario defines ${ids.join(", ")}` : "the scenario defines no variants"}${also ? ` (or ${also})` : ""}`,
  );
}
