/**
 * The protocol suite: SAOP and the single-text protocol with every built-in mediator pass it (one test per
 * check); protocols built on a wrong mediator fail the check they break.
 */
import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import { protocolAlternatingOffers } from "../../src/negotiation/alternatingOffers.ts";
import { mediatorHillClimbing, mediatorParty, mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import type { Protocol } from "../../src/negotiation/protocol.ts";
import { type Mediator, protocolSingleText } from "../../src/negotiation/singleText.ts";
import {
  PROTOCOL_CHECKS as C,
  type CheckReport,
  checkProtocol,
  testProtocol,
} from "../../src/testing/index.ts";

testProtocol(test, protocolAlternatingOffers(), { scenarios: 12 });
testProtocol(test, protocolSingleText(mediatorRandomFlip()), { scenarios: 12 });
testProtocol(test, protocolSingleText(mediatorHillClimbing("pareto")), { scenarios: 12 });
testProtocol(test, protocolSingleText(mediatorHillClimbing("nash")), { scenarios: 12 });
// A party mediates the other two: it does not sit at the table.
testProtocol(test, protocolSingleText(mediatorParty("p2")), {
  scenarios: 12,
  parties: [3],
  table: () => ["p0", "p1"],
});

function failedChecks(report: CheckReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

function detail(report: CheckReport, name: string): string {
  return report.checks.find((c) => c.name === name)!.detail;
}

/** SAOP, except that a negotiation ending without agreement is declared agreed on outcome 0. */
function protocolForcedAgreement(): Protocol {
  const inner = protocolAlternatingOffers();
  return {
    ...inner,
    name: "forced-agreement",
    start(session) {
      const machine = inner.start(session);
      return {
        get round() {
          return machine.round;
        },
        next: () => machine.next(),
        apply: (pending, action) => machine.apply(pending, action),
        get outcome() {
          const out = machine.outcome;
          return out && out.agreement === null && out.error === null
            ? { ...out, agreement: 0, endedBy: { kind: "agreement" as const } }
            : out;
        },
      };
    },
  };
}

describe("checkProtocol(protocol) names the check a wrong protocol breaks", () => {
  it("declaring an agreement nobody made: agreements not acceptable to the table", async () => {
    const r = await checkProtocol(protocolForcedAgreement(), { scenarios: 12 });
    assert.ok(failedChecks(r).includes(C.agreements), JSON.stringify(r.checks));
    assert.match(detail(r, C.agreements), /scenario \d+ .*: agreement 0 is not acceptable to p\d/);
  });

  it("a mediator that keeps its state from one negotiation to the next: not the same trace under one seed", async () => {
    let calls = 0; // never reset in init
    const leaky: Mediator = {
      name: "leaky",
      initial: () => calls++ % 2,
      propose: (_state, text) => (text + 1 + (calls++ % 3)) % 2,
    };
    const r = await checkProtocol(protocolSingleText(leaky));
    assert.deepEqual(failedChecks(r), [C.seed]);
    assert.match(detail(r, C.seed), /scenario 0 .*seed 0: two runs differ at trace\[\d+\]\.outcome/);
  });

  it("a mediator proposing texts outside the space: the run fails, and the suite says where", async () => {
    const wild: Mediator = { name: "wild", initial: () => 0, propose: () => 1e9 };
    const r = await checkProtocol(protocolSingleText(wild));
    assert.ok(failedChecks(r).includes(C.runs), JSON.stringify(r));
    assert.match(detail(r, C.runs), /round 1, mediator .*: proposed 1000000000, not an outcome index/);
  });
});
