/** Loading agents for tournaments (Node: user agents are modules imported from files). */
import { pathToFileURL } from "node:url";
import { ZopaError } from "../errors.ts";
import type { Agent, AgentFactory } from "../negotiation/agent.ts";
import { agentFromCatalog } from "../negotiation/catalog.ts";
import { llmAgentFactory } from "../negotiation/llm/connector.ts";
import type { ResolvedAgent } from "../tournament/plan.ts";

/**
 * Imports a module file. A TypeScript file that the running loader cannot take (a worker thread, where
 * tsx's hooks do not reach dynamic imports) goes through tsx's own `tsImport`, when tsx is installed.
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION" || !/\.[cm]?ts$/.test(file))
      throw e;
    let tsImport: (specifier: string, parent: string) => Promise<unknown>;
    try {
      ({ tsImport } = (await import("tsx/esm/api")) as { tsImport: typeof tsImport });
    } catch {
      throw new Error(
        "a TypeScript agent needs tsx installed (npm install tsx), or compile it to JavaScript",
      );
    }
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

/** A user agent module: its default export (or `createAgent`) is a function returning a fresh Agent. */
export async function agentModuleFactory(file: string): Promise<AgentFactory> {
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file);
  } catch (e) {
    throw new ZopaError("agent", `cannot load agent module ${file}: ${(e as Error).message}`);
  }
  const factory = (mod.createAgent ?? mod.default) as unknown;
  if (typeof factory !== "function")
    throw new ZopaError(
      "agent",
      `${file} must export a function returning an agent (export default function createAgent() { return { name, propose, respond } })`,
    );
  return () => {
    const agent = (factory as () => Agent)();
    if (!agent || typeof agent.propose !== "function" || typeof agent.respond !== "function")
      throw new Error(`${file}: the exported function must return an object with propose() and respond()`);
    return agent;
  };
}

/** Factories for every agent of the tournament, by name. */
export async function agentFactories(
  agents: readonly ResolvedAgent[],
): Promise<Record<string, AgentFactory>> {
  const out: Record<string, AgentFactory> = {};
  for (const a of agents)
    out[a.name] = a.file
      ? await agentModuleFactory(a.file)
      : a.llm
        ? llmAgentFactory(a.llm, a.name)
        : agentFromCatalog(a.catalog ?? a.name);
  return out;
}
