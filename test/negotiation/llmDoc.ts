/** The texts docs/llm.md quotes verbatim, rendered from the code for the dealer of the car purchase. */
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { answerSchema, retryPrompt, systemPrompt, turnPrompt } from "../../src/negotiation/llm/prompt.ts";
import { toolDefinitions } from "../../src/negotiation/llm/tools.ts";
import { createSession } from "../../src/negotiation/simulate.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario } from "./support.ts";

export function llmDocBlocks(): Record<"SYSTEM" | "TURN" | "SCHEMA" | "TOOLS" | "RETRY", string> {
  const car = compileScenario(exampleScenario("car-purchase.yaml"));
  const s = createSession(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: 10,
  });
  s.step();
  s.step();
  s.step();
  const p = s.pending()!;
  const view = s.views[p.slot];
  return {
    SYSTEM: systemPrompt(view, p.state, true),
    TURN: turnPrompt(view, p.state, { outcome: p.offer!, from: p.from }, 20),
    SCHEMA: JSON.stringify(answerSchema(car), null, 2),
    TOOLS: JSON.stringify(toolDefinitions(view), null, 2),
    RETRY: retryPrompt("<problem>"),
  };
}
