/**
 * Monte Carlo on worker threads (Node only): samples are cut into batches, each batch runs in a piscina worker
 * (loaded through tsx), and the summaries equal the single-threaded ones for the same seed.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { ForecastProblem } from "./forecastProblem.ts";
import type { ModelName } from "./models.ts";
import { batchTasks, type MonteCarloSummary, type SampleBatch, summarise } from "./monteCarlo.ts";

export interface PoolOptions {
  samples: number;
  seed: number;
  rounds?: number;
  /** Worker threads; defaults to the available parallelism. */
  threads?: number;
  /** Samples per task (default DEFAULT_BATCH); the same split as `monteCarlo`, so results match it exactly. */
  batchSize?: number;
  /** Called after each finished batch with the number of samples done. */
  onProgress?: (done: number, total: number) => void;
}

export async function monteCarloParallel(
  problem: ForecastProblem,
  issues: readonly number[],
  model: ModelName,
  options: PoolOptions,
): Promise<MonteCarloSummary[]> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pool = new Piscina({
    filename: new URL("./monteCarloWorker.ts", import.meta.url).href,
    execArgv: ["--import", "tsx"],
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    const total = options.samples * issues.length;
    let done = 0;
    const out: MonteCarloSummary[] = [];
    for (const issue of issues) {
      const tasks = batchTasks(
        { problem, issue, model, rounds: options.rounds, seed: options.seed },
        options.samples,
        options.batchSize,
      );
      const batches = await Promise.all(
        tasks.map((task) =>
          pool.run(task).then((b: SampleBatch) => {
            done += b.forecasts.length;
            options.onProgress?.(done, total);
            return b;
          }),
        ),
      );
      out.push(summarise(problem, issue, model, batches, { rounds: options.rounds }));
    }
    return out;
  } finally {
    await pool.destroy();
  }
}
