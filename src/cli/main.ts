/** The `zopa` command line: a thin shell over the library. */
import { Command, CommanderError } from "commander";
import { ScenarioError } from "../scenario/problem.ts";
import { SizeLimitError } from "../space/sizeLimit.ts";
import { EXIT_BAD_INPUT, printProblems, UsageError } from "./io.ts";
import { loadCommands, type RegisterCommand } from "./lazy.ts";

/** The program with the given commands (src/cli/lazy.ts picks the ones a run needs). */
export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command();
  program
    .name("zopa")
    .description("Model, analyse and explain negotiations: is there an agreement zone, and if not, why?")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commands) register(program);
  for (const c of program.commands) c.exitOverride().showHelpAfterError("(run with --help for usage)");
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram(await loadCommands(argv)).parseAsync(argv);
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
