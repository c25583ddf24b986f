/**
 * The conformance suite every server Library passes (SQLite, PostgreSQL): `runLibrarySuite(name, create)`
 * registers its tests; `create` opens a fresh, empty library.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Library, type TournamentRecord, VersionConflict } from "../../src/store/library.ts";
import { row, tournamentRecord } from "../tournament/storeSuite.ts";

function record(
  id: string,
  createdAt: string,
  status: TournamentRecord["status"] = "queued",
): TournamentRecord {
  return {
    id,
    name: id,
    status,
    spec: { name: id, agents: ["boulware"] },
    createdAt,
    done: 0,
    total: 4,
    error: null,
  };
}

export function runLibrarySuite(name: string, create: () => Promise<Library>): void {
  describe(`Library conformance: ${name}`, () => {
    it("scenarios: create, read, every version kept, stale writes refused, delete keeps versions", async () => {
      const lib = await create();
      try {
        assert.equal(await lib.scenario("a"), null);
        const v1 = await lib.createScenario("a", "text 1", "A");
        assert.deepEqual([v1.id, v1.version, v1.text], ["a", 1, "text 1"]);
        assert.ok(!Number.isNaN(Date.parse(v1.savedAt)));
        await lib.createScenario("b", "text b", null);
        const v2 = await lib.replaceScenario("a", "text 2", "A2", 1);
        assert.equal(v2?.version, 2);
        await assert.rejects(lib.replaceScenario("a", "text 3", "A3", 1), (e: unknown) => {
          assert.ok(e instanceof VersionConflict);
          assert.equal(e.actual, 2);
          return true;
        });
        assert.equal((await lib.scenario("a"))?.text, "text 2");
        assert.equal((await lib.scenario("a", 1))?.text, "text 1");
        assert.deepEqual(
          (await lib.scenarios()).map((s) => [s.id, s.version, s.title]),
          [
            ["a", 2, "A2"],
            ["b", 1, null],
          ],
        );
        assert.equal(await lib.replaceScenario("nope", "x", null, 1), null);
        await assert.rejects(lib.deleteScenario("a", 1), VersionConflict);
        assert.equal(await lib.deleteScenario("a", 2), true);
        assert.equal(await lib.scenario("a"), null);
        assert.equal(
          await lib.replaceScenario("a", "x", null, 3),
          null,
          "a deleted scenario takes no new version",
        );
        assert.deepEqual(
          (await lib.versions("a")).map((v) => [v.version, v.text]),
          [
            [1, "text 1"],
            [2, "text 2"],
            [3, ""],
          ],
        );
        assert.deepEqual(
          (await lib.scenarios()).map((s) => s.id),
          ["b"],
        );
        assert.equal(await lib.deleteScenario("nope", 1), false);
      } finally {
        await lib.close();
      }
    });

    it("concurrent replacements of one version: exactly one wins", async () => {
      const lib = await create();
      try {
        await lib.createScenario("c", "v1", null);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, (_, k) => lib.replaceScenario("c", `edit ${k}`, null, 1)),
        );
        assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
        assert.ok(outcomes.every((o) => o.status === "fulfilled" || o.reason instanceof VersionConflict));
        assert.equal((await lib.versions("c")).length, 2);
      } finally {
        await lib.close();
      }
    });

    it("tournament records: put, update, list newest first", async () => {
      const lib = await create();
      try {
        assert.equal(await lib.tournament("t1"), null);
        await lib.putTournament(record("t1", "2026-01-01T00:00:00.000Z"));
        await lib.putTournament(record("t2", "2026-01-02T00:00:00.000Z"));
        await lib.putTournament({ ...record("t1", "2026-01-01T00:00:00.000Z", "done"), done: 4 });
        assert.deepEqual(await lib.tournament("t1"), {
          ...record("t1", "2026-01-01T00:00:00.000Z", "done"),
          done: 4,
        });
        assert.deepEqual(
          (await lib.tournaments()).map((t) => [t.id, t.status]),
          [
            ["t2", "queued"],
            ["t1", "done"],
          ],
        );
      } finally {
        await lib.close();
      }
    });

    it("each tournament's results store is its own", async () => {
      const lib = await create();
      try {
        const a = await lib.openResults("ta");
        const b = await lib.openResults("tb");
        await a.setTournament(tournamentRecord("h1", "first"));
        await a.write([row("x", 0), row("y", 1)]);
        await b.setTournament(tournamentRecord("h2", "second"));
        await b.write([row("x", 0)]);
        assert.equal(await a.count(), 2);
        assert.equal(await b.count(), 1);
        assert.equal((await b.tournament())?.name, "second");
        await a.close();
        await b.close();
        const again = await lib.openResults("ta");
        assert.equal(await again.count(), 2, "results outlive their store object");
        await again.close();
      } finally {
        await lib.close();
      }
    });
  });
}
