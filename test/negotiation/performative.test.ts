/**
 * The performative agent's traces must look different from sincere agents' under the history analysis that
 * is also applied to real rounds: its offers never enter the other side's acceptable set, and its movement
 * is a show (re-wordings, and concessions taken back by selfish moves) rather than a net concession.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { summarizeTrace } from "../../src/negotiation/traceAnalysis.ts";
import { syntheticSpace } from "./synthetic.ts";

test("performative traces differ from sincere ones under DANS classes and entry into the other side's set", () => {
  const totals = {
    boulware: { entries: 0, concession: 0, selfish: 0, netDrop: 0 },
    performative: { entries: 0, concession: 0, selfish: 0, netDrop: 0, visible: 0 },
  };
  const S = 8;
  for (let s = 0; s < S; s++) {
    const space = syntheticSpace([4, 4, 3, 3], 300 + s, { maxReservation: 0.5, opposed: true });
    const me = evaluatorOf(space, 0);
    const other = evaluatorOf(space, 1);
    for (const subject of ["boulware", "performative"] as const) {
      const r = simulate(space, {
        agents: { p0: agentFromCatalog(subject), p1: agentFromCatalog("hardliner") },
        rounds: 40,
        seed: s,
      });
      const mine = summarizeTrace(space, r).find((x) => x.party === "p0")!;
      const offers = r.trace.filter((e) => e.party === "p0" && e.kind === "offer");
      const t = totals[subject];
      t.entries += mine.offersAcceptableToOthers > 0 ? 1 : 0;
      t.concession += mine.moves.concession;
      t.selfish += mine.moves.selfish;
      t.netDrop += me.utility(offers[0].outcome!) - me.utility(offers[offers.length - 1].outcome!);
      if (subject === "performative") {
        assert.notEqual(r.status, "agreement", `scenario ${s}`);
        for (const e of offers)
          assert.ok(!other.acceptable(e.outcome!), `scenario ${s}: an acceptable offer`);
        if (offers.length - 1 > mine.moves.silent) totals.performative.visible++;
      }
    }
  }
  const { boulware: b, performative: p } = totals;
  assert.equal(p.entries, 0);
  assert.ok(b.entries >= 6, `the sincere agent entered the other side's set in ${b.entries} of ${S}`);
  assert.ok(p.visible >= 5, `a visible show in only ${p.visible} of ${S}`);
  // Sincere: concessions, never taken back. Performative: concessions matched by selfish retractions.
  assert.equal(b.selfish, 0);
  assert.ok(p.selfish >= 0.5 * p.concession && p.selfish > 0, JSON.stringify(p));
  assert.ok(
    b.netDrop / S > 3 * (p.netDrop / S),
    `net own-utility drop: sincere ${b.netDrop / S}, show ${p.netDrop / S}`,
  );
});
