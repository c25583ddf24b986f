/**
 * The llm agent under the conformance suite every built-in agent passes (`checkAgent`): against a scripted
 * model in this process (the policy of the scripted test server, test/support/llmServer.ts) it offers only
 * valid outcomes it could accept, never accepts below its reservation value or across its red lines, acts
 * only before the deadline, and plays the same trace under the same seed, under private and complete
 * information, in SAOP and under single-text mediation.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { agentLlm } from "../../src/negotiation/llm/agent.ts";
import type { ChatFn } from "../../src/negotiation/llm/chat.ts";
import { LlmOptions } from "../../src/negotiation/llm/settings.ts";
import { AGENT_CHECKS, checkAgent, failures } from "../../src/testing/index.ts";
import { scriptedReply } from "../support/llmServer.ts";

/** The scripted model, called directly: the reply to a request, as the HTTP client would give it. */
const scripted: ChatFn = async (request) => {
  const m = scriptedReply(request as never);
  return {
    message: m.tool_calls
      ? { content: null, tool_calls: m.tool_calls.map((c) => ({ ...c, type: "function" as const })) }
      : { content: m.content ?? null },
    finishReason: "stop",
    tokensIn: 0,
    tokensOut: 0,
    latencyMs: 0,
  };
};

test("the llm agent (over a scripted model) keeps the conformance rules", async () => {
  const options = LlmOptions.parse({});
  const report = await checkAgent(() => agentLlm({ model: "scripted", options, chat: scripted }));
  assert.deepEqual(failures(report), []);
  assert.deepEqual(
    report.checks.map((c) => c.name),
    Object.values(AGENT_CHECKS),
  );
  const saop = report.runs.filter((r) => r.protocol === "saop");
  assert.ok(saop.length >= 6, `only ${saop.length} SAOP runs`);
  assert.ok(report.runs.every((r) => r.status === "agreement" || r.status === "no-agreement"));
  assert.ok(saop.some((r) => r.status === "agreement"));
  // It plays single-text mediation too: votes and ratification.
  const mediated = report.runs.filter((r) => r.protocol !== "saop");
  assert.ok(mediated.length >= 2, `only ${mediated.length} mediated runs`);
  assert.ok(mediated.some((r) => r.status === "agreement"));
});
