/**
 * Monte Carlo on worker threads (Node only): samples are cut into batches, each batch runs in a piscina worker,
 * and the summaries equal the single-threaded ones for the same seed. Threads are capped at the batches of one
 * issue; with a single batch per issue no worker starts and the batches run in this thread.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { ForecastProblem } from "../forecast/forecastProblem.ts";
import type { ModelName } from "../forecast/models.ts";
import {
  batchTasks,
  type MonteCarloSummary,
  type SampleBatch,
  sampleBatch,
  summarise,
} from "../forecast/monteCarlo.ts";

/**
 * The worker file beside this module, whatever the working folder: monteCarloWorker.js in the build, or
 * monteCarloWorker.ts when running from source, where the worker thread needs tsx's loader too (resolved from
 * here, not from the working folder; tsx is a devDependency, so the build never asks for it).
 */
export function workerEntry(moduleUrl: string = import.meta.url): { filename: string; execArgv?: string[] } {
  if (!new URL(moduleUrl).pathname.endsWith(".ts"))
    return { filename: new URL("./monteCarloWorker.js", moduleUrl).href };
  return {
    filename: new URL("./monteCarloWorker.ts", moduleUrl).href,
    execArgv: ["--import", import.meta.resolve("tsx")],
  };
}

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
  const perIssue = issues.map((issue) =>
    batchTasks(
      { problem, issue, model, rounds: options.rounds, seed: options.seed },
      options.samples,
      options.batchSize,
    ),
  );
  const total = options.samples * issues.length;
  let done = 0;
  const finished = (b: SampleBatch) => {
    done += b.forecasts.length;
    options.onProgress?.(done, total);
    return b;
  };
  const summaries = (batches: SampleBatch[][]) =>
    batches.map((b, k) => summarise(problem, issues[k], model, b, { rounds: options.rounds }));
  // Issues run one after another, so no more threads than one issue's batches can be busy.
  const mostTasks = Math.max(0, ...perIssue.map((t) => t.length));
  // A single batch per issue gains nothing from a worker: run it here (the same sampleBatch, the same result).
  if (mostTasks <= 1) return summaries(perIssue.map((tasks) => tasks.map((t) => finished(sampleBatch(t)))));
  const threads = Math.min(mostTasks, Math.max(1, options.threads ?? availableParallelism()));
  const pool = new Piscina({
    ...workerEntry(),
    minThreads: threads,
    maxThreads: threads,
  });
  try {
    const batches: SampleBatch[][] = [];
    for (const tasks of perIssue)
      batches.push(await Promise.all(tasks.map((task) => pool.run(task).then(finished))));
    return summaries(batches);
  } finally {
    await pool.destroy();
  }
}
