/**
 * The field's scenario formats behind one interface, `ScenarioFormat { read, write }`, on files held in memory
 * (no I/O): GENIUS XML and GeniusWeb JSON. Reading goes through `loadScenarioFromFiles`, as `zopa import` does. The format conformance suite (src/testing/formatSuite.ts) checks
 * every implementation the same way.
 */
import { formatError } from "../errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import { exportGenius } from "./exportGenius.ts";
import { exportGeniusWeb } from "./exportGeniusweb.ts";
import type { ExportFile } from "./exportModel.ts";
import { loadScenarioFromFiles } from "./load.ts";

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

/** Reads files as `zopa import` does (same classification and checks), refusing files of another format. */
function readAs(format: "genius" | "geniusweb", label: string, files: readonly ScenarioFile[]): ReadScenario {
  if (files.length === 0)
    throw formatError("(no input)", null, `give the ${label} files: a domain and its profiles`);
  const loaded = loadScenarioFromFiles(Object.fromEntries(files.map((f) => [f.name, f.text])));
  if (loaded.format !== format)
    throw formatError(
      files.map((f) => f.name).join(", "),
      null,
      `these are ${loaded.format === "zopa" ? "a Zopa scenario" : `${loaded.format} files`}, not ${label}`,
    );
  return { scenario: loaded.scenario, warnings: loaded.warnings };
}

/** GENIUS XML: a domain (`negotiation_template`) and one profile (`utility_space`) per party. Exact to 1e-12. */
export const formatGenius: ScenarioFormat = {
  name: "genius",
  precision: 1e-12,
  write(scenario) {
    const out = exportGenius(scenario);
    return { files: out.files, warnings: out.warnings };
  },
  read: (files) => readAs("genius", "GENIUS", files),
};

/** GeniusWeb JSON: a domain and LinearAdditiveUtilitySpace profiles; numbers kept to 8 decimals (1e-8). */
export const formatGeniusWeb: ScenarioFormat = {
  name: "geniusweb",
  precision: 1e-8,
  write(scenario) {
    const out = exportGeniusWeb(scenario);
    return { files: out.files, warnings: out.warnings };
  },
  read: (files) => readAs("geniusweb", "GeniusWeb", files),
};

/** The built-in formats. */
export const SCENARIO_FORMATS: readonly ScenarioFormat[] = [formatGenius, formatGeniusWeb];
