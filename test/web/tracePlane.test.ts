import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { loadScenario } from "../../src/index.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { utilityOf } from "../../src/space/utility.ts";
import {
  offerPath,
  offersByParty,
  pathsByParty,
  plotWidth,
  type TraceRow,
} from "../../src/web/tracePlane.ts";
import { REPO_ROOT } from "../support/shared.ts";

// A trace written by hand: utilities keyed by party (the tournament API's form), one entry without utilities.
const rows: TraceRow[] = [
  { step: 0, round: 1, party: "buyer", kind: "offer", utilities: { buyer: 1, dealer: 0 } },
  { step: 1, round: 1, party: "dealer", kind: "offer", utilities: { buyer: 0.2, dealer: 0.9 } },
  { step: 2, round: 2, party: "buyer", kind: "offer", utilities: { buyer: 0.8, dealer: 0.3 } },
  { step: 3, round: 2, party: "dealer", kind: "offer", utilities: null },
  { step: 4, round: 3, party: "buyer", kind: "accept", utilities: { buyer: 0.2, dealer: 0.9 } },
];

test("offers become points (x: the first axis party's utility), grouped by party in order of first offer", () => {
  const path = offerPath(rows, ["dealer", "buyer"], ["buyer", "dealer"], (r) => `step ${r.step}`);
  assert.deepEqual(
    path.map((p) => [p.party, p.x, p.y, p.label]),
    [
      ["buyer", 0, 1, "step 0"],
      ["dealer", 0.9, 0.2, "step 1"],
      ["buyer", 0.3, 0.8, "step 2"],
    ],
  );
  const groups = pathsByParty(path);
  assert.deepEqual([...groups.keys()], ["buyer", "dealer"]);
  assert.deepEqual(
    groups.get("buyer")!.map((p) => p.label),
    ["step 0", "step 2"],
  );
  assert.deepEqual(offersByParty(rows), { buyer: 2, dealer: 2 });
  // Utilities as a list follow the parties' order.
  const listed = offerPath(
    [{ party: "b", kind: "offer", utilities: [0.25, 0.75] }],
    ["b", "a"],
    ["a", "b"],
    () => "",
  );
  assert.deepEqual([listed[0].x, listed[0].y], [0.75, 0.25]);
});

test("a simulated negotiation's offers on the plane are the core's utilities of the offered outcomes", () => {
  const s = loadScenario(join(REPO_ROOT, "examples/car-purchase.yaml"));
  const space = compileScenario(s);
  const r = simulate(space, {
    agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("conceder") },
    rounds: 12,
    seed: 3,
  });
  const ids = r.parties.map((p) => p.id);
  const trace: TraceRow[] = r.trace.map((t) => ({
    party: t.party,
    kind: t.kind,
    outcome: t.outcome,
    utilities: t.utilities ? Object.fromEntries(ids.map((id, k) => [id, t.utilities![k]])) : null,
  }));
  const path = offerPath(trace, ["buyer", "dealer"], ids, () => "");
  const offers = r.trace.filter((t) => t.kind === "offer");
  assert.equal(path.length, offers.length);
  const buyer = space.parties.find((p) => p.id === "buyer")!;
  offers.forEach((t, k) => {
    const digits = new Int32Array(space.issues.length);
    let rest = t.outcome!;
    // Outcome index → digits, last issue fastest (independent of decodeOutcome).
    for (let i = space.issues.length - 1; i >= 0; i--) {
      digits[i] = rest % space.issues[i].values.length;
      rest = Math.floor(rest / space.issues[i].values.length);
    }
    assert.ok(Math.abs(path[k].x - utilityOf(buyer, digits)) < 1e-9);
  });
});

test("plot width: the room there is, between a floor and the plot's own width", () => {
  assert.equal(plotWidth(358, 640), 358);
  assert.equal(plotWidth(1200, 640), 640);
  assert.equal(plotWidth(200, 640), 280);
  assert.equal(plotWidth(0, 640), 640);
});
