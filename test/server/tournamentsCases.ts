/**
 * Tournaments over HTTP: POST a spec (a stored scenario by id, another inline) → 202; its events (progress,
 * done); its results equal to the tournament task's for the same spec; one negotiation with its trace;
 * DELETE cancels a running one; paths and agent files are refused.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { parse } from "yaml";
import { tournament, tournamentResults } from "../../src/tasks/tournament.ts";
import { type Api, gridScenario, readEvents } from "./support.ts";

const CAR = readFileSync("examples/car-purchase.yaml", "utf8");
const RIVER = parse(readFileSync("examples/river-basin.yaml", "utf8"));

export function tournamentTests(api: () => Api) {
  it("a small tournament: 202, events to done, the results of the tournament task, a negotiation's trace", async () => {
    const spec = {
      name: "api",
      scenarios: ["car-purchase", RIVER],
      agents: ["boulware", "conceder", "tit-for-tat"],
      rounds: 30,
      seed: 5,
    };
    const res = await api().send("/api/v1/tournaments", spec);
    assert.equal(res.status, 202, await res.clone().text());
    const { id, status } = (await res.json()) as { id: string; status: string };
    assert.match(id, /^t_[A-Za-z0-9_-]{22}$/);
    assert.ok(["queued", "running", "done"].includes(status));
    const events = await readEvents(await api().fetch(`/api/v1/tournaments/${id}/events`));
    assert.equal(events.at(-1)?.event, "done");
    const done = events.at(-1)!.data as { status: string; done: number; total: number };
    assert.equal(done.status, "done");
    assert.ok(done.total > 0 && done.done === done.total, JSON.stringify(done));
    const progress = events
      .filter((e) => e.event === "progress")
      .map((e) => (e.data as { done: number }).done);
    assert.ok(progress.length >= 1);
    assert.deepEqual(
      progress,
      [...progress].sort((a, b) => a - b),
      "progress never goes back",
    );

    const status2 = (await (await api().fetch(`/api/v1/tournaments/${id}`)).json()) as { status: string };
    assert.equal(status2.status, "done");

    // The same spec through the tournament task into an SQLite file: the same results.
    const dir = mkdtempSync(join(tmpdir(), "zopa-api-tournament-"));
    try {
      const store = join(dir, "t.db");
      const local = { ...spec, scenarios: [parse(CAR), RIVER] };
      await tournament({ spec: local, store, workers: 0, traces: true });
      const expected = await tournamentResults({ store });
      const got = (await (await api().fetch(`/api/v1/tournaments/${id}/results`)).json()) as typeof expected;
      assert.deepEqual(got.agents, expected.agents);
      assert.deepEqual(got.comparisons, expected.comparisons);
      // Everything but the measured time of each negotiation.
      const untimed = (list: typeof got.negotiations) => list?.map(({ timeMs: _t, ...n }) => n);
      assert.deepEqual(untimed(got.negotiations), untimed(expected.negotiations));
      assert.deepEqual({ ...got.tournament, source: null }, { ...expected.tournament, source: null });

      const nid = got.negotiations![0].id;
      const one = (await (await api().fetch(`/api/v1/tournaments/${id}/negotiations/${nid}`)).json()) as {
        id: string;
        trace: unknown[];
      };
      assert.equal(one.id, nid);
      assert.ok(one.trace.length > 0, "the trace is kept");
      assert.equal((await api().fetch(`/api/v1/tournaments/${id}/negotiations/nope`)).status, 404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const list = (await (await api().fetch("/api/v1/tournaments")).json()) as {
      tournaments: { id: string }[];
    };
    assert.ok(list.tournaments.some((t) => t.id === id));
  });

  it("DELETE cancels a running tournament; finished negotiations are kept", async () => {
    const spec = {
      name: "long",
      scenarios: [gridScenario(3, 12)],
      agents: [
        "boulware",
        "conceder",
        "linear",
        "hardliner",
        "tit-for-tat",
        "random",
        "nash-seeking",
        "aspiration",
      ],
      repetitions: 60,
      rounds: 200,
    };
    const res = await api().send("/api/v1/tournaments", spec);
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    await readEvents(
      await api().fetch(`/api/v1/tournaments/${id}/events`),
      (e) => e.event === "progress" && (e.data as { done: number }).done > 0,
    );
    const cancelled = await api().fetch(`/api/v1/tournaments/${id}`, { method: "DELETE" });
    assert.equal(cancelled.status, 200);
    const record = (await cancelled.json()) as { status: string; done: number; total: number };
    assert.equal(record.status, "cancelled");
    assert.ok(record.done < record.total, JSON.stringify(record));
    const again = await api().fetch(`/api/v1/tournaments/${id}`, { method: "DELETE" });
    assert.equal(again.status, 409);
    const results = (await (
      await api().fetch(`/api/v1/tournaments/${id}/results?negotiations=false`)
    ).json()) as { tournament: { completed: number } };
    assert.equal(results.tournament.completed, record.done);
  });

  it("tournaments run one at a time: a second one waits queued and can be cancelled at once", async () => {
    const long = {
      name: "first",
      scenarios: [gridScenario(3, 12)],
      agents: ["boulware", "conceder", "linear", "hardliner", "tit-for-tat", "random"],
      repetitions: 100,
      rounds: 200,
    };
    const a = (await (await api().send("/api/v1/tournaments", long)).json()) as { id: string };
    const b = (await (await api().send("/api/v1/tournaments", { ...long, name: "second" })).json()) as {
      id: string;
      status: string;
    };
    assert.equal(b.status, "queued");
    const cancelled = (await (
      await api().fetch(`/api/v1/tournaments/${b.id}`, { method: "DELETE" })
    ).json()) as {
      status: string;
    };
    assert.equal(cancelled.status, "cancelled");
    const first = (await (await api().fetch(`/api/v1/tournaments/${a.id}`)).json()) as { status: string };
    assert.ok(["queued", "running"].includes(first.status), "the first one is still going");
    const events = await readEvents(await api().fetch(`/api/v1/tournaments/${b.id}/events`));
    assert.equal((events.at(-1)!.data as { status: string }).status, "cancelled");
    assert.equal((await api().fetch(`/api/v1/tournaments/${a.id}`, { method: "DELETE" })).status, 200);
  });

  it("scenarios by path and agents by file are refused; an invalid spec is 400 with paths", async () => {
    const bad = await api().send("/api/v1/tournaments", {
      name: "x",
      scenarios: [["a.xml", "b.xml"]],
      agents: ["boulware"],
    });
    assert.equal(bad.status, 400);
    const missing = await api().send("/api/v1/tournaments", {
      name: "x",
      scenarios: ["examples/car-purchase.yaml"],
      agents: ["boulware"],
    });
    assert.equal(missing.status, 404);
    const file = await api().send("/api/v1/tournaments", {
      name: "x",
      scenarios: ["car-purchase"],
      agents: [{ name: "a", file: "/tmp/a.js" }],
    });
    assert.equal(file.status, 400);
    const invalid = await api().send("/api/v1/tournaments", {
      name: "x",
      scenarios: ["car-purchase"],
      agents: [],
      rounds: -1,
    });
    assert.equal(invalid.status, 400);
    const paths = ((await invalid.json()) as { errors: { path: unknown[] }[] }).errors
      .map((e) => e.path[0])
      .sort();
    assert.deepEqual(paths, ["agents", "rounds"]);
    assert.equal((await api().fetch("/api/v1/tournaments/t_nope")).status, 404);
  });
}
