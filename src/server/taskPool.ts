/**
 * The server's worker pool (piscina) for CPU-heavy tasks, so that the event loop keeps answering (`/health`
 * in well under 50 ms while analyses run). Its queue is bounded: a full queue is a 429 with Retry-After
 * rather than unbounded waiting.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { ZopaError } from "../errors.ts";
import type { TaskName } from "../tasks/index.ts";
import { HttpProblem } from "./problem.ts";
import type { PoolAnswer, PoolTask } from "./taskWorker.ts";

/** Whether this module runs from source (tsx) rather than from the build. */
const FROM_SOURCE = new URL(import.meta.url).pathname.endsWith(".ts");

/**
 * Whether a task can run on the pool. From source, a worker thread loads modules through tsx's require hook
 * only (Node 20 gives worker threads no ESM loader hooks), which cannot load the report's plotting stack: there
 * the report runs on the event loop. From the build every task can.
 */
export function poolable(name: TaskName): boolean {
  return !(FROM_SOURCE && name === "report");
}

/** taskWorker.js in the build; taskWorker.ts from source, where the thread needs tsx's loader too. */
function workerEntry(): { filename: string; execArgv?: string[] } {
  if (!FROM_SOURCE) return { filename: new URL("./taskWorker.js", import.meta.url).href };
  return {
    filename: new URL("./taskWorker.ts", import.meta.url).href,
    execArgv: ["--import", import.meta.resolve("tsx")],
  };
}

export interface TaskPoolOptions {
  /** Worker threads; defaults to the cores but one (the event loop keeps one), at least 1. */
  threads?: number;
  /** Tasks waiting beyond the running ones before requests are refused with 429; default 32. */
  maxQueue?: number;
}

export class TaskPool {
  private pool: Piscina | null = null;
  readonly threads: number;
  readonly maxQueue: number;

  constructor(options: TaskPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism() - 1);
    this.maxQueue = options.maxQueue ?? 32;
  }

  /** Threads start on first use (a server that only answers small requests never starts one). */
  private get piscina(): Piscina {
    if (!this.pool)
      this.pool = new Piscina({
        ...workerEntry(),
        minThreads: 0,
        maxThreads: this.threads,
        idleTimeout: 30_000,
        maxQueue: this.maxQueue,
      });
    return this.pool;
  }

  /** Tasks queued or running. */
  get busy(): number {
    return this.pool ? this.pool.queueSize + this.pool.utilization * this.threads : 0;
  }

  async run(name: TaskName, request: unknown, signal?: AbortSignal): Promise<unknown> {
    const pool = this.piscina;
    if (pool.queueSize >= this.maxQueue)
      throw new HttpProblem(429, "the server is busy with other analyses; try again shortly", {
        headers: { "retry-after": "1" },
      });
    const answer = (await pool.run({ name, request } satisfies PoolTask, { signal })) as PoolAnswer;
    if (!answer.ok) throw ZopaError.fromJSON(answer.error);
    return answer.result;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await pool.destroy();
  }
}
