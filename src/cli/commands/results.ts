import type { Command } from "commander";
import { geniusLogHeader, geniusLogLine, renderTournament } from "../../report/tournamentReport.ts";
import {
  type StreamedResults,
  streamTournamentResults,
  tournamentReport,
  tournamentResults,
} from "../../tasks/tournament.ts";
import { SCORINGS } from "../../tournament/spec.ts";
import { choice, emit, emitChunks } from "../io.ts";

/** Text pieces gathered into chunks of about 64 KB (one write each). */
async function* chunked(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = "";
  for await (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}

/** Exactly `JSON.stringify(results, null, 2)` plus a line break, the negotiations written as the store yields them. */
async function* resultsJson(r: StreamedResults): AsyncGenerator<string> {
  const head = JSON.stringify(r.summary, null, 2);
  yield `${head.slice(0, -2)},\n  "negotiations": [`;
  let any = false;
  for await (const n of r.negotiations) {
    yield `${any ? "," : ""}\n    ${JSON.stringify(n, null, 2).replaceAll("\n", "\n    ")}`;
    any = true;
  }
  yield `${any ? "\n  " : ""}]\n}\n`;
}

async function* geniusLog(r: StreamedResults): AsyncGenerator<string> {
  yield geniusLogHeader(r.maxParties);
  for await (const n of r.negotiations) yield geniusLogLine(r.summary.tournament, r.maxParties, n);
}

export function registerResults(program: Command): void {
  program
    .command("results")
    .description("The ranking and statistics of a tournament store (what `zopa tournament` wrote).")
    .argument("<store>", "a tournament's SQLite file")
    .option("--format <format>", "text | json | genius-csv | markdown | html", "text")
    .option(
      "--scenario <name>",
      "markdown, html: the scenario whose outcomes are plotted (as the spec names it)",
    )
    .option("--scoring <score>", `rank by another score: ${SCORINGS.join(" | ")} (default: the spec's)`)
    .option("--traces", "json: include each negotiation's trace (stored with zopa tournament --traces)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `
Formats: text gives the ranking (mean score, 95 % bootstrap interval, utility, advantage, agreement rate,
rounds, failures) and pairwise Wilcoxon signed-rank comparisons with Holm-corrected p-values; html is a
self-contained page with the same tables and plots (mean scores with their intervals, each agent's score
distribution, agreement rates, the outcomes of one bilateral scenario on its utility plane; one colour per
agent); markdown the same with text charts; json adds every negotiation (the contract in
docs/tournament-json.md); genius-csv writes GENIUS's tournament log (sep=;). json and genius-csv stream the
negotiations from the store: memory does not grow with them.

Examples:
  zopa results out/tournament.db
  zopa results out/tournament.db --format json -o results.json
  zopa results out/tournament.db --format genius-csv -o log.csv
  zopa results out/tournament.db --scoring utility --format markdown
  zopa results out/tournament.db --format html -o report.html

Exit codes: 0 done, 2 bad input (no such store, a store without a tournament), 1 internal error.`,
    )
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, [
        "text",
        "json",
        "genius-csv",
        "markdown",
        "html",
      ] as const);
      const scoring = opts.scoring === undefined ? undefined : choice("--scoring", opts.scoring, SCORINGS);
      if (format === "json" || format === "genius-csv") {
        // Streamed: the summary from a first pass over the store, then each negotiation from a second.
        const streamed = await streamTournamentResults({
          store: file,
          scoring,
          traces: opts.traces === true,
        });
        await emitChunks(
          chunked(format === "json" ? resultsJson(streamed) : geniusLog(streamed)),
          opts.output,
        );
        return;
      }
      if (format === "html" || format === "markdown") {
        const report = await tournamentReport({ store: file, format, scoring, scenario: opts.scenario });
        emit(report.text, opts.output);
        return;
      }
      emit(
        renderTournament(await tournamentResults({ store: file, scoring, negotiations: false })),
        opts.output,
      );
    });
}
