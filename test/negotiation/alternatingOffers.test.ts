import assert from "node:assert/strict";
import { test } from "node:test";
import { ZopaError } from "../../src/errors.ts";
import type { Agent } from "../../src/negotiation/agent.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { protocolSingleText } from "../../src/negotiation/singleText.ts";
import { agentTimeDependent } from "../../src/negotiation/timeDependent.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario, scriptedAgent } from "./support.ts";
import { syntheticSpace } from "./synthetic.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));

test("Boulware vs Conceder on the car purchase: a consistent trace and an agreement in the zone", () => {
  const r = simulate(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: 20,
    seed: 3,
  });
  assert.equal(r.status, "agreement");
  const ev = r.parties.map((p) => evaluatorOf(car, p.index));
  for (const e of r.trace) {
    if (e.outcome === null) continue;
    assert.deepEqual(
      e.utilities,
      ev.map((x) => x.utility(e.outcome!)),
    );
    assert.ok(e.round >= 1 && e.round <= 20 && e.time >= 0 && e.time < 1);
  }
  // Turns alternate buyer, dealer, buyer, …; the last action accepts the offer before it.
  r.trace.forEach((e, k) => assert.equal(e.party, k % 2 === 0 ? "buyer" : "dealer"));
  const last = r.trace[r.trace.length - 1];
  assert.equal(last.kind, "accept");
  assert.equal(last.outcome, r.trace[r.trace.length - 2].outcome);
  assert.equal(r.agreement, last.outcome);
  // Both clear their reservation values and the dealer's red line (no two-year warranty).
  assert.ok(ev.every((x) => x.acceptable(r.agreement!)));
  assert.deepEqual(
    r.utilities,
    ev.map((x) => x.utility(r.agreement!)),
  );
  assert.ok(r.distances && r.distances.pareto >= 0 && r.distances.welfare >= r.distances.pareto - 1e-12);
});

test("a deadline of one round: each party acts once, then the negotiation ends at the deadline", () => {
  const r = simulate(car, {
    agents: { buyer: agentFromCatalog("hardliner"), dealer: agentFromCatalog("hardliner") },
    rounds: 1,
  });
  assert.equal(r.status, "no-agreement");
  assert.deepEqual(r.endedBy, { kind: "deadline" });
  assert.equal(r.rounds, 1);
  assert.deepEqual(
    r.trace.map((e) => [e.party, e.kind]),
    [
      ["buyer", "offer"],
      ["dealer", "offer"],
    ],
  );
  assert.deepEqual(r.utilities, [0.3, 0.4]);
});

test("an immediate accept agrees in round 1; an agent that ends the negotiation is named", () => {
  const accepted = simulate(car, {
    agents: { buyer: scriptedAgent([5]), dealer: scriptedAgent([0], ["accept"]) },
  });
  assert.equal(accepted.status, "agreement");
  assert.equal(accepted.agreement, 5);
  assert.equal(accepted.rounds, 1);
  const ended = simulate(car, { agents: { buyer: scriptedAgent([5]), dealer: scriptedAgent([0], ["end"]) } });
  assert.equal(ended.status, "no-agreement");
  assert.deepEqual(ended.endedBy, { kind: "walk-away", party: "dealer", reason: null });
  assert.equal(ended.agreement, null);
  const quit = simulate(car, { agents: { buyer: scriptedAgent([null]), dealer: scriptedAgent([0]) } });
  assert.equal(quit.status, "no-agreement");
  assert.deepEqual(quit.endedBy, { kind: "walk-away", party: "buyer", reason: null });
});

test("an agent that throws, returns garbage or overruns its time ends the negotiation with a named failure", () => {
  const thrower: Agent = {
    name: "thrower",
    propose: () => 3,
    respond: (state) => {
      if (state.round === 2) throw new RangeError("boom");
      return "reject";
    },
  };
  const r = simulate(car, { agents: { buyer: scriptedAgent([1]), dealer: thrower } });
  assert.equal(r.status, "error");
  assert.deepEqual(r.endedBy, { kind: "failure" });
  assert.deepEqual(r.error, {
    party: "dealer",
    agent: "thrower",
    step: "respond",
    round: 2,
    kind: "error",
    message: "RangeError: boom",
  });
  const bad = simulate(car, { agents: { buyer: scriptedAgent([1.5]), dealer: scriptedAgent([0]) } });
  assert.equal(bad.error?.kind, "invalid");
  assert.equal(bad.error?.step, "propose");
  assert.match(bad.error!.message, /not an outcome index in \[0, 18\)/);
  const asyncAgent = { name: "async", propose: async () => 1, respond: () => "reject" } as unknown as Agent;
  const promised = simulate(car, { agents: { buyer: asyncAgent, dealer: scriptedAgent([0]) } });
  assert.deepEqual(
    [promised.error?.kind, promised.error?.message],
    ["invalid", "returned a Promise; simulate() needs synchronous agents (use simulateAsync)"],
  );
  let now = 0;
  const slow: Agent = {
    name: "slow",
    propose: () => {
      now += 50;
      return 2;
    },
    respond: () => "reject",
  };
  const late = simulate(car, {
    agents: { buyer: scriptedAgent([1]), dealer: slow },
    agentTimeoutMs: 10,
    clock: () => now,
  });
  assert.equal(late.error?.kind, "timeout");
  assert.equal(late.status, "timeout");
  assert.equal(late.error?.party, "dealer");
});

test("multilateral SAOP: an offer is agreed only when every other party accepts it in turn", () => {
  const space = syntheticSpace([3, 3], 11, { parties: 3 });
  // p0 offers 4; p1 accepts; p2 counters with 7; p0 and p1 accept 7.
  const r = simulate(space, {
    agents: {
      p0: scriptedAgent([4], ["accept"]),
      p1: scriptedAgent([0], ["accept", "accept"]),
      p2: scriptedAgent([7], ["reject"]),
    },
    rounds: 5,
  });
  assert.deepEqual(
    r.trace.map((e) => `${e.party}:${e.kind}:${e.outcome}`),
    ["p0:offer:4", "p1:accept:4", "p2:offer:7", "p0:accept:7", "p1:accept:7"],
  );
  assert.equal(r.status, "agreement");
  assert.equal(r.agreement, 7);
  assert.equal(r.rounds, 2);
});

test("five time-dependent agents: a valid trace, deterministic, ending by the deadline", () => {
  const space = syntheticSpace([3, 4, 3], 5, { parties: 5 });
  const run = () =>
    simulate(space, {
      agents: Object.fromEntries(
        ["p0", "p1", "p2", "p3", "p4"].map((id, k) => [
          id,
          agentTimeDependent({ e: [0.2, 1, 2, 0.5, 5][k] }),
        ]),
      ),
      rounds: 30,
    });
  const a = run();
  assert.deepEqual(a, run());
  assert.ok(a.rounds <= 30);
  assert.ok(["agreement", "no-agreement"].includes(a.status));
  if (a.status === "agreement") {
    const tail = a.trace.slice(-4);
    assert.ok(tail.every((e) => e.kind === "accept" && e.outcome === a.agreement));
  }
});

test("time deadlines use the clock; discounting scales utilities by d^t", () => {
  let now = 0;
  const r = simulate(car, {
    agents: { buyer: agentFromCatalog("hardliner"), dealer: agentFromCatalog("hardliner") },
    rounds: null,
    timeMs: 40,
    clock: () => (now += 1),
  });
  assert.equal(r.status, "no-agreement");
  assert.deepEqual(r.endedBy, { kind: "deadline" });
  assert.ok(r.trace.every((e) => e.time <= 1));
  for (let k = 1; k < r.trace.length; k++) assert.ok(r.trace[k].time >= r.trace[k - 1].time);
  const d = simulate(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: 10,
    discount: { buyer: 0.5 },
  });
  assert.equal(d.status, "agreement");
  assert.ok(Math.abs(d.discountedUtilities[0] - d.utilities[0] * 0.5 ** d.time) < 1e-12);
  assert.equal(d.discountedUtilities[1], d.utilities[1]);
});

test("bad options are refused with the valid choices listed", () => {
  assert.throws(
    () => simulate(car, { agents: { buyer: agentFromCatalog("boulware") } }),
    (e: Error) =>
      e instanceof ZopaError &&
      e.code === "simulation" &&
      /no agent for "dealer"/.test(e.message) &&
      e.details?.kind === "table",
  );
  assert.throws(
    () =>
      simulate(car, {
        agents: { buyer: scriptedAgent([1]), dealer: scriptedAgent([1]), bank: scriptedAgent([1]) },
      }),
    /unknown party "bank"; agents go to "buyer", "dealer"/,
  );
  const one = syntheticSpace([3], 1, { parties: 1 });
  assert.throws(() => simulate(one, { agents: { p0: scriptedAgent([1]) } }), /at least 2 parties/);
  assert.throws(
    () => simulate(one, { agents: { p0: scriptedAgent([1]) } }),
    (e: Error) => e instanceof ZopaError && e.code === "simulation" && e.details?.kind === "tableSize",
  );
  // The kind lets a shell add its own advice (the CLI lists the agents that play the protocol).
  assert.throws(
    () =>
      simulate(car, {
        agents: { buyer: agentFromCatalog("performative"), dealer: agentFromCatalog("linear") },
        protocol: protocolSingleText(mediatorRandomFlip()),
      }),
    (e: Error) =>
      e instanceof ZopaError &&
      e.code === "simulation" &&
      e.details?.kind === "agentProtocol" &&
      /agent "performative" \(party "buyer"\) does not play the mediated protocol/.test(e.message),
  );
  assert.throws(() => agentFromCatalog("boulwere"), /did you mean "boulware"/);
  assert.throws(
    () => simulate(car, { agents: { buyer: scriptedAgent([1]), dealer: scriptedAgent([1]) }, rounds: 0 }),
    /positive integer/,
  );
  assert.throws(
    () => simulate(car, { agents: { buyer: scriptedAgent([1]), dealer: scriptedAgent([1]) }, rounds: 0 }),
    (e: Error) => e instanceof ZopaError && e.code === "simulation" && e.details?.kind === "options",
  );
});
