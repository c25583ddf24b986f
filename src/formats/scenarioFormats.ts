/**
 * The field's scenario formats behind one interface, `ScenarioFormat { read, write }`, on files held in memory
 * (no I/O): GENIUS XML and GeniusWeb JSON. The format conformance suite (src/testing/formatSuite.ts) checks
 * every implementation the same way.
 */
import { formatError } from "../errors.ts";
import { formatProblem } from "../scenario/problem.ts";
import { type Scenario, type ScenarioInput, Scenario as ScenarioSchema } from "../scenario/schema.ts";
import { checkScenario } from "../scenario/validate.ts";
import { exportGenius } from "./exportGenius.ts";
import { exportGeniusWeb } from "./exportGeniusweb.ts";
import type { ExportFile } from "./exportModel.ts";
import { type GeniusDomain, type GeniusProfile, geniusToScenario, readGeniusXml } from "./genius.ts";
import { geniusWebToScenario, readGeniusWebJson, type WebDomain, type WebProfile } from "./geniusweb.ts";

/** A file held in memory: its name (a profile's name gives its party id) and its text. */
export type ScenarioFile = ExportFile;

/** What `write` gives: the files, and what the format could not carry exactly (one line each). */
export interface WrittenScenario {
  files: ScenarioFile[];
  warnings: string[];
}

/** What `read` gives: the scenario, and what could not be kept exactly (one line each). */
export interface ReadScenario {
  scenario: Scenario;
  warnings: string[];
}

/** An importer/exporter pair for one of the field's formats. */
export interface ScenarioFormat {
  readonly name: string;
  /** The largest change of any utility a write-then-read may make (the format's number precision). */
  readonly precision: number;
  /** The scenario as the format's files; what the format cannot carry is a warning (or an `export` ZopaError). */
  write(scenario: Scenario): WrittenScenario;
  /** A scenario from the format's files; unreadable or malformed input is a `format` ZopaError naming the file. */
  read(files: readonly ScenarioFile[]): ReadScenario;
}

/** An imported scenario after the schema and semantic checks; a mistake is a `format` ZopaError naming the files. */
function validated(input: ScenarioInput, files: readonly ScenarioFile[]): ReadScenario {
  const parsed = ScenarioSchema.safeParse(input);
  const problems = parsed.success ? checkScenario(parsed.data) : [];
  const first = parsed.success ? problems.find((p) => p.severity === "error") : undefined;
  if (!parsed.success || first)
    throw formatError(
      files.map((f) => f.name).join(", "),
      null,
      `the imported scenario is not valid: ${
        first ? formatProblem(first) : (parsed.error?.issues[0]?.message ?? "unknown problem")
      }`,
    );
  return {
    scenario: parsed.data,
    warnings: problems.filter((p) => !p.message.includes("(weightsAsGiven)")).map((p) => formatProblem(p)),
  };
}

function noFiles(format: string): never {
  throw formatError("(no input)", null, `give the ${format} files: a domain and its profiles`);
}

/** GENIUS XML: a domain (`negotiation_template`) and one profile (`utility_space`) per party. Exact to 1e-12. */
export const formatGenius: ScenarioFormat = {
  name: "genius",
  precision: 1e-12,
  write(scenario) {
    const out = exportGenius(scenario);
    return { files: out.files, warnings: out.warnings };
  },
  read(files) {
    if (files.length === 0) noFiles("GENIUS");
    const parsed = files.map((f) => readGeniusXml(f.text.replace(/^\uFEFF/, ""), f.name));
    const domains = parsed.filter((p): p is GeniusDomain => p.kind === "domain");
    const profiles = parsed.filter((p): p is GeniusProfile => p.kind === "profile");
    if (domains.length !== 1)
      throw formatError(
        files.map((f) => f.name).join(", "),
        null,
        `expected one GENIUS domain (root <negotiation_template>), found ${domains.length}`,
      );
    if (profiles.length === 0)
      throw formatError(domains[0].file, null, "a domain without profiles: add at least one profile");
    const imported = geniusToScenario(domains[0], profiles);
    const v = validated(imported.scenario, files);
    return { scenario: v.scenario, warnings: [...imported.warnings, ...v.warnings] };
  },
};

/** GeniusWeb JSON: a domain and LinearAdditiveUtilitySpace profiles; numbers kept to 8 decimals (1e-8). */
export const formatGeniusWeb: ScenarioFormat = {
  name: "geniusweb",
  precision: 1e-8,
  write(scenario) {
    const out = exportGeniusWeb(scenario);
    return { files: out.files, warnings: out.warnings };
  },
  read(files) {
    if (files.length === 0) noFiles("GeniusWeb");
    const parsed = files.map((f) => {
      let data: unknown;
      try {
        data = JSON.parse(f.text.replace(/^\uFEFF/, ""));
      } catch (e) {
        throw formatError(f.name, null, `not valid JSON: ${(e as Error).message}`);
      }
      return readGeniusWebJson(data, f.name);
    });
    const domains = parsed.filter((p): p is WebDomain => p.kind === "domain");
    const profiles = parsed.filter((p): p is WebProfile => p.kind === "profile");
    if (domains.length > 1)
      throw formatError(
        files.map((f) => f.name).join(", "),
        null,
        `${domains.length} GeniusWeb domains: give one domain and its profiles`,
      );
    if (profiles.length === 0)
      throw formatError(
        files.map((f) => f.name).join(", "),
        null,
        "no GeniusWeb profile (LinearAdditiveUtilitySpace) among the inputs",
      );
    const imported = geniusWebToScenario(domains[0] ?? profiles[0].domain, profiles);
    const v = validated(imported.scenario, files);
    return { scenario: v.scenario, warnings: [...imported.warnings, ...v.warnings] };
  },
};

/** The built-in formats. */
export const SCENARIO_FORMATS: readonly ScenarioFormat[] = [formatGenius, formatGeniusWeb];
