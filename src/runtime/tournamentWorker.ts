/**
 * Worker-thread entry for piscina: one tournament job (a batch of negotiations) → its rows. With a heartbeat
 * (a shared Int32Array), every call into a user agent is counted as it starts and ends, so the engine can
 * tell a call that never returns and stop this worker.
 */
import { workerData } from "piscina";
import type { AgentFactory } from "../negotiation/agent.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { runJob, type TournamentJob } from "./tournamentJob.ts";

const scenarios = (workerData as { scenarios: Record<string, Scenario> }).scenarios;

/** What the pool sends: the plain JSON job and, for jobs with user agents, the heartbeat. */
export interface WorkerTask {
  job: TournamentJob;
  /** [0]: calls started + ended (changes while the agent is alive); [1]: 1 while inside a user agent's call. */
  heartbeat?: Int32Array;
}

const METHODS = ["init", "propose", "respond", "observe", "vote"] as const;

function watched(factory: AgentFactory, beat: Int32Array): AgentFactory {
  return () => {
    const agent = factory();
    if (!agent || Object.isFrozen(agent)) return agent;
    const methods = agent as unknown as Record<string, unknown>;
    for (const m of METHODS) {
      const f = methods[m];
      if (typeof f !== "function") continue;
      methods[m] = (...args: unknown[]) => {
        Atomics.add(beat, 0, 1);
        Atomics.store(beat, 1, 1);
        try {
          return (f as (...a: unknown[]) => unknown).apply(agent, args);
        } finally {
          Atomics.store(beat, 1, 0);
          Atomics.add(beat, 0, 1);
        }
      };
    }
    return agent;
  };
}

export default function run(task: WorkerTask): Promise<NegotiationRow[]> {
  const beat = task.heartbeat;
  return runJob(
    task.job,
    (key) => {
      const s = scenarios[key];
      if (!s) throw new Error(`scenario ${key} was not given to the worker`);
      return s;
    },
    beat ? { wrapUser: (f) => watched(f, beat) } : {},
  );
}
