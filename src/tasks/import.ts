/**
 * The `import` task: GENIUS XML (a domain and its profiles) or GeniusWeb / ANL JSON into a Zopa scenario,
 * with a warning for anything that cannot be represented exactly. The result is the scenario without the
 * defaults the schema fills in, as `zopa import --format json` writes it.
 */
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { DEFAULT_REAL_RESOLUTION } from "../formats/genius.ts";
import type { Scenario } from "../scenario/schema.ts";
import { inputLabel, oneInput, resolveScenario, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const ImportRequest = z
  .strictObject({
    ...scenarioInputFields,
    /** Values enumerated for each real (continuous) GENIUS issue; defaults to 11. */
    realResolution: z.number().int().min(2).optional(),
  })
  .superRefine(oneInput);
export type ImportRequest = z.input<typeof ImportRequest>;

/** The imported scenario as a plain object (sources and variants only when there are some). */
export type ImportResult = Record<string, unknown>;

/** The scenario without the defaults the schema fills in, so the file shows only what was imported. */
function compact(scenario: Scenario): ImportResult {
  const { $schema: _s, sources, variants, ...rest } = scenario;
  return {
    ...rest,
    ...(sources.length ? { sources } : {}),
    ...(variants.length ? { variants } : {}),
  };
}

/** Imports the files the request names; a Zopa scenario is a `usage` error (nothing to import). */
export function importScenario(request: ImportRequest, options: TaskOptions = {}): ImportResult {
  const r = parseRequest("import", ImportRequest, request);
  const progress = new Progress("import", options);
  progress.check();
  const loaded = resolveScenario(r, { realResolution: r.realResolution ?? DEFAULT_REAL_RESOLUTION });
  if (loaded.format === "zopa")
    throw new ZopaError("usage", `${inputLabel(r)} is already a Zopa scenario: nothing to import`);
  for (const w of loaded.warnings) progress.warn(w);
  return compact(loaded.scenario);
}
