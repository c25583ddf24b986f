/**
 * The local tournament engine: plans the tournament, skips what the store holds (so running again resumes),
 * times a short sample in this thread for the estimate, then runs the rest as batches on worker threads and
 * writes rows in batched transactions. An AbortSignal stops it cleanly: finished rows are kept.
 */
import { availableParallelism } from "node:os";
import { ZopaError } from "../errors.ts";
import { closeAgentSandboxes, runJob, type TournamentJob } from "../runtime/tournamentJob.ts";
import { createTournamentPool, type TournamentPool } from "../runtime/tournamentPool.ts";
import { type WatchedRunner, watchedRunner } from "../runtime/tournamentRunner.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { Store } from "../store/store.ts";
import { StoreMismatch } from "../store/store.ts";
import { type PlannedNegotiation, planTournament, type TournamentPlan } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import type { LoadedTournament } from "./tournamentLoad.ts";
import { storedTournament } from "./tournamentLoad.ts";

export interface PlanInfo {
  name: string;
  /** Negotiations in the plan. */
  planned: number;
  /** Of them, stored before this run (a resumed tournament). */
  stored: number;
  /** Run in the timed sample (and stored). */
  sampled: number;
  /** Still to run after the timed sample. */
  remaining: number;
  workers: number;
  /** Mean time of one negotiation in the sample (ms), or null when nothing was left to sample. */
  perNegotiationMs: number | null;
  /** Estimated time for the rest (ms), or null. */
  estimateMs: number | null;
  batchSize: number;
  /** The Redis URL when queue workers run it (no timed sample then). */
  queue?: string;
}

export interface Progress {
  /** Negotiations finished in this run (the sample included). */
  done: number;
  /** Negotiations this run had to do. */
  total: number;
  /** Negotiations per second so far. */
  rate: number;
  /** Estimated milliseconds left. */
  etaMs: number;
}

export interface RunSummary {
  planned: number;
  storedBefore: number;
  /** Negotiations run (and stored) by this run. */
  ran: number;
  /** Rows in the store at the end. */
  stored: number;
  /** True when the signal stopped the run before the end. */
  stopped: boolean;
  elapsedMs: number;
}

export interface EngineOptions {
  /** Worker threads; 0 runs every batch in this thread. Defaults to the available parallelism. */
  workers?: number;
  signal?: AbortSignal;
  /** Replace a different tournament held by the store (dropping its results). */
  force?: boolean;
  /** The spec file's path, recorded in the store and named in messages. */
  source?: string | null;
  /** The store's location, for messages. */
  storeName?: string;
  /** Negotiations per batch; by default about 50 ms of work, from the sample. */
  batchSize?: number;
  /** Worker heap beyond the agents' allowance, in MB (default 512; tests make it small). */
  workerBaseHeapMb?: number;
  /** Longest the timed sample runs (ms); default 300. */
  sampleMs?: number;
  onPlan?(info: PlanInfo): void;
  onProgress?(progress: Progress): void;
}

/** Plan positions looked up in the store at once. */
const LOOKUP_CHUNK = 1000;
/** Fewer negotiations than this to run are not worth starting workers for: they run in this thread. */
const POOL_THRESHOLD = 200;
/** Fewest negotiations per batch by default: a task's messaging costs about as much as a quick negotiation. */
const MIN_BATCH = 20;
/** Rows written per transaction (at most; fewer when time passes). */
const WRITE_CHUNK = 2000;

/** The planned negotiations the store does not hold yet, in plan order. */
export async function* pendingOf(
  plan: Iterable<PlannedNegotiation>,
  store: Store,
): AsyncGenerator<PlannedNegotiation> {
  let chunk: PlannedNegotiation[] = [];
  const flush = async function* () {
    const held = await store.storedIds(chunk.map((p) => p.id));
    for (const p of chunk) if (!held.has(p.id)) yield p;
    chunk = [];
  };
  for (const p of plan) {
    chunk.push(p);
    if (chunk.length === LOOKUP_CHUNK) yield* flush();
  }
  if (chunk.length) yield* flush();
}

function mismatchError(e: StoreMismatch, storeName: string): ZopaError {
  const name = (t: StoreMismatch["held"]) => `"${t.name}"${t.source ? ` (${t.source})` : ""} [${t.hash}]`;
  return new ZopaError(
    "spec",
    `${storeName} holds tournament ${name(e.held)}, not ${name(e.wanted)}; nothing was run`,
    {
      hint: "give another --store, or add --force to replace the stored tournament (its results are dropped)",
    },
  );
}

/** Records the tournament and its scenarios in the store (refusing another tournament unless forced). */
export async function openTournament(
  loaded: LoadedTournament,
  store: Store,
  options: Pick<EngineOptions, "source" | "force" | "storeName"> = {},
): Promise<{ plan: TournamentPlan; storedBefore: number; scenarios: Record<string, Scenario> }> {
  const t = loaded.resolved;
  const plan = planTournament(t);
  try {
    await store.setTournament(storedTournament(loaded, options.source ?? null, plan.count), {
      replace: options.force,
    });
  } catch (e) {
    if (e instanceof StoreMismatch) throw mismatchError(e, options.storeName ?? "the store");
    throw e;
  }
  await store.putScenarios(t.scenarios.map((s) => ({ key: s.key, label: s.label, scenario: s.scenario })));
  const scenarios: Record<string, Scenario> = {};
  for (const s of t.scenarios) scenarios[s.key] = s.scenario;
  return { plan, storedBefore: await store.count(), scenarios };
}

export async function runTournament(
  loaded: LoadedTournament,
  store: Store,
  options: EngineOptions = {},
): Promise<RunSummary> {
  const started = performance.now();
  const t = loaded.resolved;
  const { plan, storedBefore, scenarios } = await openTournament(loaded, store, options);
  const source = (key: string) => scenarios[key];
  const total = plan.count - storedBefore;
  const workers = Math.max(0, options.workers ?? availableParallelism());
  const jobOf = (negotiations: PlannedNegotiation[]): TournamentJob => ({
    settings: t.settings,
    agents: t.agents,
    negotiations,
  });
  const signal = options.signal;
  const pending = pendingOf(plan.negotiations, store);
  /** Rows written by this run. */
  let done = 0;
  /** Negotiations finished by this run (written or waiting in the buffer). */
  let finished = 0;
  const progress = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? finished / seconds : 0;
    options.onProgress?.({
      done: finished,
      total,
      rate,
      etaMs: rate > 0 ? ((total - finished) / rate) * 1000 : 0,
    });
  };

  // Workers start while the sample runs (starting a thread costs a good fraction of a second).
  let pool: TournamentPool | null =
    workers > 0 && total > POOL_THRESHOLD && !signal?.aborted
      ? createTournamentPool({
          threads: workers,
          scenarios,
          agentMemoryMb: t.settings.agentMemoryMb,
          baseHeapMb: options.workerBaseHeapMb,
        })
      : null;

  const buffer: NegotiationRow[] = [];
  let lastWrite = performance.now();
  const flush = async (force = false) => {
    if (buffer.length === 0) return;
    if (!force && buffer.length < WRITE_CHUNK && performance.now() - lastWrite < 250) return;
    const rows = buffer.splice(0, buffer.length);
    done += await store.write(rows);
    lastWrite = performance.now();
  };
  const userAgents = new Set(t.agents.filter((a) => a.file).map((a) => a.name));
  const untrusted = (p: PlannedNegotiation) => Object.values(p.agents).some((name) => userAgents.has(name));
  let runner: WatchedRunner | null = pool ? watchedRunner(pool, t, source, signal) : null;
  const runOne = (job: TournamentJob): Promise<NegotiationRow[]> =>
    runner ? runner.run(job) : runJob(job, source);
  try {
    // The timed sample: run here, one at a time, until sampleMs passes. The estimate takes the median time
    // (the first negotiations pay for compiling the scenario and warming the JIT up).
    const sampleMs = options.sampleMs ?? 300;
    const sample: NegotiationRow[] = [];
    const durations: number[] = [];
    const sampleStart = performance.now();
    // User agents are not run in this thread when workers can run them watched: they wait for the pool.
    const deferred: PlannedNegotiation[] = [];
    while (
      !signal?.aborted &&
      performance.now() - sampleStart < sampleMs &&
      sample.length < 500 &&
      deferred.length < 5000
    ) {
      const next = await pending.next();
      if (next.done) break;
      if (workers > 0 && untrusted(next.value)) {
        deferred.push(next.value);
        continue;
      }
      const t0 = performance.now();
      sample.push(...(await runJob(jobOf([next.value]), source)));
      durations.push(performance.now() - t0);
    }
    done += await store.write(sample);
    finished += sample.length;
    durations.sort((a, b) => a - b);
    const perNegotiationMs = durations.length ? durations[Math.floor(durations.length / 2)] : null;
    const remaining = total - done;
    const batchSize = Math.max(
      1,
      Math.min(
        options.batchSize ?? Math.max(MIN_BATCH, Math.round(50 / Math.max(perNegotiationMs ?? 1, 1e-3))),
        1000,
        Math.ceil(remaining / Math.max(1, workers * 4)),
      ),
    );
    options.onPlan?.({
      name: t.name,
      planned: plan.count,
      stored: storedBefore,
      sampled: sample.length,
      remaining,
      workers,
      perNegotiationMs,
      estimateMs: perNegotiationMs === null ? null : (remaining * perNegotiationMs) / Math.max(1, workers),
      batchSize,
    });
    progress();
    if (!pool && workers > 0 && remaining > 0 && !signal?.aborted)
      pool = createTournamentPool({
        threads: workers,
        scenarios,
        agentMemoryMb: t.settings.agentMemoryMb,
        baseHeapMb: options.workerBaseHeapMb,
      });
    if (pool && !runner) runner = watchedRunner(pool, t, source, signal);
    if (remaining > 0 && !signal?.aborted) {
      const inFlight = new Set<Promise<void>>();
      const limit = Math.max(1, workers * 2);
      let batch: PlannedNegotiation[] = [];
      const submit = (negotiations: PlannedNegotiation[]) => {
        const task: Promise<void> = runOne(jobOf(negotiations))
          .then((rows) => {
            buffer.push(...rows);
            finished += rows.length;
            progress();
          })
          .catch((e) => {
            if (!signal?.aborted) throw e;
          })
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      };
      const rest = async function* () {
        yield* deferred;
        yield* pending;
      };
      for await (const p of rest()) {
        if (signal?.aborted) break;
        batch.push(p);
        if (batch.length < batchSize) continue;
        submit(batch);
        batch = [];
        while (inFlight.size >= limit) {
          await Promise.race(inFlight);
          await flush();
        }
      }
      if (batch.length && !signal?.aborted) submit(batch);
      while (inFlight.size) {
        await Promise.race(inFlight);
        await flush();
      }
    }
  } finally {
    runner?.stop();
    await flush(true);
    if (pool) await pool.destroy();
    // User agents run in this thread's sandboxes (no workers, or the timed sample): end their workers.
    await closeAgentSandboxes();
  }
  progress();
  return {
    planned: plan.count,
    storedBefore,
    ran: done,
    stored: await store.count(),
    stopped: signal?.aborted === true && storedBefore + done < plan.count,
    elapsedMs: performance.now() - started,
  };
}
