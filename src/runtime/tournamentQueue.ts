/**
 * Tournaments over BullMQ on Redis (Node only). The coordinator publishes a tournament (settings, agents,
 * scenarios and agent files by content hash) under `PREFIX:tournament:HASH`, lists its hash in the set
 * `PREFIX:tournaments`, and queues batches of negotiations on the queue `tournament-HASH` (BullMQ keys under
 * PREFIX). Queue workers (`zopa worker`, any machine) watch the set, fetch what a tournament needs once (agent
 * files cached on their own disk), run its batches on a watched thread pool and return the rows as the jobs'
 * results; a killed worker's job is retried elsewhere once its lock expires (BullMQ's stalled-job check).
 *
 * A lost Redis is noticed within a bounded time: the connection retries for `REDIS_GIVE_UP_MS` and then gives
 * up (every waiting command fails), so coordinator and workers end with a clear error instead of retrying
 * forever. On a stop, a connection that does not answer is dropped at once instead of waited for.
 * The published tournament carries the coordinator's Zopa version: a worker of another version refuses it
 * (and says so under the tournament's `refusals` key, which the coordinator watches).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, hostname, tmpdir } from "node:os";
import { extname, join } from "node:path";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { ZopaError } from "../errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { PlannedNegotiation, ResolvedAgent, RunSettings } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { sha256Hex } from "../tournament/sha256.ts";
import { VERSION } from "../util/version.ts";
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
/**
 * How long a connection that lost Redis keeps trying to reconnect before it gives up (ms): the coordinator and
 * `zopa worker` then end with exit 2. A restart of Redis within this time goes unnoticed.
 */
export const REDIS_GIVE_UP_MS = 10_000;
/** Longest wait to close a queue, a queue worker or a connection on the way out. */
const CLOSE_MS = 2000;
/** Longest a stop (Ctrl-C) waits on Redis to tidy up before it drops the connection. */
export const STOP_MS = 5000;
/** How long a stop waits for Redis to answer a PING before it treats Redis as gone. */
const PING_MS = 1000;

/** What workers need to run a tournament's batches (plain JSON, in Redis). */
export interface PublishedTournament {
  /** The coordinator's Zopa version: workers of another version refuse the tournament. */
  zopaVersion: string;
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
  /** Hash of the workers that refused a tournament (worker id → why), for the coordinator. */
  refusals(hash: string): string;
}

export function queueKeys(prefix = DEFAULT_PREFIX): QueueKeys {
  return {
    prefix,
    registry: `${prefix}:tournaments`,
    tournament: (hash) => `${prefix}:tournament:${hash}`,
    scenario: (hash, key) => `${prefix}:tournament:${hash}:scenario:${key}`,
    agentFile: (hash, fileHash) => `${prefix}:tournament:${hash}:agent:${fileHash}`,
    refusals: (hash) => `${prefix}:tournament:${hash}:refusals`,
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
export function shownRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return url;
  }
}

/** Whether Redis at `url` answers a PING, trying once: null when it does, else why not. */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<Error | null> {
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
    return null;
  } catch (e) {
    return e as Error;
  } finally {
    probe.disconnect();
  }
}

/**
 * A connection to Redis for BullMQ (`maxRetriesPerRequest: null`), after checking it answers: an unreachable
 * Redis is an `io` error at once instead of endless retries. Once connected, a lost Redis is retried for
 * `giveUpMs` (default REDIS_GIVE_UP_MS); then the connection ends and every waiting command fails (watch it
 * with `redisLink`).
 */
export async function connectRedis(
  url: string,
  timeoutMs = 3000,
  giveUpMs = REDIS_GIVE_UP_MS,
): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url))
    throw new ZopaError("usage", `--queue takes a Redis URL such as redis://127.0.0.1:6379 (got "${url}")`);
  const failure = await probeRedis(url, timeoutMs);
  if (failure)
    throw new ZopaError("io", `cannot reach Redis at ${shownRedisUrl(url)}: ${failure.message}`, {
      hint: "start Redis (bash scripts/services.sh start runs one on port 6390) or give another --queue URL",
    });
  // Retried since the first failure; given up after giveUpMs (BullMQ's duplicates share this strategy).
  let failingSince: number | null = null;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectTimeout: timeoutMs,
    // A dropped connection to a frozen server is destroyed after this, not after ioredis's 2 s.
    disconnectTimeout: 300,
    retryStrategy: (times) => {
      failingSince ??= Date.now();
      if (Date.now() - failingSince >= giveUpMs) return null;
      return Math.min(100 * times, 1000);
    },
  });
  redis.on("ready", () => {
    failingSince = null;
  });
  redis.on("error", () => {});
  return redis;
}

/** A connection to Redis watched for its loss, and closed without waiting on a server that does not answer. */
export interface RedisLink {
  readonly redis: Redis;
  /** True once the connection gave up reconnecting (Redis was lost for good); not after `drop` or `close`. */
  lost(): boolean;
  /** Settles (resolves) when the connection ends, lost or closed. */
  readonly ended: Promise<void>;
  /** Whether Redis answers now. */
  ready(): boolean;
  /** Ends the connection at once: every waiting command fails (Ctrl-C on a dead Redis). */
  drop(): void;
  /**
   * On a stop (Ctrl-C): drops the connection now when Redis is not connected, when it does not answer a PING
   * within PING_MS (a frozen server keeps its socket open but never answers), as soon as it goes away, or after
   * STOP_MS if the tidy-up still waits on it.
   */
  stopping(): void;
  /** QUIT when Redis answers (bounded), else drops. */
  close(): Promise<void>;
}

export function redisLink(redis: Redis): RedisLink {
  let closing = false;
  let lost = false;
  const ended = new Promise<void>((resolve) => {
    if (redis.status === "end") resolve();
    redis.once("end", () => {
      if (!closing) lost = true;
      resolve();
    });
  });
  const drop = () => {
    closing = true;
    redis.disconnect();
  };
  return {
    redis,
    lost: () => lost,
    ended,
    ready: () => redis.status === "ready",
    drop,
    stopping() {
      if (redis.status !== "ready") return drop();
      redis.once("close", drop);
      // A frozen server keeps its socket open: no answer to a PING within a second is no answer at all.
      within(redis.ping(), PING_MS).catch(drop);
      setTimeout(() => {
        if (redis.status !== "end") drop();
      }, STOP_MS).unref();
    },
    async close() {
      if (redis.status === "end") return;
      if (redis.status !== "ready") return drop();
      closing = true;
      await within(
        redis.quit().then(() => undefined),
        CLOSE_MS,
      ).catch(() => undefined);
      if ((redis.status as string) !== "end") redis.disconnect();
    },
  };
}

/** `p`, or a rejection after `ms` (the timer never keeps the process alive). */
export function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Waits for `closing` (a queue or a queue worker closing, its failure ignored) as long as Redis is there; once
 * the connection has ended (lost or dropped), at most CLOSE_MS more.
 */
export function closeWhileThere(link: RedisLink, closing: Promise<unknown>): Promise<void> {
  const settled = closing.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([settled, link.ended.then(() => within(settled, CLOSE_MS).catch(() => undefined))]);
}

/** Why a tournament published by another Zopa version is refused (null when the versions agree). */
export function versionMismatch(published: { zopaVersion?: unknown }, mine = VERSION): string | null {
  const theirs = typeof published.zopaVersion === "string" ? published.zopaVersion : null;
  if (theirs === mine) return null;
  return `published by Zopa ${theirs ?? "(an older version, without a version field)"}; this worker runs Zopa ${mine}`;
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
    zopaVersion: VERSION,
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
  tx.del(keys.refusals(hash));
  await tx.exec();
}

/** The workers that refused a tournament (their id → why). */
export async function refusalsOf(
  redis: Redis,
  keys: QueueKeys,
  hash: string,
): Promise<Record<string, string>> {
  return redis.hgetall(keys.refusals(hash));
}

/** The queue of a tournament, for the coordinator. */
export function tournamentQueue(redis: Redis, keys: QueueKeys, hash: string): Queue {
  const queue = new Queue(queueName(hash), { connection: redis, prefix: keys.prefix });
  // Connection errors surface in the commands that fail (and the link's loss); not printed per retry.
  queue.on("error", () => {});
  return queue;
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
  /** How long a lost Redis is retried before the worker gives up (default REDIS_GIVE_UP_MS). */
  giveUpMs?: number;
  /** The Zopa version this worker runs (default: this package's; tests pretend to be another). */
  version?: string;
  onEvent?(event: { kind: "join" | "leave"; tournament: string; name: string }): void;
  /** A tournament refused: published by another Zopa version (said once per tournament). */
  onRefuse?(event: { tournament: string; name: string; reason: string }): void;
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
 * connection, thread and cached file and resolves. A Redis lost for longer than `giveUpMs` ends the worker
 * with a ZopaError("io") (its running batches go back to the queue when their locks expire); a stop while
 * Redis does not answer drops the connection at once.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<{ batches: number }> {
  const keys = queueKeys(options.prefix);
  const giveUpMs = options.giveUpMs ?? REDIS_GIVE_UP_MS;
  const link = redisLink(await connectRedis(options.url, 3000, giveUpMs));
  const redis = link.redis;
  const version = options.version ?? VERSION;
  const me = `${hostname()}:${process.pid}`;
  const threads = Math.max(1, options.concurrency ?? availableParallelism());
  const cache = mkdtempSync(join(tmpdir(), "zopa-worker-"));
  const joined = new Map<string, Joined>();
  /** Tournaments of another Zopa version, refused once. */
  const refused = new Set<string>();
  let batches = 0;

  const enter = async (hash: string) => {
    const raw = await redis.get(keys.tournament(hash));
    if (!raw) return;
    const p = JSON.parse(raw) as PublishedTournament;
    const mismatch = versionMismatch(p, version);
    if (mismatch) {
      refused.add(hash);
      await redis.hset(keys.refusals(hash), me, `worker ${me} runs Zopa ${version}`);
      options.onRefuse?.({ tournament: hash, name: String(p.name), reason: mismatch });
      return;
    }
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
    // While Redis is away every reconnection attempt fails: said once, not per attempt.
    worker.on("error", (e) => {
      if (link.ready()) options.onError?.(`tournament ${hash}: ${e.message}`);
    });
    joined.set(hash, { worker, pool, runner, name: p.name });
    options.onEvent?.({ kind: "join", tournament: hash, name: p.name });
  };
  /**
   * Withdrawn by the coordinator: running batches are abandoned; on a stop, they finish first (unless Redis
   * does not answer: their results could not be returned).
   */
  const leave = async (hash: string, abandon: boolean) => {
    const j = joined.get(hash);
    if (!j) return;
    joined.delete(hash);
    await closeWhileThere(link, j.worker.close(abandon || !link.ready()));
    j.runner.stop();
    await j.pool.destroy();
    options.onEvent?.({ kind: "leave", tournament: hash, name: j.name });
  };

  /**
   * After leaving a withdrawn tournament: its coordinator obliterated the queue, but this worker's queue client
   * may have written to it since (the stalled-job check's mark, the queue's meta); those go too, unless the
   * tournament is open again.
   */
  const forget = async (hash: string) => {
    const queue = `${keys.prefix}:${queueName(hash)}`;
    if ((await redis.sismember(keys.registry, hash)) === 0)
      await redis.del(`${queue}:meta`, `${queue}:stalled-check`);
  };
  const stopped = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  // A stop while Redis does not answer: drop the connection (waiting commands fail) instead of waiting.
  const onStop = () => link.stopping();
  options.signal?.addEventListener("abort", onStop, { once: true });
  if (options.signal?.aborted) onStop();
  try {
    while (!options.signal?.aborted) {
      const open = new Set(await redis.smembers(keys.registry));
      for (const hash of open) if (!joined.has(hash) && !refused.has(hash)) await enter(hash);
      for (const hash of [...joined.keys()])
        if (!open.has(hash)) {
          await leave(hash, true);
          await forget(hash);
        }
      for (const hash of [...refused]) if (!open.has(hash)) refused.delete(hash);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, link.ended, new Promise((r) => (timer = setTimeout(r, DISCOVERY_MS)))]);
      clearTimeout(timer);
      if (link.lost()) break;
    }
  } catch (e) {
    if (!link.lost() && !options.signal?.aborted) throw e;
  } finally {
    options.signal?.removeEventListener("abort", onStop);
    for (const hash of [...joined.keys()]) await leave(hash, false);
    await link.close();
    rmSync(cache, { recursive: true, force: true });
  }
  if (link.lost())
    throw new ZopaError(
      "io",
      `lost the connection to Redis at ${shownRedisUrl(options.url)} (no answer for ${giveUpMs / 1000} s): the worker stopped after ${batches} batches`,
      {
        hint: "the batches it was running go back to the queue; start Redis again, then run the same zopa worker command",
      },
    );
  return { batches };
}
