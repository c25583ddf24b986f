/**
 * Tournament jobs on a pool, watched: user agents' calls are counted through a heartbeat, a call that has not
 * returned after `hangMs` stops its worker (piscina starts another), and a batch whose worker died is rerun one
 * negotiation at a time, so only the negotiation that hangs, runs out of memory or crashes its worker again
 * gets a failure row. Shared by the local engine and the queue workers.
 */
import type { PlannedNegotiation, ResolvedAgent, RunSettings } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { failedRow, type ScenarioSource, type TournamentJob } from "./tournamentJob.ts";
import type { TournamentPool } from "./tournamentPool.ts";

/** A user agent's call that did not return: its worker was stopped. */
class AgentHang extends Error {
  constructor(ms: number) {
    super(`a call did not return within ${ms} ms; its worker was stopped`);
  }
}

export interface WatchedRunner {
  run(job: TournamentJob): Promise<NegotiationRow[]>;
  /** Stops the watchdog (the pool is the caller's to destroy). */
  stop(): void;
}

export function watchedRunner(
  pool: TournamentPool,
  tournament: { settings: RunSettings; agents: readonly ResolvedAgent[] },
  source: ScenarioSource,
  signal?: AbortSignal,
): WatchedRunner {
  const userAgents = new Set(tournament.agents.filter((a) => a.file).map((a) => a.name));
  const untrusted = (p: PlannedNegotiation) => Object.values(p.agents).some((name) => userAgents.has(name));
  const hangMs = 2 * tournament.settings.agentCallMs + 1000;
  const watched = new Map<Int32Array, { controller: AbortController; beats: number; since: number }>();
  const watchdog = userAgents.size
    ? setInterval(() => {
        const now = performance.now();
        for (const [beat, w] of watched) {
          const beats = Atomics.load(beat, 0);
          if (beats !== w.beats) {
            w.beats = beats;
            w.since = now;
          } else if (Atomics.load(beat, 1) === 1 && now - w.since > hangMs)
            w.controller.abort(new AgentHang(hangMs));
        }
      }, 100)
    : null;
  watchdog?.unref();

  const rescue = async (job: TournamentJob, reason: unknown): Promise<NegotiationRow[]> => {
    if (job.negotiations.length > 1) {
      const rows: NegotiationRow[] = [];
      for (const p of job.negotiations) rows.push(...(await run({ ...job, negotiations: [p] })));
      return rows;
    }
    if (reason instanceof AgentHang)
      return [await failedRow(job, job.negotiations[0], source, "timeout", reason.message)];
    const message = reason instanceof Error ? reason.message : String(reason);
    const memory =
      /out of memory|ERR_WORKER_OUT_OF_MEMORY|heap/i.test(message) ||
      (reason as { code?: string })?.code === "ERR_WORKER_OUT_OF_MEMORY";
    return [
      await failedRow(
        job,
        job.negotiations[0],
        source,
        memory ? "memory" : "error",
        `the worker ${memory ? "ran out of memory" : `failed: ${message}`}`,
      ),
    ];
  };

  const run = async (job: TournamentJob): Promise<NegotiationRow[]> => {
    const heartbeat = job.negotiations.some(untrusted) ? new Int32Array(new SharedArrayBuffer(8)) : undefined;
    const controller = new AbortController();
    if (heartbeat) watched.set(heartbeat, { controller, beats: 0, since: performance.now() });
    try {
      return await pool.run(job, {
        heartbeat,
        signal: signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      return rescue(job, controller.signal.aborted ? controller.signal.reason : e);
    } finally {
      if (heartbeat) watched.delete(heartbeat);
    }
  };
  return {
    run,
    stop: () => {
      if (watchdog) clearInterval(watchdog);
    },
  };
}
