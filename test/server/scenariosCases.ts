/**
 * The scenario library over HTTP: create, list, read, replace, delete with every version kept; ETag on reads
 * and If-Match on writes (412 stale, 428 missing); bundled examples under their meta.id, read-only.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { PROBLEM } from "./support.ts";

const CAR = readFileSync("examples/car-purchase.yaml", "utf8");

export function scenarioLibraryTests(
  api: () => {
    fetch: (p: string, i?: RequestInit) => Promise<Response>;
    send: (
      p: string,
      b: unknown,
      i?: { method?: string; headers?: Record<string, string> },
    ) => Promise<Response>;
  },
) {
  it("create → read with ETag → replace with If-Match → stale write 412 → versions kept → delete", async () => {
    const created = await api().send("/api/v1/scenarios", { scenario: CAR });
    assert.equal(created.status, 201);
    const first = (await created.json()) as { id: string; version: number; scenario: string };
    assert.match(first.id, /^s_[A-Za-z0-9_-]{22}$/);
    assert.equal(first.version, 1);
    assert.equal(first.scenario, CAR, "the text as sent");
    assert.equal(created.headers.get("etag"), '"v1"');
    assert.equal(created.headers.get("location"), `/api/v1/scenarios/${first.id}`);

    const read = await api().fetch(`/api/v1/scenarios/${first.id}`);
    assert.equal(read.headers.get("etag"), '"v1"');
    assert.deepEqual(((await read.json()) as Record<string, unknown>).scenario, CAR);
    assert.equal(
      (await api().fetch(`/api/v1/scenarios/${first.id}`, { headers: { "if-none-match": '"v1"' } })).status,
      304,
    );

    const edited = CAR.replace("Used car purchase", "Used car purchase, edited");
    const noMatch = await api().send(
      `/api/v1/scenarios/${first.id}`,
      { scenario: edited },
      { method: "PUT" },
    );
    assert.equal(noMatch.status, 428);
    const put = await api().send(
      `/api/v1/scenarios/${first.id}`,
      { scenario: edited },
      { method: "PUT", headers: { "if-match": '"v1"' } },
    );
    assert.equal(put.status, 200);
    assert.equal(put.headers.get("etag"), '"v2"');

    // A second editor who read version 1 does not overwrite version 2 silently.
    const stale = await api().send(
      `/api/v1/scenarios/${first.id}`,
      { scenario: CAR },
      { method: "PUT", headers: { "if-match": '"v1"' } },
    );
    assert.equal(stale.status, 412);
    assert.equal(stale.headers.get("content-type"), PROBLEM);
    assert.equal(((await stale.json()) as { currentVersion: number }).currentVersion, 2);

    const v1 = (await (await api().fetch(`/api/v1/scenarios/${first.id}?version=1`)).json()) as {
      scenario: string;
    };
    assert.equal(v1.scenario, CAR);
    const list = (await (await api().fetch("/api/v1/scenarios")).json()) as {
      scenarios: { id: string; version: number; title: string }[];
    };
    assert.deepEqual(
      list.scenarios.filter((s) => s.id === first.id).map((s) => [s.version, s.title]),
      [[2, "Used car purchase, edited"]],
    );

    // An invalid scenario is refused with its located problems; nothing is stored.
    const invalid = await api().send(
      `/api/v1/scenarios/${first.id}`,
      { scenario: "zopa: 1\nmeta: {id: x}\n" },
      { method: "PUT", headers: { "if-match": '"v2"' } },
    );
    assert.equal(invalid.status, 400);

    assert.equal(
      (
        await api().fetch(`/api/v1/scenarios/${first.id}`, {
          method: "DELETE",
          headers: { "if-match": '"v1"' },
        })
      ).status,
      412,
    );
    assert.equal(
      (
        await api().fetch(`/api/v1/scenarios/${first.id}`, {
          method: "DELETE",
          headers: { "if-match": '"v2"' },
        })
      ).status,
      204,
    );
    assert.equal((await api().fetch(`/api/v1/scenarios/${first.id}`)).status, 404);
    const versions = (await (await api().fetch(`/api/v1/scenarios/${first.id}/versions`)).json()) as {
      versions: { version: number; deleted: boolean }[];
    };
    assert.deepEqual(
      versions.versions.map((v) => [v.version, v.deleted]),
      [
        [1, false],
        [2, false],
        [3, true],
      ],
    );
  });

  it("a stored scenario by id in a task: the same analysis as its content", async () => {
    const { id } = (await (await api().send("/api/v1/scenarios", { scenario: CAR })).json()) as {
      id: string;
    };
    const byId = await (await api().send("/api/v1/analyze", { scenarioId: id })).text();
    const byContent = await (await api().send("/api/v1/analyze", { scenario: CAR })).text();
    assert.equal(byId, byContent);
    // A new version: the same request by id analyses it (no stale answer).
    const edited = CAR.replace("value: 0.4,", "value: 0.5,");
    assert.notEqual(edited, CAR);
    const put = await api().send(
      `/api/v1/scenarios/${id}`,
      { scenario: edited },
      { method: "PUT", headers: { "if-match": '"v1"' } },
    );
    assert.equal(put.status, 200);
    const again = await (await api().send("/api/v1/analyze", { scenarioId: id })).text();
    assert.equal(again, await (await api().send("/api/v1/analyze", { scenario: edited })).text());
    assert.notEqual(again, byId);
  });

  it("bundled examples under their meta.id, read-only", async () => {
    const list = (await (await api().fetch("/api/v1/scenarios")).json()) as {
      scenarios: { id: string; example: boolean }[];
    };
    const examples = list.scenarios.filter((s) => s.example).map((s) => s.id);
    for (const id of ["car-purchase", "syria-israel-2026", "camp-david-1978", "river-basin"])
      assert.ok(examples.includes(id), id);
    const car = await api().fetch("/api/v1/scenarios/car-purchase");
    assert.equal(car.status, 200);
    assert.equal(((await car.json()) as { scenario: string }).scenario, CAR);
    const put = await api().send(
      "/api/v1/scenarios/car-purchase",
      { scenario: CAR },
      { method: "PUT", headers: { "if-match": '"v1"' } },
    );
    assert.equal(put.status, 409);
  });
}
