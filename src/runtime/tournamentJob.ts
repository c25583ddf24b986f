/**
 * A tournament job: a plain JSON batch of planned negotiations in, plain JSON rows out. Whatever executes
 * negotiations (a local worker thread, a queue worker) runs this. Scenarios are looked up by content hash and
 * compiled once per thread. User agent modules run sandboxed (src/runtime/agentSandbox.ts: the limits of the
 * job's settings, one sandbox per module and limits, kept for the thread's next jobs); built-in agents run in
 * this thread at full speed.
 */
import type { AgentFactory } from "../negotiation/agent.ts";
import { agentFromCatalog } from "../negotiation/catalog.ts";
import { llmAgentFactory } from "../negotiation/llm/connector.ts";
import type { Scenario } from "../scenario/schema.ts";
import { multiDealFailureRow, runMultiDeal } from "../tournament/anl2025.ts";
import type { PlannedNegotiation, ResolvedAgent, RunSettings } from "../tournament/plan.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import {
  failureRow,
  prepareScenario,
  runNegotiation,
  runNegotiationAsync,
  type ScenarioContext,
} from "../tournament/run.ts";
import { type AgentSandbox, sandboxedAgentFactory } from "./agentSandbox.ts";

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

/** User agents' sandboxes in this thread, by module, content hash and limits. */
const sandboxes = new Map<string, Promise<AgentSandbox | Error>>();

/** The sandbox of a user agent: made on first use; a module that no longer loads gives its error. */
function sandboxOf(a: ResolvedAgent, settings: RunSettings): Promise<AgentSandbox | Error> {
  const key = `${a.file}#${a.fileHash ?? ""}#${settings.agentCallMs}#${settings.agentMemoryMb}`;
  let sandbox = sandboxes.get(key);
  if (!sandbox) {
    sandbox = sandboxedAgentFactory(a.file!, {
      callMs: settings.agentCallMs,
      memoryMb: settings.agentMemoryMb,
    }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    sandboxes.set(key, sandbox);
  }
  return sandbox;
}

/** Ends every sandboxed agent's worker this thread started (the engine calls it when a run ends). */
export async function closeAgentSandboxes(): Promise<void> {
  const all = await Promise.all(sandboxes.values());
  sandboxes.clear();
  await Promise.all(all.map((s) => (s instanceof Error ? undefined : s.close())));
}

async function factoriesOf(
  agents: readonly ResolvedAgent[],
  settings: RunSettings,
): Promise<{ factories: Record<string, AgentFactory>; used: AgentSandbox[] }> {
  const out: Record<string, AgentFactory> = {};
  const used: AgentSandbox[] = [];
  for (const a of agents) {
    // LLM agents are connected per run (live, recording or replaying): never cached across runs.
    if (a.llm) {
      out[a.name] = llmAgentFactory(a.llm, a.name);
      continue;
    }
    if (!a.file) {
      const key = `${a.name}#${a.catalog ?? ""}`;
      let f = factories.get(key);
      if (!f) {
        f = agentFromCatalog(a.catalog ?? a.name);
        factories.set(key, f);
      }
      out[a.name] = f;
      continue;
    }
    const sandbox = await sandboxOf(a, settings);
    if (sandbox instanceof Error)
      out[a.name] = () => {
        throw sandbox;
      };
    else {
      out[a.name] = sandbox;
      used.push(sandbox);
    }
  }
  return { factories: out, used };
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
  const { factories: byName, used } = await factoriesOf(job.agents, job.settings);
  if (hooks.wrapUser) for (const a of job.agents) if (a.file) byName[a.name] = hooks.wrapUser(byName[a.name]);
  // Negotiations with user agents run on the asynchronous session (agents may answer with Promises, timed);
  // built-in agents only run synchronously at full speed.
  const users = new Set(job.agents.filter((a) => a.file || a.llm).map((a) => a.name));
  const rows: NegotiationRow[] = [];
  for (const planned of job.negotiations) {
    const timed = Object.values(planned.agents).some((name) => users.has(name));
    if (planned.multideal) {
      // An ANL 2025 multi-deal negotiation: its sub-negotiations run one after another (src/tournament/anl2025.ts).
      const scenario = await scenarios(planned.scenario);
      try {
        rows.push(await runMultiDeal(scenario, planned, byName, job.settings, timed));
      } finally {
        if (timed) for (const sandbox of used) sandbox.releaseAll();
      }
      continue;
    }
    const ctx = await contextOf(planned.scenario, job.settings, scenarios);
    if (timed) {
      try {
        rows.push(await runNegotiationAsync(ctx, planned, byName, job.settings));
      } finally {
        // The negotiation is over: its agents' workers go back to their sandboxes for the next one.
        for (const sandbox of used) sandbox.releaseAll();
      }
    } else rows.push(runNegotiation(ctx, planned, byName, job.settings));
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
  // The user code at the table is to blame when there is exactly one; built-in agents are trusted.
  const users = Object.entries(planned.agents).filter(
    ([, name]) => job.agents.find((a) => a.name === name)?.file,
  );
  const party = users.length === 1 ? users[0][0] : null;
  if (planned.multideal)
    return multiDealFailureRow(await scenarios(planned.scenario), planned, status, party, message);
  const ctx = await contextOf(planned.scenario, job.settings, scenarios);
  return failureRow(ctx, planned, job.settings, status, party, message);
}
