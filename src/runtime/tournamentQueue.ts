/**
 * Tournaments over BullMQ on Redis (Node only). The coordinator publishes a tournament (settings, agents,
 * scenarios and agent files by content hash) under `PREFIX:tournament:HASH`, lists its hash in the set
 * `PREFIX:tournaments`, and queues batches of negotiations on the queue `tournament-HASH` (BullMQ keys under
 * PREFIX). Queue workers (`zopa worker`, any machine) watch the set, fetch what a tournament needs once (agent
 * files cached on their own disk), run its batches on a watched thread pool and return the rows as the jobs'
 * results; a killed worker's job is retried elsewhere once its lock expires (BullMQ's stalled-job check).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { extname, join } from "node:path";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { ZopaError } from "../errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { PlannedNegotiation, ResolvedAgent, RunSettings } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { sha256Hex } from "../tournament/sha256.ts";
import { createTournamentPool, type TournamentPool } from "./tournamentPool.ts";
import { type WatchedRunner, watchedRunner } from "./tournamentRunner.ts";

/** The key prefix when none is given (BullMQ's keys and Zopa's own). */
export const DEFAULT_PREFIX = "zopa";
/** A job's lock: renewed every half of it while the worker lives; a killed worker's job is retried after it. */
export const LOCK_MS = 6000;
/** How often workers look for stalled jobs (those whose lock expired). */
export const STALLED_CHECK_MS = 3000;
/** How often workers look for tournaments to join or leave. */
const DISCOVERY_MS = 500;

/** What workers need to run a tournament's batches (plain JSON, in Redis). */
export interface PublishedTournament {
  hash: string;
  name: string;
  queue: string;
  settings: RunSettings;
  /** Agents without their local paths: user agents travel as `fileHash` + extension. */
  agents: (Omit<ResolvedAgent, "file"> & { ext?: string })[];
  /** Scenario content hashes. */
  scenarios: string[];
}

export interface QueueKeys {
  prefix: string;
  /** Set of the hashes of tournaments open for work. */
  registry: string;
  tournament(hash: string): string;
  scenario(hash: string, key: string): string;
  agentFile(hash: string, fileHash: string): string;
}

export function queueKeys(prefix = DEFAULT_PREFIX): QueueKeys {
  return {
    prefix,
    registry: `${prefix}:tournaments`,
    tournament: (hash) => `${prefix}:tournament:${hash}`,
    scenario: (hash, key) => `${prefix}:tournament:${hash}:scenario:${key}`,
    agentFile: (hash, fileHash) => `${prefix}:tournament:${hash}:agent:${fileHash}`,
  };
}

/** The BullMQ queue of a tournament: its hash in the name (the prefix namespaces the keys). */
export function queueName(hash: string): string {
  return `tournament-${hash}`;
}

/** A batch's job id: a hash of its negotiations' ids (the same batch is never queued twice; no `:`). */
export function batchId(negotiations: readonly PlannedNegotiation[]): string {
  return sha256Hex(negotiations.map((p) => p.id).join(",")).slice(0, 24);
}

/** What the locations of redis://HOST:PORT look like in messages (credentials left out). */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return url;
  }
}

/**
 * A connection to Redis for BullMQ (`maxRetriesPerRequest: null`), after checking it answers: an unreachable
 * Redis is an `io` error at once instead of endless retries.
 */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url))
    throw new ZopaError("usage", `--queue takes a Redis URL such as redis://127.0.0.1:6379 (got "${url}")`);
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new ZopaError("io", `cannot reach Redis at ${shown(url)}: ${(e as Error).message}`, {
      hint: "start Redis (bash scripts/services.sh start runs one on port 6390) or give another --queue URL",
    });
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on("error", () => {});
  return redis;
}

/** Publishes a tournament for workers (data first, then its hash in the registry). */
export async function publishTournament(
  redis: Redis,
  keys: QueueKeys,
  t: { hash: string; name: string; settings: RunSettings; agents: readonly ResolvedAgent[] },
  scenarios: Record<string, Scenario>,
  agentFile: (agent: ResolvedAgent) => Buffer,
): Promise<PublishedTournament> {
  const published: PublishedTournament = {
    hash: t.hash,
    name: t.name,
    queue: queueName(t.hash),
    settings: t.settings,
    agents: t.agents.map(({ file, ...a }) => (file ? { ...a, ext: extname(file) } : a)),
    scenarios: Object.keys(scenarios),
  };
  const tx = redis.multi();
  for (const [key, s] of Object.entries(scenarios)) tx.set(keys.scenario(t.hash, key), JSON.stringify(s));
  for (const a of t.agents)
    if (a.file && a.fileHash) tx.set(keys.agentFile(t.hash, a.fileHash), agentFile(a));
  tx.set(keys.tournament(t.hash), JSON.stringify(published));
  await tx.exec();
  await redis.sadd(keys.registry, t.hash);
  return published;
}

/** Withdraws a tournament: out of the registry first (workers leave it), then its data. */
export async function withdrawTournament(redis: Redis, keys: QueueKeys, hash: string): Promise<void> {
  await redis.srem(keys.registry, hash);
  const raw = await redis.get(keys.tournament(hash));
  const tx = redis.multi();
  if (raw) {
    const p = JSON.parse(raw) as PublishedTournament;
    for (const key of p.scenarios) tx.del(keys.scenario(hash, key));
    for (const a of p.agents) if (a.fileHash) tx.del(keys.agentFile(hash, a.fileHash));
  }
  tx.del(keys.tournament(hash));
  await tx.exec();
}

/** The queue of a tournament, for the coordinator. */
export function tournamentQueue(redis: Redis, keys: QueueKeys, hash: string): Queue {
  return new Queue(queueName(hash), { connection: redis, prefix: keys.prefix });
}

/** What a batch job carries: the negotiations (the rest comes from the published tournament). */
export interface BatchJobData {
  negotiations: PlannedNegotiation[];
}

export interface QueueWorkerOptions {
  url: string;
  prefix?: string;
  /** Threads per tournament (default: one per CPU). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Worker heap beyond the agents' allowance, in MB. */
  baseHeapMb?: number;
  lockMs?: number;
  stalledCheckMs?: number;
  onEvent?(event: { kind: "join" | "leave"; tournament: string; name: string }): void;
  /** A queue error (the connection retries by itself). */
  onError?(message: string): void;
  /** After each batch: its size. */
  onBatch?(negotiations: number): void;
}

interface Joined {
  worker: Worker<BatchJobData, NegotiationRow[]>;
  pool: TournamentPool;
  runner: WatchedRunner;
  name: string;
}

/**
 * Runs batches for every tournament published under the prefix until the signal aborts; then closes every
 * connection, thread and cached file and resolves.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<{ batches: number }> {
  const keys = queueKeys(options.prefix);
  const redis = await connectRedis(options.url);
  const threads = Math.max(1, options.concurrency ?? availableParallelism());
  const cache = mkdtempSync(join(tmpdir(), "zopa-worker-"));
  const joined = new Map<string, Joined>();
  let batches = 0;

  const enter = async (hash: string) => {
    const raw = await redis.get(keys.tournament(hash));
    if (!raw) return;
    const p = JSON.parse(raw) as PublishedTournament;
    const scenarios: Record<string, Scenario> = {};
    const contents = p.scenarios.length
      ? await redis.mget(p.scenarios.map((k) => keys.scenario(hash, k)))
      : [];
    for (const [k, key] of p.scenarios.entries()) {
      const text = contents[k];
      if (text === null) return; // withdrawn meanwhile
      scenarios[key] = JSON.parse(text);
    }
    const agents: ResolvedAgent[] = [];
    for (const { ext, ...a } of p.agents) {
      if (!a.fileHash) {
        agents.push(a);
        continue;
      }
      // Agent files are cached on this worker's disk by content hash (the file name keeps the extension).
      const file = join(cache, `${a.fileHash}${ext ?? ".js"}`);
      const content = await redis.getBuffer(keys.agentFile(hash, a.fileHash));
      if (content === null) return;
      writeFileSync(file, content);
      agents.push({ ...a, file });
    }
    const pool = createTournamentPool({
      threads,
      scenarios,
      agentMemoryMb: p.settings.agentMemoryMb,
      baseHeapMb: options.baseHeapMb,
    });
    const runner = watchedRunner(pool, { settings: p.settings, agents }, (key) => scenarios[key]);
    const worker = new Worker<BatchJobData, NegotiationRow[]>(
      p.queue,
      async (job: Job<BatchJobData>) => {
        const rows = await runner.run({ settings: p.settings, agents, negotiations: job.data.negotiations });
        batches++;
        options.onBatch?.(rows.length);
        return rows;
      },
      {
        connection: redis,
        prefix: keys.prefix,
        // Two jobs per thread: one running, one ready.
        concurrency: threads * 2,
        lockDuration: options.lockMs ?? LOCK_MS,
        stalledInterval: options.stalledCheckMs ?? STALLED_CHECK_MS,
        maxStalledCount: 10,
      },
    );
    worker.on("error", (e) => options.onError?.(`tournament ${hash}: ${e.message}`));
    joined.set(hash, { worker, pool, runner, name: p.name });
    options.onEvent?.({ kind: "join", tournament: hash, name: p.name });
  };
  /** Withdrawn by the coordinator: running batches are abandoned; on a stop, they finish first. */
  const leave = async (hash: string, abandon: boolean) => {
    const j = joined.get(hash);
    if (!j) return;
    joined.delete(hash);
    await j.worker.close(abandon);
    j.runner.stop();
    await j.pool.destroy();
    options.onEvent?.({ kind: "leave", tournament: hash, name: j.name });
  };

  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  try {
    while (!options.signal?.aborted) {
      const open = new Set(await redis.smembers(keys.registry));
      for (const hash of open) if (!joined.has(hash)) await enter(hash);
      for (const hash of [...joined.keys()]) if (!open.has(hash)) await leave(hash, true);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, DISCOVERY_MS)))]);
      clearTimeout(timer);
    }
  } finally {
    for (const hash of [...joined.keys()]) await leave(hash, false);
    await redis.quit().catch(() => redis.disconnect());
    rmSync(cache, { recursive: true, force: true });
  }
  return { batches };
}
