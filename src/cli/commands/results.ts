import type { Command } from "commander";
import { renderGeniusLog, renderTournament } from "../../report/tournamentReport.ts";
import { tournamentResults } from "../../tasks/tournament.ts";
import { SCORINGS } from "../../tournament/spec.ts";
import { choice, emit } from "../io.ts";

export function registerResults(program: Command): void {
  program
    .command("results")
    .description("The ranking and statistics of a tournament store (what `zopa tournament` wrote).")
    .argument("<store>", "a tournament's SQLite file")
    .option("--format <format>", "text | json | genius-csv | markdown", "text")
    .option("--scoring <score>", `rank by another score: ${SCORINGS.join(" | ")} (default: the spec's)`)
    .option("--traces", "json: include each negotiation's trace (stored with zopa tournament --traces)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `
Formats: text and markdown give the ranking (mean score, 95 % bootstrap interval, utility, advantage,
agreement rate, rounds, failures) and pairwise Wilcoxon signed-rank comparisons with Holm-corrected
p-values; json adds every negotiation (the contract in docs/tournament-json.md); genius-csv writes
GENIUS's tournament log (sep=;). HTML with plots is not available yet.

Examples:
  zopa results out/tournament.db
  zopa results out/tournament.db --format json -o results.json
  zopa results out/tournament.db --format genius-csv -o log.csv
  zopa results out/tournament.db --scoring utility --format markdown

Exit codes: 0 done, 2 bad input (no such store, a store without a tournament), 1 internal error.`,
    )
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json", "genius-csv", "markdown"] as const);
      const scoring = opts.scoring === undefined ? undefined : choice("--scoring", opts.scoring, SCORINGS);
      const results = await tournamentResults({
        store: file,
        scoring,
        negotiations: format === "json" || format === "genius-csv",
        traces: opts.traces === true,
      });
      emit(
        format === "json"
          ? `${JSON.stringify(results, null, 2)}\n`
          : format === "genius-csv"
            ? renderGeniusLog(results)
            : renderTournament(results, format === "markdown" ? "markdown" : "text"),
        opts.output,
      );
    });
}
