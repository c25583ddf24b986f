/**
 * Reading scenarios from the command line's paths in any format Zopa speaks: our YAML/JSON scenario files, a
 * GENIUS domain with its profiles, or GeniusWeb / ANL JSON. Paths may be files or a folder holding one
 * domain and its profiles. Files are classified by content (root element, top-level keys), not by name.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatError, isZopaError, scenarioError } from "../errors.ts";
import { readInputText } from "../scenario/load.ts";
import { parseScenario } from "../scenario/parse.ts";
import { formatProblem, hasErrors } from "../scenario/problem.ts";
import { type Scenario, type ScenarioInput, Scenario as ScenarioSchema } from "../scenario/schema.ts";
import { checkScenario } from "../scenario/validate.ts";
import {
  type GeniusDomain,
  type GeniusImportOptions,
  type GeniusProfile,
  geniusFileOf,
  geniusToScenario,
  isNonlinear,
  NONLINEAR_UNSUPPORTED,
} from "./genius.ts";
import { geniusWebToScenario, readGeniusWebJson, type WebDomain, type WebProfile } from "./geniusweb.ts";
import {
  type NonlinearProfile,
  type NonlinearScenario,
  nonlinearProfileOf,
  nonlinearScenarioOf,
} from "./nonlinear.ts";
import { parseXml } from "./xml.ts";

export interface LoadedScenario {
  scenario: Scenario;
  /** What the import could not keep exactly, and any warnings about the scenario; one line each. */
  warnings: string[];
  /** The format the scenario was read from. */
  format: "zopa" | "genius" | "geniusweb";
}

export type LoadOptions = GeniusImportOptions;

/** An ANAC 2014 nonlinear GENIUS scenario: not a Zopa scenario; `analyzeNonlinear` analyses it approximately. */
export interface LoadedNonlinear {
  kind: "nonlinear";
  nonlinear: NonlinearScenario;
  warnings: string[];
  format: "genius-nonlinear";
}

/** What `loadInputFromPaths` found: a scenario, or a nonlinear GENIUS scenario. */
export type LoadedInput = ({ kind: "scenario" } & LoadedScenario) | LoadedNonlinear;

/** Files in a folder that are never scenario parts: answers, approximate frontiers, notes. */
const IGNORED = /^(specials\.json|pareto\.xml|SOURCE\.txt|README.*|.*\.(txt|md|csv|log))$/i;

function readText(file: string): string {
  try {
    return readInputText(file);
  } catch (e) {
    if (isZopaError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw formatError(
      file,
      null,
      code === "ENOENT" ? "no such file or folder" : `cannot read the file: ${(e as Error).message}`,
    );
  }
}

/** Expands folders into their files (not recursively), keeping explicit files as given. */
function expand(paths: string[]): { file: string; explicit: boolean }[] {
  const out: { file: string; explicit: boolean }[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw formatError(path, null, "no such file or folder");
    }
    if (!isDir) {
      out.push({ file: path, explicit: true });
      continue;
    }
    const names = readdirSync(path)
      .filter((n) => /\.(xml|json|ya?ml)$/i.test(n) && !IGNORED.test(n))
      .sort();
    for (const n of names)
      if (statSync(join(path, n)).isFile()) out.push({ file: join(path, n), explicit: false });
    if (names.length === 0) throw formatError(path, null, "the folder holds no .xml, .json or .yaml files");
  }
  return out;
}

type Part =
  | { kind: "zopa"; file: string; text: string }
  | { kind: "genius"; file: string; parsed: GeniusDomain | GeniusProfile }
  | { kind: "nonlinear"; file: string; profile: NonlinearProfile }
  | { kind: "geniusweb"; file: string; parsed: WebDomain | WebProfile };

function classify(file: string, text: string, explicit: boolean, alone: boolean): Part | null {
  const trimmed = text.trimStart();
  if (/\.ya?ml$/i.test(file)) return { kind: "zopa", file, text };
  if (trimmed.startsWith("<")) {
    // Parsed once; the readers take the root element.
    const root = parseXml(text, file);
    if (root?.name.toLowerCase() === "utility_space" && isNonlinear(root))
      return { kind: "nonlinear", file, profile: nonlinearProfileOf(root, file) };
    return { kind: "genius", file, parsed: geniusFileOf(root, file) };
  }
  if (trimmed.startsWith("{") || /\.json$/i.test(file)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      // A lone file goes to the scenario parser, which locates the syntax error by line and column.
      if (alone) return { kind: "zopa", file, text };
      throw formatError(file, null, `not valid JSON: ${(e as Error).message}`);
    }
    if (data && typeof data === "object" && "meta" in data) return { kind: "zopa", file, text };
    return { kind: "geniusweb", file, parsed: readGeniusWebJson(data, file) };
  }
  if (!explicit) return null;
  throw formatError(file, null, "neither XML (GENIUS) nor JSON (GeniusWeb) nor a Zopa scenario");
}

/** The scenario after schema and semantic checks; import mistakes surface as one FormatError. */
function validated(input: ScenarioInput, files: string[]): { scenario: Scenario; warnings: string[] } {
  // Schema and semantic checks directly on the object (no text round trip: imports have no variants).
  const parsed = ScenarioSchema.safeParse(input);
  const problems = parsed.success ? checkScenario(parsed.data) : [];
  const first = parsed.success
    ? problems.find((p) => p.severity === "error")
    : {
        severity: "error" as const,
        path: parsed.error.issues[0].path as (string | number)[],
        message: parsed.error.issues[0].message,
      };
  if (!parsed.success || first)
    throw formatError(
      files.join(", "),
      null,
      `the imported scenario is not valid: ${first ? formatProblem(first) : "unknown problem"}`,
    );
  // The importers already explain weights kept as given; the validator's repeat of it adds nothing.
  const warnings = problems.filter((p) => !p.message.includes("(weightsAsGiven)"));
  return { scenario: parsed.data, warnings: warnings.map((p) => formatProblem(p)) };
}

/**
 * Loads a scenario from paths: one Zopa scenario file; or a GENIUS domain and its profiles (files, or a
 * folder holding exactly one domain); or GeniusWeb JSON (a domain and profiles, or profiles alone, or an ANL
 * folder with profileA.json / profileB.json). Party ids come from the profile file names.
 * Throws FormatError (file, element, problem) for unreadable input and ScenarioError for an invalid Zopa file.
 */
export function loadScenarioFromPaths(paths: string[], options: LoadOptions = {}): LoadedScenario {
  return scenarioOfParts(paths, partsOf(paths), options);
}

/**
 * Like `loadScenarioFromPaths`, but from the files' text by name (`{ "domain.xml": "<negotiation_template…" }`),
 * as the HTTP API receives them: a Zopa scenario alone, a GENIUS domain and its profiles, or GeniusWeb JSON.
 * Names classify as file names do (party ids come from the profiles' names); answers such as pareto.xml and
 * specials.json are ignored as in a folder.
 */
export function loadScenarioFromFiles(
  files: Record<string, string>,
  options: LoadOptions = {},
): LoadedScenario {
  const names = Object.keys(files);
  return scenarioOfParts(names, partsOfFiles(files), options);
}

/** Like `loadInputFromPaths`, from the files' text by name (see `loadScenarioFromFiles`). */
export function loadInputFromFiles(files: Record<string, string>, options: LoadOptions = {}): LoadedInput {
  return inputOfParts(Object.keys(files), partsOfFiles(files), options);
}

function scenarioOfParts(paths: string[], parts: Part[], options: LoadOptions): LoadedScenario {
  const nonlinear = parts.find((p) => p.kind === "nonlinear");
  if (nonlinear)
    throw formatError(nonlinear.file, nonlinear.profile.where, NONLINEAR_UNSUPPORTED, "unsupported");
  return scenarioOf(paths, parts, options);
}

/**
 * Like `loadScenarioFromPaths`, but an ANAC 2014 nonlinear GENIUS scenario (a domain and two hyper-rectangle
 * profiles) is returned as such (`kind: "nonlinear"`) instead of refused, for `analyzeNonlinear`.
 */
export function loadInputFromPaths(paths: string[], options: LoadOptions = {}): LoadedInput {
  return inputOfParts(paths, partsOf(paths), options);
}

function inputOfParts(paths: string[], parts: Part[], options: LoadOptions): LoadedInput {
  const nonlinear = parts.filter((p): p is Part & { kind: "nonlinear" } => p.kind === "nonlinear");
  if (nonlinear.length === 0) return { kind: "scenario", ...scenarioOf(paths, parts, options) };
  const others = parts.filter((p) => p.kind !== "nonlinear");
  const domains = others
    .map((p) => (p.kind === "genius" && p.parsed.kind === "domain" ? p.parsed : null))
    .filter((d): d is GeniusDomain => d !== null);
  const stray = others.find((p) => !(p.kind === "genius" && p.parsed.kind === "domain"));
  if (stray)
    throw formatError(
      stray.file,
      null,
      "the inputs mix a nonlinear (ANAC 2014 hyper-rectangle) profile with other kinds of file: give one GENIUS domain and its nonlinear profiles",
    );
  if (domains.length !== 1)
    throw formatError(
      paths.join(", "),
      null,
      domains.length === 0
        ? "no GENIUS domain file (root <negotiation_template>) among the inputs: add the domain"
        : `${domains.length} GENIUS domains (${domains.map((d) => d.file).join(", ")}): name one domain and its profiles explicitly`,
    );
  const loaded = nonlinearScenarioOf(
    domains[0],
    nonlinear.map((p) => p.profile),
  );
  return {
    kind: "nonlinear",
    nonlinear: loaded.scenario,
    warnings: loaded.warnings,
    format: "genius-nonlinear",
  };
}

function partsOf(paths: string[]): Part[] {
  if (paths.length === 0)
    throw formatError("(no input)", null, "give a scenario file, a folder, or a domain and its profiles");
  const entries = expand(paths);
  return entries
    .map((e) => classify(e.file, readText(e.file), e.explicit, entries.length === 1))
    .filter((p): p is Part => p !== null);
}

function partsOfFiles(files: Record<string, string>): Part[] {
  const names = Object.keys(files)
    .filter((n) => !IGNORED.test(n.replace(/^.*[\\/]/, "")))
    .sort();
  if (names.length === 0)
    throw formatError("(no input)", null, "give a scenario, or a domain and its profiles");
  return names
    .map((n) => classify(n, files[n].replace(/^\uFEFF/, ""), true, names.length === 1))
    .filter((p): p is Part => p !== null);
}

function scenarioOf(paths: string[], parts: Part[], options: LoadOptions): LoadedScenario {
  const kinds = new Set(parts.map((p) => p.kind));
  if (kinds.has("zopa")) {
    const zopa = parts.filter((p) => p.kind === "zopa");
    if (parts.length > 1)
      throw formatError(
        zopa[0].file,
        null,
        `a Zopa scenario file stands alone, but ${parts.length} files were given (${parts.map((p) => p.file).join(", ")})`,
      );
    const result = parseScenario(zopa[0].text, { file: zopa[0].file });
    if (!result.scenario || hasErrors(result.problems)) throw scenarioError(result.problems);
    return { scenario: result.scenario, warnings: result.problems.map(formatProblem), format: "zopa" };
  }
  if (kinds.size > 1)
    throw formatError(paths.join(", "), null, "the inputs mix GENIUS XML and GeniusWeb JSON files");
  if (kinds.has("genius")) {
    const gparts = parts as (Part & { kind: "genius" })[];
    const domains = gparts.map((p) => p.parsed).filter((p): p is GeniusDomain => p.kind === "domain");
    const profiles = gparts.map((p) => p.parsed).filter((p): p is GeniusProfile => p.kind === "profile");
    if (domains.length === 0)
      throw formatError(
        paths.join(", "),
        null,
        "no GENIUS domain file (root <negotiation_template>) among the inputs: add the domain",
      );
    if (domains.length > 1)
      throw formatError(
        paths.join(", "),
        null,
        `${domains.length} GENIUS domains (${domains.map((d) => d.file).join(", ")}): name one domain and its profiles explicitly`,
      );
    if (profiles.length === 0)
      throw formatError(
        domains[0].file,
        null,
        "a domain without profiles: add at least one profile (root <utility_space>)",
      );
    const imported = geniusToScenario(domains[0], profiles, options);
    const v = validated(imported.scenario, [domains[0].file, ...profiles.map((p) => p.file)]);
    return { scenario: v.scenario, warnings: [...imported.warnings, ...v.warnings], format: "genius" };
  }
  const wparts = parts as (Part & { kind: "geniusweb" })[];
  const domains = wparts.map((p) => p.parsed).filter((p): p is WebDomain => p.kind === "domain");
  const profiles = wparts.map((p) => p.parsed).filter((p): p is WebProfile => p.kind === "profile");
  if (domains.length > 1)
    throw formatError(
      paths.join(", "),
      null,
      `${domains.length} GeniusWeb domains (${domains.map((d) => d.file).join(", ")}): name one domain and its profiles explicitly`,
    );
  if (profiles.length === 0)
    throw formatError(
      paths.join(", "),
      null,
      "no GeniusWeb profile (LinearAdditiveUtilitySpace) among the inputs",
    );
  const domain = domains[0] ?? profiles[0].domain;
  const imported = geniusWebToScenario(domain, profiles);
  const v = validated(imported.scenario, [domain.file, ...profiles.map((p) => p.file)]);
  return { scenario: v.scenario, warnings: [...imported.warnings, ...v.warnings], format: "geniusweb" };
}
