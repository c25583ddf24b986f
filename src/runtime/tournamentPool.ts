/**
 * Tournament jobs on piscina worker threads (Node only). Each worker gets the tournament's scenarios once
 * (by content hash, in workerData) and compiles each on first use; jobs are batches of negotiations.
 */
import { Piscina } from "piscina";
import type { Scenario } from "../scenario/schema.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import type { TournamentJob } from "./tournamentJob.ts";

/** Heap a worker gets beyond the agents' allowance: scenarios, indexes, the engine itself. */
export const WORKER_BASE_HEAP_MB = 512;

/**
 * The worker file beside this module, whatever the working folder: tournamentWorker.js in the build, or
 * tournamentWorker.ts from source, where the thread needs tsx's loader too (resolved from here).
 */
export function workerEntry(moduleUrl: string = import.meta.url): { filename: string; execArgv?: string[] } {
  if (!new URL(moduleUrl).pathname.endsWith(".ts"))
    return { filename: new URL("./tournamentWorker.js", moduleUrl).href };
  return {
    filename: new URL("./tournamentWorker.ts", moduleUrl).href,
    execArgv: ["--import", import.meta.resolve("tsx")],
  };
}

export interface TournamentPool {
  /** Runs a job; a heartbeat lets the caller watch user agents' calls (see tournamentWorker.ts). */
  run(
    job: TournamentJob,
    options?: { signal?: AbortSignal; heartbeat?: Int32Array },
  ): Promise<NegotiationRow[]>;
  destroy(): Promise<void>;
}

export function createTournamentPool(options: {
  threads: number;
  scenarios: Record<string, Scenario>;
  agentMemoryMb: number;
  /** Heap beyond the agents' allowance (default WORKER_BASE_HEAP_MB). */
  baseHeapMb?: number;
}): TournamentPool {
  const pool = new Piscina({
    ...workerEntry(),
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    workerData: { scenarios: options.scenarios },
    resourceLimits: {
      maxOldGenerationSizeMb: (options.baseHeapMb ?? WORKER_BASE_HEAP_MB) + options.agentMemoryMb,
    },
  });
  return {
    run: (job, options = {}) =>
      pool.run({ job, heartbeat: options.heartbeat }, options.signal ? { signal: options.signal } : {}),
    destroy: () => pool.destroy(),
  };
}
