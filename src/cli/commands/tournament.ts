import type { Command } from "commander";
import { CommanderError } from "commander";
import { escapeText } from "../../report/escape.ts";
import { renderTournament } from "../../report/tournamentReport.ts";
import { LlmRun } from "../../runtime/llm/connect.ts";
import { SqliteStore } from "../../store/sqlite.ts";
import { tournamentResults } from "../../tasks/tournament.ts";
import { runTournament } from "../../tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../tasks/tournamentLoad.ts";
import { maxText } from "../../util/limits.ts";
import { countFlag } from "../counts.ts";
import { stderr, stdout, usageError } from "../io.ts";
import { printWarnings } from "../scenarioInput.ts";

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT); what finished is stored. */
export const EXIT_STOPPED = 130;

function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ${Math.round(s - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

let llm: LlmRun | null = null;

export function registerTournament(program: Command): void {
  program
    .command("tournament")
    .description(
      "Run a tournament: every agent against every other in each role of each scenario, results in a SQLite store (running again resumes).",
    )
    .argument("<spec>", "a tournament spec (YAML or JSON; see docs/tournaments.md)")
    .requiredOption("--store <file>", "the SQLite file results go to (created if needed)")
    .option(
      "--workers <n>",
      `worker threads (0: run in this thread); default: one per CPU ${maxText("threads")}`,
    )
    .option("--force", "replace a different tournament held by the store (its results are dropped)")
    .option("--traces", "store every negotiation's trace too")
    .option(
      "--batch <n>",
      `negotiations per worker task (default: about 50 ms of work; 200 on a queue) ${maxText("batch")}`,
    )
    .option(
      "--queue <url>",
      "run on queue workers over Redis (redis://HOST:PORT): start them with zopa worker --queue URL",
    )
    .option("--prefix <p>", "--queue: the key prefix in Redis (workers must use the same)", "zopa")
    .option(
      "--llm-record <cassette>",
      "llm agents: keep every model request and answer in this cassette (JSON)",
    )
    .option("--llm-replay <cassette>", "llm agents: answer from this cassette only, without any network")
    // LLM agents connected for the command (live, recording or replaying); the cassette is written as it goes.
    .hook("preAction", (cmd) => {
      llm = new LlmRun({ record: cmd.opts().llmRecord, replay: cmd.opts().llmReplay });
      llm.install();
    })
    .hook("postAction", () => llm?.uninstall())
    .addHelpText(
      "after",
      `
The plan comes first (negotiations, an estimate from a short timed sample, where results go), then a
progress line on stderr (on a terminal), a summary line, and the ranking. Ctrl-C stops cleanly: finished
negotiations stay in the store and the same command resumes (exit 130).

Examples:
  zopa tournament examples/tournament.yaml --store out/tournament.db
  zopa tournament spec.yaml --store results.db --workers 4
  zopa tournament spec.yaml --store results.db --force      # the store held another spec
  zopa tournament spec.yaml --store results.db --queue redis://10.0.0.5:6379   # with zopa worker on each machine
  zopa results results.db --format json -o results.json

With --queue, a Redis that goes away is retried for 10 s; then the run stops with exit 2 naming the URL
(the store keeps what finished; start Redis again and run the same command to resume). A queue worker of
another Zopa version refuses the tournament, and the run stops with exit 2 naming both versions.

Exit codes: 0 done, 2 bad input (a located problem in the spec, a store holding another tournament, a Redis
that does not answer or is lost), 1 internal error, 130 stopped (run again to resume).`,
    )
    .action(async (file: string, opts) => {
      let workers = countFlag("--workers", opts.workers, "threads", 0);
      const batchSize = countFlag("--batch", opts.batch, "batch");
      const loaded = await loadTournamentFile(file, { traces: opts.traces === true });
      // LLM agents run in this thread, where their connection (and cassette) is.
      if (loaded.resolved.agents.some((a) => a.llm)) {
        if (typeof opts.queue === "string")
          throw usageError("llm agents run in this process, not on queue workers: leave out --queue");
        workers = 0;
      }
      printWarnings(loaded.warnings);
      const out = stdout();
      const err = stderr();
      const tty = err.isTTY === true;
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once("SIGINT", onSigint);
      process.once("SIGTERM", onSigint);
      const store = new SqliteStore(opts.store);
      let lastDraw = 0;
      let summary: Awaited<ReturnType<typeof runTournament>>;
      const engine =
        typeof opts.queue === "string"
          ? (l: typeof loaded, s: typeof store, o: Parameters<typeof runTournament>[2]) =>
              import("../../tasks/tournamentQueue.ts").then((m) =>
                m.runTournamentOnQueue(l, s, { ...o, queue: opts.queue, prefix: opts.prefix }),
              )
          : runTournament;
      try {
        summary = await engine(loaded, store, {
          workers,
          batchSize,
          force: opts.force === true,
          source: file,
          storeName: opts.store,
          signal: controller.signal,
          onPlan: (p) => {
            const r = loaded.resolved;
            out.write(
              `Tournament "${escapeText(p.name)}": ${p.planned} negotiations (${r.scenarios.length} scenario${r.scenarios.length === 1 ? "" : "s"}, ${r.agents.length} agents, ${r.repetitions} repetition${r.repetitions === 1 ? "" : "s"})\n`,
            );
            if (p.stored) out.write(`  already stored: ${p.stored} (resuming)\n`);
            out.write(
              p.queue !== undefined
                ? `  to run: ${p.remaining} on the queue workers at ${p.queue} (batches of ${p.batchSize}); start them with zopa worker --queue ${p.queue}${opts.prefix === "zopa" ? "" : ` --prefix ${opts.prefix}`}\n`
                : p.remaining === 0
                  ? p.sampled
                    ? `  all ${p.sampled} ran in the timed sample (${p.perNegotiationMs?.toFixed(2)} ms per negotiation)\n`
                    : "  nothing left to run\n"
                  : p.perNegotiationMs === null
                    ? `  to run: ${p.remaining} (no timed sample: user agents run only in workers), on ${p.workers} worker${p.workers === 1 ? "" : "s"} (batches of ${p.batchSize})\n`
                    : `  to run: ${p.remaining} more after a timed sample; about ${p.perNegotiationMs.toFixed(2)} ms per negotiation, estimate ${seconds(p.estimateMs ?? 0)} on ${p.workers === 0 ? "this thread" : `${p.workers} worker${p.workers === 1 ? "" : "s"}`} (batches of ${p.batchSize})\n`,
            );
            out.write(`  results: ${opts.store} (zopa results ${opts.store})\n`);
          },
          onProgress: (p) => {
            // At most ten redraws a second.
            if (!tty || (p.done < p.total && performance.now() - lastDraw < 100)) return;
            lastDraw = performance.now();
            err.write(
              `\r${p.done}/${p.total} negotiations  ${p.rate.toFixed(0)}/s  ETA ${seconds(p.etaMs)}    `,
            );
          },
        });
      } finally {
        process.removeListener("SIGINT", onSigint);
        process.removeListener("SIGTERM", onSigint);
        if (tty) err.write("\n");
      }
      const rate = summary.elapsedMs > 0 ? (summary.ran / summary.elapsedMs) * 1000 : 0;
      err.write(
        `${summary.stopped ? "stopped" : "done"}: ${summary.ran} negotiations in ${seconds(summary.elapsedMs)} (${rate.toFixed(0)}/s); ${summary.stored} of ${summary.planned} stored in ${opts.store}${summary.stopped ? "; run the same command to resume" : ""}\n`,
      );
      if (summary.stopped) {
        await store.close();
        throw new CommanderError(EXIT_STOPPED, "zopa.stopped", "stopped");
      }
      await store.close();
      out.write(`\n${renderTournament(await tournamentResults({ store: opts.store, negotiations: false }))}`);
    });
}
