import type { Command } from "commander";
import { analyzeHistory } from "../../history/history.ts";
import { renderHistory } from "../../report/historyReport.ts";
import { choice, emit, usageError } from "../io.ts";
import { loadScenarioArg, requireVariant } from "../scenarioInput.ts";

export function registerHistory(program: Command): void {
  program
    .command("history")
    .description(
      "Analyse the scenario's timeline: each round's positions, their utility to every party, acceptability and distance to the agreement zone under each variant, and DANS move classes.",
    )
    .argument("<scenario>", "scenario file (YAML or JSON) with a `timeline`")
    .option("--variant <name...>", "evaluate under these variants only ('base' for the base scenario)")
    .option("--format <format>", "text | json | markdown", "text")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addHelpText(
      "after",
      "\nPartial positions are completed issue by issue: stated > carried from the party's last position > the\noption best for the proposer (docs/history.md).\n\nExamples:\n  zopa history examples/syria-israel-2026/scenario.yaml\n  zopa history examples/syria-israel-2026/scenario.yaml --format json -o history.json\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.",
    )
    .action((file: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json", "markdown"] as const);
      const scenario = loadScenarioArg(file);
      if (!scenario.timeline || scenario.timeline.length === 0)
        throw usageError(
          `${file} has no \`timeline\`: add rounds with each party's positions (see docs/history.md)`,
        );
      let variants: (string | null)[] | undefined;
      if (opts.variant)
        variants = (opts.variant as string[]).map((v) => {
          if (v === "base") return null;
          requireVariant(scenario, v, '"base"');
          return v;
        });
      const history = analyzeHistory(scenario, { variants });
      emit(
        format === "json" ? `${JSON.stringify(history, null, 2)}\n` : renderHistory(history, format),
        opts.output,
      );
    });
}
