/**
 * The distributed tournament engine: the same plan as the local engine, run by queue workers over BullMQ on
 * Redis (src/runtime/tournamentQueue.ts). The coordinator queues the negotiations the store does not hold, in
 * batches (job id = a hash of the batch's negotiation ids), a bounded window ahead of the workers; it collects
 * finished batches into the store (whose write is idempotent by id, so a batch run twice after a stall is
 * stored once) and returns when every negotiation is stored. The queue and the published tournament are
 * removed at the end, on a stop and on an error; every connection is closed.
 *
 * A Redis lost mid-run (no answer for REDIS_GIVE_UP_MS) ends the run with a ZopaError("io") naming the URL:
 * the store keeps every negotiation collected so far and the same command resumes. Ctrl-C while Redis does
 * not answer drops the connection at once: a stopped run, as usual. A worker of another Zopa version refuses
 * the tournament; the coordinator then stops with a ZopaError("usage") naming both versions.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import {
  type BatchJobData,
  batchId,
  closeWhileThere,
  connectRedis,
  DEFAULT_PREFIX,
  publishTournament,
  queueKeys,
  REDIS_GIVE_UP_MS,
  redisLink,
  refusalsOf,
  runQueueWorker,
  shownRedisUrl,
  tournamentQueue,
  withdrawTournament,
} from "../runtime/tournamentQueue.ts";
import type { Store } from "../store/store.ts";
import type { PlannedNegotiation } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { VERSION } from "../util/version.ts";
import { parseRequest, type TaskOptions } from "./task.ts";
import { type EngineOptions, openTournament, pendingOf, type RunSummary } from "./tournamentEngine.ts";
import { type LoadedTournament, tournamentHash } from "./tournamentLoad.ts";

export interface QueueEngineOptions extends EngineOptions {
  /** redis://HOST:PORT */
  queue: string;
  /** Key prefix in Redis (default "zopa"); coordinator and workers must agree. */
  prefix?: string;
  /** Batches queued ahead of the workers (default 64). */
  window?: number;
  /** How long a lost Redis is retried before the run ends with exit 2 (default REDIS_GIVE_UP_MS). */
  giveUpMs?: number;
}

/** Negotiations per batch by default (a Redis round trip costs about as much as a quick negotiation). */
const QUEUE_BATCH = 200;
/** Finished batches collected per round trip. */
const COLLECT = 100;
/** How often the coordinator looks for workers that refused the tournament. */
const REFUSALS_MS = 1000;

export async function runTournamentOnQueue(
  loaded: LoadedTournament,
  store: Store,
  options: QueueEngineOptions,
): Promise<RunSummary> {
  const started = performance.now();
  const t = loaded.resolved;
  const signal = options.signal;
  const giveUpMs = options.giveUpMs ?? REDIS_GIVE_UP_MS;
  const link = redisLink(await connectRedis(options.queue, 3000, giveUpMs));
  const redis = link.redis;
  // A stop while Redis does not answer (or once it stops answering): drop the connection at once.
  const onStop = () => link.stopping();
  signal?.addEventListener("abort", onStop, { once: true });
  if (signal?.aborted) onStop();
  let storedBefore = 0;
  let done = 0;
  let planned = 0;
  try {
    const opened = await openTournament(loaded, store, options);
    const plan = opened.plan;
    storedBefore = opened.storedBefore;
    planned = plan.count;
    const hash = tournamentHash(t);
    const keys = queueKeys(options.prefix);
    const queue = tournamentQueue(redis, keys, hash);
    let outstanding = 0;
    const total = plan.count - storedBefore;
    const progress = () => {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      options.onProgress?.({
        done,
        total,
        rate,
        etaMs: rate > 0 ? ((total - done) / rate) * 1000 : 0,
      });
    };
    /** Stores finished batches and removes their jobs; returns how many batches it took. */
    const collect = async (): Promise<number> => {
      const jobs = await queue.getJobs(["completed"], 0, COLLECT - 1);
      if (jobs.length === 0) {
        const [failed] = await queue.getJobs(["failed"], 0, 0);
        if (failed)
          throw new ZopaError("simulation", `a batch failed on a queue worker: ${failed.failedReason}`);
        return 0;
      }
      const rows: NegotiationRow[] = [];
      for (const job of jobs) rows.push(...((job.returnvalue ?? []) as NegotiationRow[]));
      done += await store.write(rows);
      await Promise.all(jobs.map((job) => queue.remove(job.id as string)));
      outstanding -= jobs.length;
      progress();
      return jobs.length;
    };
    let refusalsChecked = 0;
    /** Stops the run when a worker of another Zopa version refused the tournament. */
    const checkRefusals = async () => {
      if (performance.now() - refusalsChecked < REFUSALS_MS) return;
      refusalsChecked = performance.now();
      const refusals = Object.values(await refusalsOf(redis, keys, hash));
      if (refusals.length)
        throw new ZopaError(
          "usage",
          `a queue worker refused this tournament: ${refusals.join("; ")}, this coordinator runs Zopa ${VERSION}`,
          { hint: "run zopa tournament --queue and zopa worker of the same Zopa version" },
        );
    };
    try {
      // What an earlier coordinator's workers finished is kept; the rest of its queue is dropped.
      while ((await collect()) > 0);
      await queue.obliterate({ force: true });
      outstanding = 0;
      await redis.del(keys.refusals(hash));
      await publishTournament(redis, keys, { ...t, hash }, scenariosOf(loaded), (a) =>
        readFileSync(a.file as string),
      );
      const batchSize = options.batchSize ?? QUEUE_BATCH;
      options.onPlan?.({
        name: t.name,
        planned: plan.count,
        stored: storedBefore,
        sampled: 0,
        remaining: total - done,
        workers: 0,
        perNegotiationMs: null,
        estimateMs: null,
        batchSize,
        queue: options.queue,
      });
      progress();
      const pending = pendingOf(plan.negotiations, store);
      const window = Math.max(1, options.window ?? 64);
      let exhausted = false;
      while (!signal?.aborted) {
        const batches: PlannedNegotiation[][] = [];
        while (!exhausted && outstanding + batches.length < window) {
          const batch: PlannedNegotiation[] = [];
          while (batch.length < batchSize) {
            const next = await pending.next();
            if (next.done) {
              exhausted = true;
              break;
            }
            batch.push(next.value);
          }
          if (batch.length) batches.push(batch);
        }
        if (batches.length) {
          await queue.addBulk(
            batches.map((negotiations) => ({
              name: "batch",
              data: { negotiations } satisfies BatchJobData,
              opts: { jobId: batchId(negotiations), attempts: 3 },
            })),
          );
          outstanding += batches.length;
        }
        if (exhausted && outstanding <= 0) break;
        if ((await collect()) === 0) {
          await checkRefusals();
          await pause(50, signal);
        }
      }
      // Batches finished while stopping are kept.
      if (signal?.aborted) while ((await collect()) > 0);
    } finally {
      // Nothing to tidy on a Redis that does not answer (the next run takes the leftovers over).
      if (link.ready()) {
        await withdrawTournament(redis, keys, hash).catch(() => {});
        await queue.obliterate({ force: true }).catch(() => {});
      }
      await closeWhileThere(link, queue.close());
    }
    progress();
  } catch (e) {
    if (link.lost()) throw lostRedis(options, giveUpMs, storedBefore + done, planned, e);
    // A stop that dropped a dead connection mid-command: a stopped run, like any other.
    if (!(signal?.aborted && !link.ready())) throw e;
  } finally {
    signal?.removeEventListener("abort", onStop);
    await link.close();
  }
  return {
    planned,
    storedBefore,
    ran: done,
    stored: await store.count(),
    stopped: signal?.aborted === true && storedBefore + done < planned,
    elapsedMs: performance.now() - started,
  };
}

/** The error of a run whose Redis went away: where, what the store keeps, how to resume. */
function lostRedis(
  options: QueueEngineOptions,
  giveUpMs: number,
  stored: number,
  planned: number,
  cause: unknown,
): ZopaError {
  const where = options.storeName ?? "the store";
  return new ZopaError(
    "io",
    `lost the connection to Redis at ${shownRedisUrl(options.queue)} (no answer for ${giveUpMs / 1000} s): ${where} keeps the ${stored} of ${planned} negotiations finished so far`,
    {
      hint: "start Redis again, then run the same command: it resumes where this run stopped",
      cause,
    },
  );
}

function scenariosOf(loaded: LoadedTournament) {
  return Object.fromEntries(loaded.resolved.scenarios.map((s) => [s.key, s.scenario]));
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export const QueueWorkerRequest = z.strictObject({
  /** redis://HOST:PORT */
  queue: z.string().min(1),
  /** Key prefix in Redis; the coordinator's. */
  prefix: z.string().min(1).default(DEFAULT_PREFIX),
  /** Worker threads per tournament; defaults to one per CPU. */
  concurrency: z.int().positive().optional(),
});
export type QueueWorkerRequest = z.input<typeof QueueWorkerRequest>;

/**
 * A queue worker: runs the batches of every tournament published on the queue until the signal aborts (then
 * lets running batches finish, closes every connection and returns). Progress counts negotiations run.
 */
export async function queueWorker(
  request: QueueWorkerRequest,
  options: TaskOptions & { onEvent?(message: string): void } = {},
): Promise<{ batches: number; negotiations: number }> {
  const r = parseRequest("queueWorker", QueueWorkerRequest, request);
  let negotiations = 0;
  const { batches } = await runQueueWorker({
    url: r.queue,
    prefix: r.prefix,
    concurrency: r.concurrency,
    signal: options.signal,
    onEvent: (e) =>
      options.onEvent?.(`${e.kind === "join" ? "joined" : "left"} tournament "${e.name}" [${e.tournament}]`),
    onError: (m) => options.onEvent?.(`error: ${m}`),
    onRefuse: (e) =>
      options.onEvent?.(
        `refused tournament "${e.name}" [${e.tournament}]: ${e.reason}; run coordinator and workers of the same Zopa version`,
      ),
    onBatch: (n) => {
      negotiations += n;
      options.onProgress?.({ task: "queueWorker", done: negotiations, total: negotiations });
    },
  });
  return { batches, negotiations };
}
