/**
 * How the catalog's `llm` agent reaches a model: a connector installed by the runtime (which knows the
 * endpoint, the environment, cassettes), turning the agent's settings into a factory. The core stays pure:
 * it never reads the environment nor opens a connection.
 */
import { ZopaError } from "../../errors.ts";
import type { AgentFactory } from "../agent.ts";
import { LlmOptions, type LlmOptionsInput } from "./settings.ts";

export type LlmConnector = (options: LlmOptions, name: string) => AgentFactory;

let connector: LlmConnector | null = null;

/** Installs (or, with null, removes) the connector; returns the one it replaced. */
export function setLlmConnector(next: LlmConnector | null): LlmConnector | null {
  const before = connector;
  connector = next;
  return before;
}

/** The factory of an LLM agent with these settings (ZopaError "agent" when no connector is installed). */
export function llmAgentFactory(options: LlmOptionsInput = {}, name = "llm"): AgentFactory {
  if (!connector)
    throw new ZopaError(
      "agent",
      "the llm agent needs a model endpoint, which the library does not open by itself: run it through zopa simulate or zopa tournament, or install a connector (connectLlm in zopa's runtime, setLlmConnector)",
    );
  return connector(LlmOptions.parse(options), name);
}
