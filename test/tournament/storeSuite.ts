/**
 * The conformance suite every Store implementation passes (SQLite now, PostgreSQL later):
 * `runStoreSuite(name, create)` registers its tests; `create` opens a fresh, empty store.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Scenario } from "../../src/scenario/schema.ts";
import type { Store, StoredTournament } from "../../src/store/store.ts";
import { StoreMismatch } from "../../src/store/store.ts";
import type { NegotiationRow } from "../../src/tournament/row.ts";

export function tournamentRecord(hash: string, name = "t"): StoredTournament {
  return {
    hash,
    name,
    source: `${name}.yaml`,
    spec: {
      name,
      scenarios: ["a.yaml"],
      agents: ["boulware", "conceder"],
      protocol: "saop",
      repetitions: 1,
      selfPlay: false,
      seed: 1,
      scoring: "advantage",
      limits: { agentCallMs: 1000, agentMemoryMb: 256 },
    },
    settings: {
      protocol: "saop",
      mediator: null,
      rounds: 100,
      timeMs: null,
      agentCallMs: 1000,
      agentMemoryMb: 256,
      scoring: "advantage",
      traces: false,
    },
    seed: 1,
    agents: ["boulware", "conceder"],
    scenarios: [{ key: "k1", label: "a.yaml" }],
    planned: 2,
  };
}

export function row(id: string, index: number, overrides: Partial<NegotiationRow> = {}): NegotiationRow {
  return {
    id,
    index,
    scenario: "k1",
    agents: { buyer: "boulware", seller: "conceder" },
    repetition: 1,
    seed: 12345,
    status: "agreement",
    error: null,
    agreement: { price: "low", warranty: 2 },
    utilities: { buyer: 0.75, seller: 0.5 },
    advantage: { buyer: 0.5, seller: 0.25 },
    welfare: 1.25,
    paretoDistance: 0,
    nashDistance: 0.125,
    rounds: 17,
    timeMs: 0.5,
    trace: null,
    ...overrides,
  };
}

const SCENARIO = { zopa: 1, meta: { id: "x", title: "X" }, issues: [], parties: [] } as unknown as Scenario;

async function collect(store: Store, traces = false): Promise<NegotiationRow[]> {
  const out: NegotiationRow[] = [];
  for await (const r of store.rows({ traces })) out.push(r);
  return out;
}

export function runStoreSuite(name: string, create: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    it("a new store holds no tournament and no rows", async () => {
      const s = await create();
      assert.equal(await s.tournament(), null);
      assert.equal(await s.count(), 0);
      assert.deepEqual(await collect(s), []);
      await s.close();
    });

    it("setTournament records the tournament; the same hash again is accepted", async () => {
      const s = await create();
      await s.setTournament(tournamentRecord("h1"));
      await s.setTournament(tournamentRecord("h1"));
      assert.deepEqual(await s.tournament(), tournamentRecord("h1"));
      await s.close();
    });

    it("another tournament is refused (StoreMismatch naming both) unless replace, which drops the rows", async () => {
      const s = await create();
      await s.setTournament(tournamentRecord("h1", "first"));
      await s.write([row("a", 0)]);
      await assert.rejects(s.setTournament(tournamentRecord("h2", "second")), (e: unknown) => {
        assert.ok(e instanceof StoreMismatch);
        assert.equal(e.held.name, "first");
        assert.equal(e.wanted.name, "second");
        return true;
      });
      assert.equal(await s.count(), 1);
      await s.setTournament(tournamentRecord("h2", "second"), { replace: true });
      assert.equal((await s.tournament())?.name, "second");
      assert.equal(await s.count(), 0);
      await s.close();
    });

    it("rows round-trip exactly, in plan order whatever the order of writing", async () => {
      const s = await create();
      const rows = [
        row("c", 2, {
          status: "timeout",
          agreement: null,
          error: { agent: "conceder", party: "seller", message: "took 2000 ms" },
        }),
        row("a", 0),
        row("b", 1, { status: "no-agreement", agreement: null, nashDistance: null, paretoDistance: null }),
      ];
      assert.equal(await s.write(rows), 3);
      assert.deepEqual(await collect(s), [rows[1], rows[2], rows[0]]);
      await s.close();
    });

    it("a row is stored exactly once: writing its id again changes nothing and counts 0", async () => {
      const s = await create();
      assert.equal(await s.write([row("a", 0), row("b", 1)]), 2);
      assert.equal(await s.write([row("a", 0, { rounds: 99 }), row("c", 2)]), 1);
      assert.equal(await s.count(), 3);
      const stored = await collect(s);
      assert.equal(stored.find((r) => r.id === "a")?.rounds, 17);
      await s.close();
    });

    it("storedIds tells which ids are stored, across more ids than one query takes", async () => {
      const s = await create();
      const rows = Array.from({ length: 1200 }, (_, i) => row(`id${i}`, i));
      await s.write(rows.filter((_, i) => i % 3 === 0));
      const held = await s.storedIds(rows.map((r) => r.id));
      assert.equal(held.size, 400);
      for (let i = 0; i < 1200; i++) assert.equal(held.has(`id${i}`), i % 3 === 0);
      await s.close();
    });

    it("traces come back only when asked for", async () => {
      const s = await create();
      const trace = [{ step: 0, party: "buyer", kind: "offer" }];
      await s.write([row("a", 0, { trace }), row("b", 1)]);
      assert.deepEqual(
        (await collect(s)).map((r) => r.trace),
        [null, null],
      );
      assert.deepEqual(
        (await collect(s, true)).map((r) => r.trace),
        [trace, null],
      );
      await s.close();
    });

    it("scenarios are kept by content hash", async () => {
      const s = await create();
      await s.putScenarios([{ key: "k1", label: "a.yaml", scenario: SCENARIO }]);
      await s.putScenarios([{ key: "k1", label: "a.yaml", scenario: SCENARIO }]);
      assert.deepEqual(await s.scenario("k1"), SCENARIO);
      assert.equal(await s.scenario("nope"), null);
      await s.close();
    });

    it("an empty write is a no-op", async () => {
      const s = await create();
      assert.equal(await s.write([]), 0);
      await s.close();
    });
  });
}
