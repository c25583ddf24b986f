/**
 * How the catalog's `llm` agent reaches a model: a connector installed by the runtime (which knows the
 * endpoint, the environment, cassettes), turning the agent's settings into a factory. The core stays pure:
 * it never reads the environment nor opens a connection.
 */
import { ZopaError } from "../../errors.ts";
import type { Agent, AgentFactory } from "../agent.ts";
import { LlmOptions, type LlmOptionsInput } from "./settings.ts";

export type LlmConnector = (options: LlmOptions, name: string) => AgentFactory;

let connector: LlmConnector | null = null;

/** Installs (or, with null, removes) the connector; returns the one it replaced. */
export function setLlmConnector(next: LlmConnector | null): LlmConnector | null {
  const before = connector;
  connector = next;
  return before;
}

/** Whether a connector is installed (a run of zopa simulate or zopa tournament, or a library caller's). */
export function hasLlmConnector(): boolean {
  return connector !== null;
}

/**
 * The catalog's `llm` without a connector: an agent that fails its negotiation at once, saying why (so that
 * listing or creating every catalog agent works anywhere, and only playing one needs a model).
 */
export function unconnectedLlmAgent(): Agent {
  const fail = () => {
    throw new Error(NO_CONNECTOR);
  };
  return { name: "llm", init: fail, propose: fail, respond: fail };
}

const NO_CONNECTOR =
  "the llm agent needs a model endpoint, which the library does not open by itself: run it through zopa simulate or zopa tournament, or install a connector (LlmRun in zopa/tasks, or setLlmConnector)";

/** The factory of an LLM agent with these settings (ZopaError "agent" when no connector is installed). */
export function llmAgentFactory(options: LlmOptionsInput = {}, name = "llm"): AgentFactory {
  if (!connector) throw new ZopaError("agent", NO_CONNECTOR);
  return connector(LlmOptions.parse(options), name);
}
