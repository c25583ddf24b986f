import { resolve } from "node:path";
import type { Command } from "commander";
import { choice, emit, stderr, stdout } from "../io.ts";
import { scenarioInputOf, warningsPrinted, withInputErrors } from "../scenarioInput.ts";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "Write a shareable report: verdict, parties, issues, red lines, deadlock diagnosis, variants side by side, history of the rounds, stakeholder forecasts and two-level zones (when the scenario has stakeholders), claims ledger and plots, as one self-contained HTML file (or Markdown).",
    )
    .argument(
      "<scenario...>",
      "scenario file (YAML or JSON), - to read it from standard input, or any input `zopa analyze` accepts",
    )
    .option("--format <format>", "html | markdown", "html")
    .option("-o, --output <file>", "write the report to this file (default: stdout)")
    .addHelpText(
      "after",
      "\nThe HTML file has no scripts and makes no network requests: it opens from disk and prints.\n\nExamples:\n  zopa report examples/syria-israel-2026/scenario.yaml -o report.html\n  zopa report examples/syria-israel-2026/scenario.yaml --format markdown -o report.md\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.",
    )
    .action(async (inputs: string[], opts) => {
      const format = choice("--format", opts.format, ["html", "markdown"] as const);
      // Loaded here, not at start-up: the report's computations and (for HTML) the plotting stack cost time
      // that other commands would pay.
      const { report } = await import("../../tasks/report.ts");
      const source = await scenarioInputOf(inputs);
      const toFile = opts.output && opts.output !== "-";
      const result = await withInputErrors(source, "written", () =>
        report(
          { ...source, format },
          {
            ...warningsPrinted(),
            onProgress: (e) => {
              if (toFile && e.done === 0) stderr().write(`zopa: analysing ${inputs.join(" ")}…\n`);
            },
          },
        ),
      );
      emit(result.report, opts.output);
      if (toFile) stdout().write(`Report written to ${resolve(opts.output)}\n`);
    });
}
