import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { queueWorker } from "../../tasks/tournamentQueue.ts";
import { maxText } from "../../util/limits.ts";
import { countFlag } from "../counts.ts";
import { stderr } from "../io.ts";

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description(
      "Run tournament negotiations for `zopa tournament --queue` coordinators, on this machine or any other.",
    )
    .requiredOption("--queue <url>", "the Redis the coordinator uses (redis://HOST:PORT)")
    .option("--concurrency <n>", `worker threads per tournament (default: one per CPU) ${maxText("threads")}`)
    .option("--prefix <p>", "the key prefix in Redis (the coordinator's --prefix)", "zopa")
    .addHelpText(
      "after",
      `
The worker waits for tournaments published on the queue, fetches their scenarios and agent files from Redis
(no shared disk needed; agent files are cached in a temporary folder of this worker) and runs batches of
negotiations until stopped with Ctrl-C (running batches finish first). A worker killed mid-batch has its
batch retried by another worker after a few seconds. Start as many as you like, on as many machines.

Examples:
  zopa worker --queue redis://127.0.0.1:6379
  zopa worker --queue redis://10.0.0.5:6379 --concurrency 4

If Redis goes away, the worker retries for 10 s, then stops with exit 2 naming the URL (the batches it was
running go back to the queue); start Redis again and run the same command. Ctrl-C ends the worker promptly
even when Redis does not answer. A worker refuses tournaments published by another Zopa version (and tells
their coordinator, which stops).

Exit codes: 0 stopped, 2 bad input (a Redis that does not answer at the start, or lost for 10 s),
1 internal error.`,
    )
    .action(async (opts) => {
      const concurrency = countFlag("--concurrency", opts.concurrency, "threads") ?? availableParallelism();
      const err = stderr();
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      err.write(
        `worker: waiting for tournaments on ${opts.queue} (prefix ${opts.prefix}, ${concurrency} thread${concurrency === 1 ? "" : "s"})\n`,
      );
      try {
        const done = await queueWorker(
          { queue: opts.queue, prefix: opts.prefix, concurrency },
          { signal: controller.signal, onEvent: (m) => err.write(`worker: ${m}\n`) },
        );
        err.write(`worker: stopped after ${done.negotiations} negotiations in ${done.batches} batches\n`);
      } finally {
        process.removeListener("SIGINT", stop);
        process.removeListener("SIGTERM", stop);
      }
    });
}
