import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { analyze, loadScenario } from "../../src/index.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { negotiatorPairs, planeOf } from "../../src/web/plane.ts";
import { applyWhatIf, mergeChanges, recompute, relaxationChanges, reweight } from "../../src/web/whatIf.ts";
import { REPO_ROOT } from "../support/shared.ts";

const river = () => loadScenario(join(REPO_ROOT, "examples/river-basin.yaml"));
const syria = () => loadScenario(join(REPO_ROOT, "examples/syria-israel-2026/scenario.yaml"));

test("river basin: trying the cheapest relaxation opens the zone the diagnosis promised (8 of 24, as the README says)", () => {
  const s = river();
  const base = analyze(s);
  assert.match(base.verdict, /^No agreement zone/);
  const r = base.deadlock!.relaxations[0];
  assert.deepEqual(r.relax, ["upstream/sixty-percent"]);
  const what = recompute(s, relaxationChanges(r));
  assert.match(what.analysis.verdict, /^Agreement is possible/);
  assert.equal(what.analysis.agreementZone.size, 8);
  assert.equal(what.analysis.space.size, 24);
  assert.ok(what.ms >= 0);
});

test("the flagship: every relaxation's what-if gives the zone size and Nash point the diagnosis computed", () => {
  const s = syria();
  const base = analyze(s);
  assert.match(base.verdict, /^No agreement zone/);
  for (const r of base.deadlock!.relaxations) {
    const what = recompute(s, relaxationChanges(r));
    assert.match(what.analysis.verdict, /^Agreement is possible/);
    assert.equal(what.analysis.agreementZone.size, r.opens.zoneSize, r.relax.join(" + "));
    for (const p of what.analysis.negotiators)
      assert.ok(Math.abs(what.analysis.solutions.nash!.utilities[p] - r.opens.nash!.utilities[p]) < 1e-9);
  }
  // The base scenario is untouched.
  assert.deepEqual(analyze(s).verdict, base.verdict);
});

test("relaxations with a reservation value lower it to the diagnosed value; red lines are dropped", () => {
  const changes = relaxationChanges({
    relax: ["a/reservation", "b/no-x"],
    widenings: [],
    parties: ["a", "b"],
    reservationDrops: [{ party: "a", from: 0.6, to: 0.45, drop: 0.15 }],
    opens: { zoneSize: 1, nash: null },
  });
  assert.deepEqual(changes, [
    { op: "setReservation", party: "a", reservation: 0.45 },
    { op: "dropRedLine", party: "b", redLine: "no-x" },
  ]);
});

test("a moved weight keeps the weights summing to 1 and the others in proportion", () => {
  const w = reweight({ a: 0.5, b: 0.3, c: 0.2 }, "a", 0.8);
  assert.ok(Math.abs(w.a + w.b + w.c - 1) < 1e-12);
  assert.equal(w.a, 0.8);
  assert.ok(Math.abs(w.b / w.c - 1.5) < 1e-12);
  const z = reweight({ a: 1, b: 0, c: 0 }, "a", 0.4);
  assert.deepEqual(z, { a: 0.4, b: 0.3, c: 0.3 });
  assert.equal(reweight({ a: 0.5, b: 0.5 }, "a", 7).a, 1);
});

test("a reservation slider: raising one side's reservation value can only shrink the zone", () => {
  const s = syria();
  const relaxed = applyWhatIf(s, relaxationChanges(analyze(s).deadlock!.relaxations[1]));
  const open = analyze(relaxed).agreementZone.size!;
  // Israel's reservation value is the utility of the status quo (an outcome): the slider starts from the compiled value.
  const rv = compileScenario(relaxed).parties.find((p) => p.id === "israel")!.reservation;
  const higher = recompute(relaxed, [{ op: "setReservation", party: "israel", reservation: rv + 0.1 }]);
  assert.ok(higher.analysis.agreementZone.size! < open);
  assert.equal(
    compileScenario(higher.scenario).parties.find((p) => p.id === "israel")!.reservation,
    rv + 0.1,
  );
});

test("later changes to the same thing replace earlier ones", () => {
  const merged = mergeChanges([
    { op: "setReservation", party: "a", reservation: 0.1 },
    { op: "dropRedLine", party: "a", redLine: "x" },
    { op: "setReservation", party: "a", reservation: 0.3 },
  ]);
  assert.deepEqual(merged, [
    { op: "dropRedLine", party: "a", redLine: "x" },
    { op: "setReservation", party: "a", reservation: 0.3 },
  ]);
});

test("the plane counts every outcome once and its zone is the analysis's zone", () => {
  for (const s of [river(), syria()]) {
    const space = compileScenario(s);
    const [i, j] = space.negotiators;
    const plane = planeOf(space, i, j)!;
    assert.equal(
      plane.cells.reduce((n, c) => n + c.count, 0),
      space.size,
    );
    assert.equal(plane.zoneSize, analyze(s).agreementZone.size);
    assert.deepEqual(plane.axes, [space.parties[i].id, space.parties[j].id]);
  }
});

test("three negotiators give three pairwise planes, each pair in scenario order", () => {
  const s = loadScenario(join(REPO_ROOT, "examples/car-purchase.yaml"));
  const buyer = s.parties.find((p) => p.id === "buyer")!;
  const three = { ...s, parties: [...s.parties, { ...structuredClone(buyer), id: "bank", name: "Bank" }] };
  const space = compileScenario(three);
  const pairs = negotiatorPairs(space).map(([i, j]) => [space.parties[i].id, space.parties[j].id]);
  assert.deepEqual(pairs, [
    ["buyer", "dealer"],
    ["buyer", "bank"],
    ["dealer", "bank"],
  ]);
  // The bank has the buyer's preferences: on their plane every outcome lies on the diagonal.
  const [i, j] = negotiatorPairs(space)[1];
  assert.ok(planeOf(space, i, j)!.cells.every((c) => Math.abs(c.x - c.y) < 1e-9));
});
