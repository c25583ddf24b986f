/**
 * One conformance suite for every built-in agent (and the BOA compositions of every acceptance condition):
 * `checkAgent` from src/testing. On random small scenarios with reservation values and red lines, against
 * several opponents, under private and complete information and in every protocol it plays, an agent offers
 * only valid outcomes that it could itself accept, never accepts below its reservation value or across its red
 * lines, acts only before the deadline, and plays the same trace under the same seed.
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
import { AGENTS } from "../../src/negotiation/catalog.ts";
import { opponentModelFrequency } from "../../src/negotiation/frequencyModel.ts";
import { offeringLinear } from "../../src/negotiation/timeDependent.ts";
import { AGENT_CHECKS, checkAgent, failures } from "../../src/testing/index.ts";

const subjects: [string, AgentFactory][] = [
  // The llm agent needs a model: test/negotiation/llmConformance.test.ts runs it against a scripted one.
  ...AGENTS.filter((a) => a.name !== "llm").map((a): [string, AgentFactory] => [a.name, a.create()]),
  ...[acceptanceNext(), acceptanceConst(0.7), acceptanceTime(0.5), acceptanceCombi(0.8)].map(
    (ac): [string, AgentFactory] => [
      `linear+${ac.name}`,
      () => agentComposed({ offering: offeringLinear(), acceptance: ac, model: opponentModelFrequency() }),
    ],
  ),
];

let agreements = 0;
for (const [name, factory] of subjects)
  test(`${name} keeps the conformance rules on random scenarios (2 and 3 parties)`, async () => {
    const report = await checkAgent(factory);
    assert.deepEqual(failures(report), [], name);
    // Every check was made: none left out.
    assert.deepEqual(
      report.checks.map((c) => c.name),
      Object.values(AGENT_CHECKS),
    );
    const saop = report.runs.filter((r) => r.protocol === "saop");
    assert.ok(saop.length >= 6, `${name}: only ${saop.length} SAOP runs`);
    for (const r of report.runs)
      assert.ok(
        r.status === "agreement" || r.status === "no-agreement",
        `${name}, ${r.scenario}: ${r.status}`,
      );
    agreements += saop.filter((r) => r.information === "private" && r.status === "agreement").length;
  });

test("the suite exercises acceptance, not only deadlines", () => {
  // SAOP under private information: the negotiations the suite always played.
  assert.ok(agreements > subjects.length, `only ${agreements} agreements`);
});
