import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadScenario } from "../../src/scenario/load.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { enumerateSpace } from "../../src/space/enumerate.ts";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { runTournament } from "../../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../src/tasks/tournamentLoad.ts";
import type { NegotiationRow } from "../../src/tournament/row.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { timeless } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-engine-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const EXAMPLE = join(REPO_ROOT, "examples", "tournament.yaml");
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

async function rowsOf(store: SqliteStore): Promise<NegotiationRow[]> {
  const out: NegotiationRow[] = [];
  for await (const r of store.rows()) out.push(r);
  return out;
}

async function run(file: string, db: string, options: Parameters<typeof runTournament>[2] = {}) {
  const loaded = await loadTournamentFile(file);
  const store = new SqliteStore(db);
  try {
    const summary = await runTournament(loaded, store, { workers: 0, ...options });
    return { summary, rows: await rowsOf(store), loaded };
  } finally {
    await store.close();
  }
}

describe("the local engine", () => {
  it("runs the example: 2 scenarios × 12 ordered pairs × 2 repetitions, each stored once", async () => {
    const { summary, rows } = await run(EXAMPLE, join(dir, "a.db"));
    assert.equal(summary.planned, 48);
    assert.equal(summary.stored, 48);
    assert.equal(new Set(rows.map((r) => r.id)).size, 48);
  });

  it("utilities and advantages agree with the car scenario's tables and a brute-force best outcome", async () => {
    const { rows } = await run(EXAMPLE, join(dir, "b.db"));
    const scenario = loadScenario(join(REPO_ROOT, "examples", "car-purchase.yaml"));
    const space = compileScenario(scenario);
    const e = enumerateSpace(space);
    const best = (k: number) => Math.max(...e.utilities[k]);
    const rv = { buyer: 0.3, dealer: 0.4 };
    // Hand-written from examples/car-purchase.yaml: weight × value per issue.
    const buyer = (o: Record<string, unknown>) =>
      0.6 * { low: 1, mid: 0.5, high: 0 }[o.price as "low"] +
      0.3 * { none: 0, one_year: 0.6, two_years: 1 }[o.warranty as "none"] +
      0.1 * { pickup: 0, delivered: 1 }[o.delivery as "pickup"];
    const dealer = (o: Record<string, unknown>) =>
      0.7 * { low: 0, mid: 0.6, high: 1 }[o.price as "low"] +
      0.2 * { none: 1, one_year: 0.5, two_years: 0 }[o.warranty as "none"] +
      0.1 * { pickup: 1, delivered: 0 }[o.delivery as "pickup"];
    close(best(0), 1);
    close(best(1), 1);
    const car = rows.filter((r) => "dealer" in r.agents);
    assert.equal(car.length, 24);
    for (const r of car) {
      if (r.status === "agreement") {
        close(r.utilities.buyer, buyer(r.agreement!));
        close(r.utilities.dealer, dealer(r.agreement!));
      } else {
        assert.deepEqual(r.utilities, rv);
      }
      close(r.advantage.buyer, r.status === "agreement" ? (r.utilities.buyer - 0.3) / 0.7 : 0);
      close(r.advantage.dealer, r.status === "agreement" ? (r.utilities.dealer - 0.4) / 0.6 : 0);
      close(r.welfare, r.utilities.buyer + r.utilities.dealer);
    }
  });

  it("results do not depend on the number of workers or the batch size", async () => {
    const inThread = await run(EXAMPLE, join(dir, "c0.db"), { workers: 0 });
    const pooled = await run(EXAMPLE, join(dir, "c2.db"), { workers: 2, batchSize: 5, sampleMs: 0 });
    assert.deepEqual(pooled.rows.map(timeless), inThread.rows.map(timeless));
  });

  it("an aborted run keeps what finished; running again resumes and ends equal to an uninterrupted run", async () => {
    const whole = await run(EXAMPLE, join(dir, "d-whole.db"));
    const controller = new AbortController();
    const first = await run(EXAMPLE, join(dir, "d.db"), {
      sampleMs: 0,
      batchSize: 4,
      onProgress: (p) => {
        if (p.done >= 10) controller.abort();
      },
      signal: controller.signal,
    });
    assert.equal(first.summary.stopped, true);
    assert.ok(first.summary.stored >= 10 && first.summary.stored < 48, `${first.summary.stored} stored`);
    const second = await run(EXAMPLE, join(dir, "d.db"));
    assert.equal(second.summary.storedBefore, first.summary.stored);
    assert.equal(second.summary.ran, 48 - first.summary.stored);
    assert.deepEqual(second.rows.map(timeless), whole.rows.map(timeless));
  });

  it("a store holding another spec is refused (code spec, naming both); force replaces it", async () => {
    const db = join(dir, "e.db");
    await run(EXAMPLE, db);
    const other = join(dir, "other.yaml");
    writeFileSync(
      other,
      `name: other\nscenarios: [${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}]\nagents: [boulware, conceder]\n`,
    );
    await assert.rejects(run(other, db, { source: other, storeName: db }), (e: Error & { code?: string }) => {
      assert.equal(e.code, "spec");
      assert.match(e.message, /example-round-robin/);
      assert.match(e.message, /"other"/);
      return true;
    });
    const forced = await run(other, db, { force: true });
    assert.equal(forced.summary.stored, 2);
  });

  for (const workers of [0, 1])
    it(`a failing user agent (${workers} workers): status error naming it, utility 0 for it, reservation values for its opponent`, async () => {
      const spec = join(dir, "broken.yaml");
      writeFileSync(
        spec,
        [
          "name: broken",
          `scenarios: [${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}]`,
          `agents: [boulware, { name: mine, file: ${JSON.stringify(join(REPO_ROOT, "test/tournament/fixtures/broken-agent.ts"))} }]`,
        ].join("\n"),
      );
      const { rows } = await run(spec, join(dir, `f${workers}.db`), { workers });
      assert.equal(rows.length, 2);
      for (const r of rows) {
        const party = Object.keys(r.agents).find((p) => r.agents[p] === "mine")!;
        const other = party === "buyer" ? "dealer" : "buyer";
        const rv = { buyer: 0.3, dealer: 0.4 };
        const best = 1;
        assert.equal(r.status, "error");
        assert.equal(r.error?.agent, "mine");
        assert.equal(r.error?.party, party);
        assert.match(r.error!.message, /not implemented/);
        assert.equal(r.utilities[party], 0);
        close(r.advantage[party], (0 - rv[party as "buyer"]) / (best - rv[party as "buyer"]));
        assert.equal(r.utilities[other], rv[other]);
        assert.equal(r.advantage[other], 0);
      }
    });

  it("a user agent past its call limit: status timeout naming it", async () => {
    const spec = join(dir, "slow.yaml");
    writeFileSync(
      spec,
      [
        "name: slow",
        `scenarios: [${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}]`,
        `agents: [boulware, { name: slowpoke, file: ${JSON.stringify(join(REPO_ROOT, "test/tournament/fixtures/slow-agent.ts"))} }]`,
        "limits: { agentCallMs: 10 }",
      ].join("\n"),
    );
    const { rows } = await run(spec, join(dir, "g.db"));
    for (const r of rows) {
      assert.equal(r.status, "timeout");
      assert.equal(r.error?.agent, "slowpoke");
    }
  });
});

describe("multilateral scenarios", () => {
  const threeParty = [
    "name: three",
    "scenarios:",
    "  - meta: { id: trio, title: Trio }",
    "    issues:",
    "      - { id: share, name: Share, type: categorical, options: [{ id: a }, { id: b }, { id: c }] }",
    "    parties:",
    ...["a", "b", "c"].map(
      (p) =>
        `      - { id: ${p}, name: ${p.toUpperCase()}, reservation: { value: 0.1 }, preferences: { weights: { share: 1 }, values: { share: { ${["a", "b", "c"].map((o) => `${o}: ${o === p ? 1 : 0.3}`).join(", ")} } } } }`,
    ),
    "agents: [boulware, conceder, linear]",
  ];

  it("every assignment of agents to the three roles, once each (3! = 6; 3^3 = 27 with self-play)", async () => {
    const file = join(dir, "three.yaml");
    writeFileSync(file, threeParty.join("\n"));
    const { rows } = await run(file, join(dir, "three.db"));
    const seen = rows.map((r) => `${r.agents.a},${r.agents.b},${r.agents.c}`).sort();
    assert.deepEqual(seen, [
      "boulware,conceder,linear",
      "boulware,linear,conceder",
      "conceder,boulware,linear",
      "conceder,linear,boulware",
      "linear,boulware,conceder",
      "linear,conceder,boulware",
    ]);
    const selfFile = join(dir, "three-self.yaml");
    writeFileSync(selfFile, [...threeParty, "selfPlay: true"].join("\n"));
    const self = await run(selfFile, join(dir, "three-self.db"));
    assert.equal(self.rows.length, 27);
    for (const r of self.rows) {
      const us = ["a", "b", "c"].map((p) => r.utilities[p]);
      if (r.status === "agreement") {
        // Each option is worth 1 to its owner and 0.3 to the other two: welfare 1.6.
        close(r.welfare, 1.6);
        assert.deepEqual([...us].sort(), [0.3, 0.3, 1]);
      } else assert.deepEqual(us, [0.1, 0.1, 0.1]);
    }
  });
});

describe("user agents that never answer", () => {
  it("a call that does not return stops its worker; the negotiation times out naming the agent, the rest go on", async () => {
    const spec = join(dir, "hanging.yaml");
    writeFileSync(
      spec,
      [
        "name: hanging",
        `scenarios: [${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}]`,
        `agents: [boulware, conceder, { name: stuck, file: ${JSON.stringify(join(REPO_ROOT, "test/tournament/fixtures/hanging-agent.ts"))} }]`,
        "rounds: 5",
        "limits: { agentCallMs: 50 }",
      ].join("\n"),
    );
    const { rows, summary } = await run(spec, join(dir, "hanging.db"), { workers: 1 });
    assert.equal(summary.stored, 6);
    for (const r of rows) {
      const stuck = Object.keys(r.agents).find((p) => r.agents[p] === "stuck");
      if (!stuck) {
        assert.notEqual(r.status, "timeout");
        continue;
      }
      assert.equal(r.status, "timeout");
      assert.equal(r.error?.agent, "stuck");
      assert.equal(r.error?.party, stuck);
      assert.match(
        r.error!.message,
        /timeout in (propose|respond) \(round 1\): took more than 50 ms; stopped by the sandbox/,
      );
      assert.equal(r.utilities[stuck], 0);
    }
    assert.equal(rows.filter((r) => r.status === "timeout").length, 4);
  });
});

describe("user agents that run out of memory", () => {
  it("the worker dies; the negotiation is recorded as memory naming the agent, the others are unaffected", async () => {
    const spec = join(dir, "hungry.yaml");
    writeFileSync(
      spec,
      [
        "name: hungry",
        `scenarios: [${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}]`,
        `agents: [boulware, conceder, { name: hog, file: ${JSON.stringify(join(REPO_ROOT, "test/tournament/fixtures/hungry-agent.ts"))} }]`,
        "rounds: 5",
        "limits: { agentMemoryMb: 32 }",
      ].join("\n"),
    );
    const { rows } = await run(spec, join(dir, "hungry.db"), { workers: 1, workerBaseHeapMb: 96 });
    assert.equal(rows.length, 6);
    for (const r of rows) {
      const hog = Object.keys(r.agents).find((p) => r.agents[p] === "hog");
      if (!hog) {
        assert.ok(["agreement", "no-agreement"].includes(r.status));
        continue;
      }
      assert.equal(r.status, "memory");
      assert.equal(r.error?.agent, "hog");
      assert.match(r.error!.message, /exceeded its memory limit \(32 MB\)/);
    }
  });
});

describe("the tournament tasks", () => {
  it("tournament({ spec object }) runs like the file; tournamentResults gives the JSON; progress counts negotiations", async () => {
    const { tournament, tournamentResults } = await import("../../src/tasks/tournament.ts");
    const db = join(dir, "task.db");
    const events: number[] = [];
    const result = await tournament(
      {
        spec: {
          name: "task",
          scenarios: ["car-purchase.yaml"],
          agents: ["boulware", "conceder", "linear"],
          rounds: 20,
        },
        baseDir: join(REPO_ROOT, "examples"),
        store: db,
        workers: 0,
      },
      { onProgress: (e) => events.push(e.done) },
    );
    assert.equal(result.plan.planned, 6);
    assert.equal(result.summary.stored, 6);
    assert.equal(events.at(-1), 6);
    assert.deepEqual(
      events,
      [...events].sort((a, b) => a - b),
    );
    const json = await tournamentResults({ store: db });
    assert.equal(json.tournament.completed, 6);
    assert.equal(json.negotiations?.length, 6);
    assert.equal(json.agents.length, 3);
    await assert.rejects(
      tournamentResults({ store: join(dir, "none.db") }),
      (e: Error & { code?: string }) => e.code === "io",
    );
  });
});

describe("asynchronous user agents", () => {
  for (const workers of [0, 1])
    it(`an agent answering with Promises plays like any other (${workers} workers)`, async () => {
      const spec = join(dir, `async${workers}.yaml`);
      writeFileSync(
        spec,
        [
          "name: async",
          `scenarios: [${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}]`,
          `agents: [conceder, { name: patient, file: ${JSON.stringify(join(REPO_ROOT, "test/tournament/fixtures/async-agent.ts"))} }]`,
          "rounds: 20",
        ].join("\n"),
      );
      const { rows } = await run(spec, join(dir, `async${workers}.db`), { workers });
      assert.equal(rows.length, 2);
      for (const r of rows) {
        assert.ok(["agreement", "no-agreement"].includes(r.status), `${r.status}: ${r.error?.message}`);
        assert.equal(r.error, null);
      }
      // The patient agent accepts only what is worth 0.5 to it; the conceder concedes: they agree.
      assert.ok(rows.some((r) => r.status === "agreement"));
    });
});
