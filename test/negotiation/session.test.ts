/**
 * Steppable sessions: stepping one action at a time, snapshots (spec + action log) and resume, outside
 * parties submitting actions, per-party views and asynchronous agents all give the run-to-completion result.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ZopaError } from "../../src/errors.ts";
import type { Agent, AgentFactory } from "../../src/negotiation/agent.ts";
import { AGENTS, agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { mediatorHillClimbing, mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import type { NegotiationResult } from "../../src/negotiation/result.ts";
import { resultToJson } from "../../src/negotiation/serialize.ts";
import type { LoggedAction, Session } from "../../src/negotiation/session.ts";
import {
  createSession,
  resumeSession,
  runSession,
  type SimulationOptions,
  simulate,
  simulateAsync,
} from "../../src/negotiation/simulate.ts";
import { protocolSingleText } from "../../src/negotiation/singleText.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario, scriptedAgent } from "./support.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));
const json = (r: NegotiationResult) => JSON.stringify(resultToJson(car, r));

/** Steps a session to its end one action at a time, checking that each step adds exactly one action. */
function stepToEnd(session: Session): NegotiationResult {
  for (let k = 0; ; k++) {
    const before = session.log.length;
    const stepped = session.step();
    assert.ok(typeof stepped === "boolean", "built-in agents answer synchronously");
    if (!stepped) break;
    assert.ok(session.log.length === before + 1 || session.over, `step ${k} took one action`);
  }
  return session.result();
}

// The llm agent needs a model: test/negotiation/llmConformance.test.ts steps it against a scripted one.
const builtIn = AGENTS.filter((a) => a.name !== "llm");
const saopAgents = builtIn.map((a) => a.name);
const mediatedAgents = builtIn
  .filter((a) => {
    const p = a.create()().protocols;
    return !p || p.includes("mediated");
  })
  .map((a) => a.name);

test("stepping one action at a time gives the run-to-completion trace and result, for every built-in pair (SAOP)", () => {
  let agreements = 0;
  for (const a of saopAgents)
    for (const b of saopAgents) {
      const options = (): SimulationOptions => ({
        agents: { buyer: agentFromCatalog(a), dealer: agentFromCatalog(b) },
        rounds: 8,
        seed: 3,
      });
      const whole = simulate(car, options());
      const stepped = stepToEnd(createSession(car, options()));
      assert.equal(json(stepped), json(whole), `${a} vs ${b}`);
      if (whole.status === "agreement") agreements++;
    }
  assert.ok(agreements > 0, "some pairs agree, so the comparison covers agreements too");
});

test("stepping one action at a time gives the run-to-completion result under the mediated protocol", () => {
  for (const a of mediatedAgents)
    for (const b of mediatedAgents) {
      const options = (): SimulationOptions => ({
        agents: { buyer: agentFromCatalog(a), dealer: agentFromCatalog(b) },
        protocol: protocolSingleText(mediatorRandomFlip()),
        rounds: 5,
        seed: 4,
      });
      assert.equal(
        json(stepToEnd(createSession(car, options()))),
        json(simulate(car, options())),
        `${a} vs ${b}`,
      );
    }
});

/** A snapshot taken after k actions: the log and clock readings, through JSON as a file would carry them. */
function snapshotAfter(
  options: () => SimulationOptions,
  k: number,
): { log: LoggedAction[]; clock: number[] } {
  const session = createSession(car, options());
  for (let j = 0; j < k; j++) if (session.step() === false) break;
  return JSON.parse(JSON.stringify({ log: session.log, clock: session.clockLog }));
}

function resumed(options: () => SimulationOptions, snap: { log: LoggedAction[]; clock: number[] }) {
  const session = resumeSession(car, { ...options(), replayClock: snap.clock }, snap.log);
  assert.ok(!(session instanceof Promise), "built-in agents replay synchronously");
  return runSession(session);
}

for (const [label, options] of [
  [
    "SAOP, GeniusWeb randomness",
    () => ({
      agents: { buyer: agentFromCatalog("geniusweb-linear"), dealer: agentFromCatalog("random") },
      rounds: 10,
      seed: 5,
      agentTimeoutMs: 10_000,
    }),
  ],
  [
    "SAOP, tit-for-tat and a frequency model",
    () => ({
      agents: { buyer: agentFromCatalog("tit-for-tat:0.02"), dealer: agentFromCatalog("nash-seeking") },
      rounds: 10,
      seed: 2,
    }),
  ],
  [
    "mediated, random flip",
    () => ({
      agents: { buyer: agentFromCatalog("aspiration"), dealer: agentFromCatalog("linear") },
      protocol: protocolSingleText(mediatorRandomFlip()),
      rounds: 6,
      seed: 3,
    }),
  ],
  [
    "mediated, hill climbing",
    () => ({
      agents: { buyer: agentFromCatalog("conceder"), dealer: agentFromCatalog("random") },
      protocol: protocolSingleText(mediatorHillClimbing("nash")),
      rounds: 6,
      seed: 8,
    }),
  ],
] as [string, () => SimulationOptions][])
  test(`a snapshot after every k actions resumes to the uninterrupted result (${label})`, () => {
    const whole = json(simulate(car, options()));
    const n = createSession(car, options());
    runSession(n);
    assert.ok(n.log.length > 3, "a negotiation long enough to cut");
    for (let k = 0; k <= n.log.length + 1; k++) {
      const snap = snapshotAfter(options, k);
      assert.equal(snap.log.length, Math.min(k, n.log.length));
      assert.equal(json(resumed(options, snap)), whole, `resumed after ${k} actions`);
    }
  });

test("a time deadline replays exactly: the snapshot carries the clock readings", () => {
  // A fake clock that moves 7 ms per reading: the time deadline (300 ms) falls mid-negotiation.
  const clock = () => {
    let now = 1000;
    return () => (now += 7);
  };
  const options = (): SimulationOptions => ({
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: null,
    timeMs: 300,
    seed: 1,
    agentTimeoutMs: 50,
    clock: clock(),
  });
  const whole = simulate(car, options());
  assert.ok(whole.time > 0 && whole.trace.some((e) => e.time > 0), "time moved");
  for (const k of [0, 1, 3, 6]) {
    const snap = snapshotAfter(options, k);
    // A different clock after the resume: the replayed part must not depend on it.
    const session = resumeSession(
      car,
      { ...options(), clock: () => 0, replayClock: snap.clock },
      snap.log,
    ) as Session;
    assert.deepEqual(session.trace, whole.trace.slice(0, session.trace.length), `after ${k}: same history`);
  }
});

test("a log that does not replay is a ZopaError(spec) naming the action", () => {
  const options = (): SimulationOptions => ({
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: 5,
  });
  const snap = snapshotAfter(options, 3);
  const forged = snap.log.map((a, k) =>
    k === 2 && a.type === "offer" ? { ...a, outcome: (a.outcome + 1) % car.size } : a,
  );
  assert.equal(snap.log[2].type, "offer");
  assert.throws(
    () => resumeSession(car, options(), forged),
    (e: Error) => e instanceof ZopaError && e.code === "spec" && /action 2/.test(e.message),
  );
  const wrongParty = snap.log.map((a, k) => (k === 1 ? { ...a, party: "buyer" } : a));
  assert.throws(
    () => resumeSession(car, options(), wrongParty),
    (e: Error) => e instanceof ZopaError && e.code === "spec" && /"dealer"'s turn/.test(e.message),
  );
});

test("an outside party takes its turns through submit; invalid actions are refused without changing the session", () => {
  const session = createSession(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: "human" },
    rounds: 4,
  });
  session.advance();
  const p = session.pending()!;
  assert.equal(p.party, "dealer");
  assert.equal(p.kind, "respond");
  assert.deepEqual([...p.allowed].sort(), ["accept", "end", "offer"]);
  assert.equal(session.log.length, 1, "the buyer has made its opening offer");
  const before = JSON.stringify({ log: session.log, trace: session.trace });
  const refused = (action: unknown, party?: string, pattern?: RegExp) =>
    assert.throws(
      () => session.submit(action as never, party),
      (e: Error) =>
        e instanceof ZopaError &&
        e.code === "simulation" &&
        (pattern === undefined || pattern.test(e.message)),
    );
  refused({ type: "reject" }, undefined, /"reject" is not allowed now; allowed: accept, offer, end/);
  refused({ type: "offer", outcome: car.size }, undefined, /not an outcome index in \[0, 18\)/);
  refused({ type: "offer", outcome: 1.5 });
  refused({ type: "offer" });
  refused({ type: "vote" });
  refused("accept");
  refused(null);
  refused({ type: "accept" }, "buyer", /it is "dealer"'s turn/);
  assert.equal(JSON.stringify({ log: session.log, trace: session.trace }), before, "nothing changed");
  assert.equal(session.pending(), p, "still the same turn");
  // Valid: counter-offers, then an acceptance of the buyer's last offer.
  const script = [7, 3];
  session.submit({ type: "offer", outcome: script[0] }, "dealer");
  session.advance();
  session.submit({ type: "offer", outcome: script[1] });
  session.advance();
  session.submit({ type: "accept" });
  const r = session.result();
  assert.equal(r.status, "agreement");
  assert.equal(r.parties.find((x) => x.id === "dealer")!.agent, "human");
  // The same actions from an agent give the same trace.
  const twin = simulate(car, {
    agents: {
      buyer: agentFromCatalog("boulware"),
      dealer: scriptedAgent(script, ["reject", "reject", "accept"]),
    },
    rounds: 4,
  });
  assert.deepEqual(r.trace, twin.trace);
  assert.deepEqual(r.utilities, twin.utilities);
  assert.throws(
    () => session.submit({ type: "accept" }),
    (e: Error) => e instanceof ZopaError && /the negotiation is over/.test(e.message),
  );
});

test("an outside party walks away with its reason; a run to completion refuses to play it", () => {
  const session = createSession(car, { agents: { buyer: "human", dealer: agentFromCatalog("linear") } });
  assert.equal(session.pending()!.kind, "propose");
  assert.deepEqual([...session.pending()!.allowed].sort(), ["end", "offer"]);
  session.submit({ type: "end", reason: "the price is not serious" });
  const r = session.result();
  assert.equal(r.status, "no-agreement");
  assert.equal(r.utilitiesAre, "reservation");
  assert.deepEqual(r.endedBy, { kind: "walk-away", party: "buyer", reason: "the price is not serious" });
  assert.deepEqual(session.log, [{ party: "buyer", type: "end", reason: "the price is not serious" }]);
  assert.throws(
    () => simulate(car, { agents: { buyer: "human", dealer: agentFromCatalog("linear") } }),
    (e: Error) => e instanceof ZopaError && /played from outside/.test(e.message),
  );
});

test("an agent walks away with a reason by returning { type: 'end', reason }", () => {
  const leaver: Agent = {
    name: "leaver",
    propose: (s) => (s.round < 3 ? 0 : { type: "end", reason: "no movement" }),
    respond: () => "reject",
  };
  const r = simulate(car, { agents: { buyer: leaver, dealer: agentFromCatalog("hardliner") } });
  assert.deepEqual(r.endedBy, { kind: "walk-away", party: "buyer", reason: "no movement" });
  assert.equal(r.rounds, 3);
});

test("a human votes in the mediated protocol and ratifies the final text", () => {
  const session = createSession(car, {
    agents: { buyer: "human", dealer: agentFromCatalog("linear") },
    protocol: protocolSingleText(mediatorRandomFlip()),
    rounds: 2,
  });
  const kinds: string[] = [];
  for (;;) {
    session.advance();
    const p = session.pending();
    if (p === null) break;
    kinds.push(p.kind);
    assert.equal(p.party, "buyer");
    if (p.kind === "vote") {
      assert.throws(() => session.submit({ type: "end" }), ZopaError, "no walking away in a vote");
      assert.notEqual(p.current, null);
      session.submit({ type: "accept" });
    } else session.submit({ type: "accept" });
  }
  assert.deepEqual(kinds, ["vote", "vote", "respond"]);
  const r = session.result();
  assert.ok(["agreement", "no-agreement"].includes(r.status));
});

test("a party's view shows its own utilities; other parties' only under complete information", () => {
  for (const information of ["private", "complete"] as const) {
    const session = createSession(car, {
      agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
      rounds: 6,
      information,
    });
    for (let k = 0; k < 4; k++) session.step();
    const view = session.viewOf("dealer");
    const own = evaluatorOf(
      car,
      car.parties.findIndex((p) => p.id === "dealer"),
    );
    assert.equal(view.information, information);
    assert.equal(view.history.length, session.trace.length);
    for (const e of view.history) {
      assert.equal(e.utility, e.outcome === null ? null : own.utility(e.outcome));
      if (information === "private") assert.equal(e.utilities, undefined, "no other party's utility");
      else assert.ok(e.utilities && typeof e.utilities.buyer === "number");
    }
    const text = JSON.stringify(view);
    const buyer = car.parties.find((p) => p.id === "buyer")!;
    if (information === "private") assert.ok(!text.includes('"buyer":'), "the buyer's utilities stay hidden");
    assert.equal(view.reservation, car.parties.find((p) => p.id === "dealer")!.reservation);
    assert.notEqual(
      view.reservation,
      buyer.reservation,
      "the fixture tells the two reservation values apart",
    );
    const turn = session.pending()!;
    assert.equal(session.viewOf(turn.party).turn?.kind, turn.kind);
    assert.equal(session.viewOf(turn.party === "buyer" ? "dealer" : "buyer").turn, null);
  }
  assert.throws(
    () => createSession(car, { agents: { buyer: "human", dealer: "human" } }).viewOf("bank"),
    ZopaError,
  );
});

/** The same agent, answering every call with a Promise. */
function asyncTwin(factory: AgentFactory): AgentFactory {
  return () => {
    const a = factory();
    const later = <T>(f: () => T) => new Promise<T>((resolve) => setImmediate(() => resolve(f())));
    return {
      name: a.name,
      needsCompleteInformation: a.needsCompleteInformation,
      protocols: a.protocols,
      init: a.init && ((v) => later(() => a.init!(v) as undefined)),
      propose: (s) => later(() => a.propose(s)),
      respond: (s, o, f) => later(() => a.respond(s, o, f)),
      vote: a.vote && ((s, c, cur) => later(() => a.vote!(s, c, cur))),
      observe: a.observe && ((x, s) => later(() => a.observe!(x, s) as undefined)),
    } as Agent;
  };
}

test("an asynchronous agent gives the same trace as its synchronous twin", async () => {
  const pairs: [string, string, "saop" | "mediated"][] = [
    ["geniusweb-boulware", "random", "saop"],
    ["nash-seeking", "tit-for-tat", "saop"],
    ["performative", "hardliner", "saop"],
    ["boulware-combi", "aspiration", "saop"],
    ["aspiration", "linear", "mediated"],
  ];
  for (const [a, b, protocol] of pairs) {
    const options = (wrap: (f: AgentFactory) => AgentFactory): SimulationOptions => ({
      agents: { buyer: wrap(agentFromCatalog(a)), dealer: wrap(agentFromCatalog(b)) },
      rounds: 8,
      seed: 6,
      ...(protocol === "mediated" ? { protocol: protocolSingleText(mediatorRandomFlip()) } : {}),
    });
    const sync = simulate(
      car,
      options((f) => f),
    );
    const async = await simulateAsync(car, options(asyncTwin));
    assert.equal(json(async), json(sync), `${a} vs ${b} (${protocol})`);
  }
});

test("an asynchronous agent that never answers times out; one that rejects is an error", async () => {
  const silent: Agent = {
    name: "silent",
    propose: () => new Promise<number>(() => {}),
    respond: () => "reject",
  };
  const r = await simulateAsync(car, {
    agents: { buyer: silent, dealer: agentFromCatalog("linear") },
    agentTimeoutMs: 20,
  });
  assert.equal(r.status, "timeout");
  assert.deepEqual([r.error?.party, r.error?.step, r.error?.kind], ["buyer", "propose", "timeout"]);
  const failing: Agent = {
    name: "failing",
    propose: () => Promise.reject(new TypeError("remote down")),
    respond: () => "reject",
  };
  const f = await simulateAsync(car, { agents: { buyer: failing, dealer: agentFromCatalog("linear") } });
  assert.equal(f.status, "error");
  assert.equal(f.error?.message, "TypeError: remote down");
  assert.deepEqual(f.endedBy, { kind: "failure" });
});

test("a session of asynchronous agents snapshots and resumes like a synchronous one", async () => {
  const options = (): SimulationOptions => ({
    agents: {
      buyer: asyncTwin(agentFromCatalog("nash-seeking")),
      dealer: asyncTwin(agentFromCatalog("geniusweb-conceder")),
    },
    rounds: 8,
    seed: 9,
  });
  const whole = json(await simulateAsync(car, options()));
  const probe = createSession(car, options());
  probe.async = true;
  assert.throws(() => probe.pending(), ZopaError, "an asynchronous init must be awaited first");
  await probe.open();
  assert.equal(probe.pending()?.party, "buyer");
  for (const k of [0, 2, 5]) {
    const session = createSession(car, options());
    session.async = true;
    for (let j = 0; j < k; j++) await session.step();
    assert.equal(session.actions, k);
    const log = JSON.parse(JSON.stringify(session.log));
    const resumedSession = await resumeSession(car, options(), log);
    await resumedSession.advance();
    assert.equal(json(resumedSession.result()), whole, `resumed after ${k}`);
  }
});

test("a time deadline that passes while an outside party is to act ends the session at the deadline; peeking records nothing", () => {
  let now = 1000;
  const session = createSession(car, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: "human" },
    rounds: null,
    timeMs: 100,
    clock: () => now,
  });
  session.advance();
  assert.equal(session.pending()?.party, "dealer");
  const readings = session.clockLog.length;
  now += 40;
  assert.equal(session.timeLeft(), 60);
  assert.equal(session.expire(), false);
  assert.equal(session.clockLog.length, readings, "timeLeft and a non-expiring expire take no reading");
  now += 60;
  assert.equal(session.timeLeft(), 0);
  assert.throws(
    () => session.submit({ type: "accept" }),
    (e: Error) => e instanceof ZopaError && /time deadline passed/.test(e.message),
  );
  assert.equal(session.over, true);
  const r = session.result();
  assert.equal(r.status, "no-agreement");
  assert.equal(r.agreement, null);
  assert.equal(r.endedBy.kind, "deadline");
  assert.equal(session.log.length, 1, "the late accept was not taken");
});

test("listing the agents of a protocol creates no llm agent, so it works while a connector without a model is installed", async () => {
  const { agentsFor } = await import("../../src/negotiation/catalog.ts");
  const { setLlmConnector } = await import("../../src/negotiation/llm/connector.ts");
  const before = setLlmConnector(() => {
    throw new Error("the llm agent has no model");
  });
  try {
    for (const protocol of ["saop", "mediated"] as const) {
      const names = agentsFor(protocol);
      assert.ok(names.includes("llm") && names.includes("boulware"), names.join(", "));
    }
    assert.ok(!agentsFor("mediated").includes("performative"));
  } finally {
    setLlmConnector(before);
  }
});
