/**
 * The `export` task: a scenario (or one of its variants) as GENIUS XML (a domain and one profile per party) or
 * GeniusWeb JSON. The result is the files' names and text, and a warning for each thing the format cannot carry.
 */
import { z } from "zod";
import { exportGenius } from "../formats/exportGenius.ts";
import { exportGeniusWeb } from "../formats/exportGeniusweb.ts";
import { applyVariant } from "../scenario/variants.ts";
import { oneInput, requireVariant, resolveScenario, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const ExportRequest = z
  .strictObject({
    ...scenarioInputFields,
    /** The target format. */
    to: z.enum(["genius", "geniusweb"]),
    /** Export this variant instead of the base. */
    variant: z.string().min(1).optional(),
  })
  .superRefine(oneInput);
export type ExportRequest = z.input<typeof ExportRequest>;

export interface ExportResult {
  files: { name: string; text: string }[];
  /** What the format could not carry (red lines, variants, sources, parties without preferences). */
  warnings: string[];
}

/**
 * Exports the scenario the request names. A scenario the format cannot carry at all is an `export` ZopaError;
 * the input's own warnings go to `onWarning`, the export's are in the result.
 */
export function exportScenario(request: ExportRequest, options: TaskOptions = {}): ExportResult {
  const r = parseRequest("export", ExportRequest, request);
  const progress = new Progress("export", options);
  progress.check();
  const loaded = resolveScenario(r);
  for (const w of loaded.warnings) progress.warn(w);
  let scenario = loaded.scenario;
  if (r.variant) {
    requireVariant(scenario, r.variant);
    scenario = { ...applyVariant(scenario, r.variant), variants: [] };
  }
  const { files, warnings } = r.to === "genius" ? exportGenius(scenario) : exportGeniusWeb(scenario);
  return { files, warnings };
}
