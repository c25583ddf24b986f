import type { Command } from "commander";
import { renderHistory } from "../../report/historyReport.ts";
import { history } from "../../tasks/history.ts";
import { choice, emit } from "../io.ts";
import { scenarioInputOf, warningsPrinted, withInputErrors } from "../scenarioInput.ts";

export function registerHistory(program: Command): void {
  program
    .command("history")
    .description(
      "Analyse the scenario's timeline: each round's positions, their utility to every party, acceptability and distance to the agreement zone under each variant, and DANS move classes.",
    )
    .argument(
      "<scenario...>",
      "scenario file (YAML or JSON) with a `timeline`, - to read it from standard input, or any input `zopa analyze` accepts",
    )
    .option("--variant <name...>", "evaluate under these variants only ('base' for the base scenario)")
    .option("--format <format>", "text | json | markdown", "text")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addHelpText(
      "after",
      "\nPartial positions are completed issue by issue: stated > carried from the party's last position > the\noption best for the proposer (docs/history.md).\n\nExamples:\n  zopa history examples/syria-israel-2026/scenario.yaml\n  zopa history examples/syria-israel-2026/scenario.yaml --format json -o history.json\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.",
    )
    .action(async (inputs: string[], opts) => {
      const format = choice("--format", opts.format, ["text", "json", "markdown"] as const);
      const source = await scenarioInputOf(inputs);
      const result = withInputErrors(source, "analysed", () =>
        history({ ...source, ...(opts.variant ? { variants: opts.variant } : {}) }, warningsPrinted()),
      );
      emit(
        format === "json" ? `${JSON.stringify(result, null, 2)}\n` : renderHistory(result, format),
        opts.output,
      );
    });
}
