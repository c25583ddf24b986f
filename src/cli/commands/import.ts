import type { Command } from "commander";
import { stringify } from "yaml";
import { DEFAULT_REAL_RESOLUTION } from "../../formats/genius.ts";
import { importScenario } from "../../tasks/import.ts";
import { choice, emit, stderr, usageError } from "../io.ts";
import { printWarnings, scenarioInputOf, withInputErrors } from "../scenarioInput.ts";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description(
      "Convert GENIUS XML (a domain and its profiles) or GeniusWeb / ANL JSON into a Zopa scenario, warning about anything that cannot be represented.",
    )
    .argument("<inputs...>", "a folder holding one domain and its profiles, or the domain and profile files")
    .option("-o, --output <file>", "write the scenario to this file (.yaml or .json) instead of stdout")
    .option("--format <format>", "yaml | json (default: from the output file name, else yaml)")
    .option(
      "--real-resolution <n>",
      `values enumerated for each real (continuous) GENIUS issue`,
      String(DEFAULT_REAL_RESOLUTION),
    )
    .addHelpText(
      "after",
      "\nExamples:\n  zopa import path/to/anac2011_Car -o car.yaml\n  zopa import laptop_domain.xml laptop_buyer_utility.xml laptop_seller_utility.xml -o laptop.yaml\n  zopa import path/to/anl/domain00 --format json\n\nParty ids come from the profile file names. Exit codes: 0 done (warnings on stderr), 2 bad input (nothing written).",
    )
    .action(async (inputs: string[], opts) => {
      const realResolution = Number(opts.realResolution);
      if (!Number.isInteger(realResolution) || realResolution < 2)
        throw usageError(
          `--real-resolution must be a whole number of at least 2 (got "${opts.realResolution}")`,
        );
      const format = choice(
        "--format",
        opts.format ?? (typeof opts.output === "string" && opts.output.endsWith(".json") ? "json" : "yaml"),
        ["yaml", "json"] as const,
      );
      const source = await scenarioInputOf(inputs);
      let warnings = 0;
      const data = withInputErrors(source, "written", () =>
        importScenario(
          { ...source, realResolution },
          {
            onWarning: (w) => {
              warnings++;
              printWarnings([w]);
            },
          },
        ),
      );
      const text =
        format === "json"
          ? `${JSON.stringify(data, null, 2)}\n`
          : `# Imported by zopa import from ${inputs.join(", ")}\n${stringify(data, { lineWidth: 0 })}`;
      emit(text, opts.output);
      if (opts.output && opts.output !== "-")
        stderr().write(
          `zopa: wrote ${opts.output}: ${(data.issues as unknown[]).length} issues, ${(data.parties as unknown[]).length} parties${warnings ? `, ${warnings} warning(s) above` : ""}\n`,
        );
    });
}
