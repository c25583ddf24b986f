import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRoute, pathOf, scenarioPath } from "../../src/web/routes.ts";

test("every view of a scenario has its own URL, and the URL reads back as the same view", () => {
  for (const view of ["analysis", "history", "forecast", "simulate", "play", "edit"] as const) {
    const path = scenarioPath("syria-israel-2026", view);
    assert.equal(path, `/scenarios/syria-israel-2026/${view}`);
    assert.deepEqual(parseRoute(path), { view, scenario: "syria-israel-2026", query: {} });
  }
});

test("the play view's presets come from the query: ?as=<party>&vs=<agent>", () => {
  const r = parseRoute("/scenarios/car-purchase/play", "?as=buyer&vs=conceder");
  assert.deepEqual(r, { view: "play", scenario: "car-purchase", query: { as: "buyer", vs: "conceder" } });
  assert.equal(pathOf(r), "/scenarios/car-purchase/play?as=buyer&vs=conceder");
});

test("the library, tournaments and unknown paths", () => {
  assert.deepEqual(parseRoute("/"), { view: "library" });
  assert.deepEqual(parseRoute("/scenarios/x"), { view: "analysis", scenario: "x", query: {} });
  assert.deepEqual(parseRoute("/tournaments/new"), { view: "tournament", id: null });
  assert.deepEqual(parseRoute("/tournaments/ab12"), { view: "tournament", id: "ab12" });
  assert.equal(parseRoute("/scenarios/x/nonsense").view, "not-found");
  assert.equal(parseRoute("/elsewhere").view, "not-found");
  assert.equal(parseRoute("/scenarios/%E0%A4%A/analysis").view, "not-found", "a malformed escape");
});

test("ids with reserved characters survive the round trip", () => {
  const path = scenarioPath("a b/c?d", "edit", { as: "x&y" });
  assert.deepEqual(parseRoute(path.split("?")[0], `?${path.split("?")[1]}`), {
    view: "edit",
    scenario: "a b/c?d",
    query: { as: "x&y" },
  });
});
