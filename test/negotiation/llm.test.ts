/**
 * The LLM agent's pure parts: the strict parser (what is an answer, what is invalid and why) and the tools
 * (exact utilities, checked against the evaluator and a brute-force scan of the car purchase's 18 outcomes).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { parseAnswer, rawText } from "../../src/negotiation/llm/parse.ts";
import { runTool } from "../../src/negotiation/llm/tools.ts";
import { createSession } from "../../src/negotiation/simulate.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario } from "./support.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));
const ALL = ["offer", "accept", "end"] as const;

test("the parser takes one JSON object (a code fence tolerated) and encodes the offer", () => {
  const offer =
    '{"action":"offer","offer":{"price":"mid","warranty":"one_year","delivery":"pickup"},"message":"fair?"}';
  // mid = 1, one_year = 1, pickup = 0: 1·6 + 1·2 + 0 = 8.
  assert.deepEqual(parseAnswer(car, offer, ALL), {
    ok: true,
    answer: { action: "offer", outcome: 8, message: "fair?" },
  });
  assert.deepEqual(parseAnswer(car, `\`\`\`json\n${offer}\n\`\`\``, ALL), parseAnswer(car, offer, ALL));
  assert.deepEqual(parseAnswer(car, '{"action":"accept","offer":null,"message":null}', ALL), {
    ok: true,
    answer: { action: "accept" },
  });
});

test("the parser refuses, saying why: prose, extra fields, options outside the space, missing issues, actions not allowed", () => {
  const problem = (text: string | null, allowed: readonly ("offer" | "accept" | "end")[] = ALL) => {
    const r = parseAnswer(car, text, allowed);
    assert.equal(r.ok, false, String(text));
    return (r as { problem: string }).problem;
  };
  assert.match(problem("Sure! Here is my offer: {}"), /malformed JSON/);
  assert.match(problem(null), /empty/);
  assert.match(problem("[1]"), /not a JSON object/);
  assert.match(problem('{"action":"accept","offer":null,"why":1}'), /unknown field "why"/);
  assert.match(problem('{"action":"haggle"}'), /"action" must be/);
  assert.match(
    problem('{"action":"accept","offer":null}', ["offer", "end"]),
    /"accept" is not allowed now; allowed: offer, end/,
  );
  assert.match(
    problem('{"action":"offer","offer":{"price":"free","warranty":"none","delivery":"pickup"}}'),
    /outside the outcome space: "free" is not an option of "price"/,
  );
  assert.match(problem('{"action":"offer","offer":{"price":"low"}}'), /issue "warranty" is missing/);
  assert.match(
    problem(
      '{"action":"offer","offer":{"price":"low","warranty":"none","delivery":"pickup","colour":"red"}}',
    ),
    /"colour" is not an issue/,
  );
  assert.match(problem('{"action":"end","offer":{"price":"low"}}'), /"offer" must be null/);
  assert.equal(rawText("  a \n\n b  "), "a b");
  assert.equal(rawText("x".repeat(600)).length, 500);
});

test("the tools answer with exact utilities", () => {
  const s = createSession(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: 10,
  });
  s.step();
  s.step();
  const p = s.pending()!;
  const view = s.views[0];
  const u = (o: number) => Math.round(view.utility(o) * 1e4) / 1e4;
  const util = JSON.parse(
    runTool(
      view,
      p.state,
      "utility_of",
      '{"outcome":{"price":"mid","warranty":"one_year","delivery":"pickup"}}',
    ),
  );
  assert.deepEqual(util, { utility: u(8), acceptable: view.acceptable(8) });
  assert.equal(util.utility, 0.48);
  // Best outcomes: a brute-force scan of the acceptable outcomes, sorted by utility (descending).
  const acceptable = Array.from({ length: car.size }, (_, o) => o).filter((o) => view.acceptable(o));
  const best = JSON.parse(runTool(view, p.state, "best_outcomes", '{"count":3}')) as { utility: number }[];
  assert.deepEqual(
    best.map((b) => b.utility),
    acceptable
      .map(u)
      .sort((a, b) => b - a)
      .slice(0, 3),
  );
  // Nearest to 0.5: the acceptable outcome whose utility is closest (0.48 here: mid price, one year, pickup).
  const near = JSON.parse(runTool(view, p.state, "nearest_outcome", '{"target":0.5}'));
  const closest = Math.min(...acceptable.map((o) => Math.abs(view.utility(o) - 0.5)));
  assert.ok(Math.abs(Math.abs(near.utility - 0.5) - closest) < 1e-4);
  // The frontier so far under private information: the buyer's best offer made so far.
  const front = JSON.parse(runTool(view, p.state, "frontier_so_far", "{}"));
  assert.equal(front.length, 1);
  assert.equal(front[0].utility, 1);
  assert.match(runTool(view, p.state, "utility_of", '{"outcome":{"price":"free"}}'), /error/);
  assert.match(runTool(view, p.state, "teleport", "{}"), /unknown tool/);
  assert.match(runTool(view, p.state, "nearest_outcome", "not json"), /not valid JSON/);
});
