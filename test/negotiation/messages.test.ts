/**
 * Messages beside offers: an agent may answer `Annotated` (a message, invalid answers withdrawn, usage), an
 * outside party may submit an action with a message. The history, trace, log, party views, JSON results and
 * snapshots keep them; replay checks them; plain agents' results are unchanged.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Agent, type PublicAction, say } from "../../src/negotiation/agent.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { resultToJson } from "../../src/negotiation/serialize.ts";
import { createSession, resumeSession, simulate, simulateAsync } from "../../src/negotiation/simulate.ts";
import { parseSnapshot } from "../../src/negotiation/spec.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario } from "./support.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));

/** Offers its best outcome with a message each turn; accepts anything in round 3. */
function talker(seen: PublicAction[] = []): Agent {
  let best = -1;
  return {
    name: "talker",
    init(view) {
      best = view.index.best();
    },
    propose: (s) => say(best, `round ${s.round}: this is my best`),
    respond: (s) =>
      s.round >= 3
        ? { answer: "accept", message: "deal", usage: { calls: 1, tokensIn: 10, tokensOut: 2, latencyMs: 5 } }
        : "reject",
    observe(a) {
      seen.push(a);
    },
  };
}

test("an agent's messages reach the history, the trace, the log and the JSON result", () => {
  const seen: PublicAction[] = [];
  const r = simulate(car, {
    agents: { buyer: talker(), dealer: talker(seen) },
    rounds: 10,
  });
  assert.equal(r.status, "agreement");
  const offers = r.trace.filter((e) => e.kind === "offer");
  assert.ok(offers.length >= 4);
  for (const e of offers) assert.equal(e.message, `round ${e.round}: this is my best`);
  const accept = r.trace.find((e) => e.kind === "accept")!;
  assert.equal(accept.message, "deal");
  assert.deepEqual(accept.usage, { calls: 1, tokensIn: 10, tokensOut: 2, latencyMs: 5 });
  // Observers see the message with the action.
  assert.equal(seen.find((a) => a.kind === "accept")?.message, "deal");
  const json = resultToJson(car, r);
  assert.equal(json.trace!.find((e) => e.kind === "accept")!.message, "deal");
  assert.deepEqual(json.usage, {
    [accept.party]: { calls: 1, tokensIn: 10, tokensOut: 2, latencyMs: 5, invalid: 0 },
  });
});

test("a rejection's message and the counter-offer's notes become one trace entry", () => {
  const agent: Agent = {
    name: "counter",
    propose: () => ({
      answer: 0,
      invalid: ["{oops"],
      usage: { calls: 2, tokensIn: 5, tokensOut: 5, latencyMs: 1 },
    }),
    respond: () => ({
      answer: "reject",
      message: "no",
      usage: { calls: 1, tokensIn: 1, tokensOut: 1, latencyMs: 1 },
    }),
  };
  const r = simulate(car, { agents: { buyer: agentFromCatalog("boulware"), dealer: agent }, rounds: 2 });
  const e = r.trace.find((t) => t.party === "dealer" && t.kind === "offer")!;
  assert.equal(e.message, "no");
  assert.deepEqual(e.invalid, ["{oops"]);
  assert.deepEqual(e.usage, { calls: 3, tokensIn: 6, tokensOut: 6, latencyMs: 2 });
});

test("plain agents' traces carry no message fields", () => {
  const r = simulate(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
  });
  assert.ok(r.trace.every((e) => !("message" in e) && !("invalid" in e) && !("usage" in e)));
  assert.equal("usage" in resultToJson(car, r), false);
});

test("submit takes a message; views, the log and a resumed session keep it", async () => {
  const session = createSession(car, { agents: { buyer: "human", dealer: talker() }, rounds: 10, seed: 3 });
  session.async = true;
  session.submit({ type: "offer", outcome: 5, message: "my opening" }, "buyer");
  await session.advance();
  assert.equal(session.viewOf("buyer").history[0].message, "my opening");
  assert.equal(session.viewOf("buyer").history[1].message, "round 1: this is my best");
  assert.throws(
    () => session.submit({ type: "offer", outcome: 5, message: 7 as unknown as string }),
    /message must be a string/,
  );
  const log = session.log;
  assert.deepEqual(log[0], { party: "buyer", type: "offer", outcome: 5, message: "my opening" });
  assert.equal(log[1].message, "round 1: this is my best");
  // The log is a valid snapshot log, and replays into a session with the same messages.
  const snap = parseSnapshot({
    version: 1,
    kind: "zopa-session",
    spec: { version: 1, scenario: { content: {} }, agents: {} },
    log,
  });
  assert.deepEqual(snap.log, log);
  const again = await resumeSession(
    car,
    { agents: { buyer: "human", dealer: talker() }, rounds: 10, seed: 3 },
    log,
  );
  assert.deepEqual(again.log, log);
  // A log whose message differs does not replay.
  const changed = log.map((a, k) => (k === 1 ? { ...a, message: "other" } : a));
  await assert.rejects(
    async () =>
      resumeSession(car, { agents: { buyer: "human", dealer: talker() }, rounds: 10, seed: 3 }, changed),
    /does not replay/,
  );
});

test("asynchronous agents' annotated answers are the same as synchronous ones'", async () => {
  const sync = simulate(car, { agents: { buyer: talker(), dealer: talker() }, rounds: 10 });
  const asyncAgent = (): Agent => {
    const a = talker();
    return {
      ...a,
      name: a.name,
      propose: async (s) => a.propose(s),
      respond: async (s, o, f) => a.respond(s, o, f),
    };
  };
  const r = await simulateAsync(car, { agents: { buyer: asyncAgent(), dealer: asyncAgent() }, rounds: 10 });
  assert.deepEqual(r.trace, sync.trace);
});
