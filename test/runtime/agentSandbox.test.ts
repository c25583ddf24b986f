/**
 * User agents in worker threads: a well-behaved agent plays byte for byte as in Zopa's thread; a busy loop is
 * stopped from outside (status timeout), a memory hog by its heap limit (status memory), process.exit ends the
 * worker only (status error), a throw is an error with its message; Zopa goes on after each.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ZopaError } from "../../src/errors.ts";
import { type Agent, AgentCallError, type AgentFactory } from "../../src/negotiation/agent.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import type { NegotiationResult } from "../../src/negotiation/result.ts";
import { resultToJson } from "../../src/negotiation/serialize.ts";
import {
  createSession,
  resumeSession,
  runSessionAsync,
  simulateAsync,
} from "../../src/negotiation/simulate.ts";
import { protocolSingleText } from "../../src/negotiation/singleText.ts";
import { type AgentSandbox, sandboxedAgentFactory } from "../../src/runtime/agentSandbox.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario } from "../negotiation/support.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));
const json = (r: NegotiationResult) => JSON.stringify(resultToJson(car, r));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const sandboxes: AgentSandbox[] = [];
after(() => Promise.all(sandboxes.map((s) => s.close())));
async function sandbox(name: string, options: Parameters<typeof sandboxedAgentFactory>[1] = {}) {
  const s = await sandboxedAgentFactory(fixture(name), options);
  sandboxes.push(s);
  return s;
}
const linear = () => agentFromCatalog("linear");

test("the session records an AgentCallError's kind (timeout, memory) and message as the proxy gives them", async () => {
  for (const kind of ["timeout", "memory", "error"] as const) {
    const proxy: Agent = {
      name: "proxy",
      propose: () => Promise.reject(new AgentCallError(kind, `stopped: ${kind}`)),
      respond: () => Promise.resolve("reject"),
    };
    const r = await simulateAsync(car, { agents: { buyer: proxy, dealer: linear() }, seed: 1 });
    assert.equal(r.status, kind);
    assert.deepEqual(r.error, {
      party: "buyer",
      agent: "proxy",
      step: "propose",
      round: 1,
      kind,
      message: `stopped: ${kind}`,
    });
  }
});

test("a well-behaved agent gives the identical trace sandboxed and in Zopa's thread (same seeds)", {
  timeout: 60_000,
}, async () => {
  const inThread = (await import(fixture("concede.js"))).default as AgentFactory;
  const s = await sandbox("concede.js");
  assert.equal(s.agentName, "concede-js");
  for (const seed of [1, 7, 42]) {
    for (const information of ["private", "complete"] as const) {
      const options = (buyer: AgentFactory) => ({
        agents: { buyer, dealer: linear() },
        seed,
        information,
        rounds: 40,
      });
      const plain = await simulateAsync(car, options(inThread));
      const session = createSession(car, options(s));
      const boxed = await runSessionAsync(session);
      s.releaseAll();
      assert.equal(json(boxed), json(plain), `seed ${seed}, ${information}`);
      assert.ok(plain.trace.length > 4, "the negotiation has a few rounds");
    }
  }
  // Both sides sandboxed, the same module.
  const plain = await simulateAsync(car, { agents: { buyer: inThread, dealer: inThread }, seed: 3 });
  const both = createSession(car, { agents: { buyer: s, dealer: s }, seed: 3 });
  const boxed = await runSessionAsync(both);
  s.release(...both.config.agents);
  assert.equal(json(boxed), json(plain));
  // Workers are reused: the first one (which loaded the module) and one more for the second party.
  assert.ok(s.stats.started <= 2, `workers started: ${s.stats.started}`);
});

test("the mediated protocol: votes and ratification are answered from the worker the same way", {
  timeout: 60_000,
}, async () => {
  const inThread = (await import(fixture("concede.js"))).default as AgentFactory;
  const s = await sandbox("concede.js");
  const options = (a: AgentFactory) => ({
    agents: { buyer: a, dealer: a },
    protocol: protocolSingleText(mediatorRandomFlip()),
    seed: 5,
    rounds: 30,
  });
  const plain = await simulateAsync(car, options(inThread));
  const session = createSession(car, options(s));
  const boxed = await runSessionAsync(session);
  s.release(...session.config.agents);
  assert.equal(json(boxed), json(plain));
});

test("a snapshot of a sandboxed negotiation resumes: the agents are asked again and answer as logged", {
  timeout: 60_000,
}, async () => {
  const s = await sandbox("concede.js");
  const options = { agents: { buyer: s, dealer: linear() }, seed: 11, rounds: 40 };
  const first = createSession(car, options);
  const whole = await runSessionAsync(first);
  s.release(...first.config.agents);
  const log = first.log;
  assert.ok(log.length > 6);
  const resumed = await resumeSession(car, options, log.slice(0, Math.floor(log.length / 2)));
  const rest = await runSessionAsync(resumed);
  s.release(...resumed.config.agents);
  assert.equal(json(rest), json(whole));
});

test("a busy loop is stopped from outside: status timeout naming the agent and the call; Zopa goes on", {
  timeout: 60_000,
}, async () => {
  const s = await sandbox("busy.js", { callMs: 300 });
  const t0 = performance.now();
  const r = await simulateAsync(car, { agents: { buyer: s, dealer: linear() }, seed: 1 });
  const took = performance.now() - t0;
  assert.equal(r.status, "timeout");
  assert.equal(r.error?.kind, "timeout");
  assert.equal(r.error?.party, "buyer");
  assert.equal(r.error?.agent, "busy-js");
  assert.equal(r.error?.step, "propose");
  assert.match(r.error?.message ?? "", /300 ms/);
  assert.ok(took < 300 + 5000, `stopped after ${took.toFixed(0)} ms`);
  // The worker is gone; the next negotiation gets a fresh one and runs normally until the loop again.
  const again = await simulateAsync(car, { agents: { buyer: s, dealer: linear() }, seed: 2 });
  assert.equal(again.status, "timeout");
  const normal = await simulateAsync(car, { agents: { buyer: linear(), dealer: linear() }, seed: 1 });
  assert.equal(normal.status, "agreement");
});

test("a memory hog is stopped by its heap limit: status memory", { timeout: 60_000 }, async () => {
  const s = await sandbox("hog.js", { memoryMb: 64, callMs: 60_000 });
  const r = await simulateAsync(car, { agents: { buyer: s, dealer: linear() }, seed: 1 });
  assert.equal(r.status, "memory");
  assert.deepEqual([r.error?.kind, r.error?.agent, r.error?.step], ["memory", "hog-js", "propose"]);
  assert.match(r.error?.message ?? "", /64 MB/);
});

test("process.exit(0) in an agent ends its worker only: status error, and Zopa's run goes on", {
  timeout: 60_000,
}, async () => {
  const s = await sandbox("exits.js");
  const r = await simulateAsync(car, { agents: { buyer: linear(), dealer: s }, seed: 1 });
  assert.equal(r.status, "error");
  assert.deepEqual([r.error?.agent, r.error?.step], ["exits-js", "respond"]);
  assert.equal(r.error?.message, "agent called process.exit(0)");
  const normal = await simulateAsync(car, { agents: { buyer: linear(), dealer: linear() }, seed: 1 });
  assert.equal(normal.status, "agreement");
});

test("an agent that throws gives status error with its message, as in Zopa's thread; its output is captured", {
  timeout: 60_000,
}, async () => {
  const printed: string[] = [];
  const s = await sandbox("throws.js", {
    output: (text, stream, agent) => printed.push(`${agent} ${stream}:${text}`),
  });
  const inThread = (await import(fixture("throws.js"))).createAgent as AgentFactory;
  const log = console.log;
  console.log = () => undefined;
  let plain: NegotiationResult;
  try {
    plain = await simulateAsync(car, { agents: { buyer: inThread, dealer: linear() }, seed: 1 });
  } finally {
    console.log = log;
  }
  const r = await simulateAsync(car, { agents: { buyer: s, dealer: linear() }, seed: 1 });
  assert.equal(r.status, "error");
  assert.equal(r.error?.message, "RangeError: no offer in round 1");
  assert.deepEqual(r.error, plain.error);
  // Worker output arrives asynchronously.
  for (let k = 0; k < 50 && printed.length === 0; k++) await new Promise((d) => setTimeout(d, 20));
  assert.deepEqual(printed, ["throws-js stdout:thinking in round 1\n"]);
});

test("a module that exports no agent factory is refused when the sandbox is made", {
  timeout: 60_000,
}, async () => {
  await assert.rejects(sandboxedAgentFactory(fixture("notAnAgent.js")), (e: unknown) => {
    assert.ok(e instanceof ZopaError);
    assert.equal(e.code, "agent");
    assert.match(e.message, /must export a function returning an agent/);
    return true;
  });
});

test("an embedded module ({ content, name }) runs like the file; close() ends every worker", {
  timeout: 60_000,
}, async () => {
  const { readFileSync } = await import("node:fs");
  const s = await sandboxedAgentFactory({
    content: readFileSync(fixture("concede.js"), "utf8"),
    name: "concede.js",
  });
  try {
    const file = await sandbox("concede.js");
    const options = (a: AgentFactory) => ({ agents: { buyer: a, dealer: linear() }, seed: 9 });
    assert.equal(json(await simulateAsync(car, options(s))), json(await simulateAsync(car, options(file))));
  } finally {
    await s.close();
  }
  assert.equal(s.stats.alive, 0);
});
