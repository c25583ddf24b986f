/** The simulation spec and session snapshot schemas: defaults, located errors, and a spec run equal to its options. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ZopaError } from "../../src/errors.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { resultToJson } from "../../src/negotiation/serialize.ts";
import { createSession, simulate } from "../../src/negotiation/simulate.ts";
import {
  AgentLimits,
  agentLimitsOf,
  embeddedScenario,
  parseSnapshot,
  parseSpec,
  resolveSpec,
} from "../../src/negotiation/spec.ts";
import { renderSimulation } from "../../src/report/simulationReport.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { Limits as TournamentLimits } from "../../src/tournament/spec.ts";
import { LIMITS } from "../../src/util/limits.ts";
import { exampleScenario } from "./support.ts";

const scenario = exampleScenario("car-purchase.yaml");
const noFiles = () => {
  throw new Error("no file agents here");
};

test("parseSpec fills the defaults and survives a JSON round trip unchanged", () => {
  const spec = parseSpec({
    version: 1,
    scenario: { content: scenario },
    agents: { buyer: { name: "boulware" }, dealer: "human" },
  });
  assert.deepEqual(
    [spec.variant, spec.protocol, spec.rounds, spec.timeMs, spec.seed, spec.repeat, spec.limits],
    [null, { kind: "saop" }, null, null, 1, 1, { agentCallMs: 1000, agentMemoryMb: 256 }],
  );
  assert.equal(spec.agentTimeoutMs, undefined);
  assert.deepEqual(parseSpec(JSON.parse(JSON.stringify(spec))), spec);
  assert.deepEqual(embeddedScenario(spec), scenario, "the embedded scenario reads back as the scenario");
});

test("an invalid spec is a ZopaError(spec) whose problems carry the path of every bad field", () => {
  const bad = {
    version: 1,
    scenario: { path: "" },
    agents: { buyer: { name: "boulware", parameter: "high" }, dealer: "robot" },
    rounds: 0,
    seed: 1.5,
  };
  assert.throws(
    () => parseSpec(bad, "run.json"),
    (e: Error) => {
      assert.ok(e instanceof ZopaError && e.code === "spec");
      const paths = e.problems.map((p) => p.path.join("."));
      for (const field of ["scenario", "agents.buyer", "agents.dealer", "rounds", "seed"])
        assert.ok(
          paths.some((p) => p.startsWith(field)),
          `${field} among ${paths.join(", ")}`,
        );
      assert.ok(e.problems.every((p) => p.file === "run.json"));
      assert.match(e.message, /^run\.json: invalid simulation spec/);
      return true;
    },
  );
  assert.throws(() => parseSpec({ ...bad, extra: 1 }), ZopaError);
  assert.throws(
    () =>
      parseSnapshot({
        version: 1,
        kind: "zopa-session",
        spec: { version: 1 },
        log: [{ party: "buyer", type: "vote" }],
      }),
    (e: Error) =>
      e instanceof ZopaError && e.code === "spec" && e.problems.some((p) => p.path.join(".") === "log.0"),
  );
  const invalidScenario = parseSpec({ version: 1, scenario: { content: { meta: {} } }, agents: {} });
  assert.throws(
    () => embeddedScenario(invalidScenario),
    (e: Error) =>
      e instanceof ZopaError && e.problems.every((p) => p.path[0] === "scenario" && p.path[1] === "content"),
  );
});

test("resolveSpec gives the options a hand-written simulate call uses; unknown variants and mediator agents are located", () => {
  const spec = parseSpec({
    version: 1,
    scenario: { content: scenario },
    variant: "generous-dealer",
    agents: { buyer: { name: "time-dependent", parameter: 0.5 }, dealer: { name: "conceder" } },
    rounds: 9,
    seed: 4,
    repeat: 3,
  });
  const { space, options, seed, runs } = resolveSpec(spec, embeddedScenario(spec), noFiles);
  assert.deepEqual([seed, runs], [4, 3]);
  const viaSpec = simulate(space, { ...options, seed: 5 });
  const byHand = simulate(space, {
    agents: { buyer: agentFromCatalog("time-dependent:0.5"), dealer: agentFromCatalog("conceder") },
    rounds: 9,
    seed: 5,
  });
  assert.equal(JSON.stringify(resultToJson(space, viaSpec)), JSON.stringify(resultToJson(space, byHand)));
  assert.equal(space.variant, "generous-dealer");
  assert.throws(
    () => resolveSpec({ ...spec, variant: "nope" }, scenario, noFiles),
    (e: Error) => e instanceof ZopaError && e.code === "spec" && e.location?.path?.[0] === "variant",
  );
  assert.throws(
    () =>
      resolveSpec({ ...spec, protocol: { kind: "mediated", mediator: "party:buyer" } }, scenario, noFiles),
    (e: Error) => e instanceof ZopaError && /party "buyer" is the mediator/.test(e.message),
  );
  assert.throws(
    () =>
      resolveSpec({ ...spec, agents: { buyer: { name: "aspiration", parameter: 0 } } }, scenario, noFiles),
    (e: Error) =>
      e instanceof ZopaError && e.code === "agent" && e.location?.path?.join(".") === "agents.buyer",
  );
  // A human in a spec: the session waits for its actions.
  const human = resolveSpec(
    { ...spec, agents: { buyer: "human", dealer: { name: "linear" } } },
    scenario,
    noFiles,
  );
  const session = createSession(human.space, { ...human.options, seed: 1 });
  session.advance();
  assert.equal(session.pending()?.party, "buyer");
});

test("the text summary labels reservation values and gives a walk-away's reason", () => {
  const car = compileScenario(scenario);
  const r = simulate(car, {
    agents: {
      buyer: {
        name: "leaver",
        propose: () => ({ type: "end", reason: "too expensive" }),
        respond: () => "reject",
      },
      dealer: agentFromCatalog("linear"),
    },
  });
  const text = renderSimulation(car, r);
  assert.match(text, /^No agreement: buyer ended the negotiation in round 1 \(too expensive\)\.$/m);
  assert.match(text, /^Utilities \(reservation values\): buyer 0\.300, dealer 0\.400$/m);
  const agreed = simulate(car, {
    agents: { buyer: agentFromCatalog("conceder"), dealer: agentFromCatalog("conceder") },
  });
  assert.equal(agreed.status, "agreement");
  assert.match(renderSimulation(car, agreed), /^Utilities: buyer /m);
});

test("limits: the tournament spec's schema; an older spec's agentTimeoutMs is the call limit; counts above their maximum are refused", () => {
  const base = { version: 1, scenario: { content: scenario }, agents: { buyer: { name: "boulware" } } };
  const limited = parseSpec({ ...base, limits: { agentCallMs: 200 } });
  assert.deepEqual(agentLimitsOf(limited), { agentCallMs: 200, agentMemoryMb: 256 });
  assert.deepEqual(agentLimitsOf(parseSpec({ ...base, agentTimeoutMs: 5000 })), {
    agentCallMs: 5000,
    agentMemoryMb: 256,
  });
  assert.deepEqual(agentLimitsOf(parseSpec({ ...base, agentTimeoutMs: null })), {
    agentCallMs: 1000,
    agentMemoryMb: 256,
  });
  assert.equal(TournamentLimits, AgentLimits, "one schema for both specs");
  for (const [field, value] of [
    ["repeat", LIMITS.repeat.max + 1],
    ["rounds", LIMITS.rounds.max + 1],
    ["limits", { agentMemoryMb: LIMITS.agentMemoryMb.max + 1 }],
  ] as const)
    assert.throws(
      () => parseSpec({ ...base, [field]: value }),
      (e: Error) => e instanceof ZopaError && e.code === "spec" && e.location?.path?.[0] === field,
      field,
    );
  assert.equal(parseSpec({ ...base, repeat: LIMITS.repeat.max }).repeat, LIMITS.repeat.max);
});
