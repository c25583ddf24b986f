/**
 * The `simulate` task called directly gives the JSON `zopa simulate --format json` prints (run in process), for
 * a scenario as text, GENIUS files by name and paths; a spec with an embedded agent module runs; an invalid
 * field is a ZopaError with its path; progress comes in order and an aborted signal stops a long repeat early.
 * `snapshot` then `resume` gives the uninterrupted negotiation's result.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isZopaError, type ZopaError } from "../../src/errors.ts";
import { tasks } from "../../src/tasks/index.ts";
import {
  resume,
  type SimulateRequest,
  simulate,
  snapshot,
  standaloneSpec,
  streamSimulation,
} from "../../src/tasks/simulate.ts";
import type { ProgressEvent } from "../../src/tasks/task.ts";
import { LIMITS } from "../../src/util/limits.ts";
import { asJson, at, CAR, cliJson, filesOf, SHOP, text } from "./support.ts";

process.chdir(at("."));

const STUBBORN = "test/negotiation/fixtures/stubborn-agent.ts";
const CAR_AGENTS = { buyer: { name: "boulware" }, dealer: { name: "conceder" } } as const;
const SHOP_AGENTS = { "buyer-prof": { name: "conceder" }, seller_utility: { name: "boulware" } } as const;

describe("simulate(request) gives the CLI's --format json", () => {
  it("for a scenario as text and by path, one negotiation and a repeat", async () => {
    const expected = await cliJson(["simulate", CAR, "--agents", "buyer=boulware,dealer=conceder"]);
    assert.deepEqual(asJson(await simulate({ scenario: text(CAR), agents: CAR_AGENTS })), expected);
    assert.deepEqual(asJson(await simulate({ paths: [CAR], agents: CAR_AGENTS })), expected);
    assert.deepEqual(
      asJson(await simulate({ version: 1, scenario: { path: CAR }, agents: CAR_AGENTS })),
      expected,
    );
    const repeated = {
      paths: [CAR],
      agents: { buyer: { name: "time-dependent", parameter: 0.5 }, dealer: { name: "random" } },
      seed: 3,
      repeat: 3,
      rounds: 20,
      variant: "generous-dealer",
    };
    assert.deepEqual(
      asJson(await simulate(repeated)),
      await cliJson([
        "simulate",
        CAR,
        "--agents",
        "buyer=time-dependent:0.5,dealer=random",
        "--seed",
        "3",
        "--repeat",
        "3",
        "--rounds",
        "20",
        "--variant",
        "generous-dealer",
      ]),
    );
  });

  it("for a GENIUS domain and its profiles by file name, as for their folder, with the import's warnings", async () => {
    const expected = await cliJson([
      "simulate",
      SHOP,
      "--agents",
      "buyer-prof=conceder,seller_utility=boulware",
      "--rounds",
      "20",
    ]);
    const warnings: string[] = [];
    const result = await simulate(
      { files: filesOf(SHOP), agents: SHOP_AGENTS, rounds: 20 },
      { onWarning: (w) => warnings.push(w) },
    );
    assert.deepEqual(asJson(result), expected);
    assert.ok(warnings.length > 0, "the GENIUS import's approximations are reported");
    assert.deepEqual(asJson(await simulate({ paths: [SHOP], agents: SHOP_AGENTS, rounds: 20 })), expected);
  });

  it("through the registry, as a promise", async () => {
    const run = tasks.simulate.run({ scenario: text(CAR), agents: CAR_AGENTS, rounds: 30 });
    assert.ok(run instanceof Promise);
    assert.deepEqual(
      asJson(await run),
      await cliJson(["simulate", CAR, "--agents", "buyer=boulware,dealer=conceder", "--rounds", "30"]),
    );
  });
});

describe("agent modules", () => {
  it("a spec with an embedded agent module runs as the module by path does", async () => {
    const content = readFileSync(at(STUBBORN), "utf8");
    const embedded = await simulate({
      scenario: text(CAR),
      agents: { buyer: { name: "boulware" }, dealer: { file: "stubborn-agent.ts", content } },
      rounds: 12,
    });
    const byPath = await simulate({
      scenario: text(CAR),
      agents: { buyer: { name: "boulware" }, dealer: { file: STUBBORN } },
      rounds: 12,
    });
    assert.deepEqual(asJson(embedded), asJson(byPath));
    assert.ok("parties" in embedded);
    assert.equal(embedded.parties.find((p) => p.id === "dealer")?.agent, "stubborn");
    assert.deepEqual(
      asJson(byPath),
      await cliJson([
        "simulate",
        CAR,
        "--agents",
        "buyer=boulware",
        "--agent",
        `dealer=${STUBBORN}`,
        "--rounds",
        "12",
      ]),
    );
  });

  it("standaloneSpec embeds the scenario and the agent file; the spec runs as it is", async () => {
    const request: SimulateRequest = {
      paths: [CAR],
      agents: { buyer: { name: "boulware" }, dealer: { file: STUBBORN } },
      rounds: 12,
    };
    const spec = await standaloneSpec(request);
    assert.ok("content" in spec.scenario);
    assert.deepEqual(spec.agents.dealer, { file: "stubborn-agent.ts", content: text(STUBBORN) });
    assert.deepEqual(asJson(await simulate(spec)), asJson(await simulate(request)));
  });
});

describe("bad requests", () => {
  it("an invalid spec field is a ZopaError with its path", async () => {
    await assert.rejects(
      simulate({
        scenario: text(CAR),
        agents: { buyer: { name: "boulware", parameter: "x" as never }, dealer: { name: "linear" } },
      }),
      (e) =>
        isZopaError(e, "usage") &&
        e.problems.some((p) => p.path.join(".").startsWith("agents.buyer")) &&
        /invalid simulate request/.test(e.message),
    );
    await assert.rejects(
      simulate({ scenario: text(CAR), agents: CAR_AGENTS, rounds: 0 }),
      (e) => isZopaError(e, "usage") && e.problems.some((p) => p.path.join(".") === "rounds"),
    );
    await assert.rejects(
      simulate({ scenario: text(CAR), agents: CAR_AGENTS, colour: "red" } as never),
      (e) => isZopaError(e, "usage") && e.problems.some((p) => p.path.join(".") === "colour"),
    );
    await assert.rejects(
      simulate({ scenario: text(CAR), paths: [CAR], agents: CAR_AGENTS }),
      (e) => isZopaError(e, "usage") && e.problems.some((p) => p.path.join(".") === "paths"),
    );
  });

  it("an unknown agent is located at its party; a spec without agents names the parties", async () => {
    await assert.rejects(
      simulate({ scenario: text(CAR), agents: { buyer: { name: "boulwar" }, dealer: { name: "linear" } } }),
      (e) => isZopaError(e, "agent") && e.location?.path?.join(".") === "agents.buyer",
    );
    await assert.rejects(
      simulate({ scenario: text(CAR), agents: {} }),
      (e) => isZopaError(e, "usage") && JSON.stringify(e.details?.parties) === '["buyer","dealer"]',
    );
  });
});

describe("progress and cancellation", () => {
  it("one progress event per negotiation of a repeat, in order", async () => {
    const events: ProgressEvent[] = [];
    await simulate(
      { scenario: text(CAR), agents: CAR_AGENTS, repeat: 5, rounds: 10 },
      { onProgress: (e) => events.push(e) },
    );
    assert.deepEqual(
      events.map((e) => [e.task, e.done, e.total, e.message]),
      Array.from({ length: 6 }, (_, k) => ["simulate", k, 5, "negotiations"]),
    );
  });

  it("an aborted signal stops a repeat of 1000 early with an AbortError", async () => {
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    await assert.rejects(
      simulate(
        { scenario: text(CAR), agents: CAR_AGENTS, repeat: 1000 },
        {
          signal: controller.signal,
          onProgress: (e) => {
            events.push(e);
            if (e.done === 3) controller.abort();
          },
        },
      ),
      (e) => e instanceof Error && e.name === "AbortError",
    );
    assert.equal(events.at(-1)?.done, 3, "no negotiation is reported after the abort");

    // Aborted from outside (a timer, a closed connection): the run yields between negotiations to notice.
    const timed = new AbortController();
    let done = 0;
    const run = simulate(
      { scenario: text(CAR), agents: CAR_AGENTS, repeat: 1000 },
      {
        signal: timed.signal,
        onProgress: (e) => {
          done = e.done;
        },
      },
    );
    setTimeout(() => timed.abort(), 20);
    await assert.rejects(run, (e) => e instanceof Error && e.name === "AbortError");
    assert.ok(done < 1000, `stopped early (after ${done} negotiations)`);

    const before = new AbortController();
    before.abort();
    await assert.rejects(
      simulate({ scenario: text(CAR), agents: CAR_AGENTS }, { signal: before.signal }),
      (e) => e instanceof Error && e.name === "AbortError",
    );
  });
});

describe("snapshot and resume", () => {
  it("a snapshot resumed gives the uninterrupted negotiation's result", async () => {
    const request = { scenario: text(CAR), agents: CAR_AGENTS, rounds: 15, seed: 2 };
    const whole = asJson(await simulate(request));
    for (const stopAfter of [0, 3, 1000]) {
      const stopped = await snapshot({ ...request, stopAfter });
      assert.equal(stopped.snapshot.kind, "zopa-session");
      assert.equal(stopped.snapshot.log.length, stopped.actions);
      assert.equal(stopped.over, stopAfter === 1000);
      const saved = JSON.parse(JSON.stringify(stopped.snapshot));
      assert.deepEqual(asJson(await resume(saved)), whole, `stopped after ${stopAfter}`);
    }
    await assert.rejects(snapshot({ ...request, repeat: 2, stopAfter: 3 }), (e) => isZopaError(e, "usage"));
  });
});

describe("bounded counts", () => {
  it("simulate keeps at most LIMITS.keptRuns results: a larger repeat is refused at once, streamSimulation keeps none", async () => {
    const started = performance.now();
    await assert.rejects(
      simulate({ scenario: text(CAR), agents: CAR_AGENTS, repeat: LIMITS.keptRuns.max + 1 }),
      (e) => isZopaError(e, "size-limit") && /streamSimulation/.test((e as ZopaError).hint ?? ""),
    );
    assert.ok(performance.now() - started < 5000, "refused before running");
    let seen = 0;
    const { summary } = await streamSimulation(
      { scenario: text(CAR), agents: CAR_AGENTS, repeat: 30, rounds: 10 },
      {},
      {},
      (r, run) => {
        assert.equal(r.seed, 1 + run);
        seen++;
      },
    );
    assert.equal(seen, 30);
    assert.equal(summary.runs, 30);
    assert.deepEqual([summary.firstSeed, summary.lastSeed], [1, 30]);
    const statuses = Object.values(summary.statuses).reduce((a, b) => a + b, 0);
    assert.equal(statuses, 30);
  });
});
