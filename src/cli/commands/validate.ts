import type { Command } from "commander";
import { readScenarioFile } from "../../scenario/load.ts";
import { hasErrors } from "../../scenario/problem.ts";
import { choice, printProblems, stderr, stdout, usageError } from "../io.ts";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Check a scenario file and report every problem with its line, column and path.")
    .argument("<scenario...>", "scenario files (YAML or JSON)")
    .option("--format <format>", "text | json", "text")
    .addHelpText("after", "\nExit codes: 0 valid (warnings may be printed), 2 problems found.")
    .action((files: string[], opts) => {
      const format = choice("--format", opts.format, ["text", "json"] as const);
      let failed = 0;
      const results = files.map((file) => {
        const r = readScenarioFile(file);
        const ok = !hasErrors(r.problems);
        if (!ok) failed++;
        return { file, ok, problems: r.problems };
      });
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
