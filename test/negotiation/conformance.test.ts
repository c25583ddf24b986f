/**
 * One conformance suite for every built-in agent (and the BOA compositions of every acceptance condition):
 * on random small scenarios with reservation values and red lines, against several opponents, an agent
 * offers only valid outcomes that it could itself accept, never accepts below its reservation value or
 * across its red lines, acts only before the deadline, and plays the same trace under the same seed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  acceptanceCombi,
  acceptanceConst,
  acceptanceNext,
  acceptanceTime,
} from "../../src/negotiation/acceptance.ts";
import type { AgentFactory } from "../../src/negotiation/agent.ts";
import { agentComposed } from "../../src/negotiation/boa.ts";
import { AGENTS, agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { opponentModelFrequency } from "../../src/negotiation/frequencyModel.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { offeringLinear } from "../../src/negotiation/timeDependent.ts";
import { syntheticSpace } from "./synthetic.ts";

const subjects: [string, AgentFactory][] = [
  ...AGENTS.map((a): [string, AgentFactory] => [a.name, a.create()]),
  ...[acceptanceNext(), acceptanceConst(0.7), acceptanceTime(0.5), acceptanceCombi(0.8)].map(
    (ac): [string, AgentFactory] => [
      `linear+${ac.name}`,
      () => agentComposed({ offering: offeringLinear(), acceptance: ac, model: opponentModelFrequency() }),
    ],
  ),
];
const opponents = ["conceder", "random", "boulware"];

test("every agent keeps the conformance rules on random scenarios (2 and 3 parties)", () => {
  let agreements = 0;
  for (const [name, factory] of subjects)
    for (let s = 0; s < 6; s++) {
      const parties = s % 3 === 2 ? 3 : 2;
      const space = syntheticSpace([2 + (s % 3), 3, 2 + ((s + 1) % 3)], 100 + s, {
        parties,
        maxReservation: 0.6,
        redLines: true,
      });
      const rounds = 8 + s;
      const ids = space.parties.map((p) => p.id);
      const agents = Object.fromEntries(
        ids.map((id, k) => [id, k === 0 ? factory : agentFromCatalog(opponents[(s + k) % opponents.length])]),
      );
      const run = () => simulate(space, { agents, rounds, seed: s });
      const r = run();
      const where = `${name}, scenario ${s}`;
      assert.equal(r.error, null, `${where}: ${JSON.stringify(r.error)}`);
      assert.ok(r.status === "agreement" || r.status === "no-agreement", where);
      assert.deepEqual(r, run(), `${where}: not deterministic under one seed`);
      assert.ok(r.rounds <= rounds, where);
      const me = evaluatorOf(space, 0);
      for (const e of r.trace) {
        assert.ok(e.round <= rounds, `${where}: acted after the deadline`);
        if (e.party !== "p0" || e.outcome === null) continue;
        assert.ok(Number.isInteger(e.outcome) && e.outcome >= 0 && e.outcome < space.size, where);
        if (e.kind === "accept" || e.kind === "offer")
          assert.ok(
            me.acceptable(e.outcome),
            `${where}: ${e.kind} of ${e.outcome} below its reservation value or across its red line`,
          );
      }
      if (r.status === "agreement") {
        agreements++;
        for (const p of r.parties) assert.ok(evaluatorOf(space, p.index).acceptable(r.agreement!), where);
      }
    }
  // The suite must exercise acceptance, not only deadlines.
  assert.ok(agreements > subjects.length, `only ${agreements} agreements`);
});
