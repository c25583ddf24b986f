/**
 * Diagnostics on a hand-worked trace of the car purchase (outcome index = price·6 + warranty·2 + delivery):
 * the buyer offers 5 (low, two years, delivered: u = 1), 3 (low, one year, delivered: 0.6 + 0.18 + 0.1 =
 * 0.88), 5 again (a retraction) and 8 (mid, one year, pickup: 0.3 + 0.18 = 0.48), with two invalid answers
 * withdrawn before its second offer. Pareto-optimality is checked against a brute-force frontier.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Agent } from "../../src/negotiation/agent.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { diagnose, opponentModelAccuracy } from "../../src/negotiation/diagnostics.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { createSession, runSession, simulate } from "../../src/negotiation/simulate.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { exampleScenario, scriptedAgent } from "./support.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

function buyer(): Agent {
  const offers = [5, 3, 5, 8];
  let k = 0;
  return {
    name: "hand",
    propose: () => {
      const o = offers[k++];
      return k === 2 ? { answer: o, invalid: ["invalid (x): a", "invalid (y): b"] } : o;
    },
    respond: () => "reject",
  };
}

test("concession curve, first offer, retractions and monotonicity, as worked by hand", () => {
  const r = simulate(car, { agents: { buyer: buyer(), dealer: scriptedAgent([12], ["reject"]) }, rounds: 4 });
  const [b, d] = diagnose(car, r);
  assert.equal(b.party, "buyer");
  assert.deepEqual(
    b.concessionCurve.map((c) => c.round),
    [1, 2, 3, 4],
  );
  [1, 0.88, 1, 0.48].forEach((u, k) => close(b.concessionCurve[k].utility, u));
  close(b.firstOfferUtility!, 1);
  assert.equal(b.retractions, 1);
  close(b.monotonicity, 1 - 1 / 3);
  // Four valid answers and two invalid ones.
  close(b.invalidRate!, 2 / 6);
  // The dealer repeats one offer: monotone, no invalid-answer rate (it reports none).
  assert.equal(d.retractions, 0);
  assert.equal(d.monotonicity, 1);
  assert.equal(d.invalidRate, null);
});

test("the Pareto share matches a brute-force frontier", () => {
  const r = simulate(car, { agents: { buyer: buyer(), dealer: scriptedAgent([12], ["reject"]) }, rounds: 4 });
  const eb = evaluatorOf(
    car,
    car.parties.findIndex((p) => p.id === "buyer"),
  );
  const ed = evaluatorOf(
    car,
    car.parties.findIndex((p) => p.id === "dealer"),
  );
  const points = Array.from({ length: car.size }, (_, o) => [eb.utility(o), ed.utility(o)]);
  const optimal = (o: number) =>
    !points.some(
      ([x, y]) =>
        x >= points[o][0] && y >= points[o][1] && (x > points[o][0] + 1e-12 || y > points[o][1] + 1e-12),
    );
  const [b, d] = diagnose(car, r);
  const expected = [5, 3, 5, 8].filter(optimal).length / 4;
  // Offer 3 is dominated by (low, two years, pickup): 0.9 for the buyer, 0.1 for the dealer.
  assert.equal(optimal(3), false);
  assert.equal(optimal(5), true);
  close(b.paretoShare!, expected);
  close(d.paretoShare!, optimal(12) ? 1 : 0);
});

test("opponent-model accuracy: exact estimates score 0 error and correlation 1; a constant one no correlation", () => {
  const dealer = car.parties.findIndex((p) => p.id === "dealer");
  const truth = evaluatorOf(car, dealer);
  const outcomes = [0, 3, 8, 12, 17];
  const exact = opponentModelAccuracy(car, dealer, (o) => truth.utility(o), outcomes)!;
  close(exact.meanAbsError, 0);
  close(exact.pearson!, 1);
  const flat = opponentModelAccuracy(car, dealer, () => 0.5, outcomes)!;
  assert.equal(flat.pearson, null);
  close(
    flat.meanAbsError,
    outcomes.reduce((s, o) => s + Math.abs(0.5 - truth.utility(o)), 0) / outcomes.length,
  );
  assert.equal(
    opponentModelAccuracy(car, dealer, () => 0, []),
    null,
  );
});

test("an agent's opponent model, checked against a hand-worked frequency model", () => {
  // The dealer (hardliner) offers its best outcome, 12 (high, none, pickup), every round. The frequency
  // model then keeps every issue (equal weights 1/3) and scores the offered options 1: û(12) = 1, which
  // is the dealer's true utility of 12; the error is 0 and, the offers being all alike, no correlation.
  const session = createSession(car, {
    agents: { buyer: agentFromCatalog("nash-seeking"), dealer: agentFromCatalog("hardliner") },
    rounds: 6,
  });
  const result = runSession(session);
  assert.ok(
    result.trace.filter((e) => e.party === "dealer" && e.kind === "offer").every((e) => e.outcome === 12),
  );
  const [buyerDiag, dealerDiag] = diagnose(car, result, session);
  assert.equal(buyerDiag.opponentModel?.length, 1);
  const [m] = buyerDiag.opponentModel!;
  assert.equal(m.opponent, "dealer");
  close(m.meanAbsError, 0);
  assert.equal(m.pearson, null);
  // The hardliner keeps no model; without the session nobody's model is read.
  assert.equal(dealerDiag.opponentModel, undefined);
  assert.equal(diagnose(car, result)[0].opponentModel, undefined);
});
