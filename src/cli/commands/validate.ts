import type { Command } from "commander";
import { validate } from "../../tasks/validate.ts";
import { choice, printProblems, stderr, stdout, usageError } from "../io.ts";
import { readStdin, STDIN_NAME } from "../scenarioInput.ts";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Check a scenario file and report every problem with its line, column and path.")
    .argument("<scenario...>", "scenario files (YAML or JSON); - reads one from standard input")
    .option("--format <format>", "text | json", "text")
    .addHelpText("after", "\nExit codes: 0 valid (warnings may be printed), 2 problems found.")
    .action(async (files: string[], opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      if (files.includes("-") && files.length > 1)
        throw usageError(
          `- (a scenario on standard input) stands alone, but ${files.length} inputs were given`,
        );
      const results = validate(
        files[0] === "-" ? { scenario: await readStdin(), name: STDIN_NAME } : { paths: files },
      ).files;
      const failed = results.filter((r) => !r.ok).length;
      if (format === "json") stdout().write(`${JSON.stringify({ files: results }, null, 2)}\n`);
      else
        for (const r of results) {
          printProblems(r.problems, r.ok ? stdout() : stderr());
          if (r.ok)
            stdout().write(
              `${r.file}: valid${r.problems.length ? ` (${r.problems.length} warning${r.problems.length === 1 ? "" : "s"})` : ""}\n`,
            );
        }
      if (failed > 0) {
        const total = results.reduce(
          (s, r) => s + r.problems.filter((p) => p.severity === "error").length,
          0,
        );
        throw usageError(
          `${total} problem${total === 1 ? "" : "s"} in ${failed} of ${files.length} file${files.length === 1 ? "" : "s"}`,
        );
      }
    });
}
