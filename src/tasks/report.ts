/**
 * The `report` task: the shareable report of a scenario (verdict, parties, issues, red lines, deadlock
 * diagnosis, variants side by side, history of the rounds, stakeholder forecasts and two-level zones, claims
 * ledger and plots) as one self-contained HTML page or as Markdown. The plotting stack (Observable Plot,
 * linkedom) is loaded only for HTML.
 */
import { z } from "zod";
import { buildReportData } from "../report/html/data.ts";
import { oneInput, resolveScenario, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

export const ReportRequest = z
  .strictObject({
    ...scenarioInputFields,
    /** "html" (default) or "markdown". */
    format: z.enum(["html", "markdown"]).optional(),
    /** The date printed as the HTML report's generation date (YYYY-MM-DD); defaults to today (UTC). */
    generated: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .superRefine(oneInput);
export type ReportRequest = z.input<typeof ReportRequest>;

export interface ReportResult {
  format: "html" | "markdown";
  /** The whole document: an HTML page with no scripts and no network requests, or Markdown. */
  report: string;
}

/**
 * Computes everything the report shows and renders it. Progress: one unit per analysis (the base and each
 * variant), then the history, the utility space and the forecasts; the first event (done 0) comes once the
 * scenario is loaded.
 */
export async function report(request: ReportRequest, options: TaskOptions = {}): Promise<ReportResult> {
  const r = parseRequest("report", ReportRequest, request);
  const progress = new Progress("report", options);
  progress.check();
  const loaded = resolveScenario(r);
  for (const w of loaded.warnings) progress.warn(w);
  const scenario = loaded.scenario;
  progress.report(0, scenario.variants.length + 4, "parts");
  const data = buildReportData(scenario, {
    onStep: (done, total) => progress.report(done, total, "parts"),
  });
  const format = r.format ?? "html";
  const text =
    format === "html"
      ? (await import("../report/html/report.ts")).renderHtmlReport(data, {
          generated: r.generated ?? new Date().toISOString().slice(0, 10),
        })
      : (await import("../report/html/markdown.ts")).renderMarkdownReport(data);
  return { format, report: text };
}
