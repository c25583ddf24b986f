/**
 * A tournament job: a plain JSON batch of planned negotiations in, plain JSON rows out. Whatever executes
 * negotiations (a local worker thread now, a queue worker or a sandbox later) runs this. Scenarios are looked
 * up by content hash and compiled once per process; agent modules are loaded once per process.
 */
import type { AgentFactory } from "../negotiation/agent.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { PlannedNegotiation, ResolvedAgent, RunSettings } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import {
  failureRow,
  prepareScenario,
  runNegotiation,
  runNegotiationAsync,
  type ScenarioContext,
} from "../tournament/run.ts";
import { agentFactories } from "./agentModule.ts";

export interface TournamentJob {
  settings: RunSettings;
  agents: ResolvedAgent[];
  negotiations: PlannedNegotiation[];
}

/** Looks a scenario up by its content hash. */
export type ScenarioSource = (key: string) => Scenario | Promise<Scenario>;

const contexts = new Map<string, ScenarioContext>();
const factories = new Map<string, AgentFactory>();

function settingsKey(s: RunSettings): string {
  return `${s.protocol}/${s.mediator ?? ""}`;
}

async function contextOf(
  key: string,
  settings: RunSettings,
  source: ScenarioSource,
): Promise<ScenarioContext> {
  const cacheKey = `${key}|${settingsKey(settings)}`;
  let ctx = contexts.get(cacheKey);
  if (!ctx) {
    ctx = prepareScenario(await source(key), settings);
    contexts.set(cacheKey, ctx);
  }
  return ctx;
}

async function factoriesOf(agents: readonly ResolvedAgent[]): Promise<Record<string, AgentFactory>> {
  const out: Record<string, AgentFactory> = {};
  for (const a of agents) {
    const key = `${a.name}#${a.fileHash ?? a.catalog ?? ""}`;
    // LLM agents are connected per run (live, recording or replaying): never cached across runs.
    let f = a.llm ? undefined : factories.get(key);
    if (!f) {
      f = (await agentFactories([a]))[a.name];
      if (!a.llm) factories.set(key, f);
    }
    out[a.name] = f;
  }
  return out;
}

export interface JobHooks {
  /** Wraps the factory of each user agent (the worker uses it to watch for calls that never return). */
  wrapUser?: (factory: AgentFactory) => AgentFactory;
}

/** Runs every negotiation of the job, in order, and returns their rows. */
export async function runJob(
  job: TournamentJob,
  scenarios: ScenarioSource,
  hooks: JobHooks = {},
): Promise<NegotiationRow[]> {
  const byName = await factoriesOf(job.agents);
  if (hooks.wrapUser) for (const a of job.agents) if (a.file) byName[a.name] = hooks.wrapUser(byName[a.name]);
  // Negotiations with user agents run on the asynchronous session (agents may answer with Promises, timed);
  // built-in agents only run synchronously at full speed.
  const users = new Set(job.agents.filter((a) => a.file || a.llm).map((a) => a.name));
  const rows: NegotiationRow[] = [];
  for (const planned of job.negotiations) {
    const ctx = await contextOf(planned.scenario, job.settings, scenarios);
    rows.push(
      Object.values(planned.agents).some((name) => users.has(name))
        ? await runNegotiationAsync(ctx, planned, byName, job.settings)
        : runNegotiation(ctx, planned, byName, job.settings),
    );
  }
  return rows;
}

/**
 * The row of a negotiation that a runner could not finish: a worker that ran out of memory, crashed, or was
 * stopped because a user agent's call never returned.
 */
export async function failedRow(
  job: TournamentJob,
  planned: PlannedNegotiation,
  scenarios: ScenarioSource,
  status: "memory" | "error" | "timeout",
  message: string,
): Promise<NegotiationRow> {
  const ctx = await contextOf(planned.scenario, job.settings, scenarios);
  // The user code at the table is to blame when there is exactly one; built-in agents are trusted.
  const users = Object.entries(planned.agents).filter(
    ([, name]) => job.agents.find((a) => a.name === name)?.file,
  );
  const party = users.length === 1 ? users[0][0] : null;
  return failureRow(ctx, planned, job.settings, status, party, message);
}
