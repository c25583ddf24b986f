import { resolve } from "node:path";
import type { Command } from "commander";
import { choice, emit, stderr, stdout } from "../io.ts";
import { loadScenarioArg } from "../scenarioInput.ts";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "Write a shareable report: verdict, parties, issues, red lines, deadlock diagnosis, variants side by side, history of the rounds, stakeholder forecasts and two-level zones (when the scenario has stakeholders), claims ledger and plots, as one self-contained HTML file (or Markdown).",
    )
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--format <format>", "html | markdown", "html")
    .option("-o, --output <file>", "write the report to this file (default: stdout)")
    .addHelpText(
      "after",
      "\nThe HTML file has no scripts and makes no network requests: it opens from disk and prints.\n\nExamples:\n  zopa report examples/syria-israel-2026/scenario.yaml -o report.html\n  zopa report examples/syria-israel-2026/scenario.yaml --format markdown -o report.md\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.",
    )
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, ["html", "markdown"] as const);
      // Loaded here, not at start-up, and the HTML renderer only for HTML: the plotting stack (Observable
      // Plot, linkedom) costs half a second that other commands and the Markdown report would pay.
      const { buildReportData } = await import("../../report/html/data.ts");
      const scenario = loadScenarioArg(file, { verb: "written" });
      if (opts.output && opts.output !== "-") stderr().write(`zopa: analysing ${file}…\n`);
      const data = buildReportData(scenario);
      const text =
        format === "html"
          ? (await import("../../report/html/report.ts")).renderHtmlReport(data, {
              generated: new Date().toISOString().slice(0, 10),
            })
          : (await import("../../report/html/markdown.ts")).renderMarkdownReport(data);
      emit(text, opts.output);
      if (opts.output && opts.output !== "-") stdout().write(`Report written to ${resolve(opts.output)}\n`);
    });
}
