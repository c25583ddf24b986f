/**
 * The `history` task: the scenario's timeline analysed round by round (each position's utility to every party,
 * its distance to the zone under each variant, DANS move classes). The result is the `History` JSON
 * (docs/history.md).
 */
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { analyzeHistory, type History } from "../history/history.ts";
import { inputLabel, oneInput, requireVariant, resolveScenario, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const HistoryRequest = z
  .strictObject({
    ...scenarioInputFields,
    /** Evaluate under these variants only ("base" for the base scenario); defaults to the base and every variant. */
    variants: z.array(z.string().min(1)).min(1).optional(),
  })
  .superRefine(oneInput);
export type HistoryRequest = z.input<typeof HistoryRequest>;

export type HistoryResult = History;

/** Analyses the timeline of the scenario the request names; a scenario without one is a `usage` error. */
export function history(request: HistoryRequest, options: TaskOptions = {}): HistoryResult {
  const r = parseRequest("history", HistoryRequest, request);
  const progress = new Progress("history", options);
  progress.check();
  const loaded = resolveScenario(r);
  for (const w of loaded.warnings) progress.warn(w);
  const scenario = loaded.scenario;
  if (!scenario.timeline || scenario.timeline.length === 0)
    throw new ZopaError(
      "usage",
      `${inputLabel(r)} has no \`timeline\`: add rounds with each party's positions (see docs/history.md)`,
    );
  const variants = r.variants?.map((v) => {
    if (v === "base") return null;
    requireVariant(scenario, v, '"base"');
    return v;
  });
  progress.report(0, 1, "timeline");
  const result = analyzeHistory(scenario, { variants });
  progress.report(1, 1, "timeline");
  return result;
}
