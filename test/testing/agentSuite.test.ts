/**
 * The agent suite as a library: `testAgent(test, factory)` registers one test per check (here on the doc's
 * example agent), and `checkAgent(factory)` names the check a wrong agent breaks, with where and why.
 */
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import type { Agent, AgentFactory, AgentView } from "../../src/negotiation/agent.ts";
import {
  AGENT_CHECKS as C,
  type CheckReport,
  checkAgent,
  registerChecks,
  testAgent,
} from "../../src/testing/index.ts";
import { REPO_ROOT } from "../support/shared.ts";

/** A user agent module's factory, imported in this thread (the library's in-process use of checkAgent). */
async function loadAgentFile(path: string): Promise<AgentFactory> {
  const mod = (await import(path)) as { default?: AgentFactory; createAgent?: AgentFactory };
  return (mod.createAgent ?? mod.default)!;
}

// The example agent of docs/extending.md, run in this thread (`zopa agent check` runs it sandboxed).
testAgent(test, await loadAgentFile(`${REPO_ROOT}/test/testing/fixtures/linear-agent.js`));

function failedChecks(report: CheckReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

function detail(report: CheckReport, name: string): string {
  return report.checks.find((c) => c.name === name)!.detail;
}

/** An agent that bids its best acceptable outcome and accepts what it can accept, with overrides. */
function agent(overrides: Partial<Agent> & { name: string }, onInit?: (v: AgentView) => void): Agent {
  let view: AgentView;
  return {
    init(v) {
      view = v;
      onInit?.(v);
    },
    propose: () => view.index.outcomes[view.index.best()],
    respond: (_s, offer) => (view.acceptable(offer) && view.utility(offer) >= 0.5 ? "accept" : "reject"),
    ...overrides,
  };
}

describe("checkAgent(factory) names the check a wrong agent breaks", () => {
  it("a sound stubborn agent passes every check, in SAOP under both kinds of information and mediated", async () => {
    const r = await checkAgent(() => agent({ name: "stubborn" }));
    assert.deepEqual(failedChecks(r), []);
    assert.deepEqual([...new Set(r.runs.map((x) => `${x.protocol}/${x.information}`))].sort(), [
      "mediated(hillClimbing(pareto))/private",
      "mediated(randomFlip)/private",
      "saop/complete",
      "saop/private",
    ]);
  });

  it("a factory that throws, returns one object twice, or returns no agent fails the first check only", async () => {
    const throws = await checkAgent(() => {
      throw new Error("no agent today");
    });
    assert.deepEqual(
      throws.checks.map((c) => [c.name, c.ok]),
      [[C.creates, false]],
    );
    assert.match(detail(throws, C.creates), /the factory threw Error: no agent today/);
    const one = agent({ name: "singleton" });
    const same = await checkAgent(() => one);
    assert.deepEqual(failedChecks(same), [C.creates]);
    assert.match(detail(same, C.creates), /the same object twice/);
    const half = await checkAgent(() => ({ name: "half", propose: () => 0 }) as unknown as Agent);
    assert.match(detail(half, C.creates), /needs respond\(\)/);
  });

  it("offering an outcome it refuses: offers what it could not itself accept", async () => {
    let view: AgentView;
    const r = await checkAgent(() =>
      agent(
        { name: "careless", propose: () => refused(view) ?? view.index.outcomes[view.index.best()] },
        (v) => {
          view = v;
        },
      ),
    );
    assert.ok(failedChecks(r).includes(C.ownOffers), JSON.stringify(r.checks));
    assert.match(
      detail(r, C.ownOffers),
      /step \d+ \(round \d+\): offered \d+ \(i0=.*\): utility [\d.]+( < reservation value [\d.]+|, but it breaks one of its red lines)/,
    );
  });

  it("failing only under complete information fails that check only", async () => {
    const r = await checkAgent(() =>
      agent({ name: "private-only" }, (v) => {
        if (v.complete) throw new Error("did not expect the others' utilities");
      }),
    );
    assert.deepEqual(failedChecks(r), [C.saopComplete]);
    assert.match(
      detail(r, C.saopComplete),
      /SAOP, complete information, round 1, init: Error: did not expect/,
    );
  });

  it("state shared between instances (a module-level counter): not the same trace under one seed", async () => {
    let offers = 0;
    let view: AgentView;
    const r = await checkAgent(() =>
      agent(
        {
          name: "leaky",
          propose: () => view.index.outcomes[view.index.size - 1 - (offers++ % Math.min(3, view.index.size))],
        },
        (v) => {
          view = v;
        },
      ),
    );
    assert.deepEqual(failedChecks(r), [C.seed]);
  });

  it("an agent whose methods return Promises is checked the same way, and plays the traces its synchronous twin plays", async () => {
    const asyncAgent = await loadAgentFile(`${REPO_ROOT}/test/testing/fixtures/async-agent.js`);
    const syncAgent = await loadAgentFile(`${REPO_ROOT}/test/testing/fixtures/linear-agent.js`);
    const r = await checkAgent(asyncAgent, { scenarios: 3 });
    assert.deepEqual(failedChecks(r), []);
    assert.deepEqual(r.runs, (await checkAgent(syncAgent, { scenarios: 3 })).runs);
  });

  it("an asynchronous agent that rejects, or never answers, fails with the step and the reason (it does not hang)", async () => {
    const rejects = await checkAgent(
      () => agent({ name: "rejects", respond: () => Promise.reject(new Error("the model is down")) }),
      { scenarios: 2 },
    );
    assert.ok(failedChecks(rejects).includes(C.saopPrivate), JSON.stringify(rejects.checks));
    assert.match(detail(rejects, C.saopPrivate), /round \d+, respond: Error: the model is down/);
    const silent = await checkAgent(
      () => agent({ name: "silent", propose: () => new Promise<number>(() => {}) }),
      { scenarios: 1, information: ["private"], agentTimeoutMs: 20 },
    );
    assert.ok(failedChecks(silent).includes(C.saopPrivate), JSON.stringify(silent.checks));
    assert.match(detail(silent, C.saopPrivate), /propose: timed out: took \d+ ms \(limit 20 ms\)/);
  });

  it("an agent that plays SAOP only is not asked to mediate; the check says it does not apply", async () => {
    const r = await checkAgent(() => agent({ name: "saop-only", protocols: ["saop"] }));
    assert.deepEqual(failedChecks(r), []);
    assert.match(detail(r, C.mediated), /^not applicable: the agent plays saop/);
    assert.ok(r.runs.every((x) => x.protocol === "saop"));
  });

  it("--scenario style: the agent takes every seat of a given space", async () => {
    const { syntheticSpace } = await import("../../src/testing/index.ts");
    const space = syntheticSpace([3, 3], 7, { parties: 3, maxReservation: 0.4, redLines: true });
    const r = await checkAgent(() => agent({ name: "stubborn" }), {
      space,
      rounds: 5,
      information: ["private"],
    });
    assert.deepEqual(failedChecks(r), []);
    assert.deepEqual([...new Set(r.runs.map((x) => x.scenario))], ["seat p0", "seat p1", "seat p2"]);
    assert.match(detail(r, C.saopComplete), /not asked for/);
  });
});

/** The first outcome the agent's own party cannot accept, if any. */
function refused(view: AgentView): number | undefined {
  for (let x = 0; x < view.space.size; x++) if (!view.acceptable(x)) return x;
  return undefined;
}

describe("registerChecks(test, subject, names, run)", () => {
  it("registers one test per check; when the agent cannot be created the others fail as not run", async () => {
    const tests: { name: string; fn: () => Promise<void> }[] = [];
    registerChecks(
      (name, fn) => tests.push({ name, fn }),
      "broken",
      Object.values(C),
      () =>
        checkAgent(() => {
          throw new Error("nope");
        }),
    );
    assert.equal(tests.length, Object.values(C).length);
    assert.equal(tests[0].name, `broken: ${C.creates}`);
    await assert.rejects(
      tests[0].fn(),
      /broken fails "creates a fresh agent.*": the factory threw Error: nope/,
    );
    await assert.rejects(
      tests[1].fn(),
      /"plays SAOP under private information without errors" not run, because/,
    );
  });
});
