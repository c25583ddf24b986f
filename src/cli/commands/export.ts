import type { Command } from "commander";
import { isZopaError } from "../../errors.ts";
import { exportScenario } from "../../tasks/export.ts";
import { choice, emitFiles, stderr, usageError } from "../io.ts";
import { scenarioInputOf, warningsPrinted, withInputErrors } from "../scenarioInput.ts";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "Write a scenario as GENIUS XML (a domain and one profile per party) or GeniusWeb JSON, warning about anything the format cannot carry.",
    )
    .argument(
      "<inputs...>",
      "a scenario file, - to read one from standard input, or any input `zopa analyze` accepts",
    )
    .requiredOption("--to <format>", "genius | geniusweb")
    .requiredOption("-o, --output <dir>", "folder to write the files into (created if needed)")
    .option("--variant <name>", "export this variant of the scenario instead of the base")
    .addHelpText(
      "after",
      "\nExamples:\n  zopa export examples/car-purchase.yaml --to genius -o out/car\n  zopa export examples/car-purchase.yaml --to geniusweb -o out/car-web\n\nRed lines, variants, sources and parties without preferences cannot be written: each is named in a warning.\nExit codes: 0 done, 2 bad input (nothing written).",
    )
    .action(async (inputs: string[], opts) => {
      const to = choice("--to", opts.to, ["genius", "geniusweb"] as const);
      const source = await scenarioInputOf(inputs);
      let result: { files: { name: string; text: string }[]; warnings: string[] };
      try {
        result = withInputErrors(source, "written", () =>
          exportScenario(
            { ...source, to, ...(opts.variant ? { variant: opts.variant } : {}) },
            warningsPrinted(),
          ),
        );
      } catch (e) {
        // Only what the user can fix; anything else is an internal error and keeps its stack trace.
        if (!isZopaError(e, "export")) throw e;
        throw usageError(`cannot export as ${to}: ${e.message}; nothing was written.`);
      }
      emitFiles(opts.output, result.files);
      for (const w of result.warnings) stderr().write(`warning: ${w}\n`);
      stderr().write(`zopa: wrote ${result.files.map((f) => f.name).join(", ")} to ${opts.output}\n`);
    });
}
