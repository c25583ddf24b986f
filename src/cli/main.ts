/** The `zopa` command line: a thin shell over the library. */
import { Command, CommanderError } from "commander";
import { ScenarioError } from "../scenario/problem.ts";
import { SizeLimitError } from "../space/sizeLimit.ts";
import { registerAnalyze } from "./commands/analyze.ts";
import { registerExport } from "./commands/export.ts";
import { registerForecast } from "./commands/forecast.ts";
import { registerHistory } from "./commands/history.ts";
import { registerImport } from "./commands/import.ts";
import { registerInit } from "./commands/init.ts";
import { registerReport } from "./commands/report.ts";
import { registerSchema } from "./commands/schema.ts";
import { registerSimulate } from "./commands/simulate.ts";
import { registerValidate } from "./commands/validate.ts";
import { EXIT_BAD_INPUT, printProblems, UsageError } from "./io.ts";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("zopa")
    .description("Model, analyse and explain negotiations: is there an agreement zone, and if not, why?")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerAnalyze(program);
  registerHistory(program);
  registerForecast(program);
  registerReport(program);
  registerValidate(program);
  registerSchema(program);
  registerInit(program);
  registerImport(program);
  registerExport(program);
  registerSimulate(program);
  for (const c of program.commands) c.exitOverride().showHelpAfterError("(run with --help for usage)");
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return EXIT_BAD_INPUT;
    }
    if (e instanceof UsageError || e instanceof ScenarioError) {
      printProblems(e.problems);
      process.stderr.write(
        `zopa: ${e instanceof ScenarioError ? `${e.problems.filter((p) => p.severity === "error").length} problem(s) in the scenario` : e.message}\n`,
      );
      return EXIT_BAD_INPUT;
    }
    if (e instanceof SizeLimitError) {
      // Limits of size the user can act on (too large to enumerate, frontier too large): say so, exit 2.
      process.stderr.write(`zopa: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`zopa: internal error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
