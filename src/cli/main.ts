/**
 * The `zopa` command line: a thin shell over the library. `main(argv, io)` runs one command line against the
 * given streams and returns the exit code, so tests run it in process; `bin.ts` runs it for the process.
 */
import { Command, CommanderError } from "commander";
import { isZopaError, type ZopaError } from "../errors.ts";
import { escapeText } from "../report/escape.ts";
import { type CliIo, cliIo, EXIT_BAD_INPUT, EXIT_INTERNAL, printProblems, withIo } from "./io.ts";
import { loadCommands, type RegisterCommand } from "./lazy.ts";
import { guardOutputs } from "./outputGuard.ts";
import { VERSION } from "./version.ts";

/** Where to report a bug (an internal error). */
const BUG_REPORTS = "https://github.com/zopa-negotiation/zopa/issues";

/** The program with the given commands (src/cli/lazy.ts picks the ones a run needs). */
export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command();
  program
    .name("zopa")
    .description("Model, analyse and explain negotiations: is there an agreement zone, and if not, why?")
    .version(VERSION)
    .option("--debug", "print the stack of internal errors (also ZOPA_DEBUG=1)")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => cliIo().stdout.write(s),
      writeErr: (s) => cliIo().stderr.write(s),
    })
    .exitOverride()
    // Files are sacred: an output that is an input, lies in an input folder or is not a regular file is
    // refused before any work (the rule: src/cli/io.ts).
    .hook("preAction", (_program, command) => guardOutputs(command));
  for (const register of commands) register(program);
  for (const c of program.commands)
    c.exitOverride()
      .showHelpAfterError("(run with --help for usage)")
      .configureOutput(program.configureOutput());
  return program;
}

/** Prints a problem with the user's input: every located problem, the message, the hint. */
function printInputError(e: ZopaError, io: CliIo): void {
  printProblems(e.problems, io.stderr);
  // When the problems were listed one per line, the message's own copy of them is left out.
  const message = e.problems.length > 0 ? e.message.split("\n")[0].replace(/:$/, "") : e.message;
  io.stderr.write(`zopa: ${escapeText(message)}\n`);
  if (e.hint) io.stderr.write(`hint: ${escapeText(e.hint)}\n`);
}

/** One line saying it is a bug and how to report it; the stack only with --debug or ZOPA_DEBUG=1. */
function printInternalError(e: unknown, io: CliIo, debug: boolean): void {
  const message = escapeText(e instanceof Error ? e.message.split("\n")[0] : String(e));
  io.stderr.write(
    `zopa: internal error (a bug in Zopa, not in your input): ${message}\n` +
      (debug
        ? `${e instanceof Error ? e.stack : e}\n`
        : `Please report it with the command line at ${BUG_REPORTS}; run with --debug for the details.\n`),
  );
}

/**
 * Runs one command line (`argv` as process.argv: node, script, then the arguments) and returns the exit
 * code: 0 done, 2 bad input (any ZopaError; nothing written), 1 an internal error.
 */
export async function main(argv: string[], io: CliIo = cliIo()): Promise<number> {
  const debug = argv.includes("--debug") || (io.env ?? process.env).ZOPA_DEBUG === "1";
  return withIo(io, async () => {
    try {
      // --debug is the shell's own switch, accepted anywhere on the line.
      const args = argv.filter((a) => a !== "--debug");
      await buildProgram(await loadCommands(args)).parseAsync(args);
      return 0;
    } catch (e) {
      if (e instanceof CommanderError) {
        if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(e.code)) return 0;
        if (e.code === "zopa.stopped") return e.exitCode;
        return EXIT_BAD_INPUT;
      }
      if (isZopaError(e)) {
        printInputError(e, io);
        if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
        return EXIT_BAD_INPUT;
      }
      printInternalError(e, io, debug);
      return EXIT_INTERNAL;
    }
  });
}
