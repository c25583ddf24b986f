import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NegotiationRow } from "../../src/tournament/row.ts";
import { advantageOf, scoreOf, scoreParties } from "../../src/tournament/scoring.ts";
import { SummaryBuilder } from "../../src/tournament/summary.ts";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
const FRAMES = [
  { id: "buyer", reservation: 0.3, best: 1 },
  { id: "seller", reservation: 0.4, best: 0.9 },
];

describe("scoreParties", () => {
  it("an agreement: utilities as given, advantage (u − rv)/(max − rv), welfare the sum", () => {
    const s = scoreParties(FRAMES, [0.79, 0.65], null);
    assert.deepEqual(s.utilities, { buyer: 0.79, seller: 0.65 });
    close(s.advantage.buyer, 0.49 / 0.7);
    close(s.advantage.seller, 0.25 / 0.5);
    close(s.welfare, 1.44);
  });

  it("no agreement: reservation values, advantage 0", () => {
    const s = scoreParties(FRAMES, null, null);
    assert.deepEqual(s.utilities, { buyer: 0.3, seller: 0.4 });
    assert.deepEqual(s.advantage, { buyer: 0, seller: 0 });
    close(s.welfare, 0.7);
  });

  it("a failure: the failing agent gets 0 and advantage (0 − rv)/(max − rv); its opponent rv and 0", () => {
    const s = scoreParties(FRAMES, null, "seller");
    assert.deepEqual(s.utilities, { buyer: 0.3, seller: 0 });
    close(s.advantage.seller, -0.4 / 0.5);
    assert.equal(s.advantage.buyer, 0);
  });

  it("advantage is 0 when the best is no better than the reservation value", () => {
    assert.equal(advantageOf(0.5, 0.5, 0.5), 0);
  });
});

function row(o: Partial<NegotiationRow>): NegotiationRow {
  return {
    id: "x",
    index: 0,
    scenario: "s",
    agents: {},
    repetition: 1,
    seed: 1,
    status: "agreement",
    error: null,
    agreement: null,
    utilities: {},
    advantage: {},
    welfare: 0,
    paretoDistance: null,
    nashDistance: null,
    rounds: 0,
    timeMs: 0,
    trace: null,
    ...o,
  };
}

// Three negotiations of A and B, checked by hand below.
const ROWS = [
  row({
    agents: { buyer: "A", seller: "B" },
    utilities: { buyer: 0.8, seller: 0.4 },
    advantage: { buyer: 0.6, seller: 0.2 },
    welfare: 1.2,
    nashDistance: 0.1,
    rounds: 10,
  }),
  row({
    agents: { buyer: "B", seller: "A" },
    status: "no-agreement",
    utilities: { buyer: 0.3, seller: 0.2 },
    advantage: { buyer: 0, seller: 0 },
    welfare: 0.5,
    nashDistance: 0.5,
    rounds: 100,
  }),
  row({
    agents: { buyer: "A", seller: "B" },
    repetition: 2,
    status: "error",
    error: { agent: "A", party: "buyer", message: "threw" },
    utilities: { buyer: 0, seller: 0.2 },
    advantage: { buyer: -0.5, seller: 0 },
    welfare: 0.2,
    nashDistance: 0.9,
    rounds: 3,
  }),
];

describe("SummaryBuilder", () => {
  it("per agent: mean score, utility, agreement rate, rounds, failures; ranking by mean advantage", () => {
    const b = new SummaryBuilder({ scoring: "advantage", seed: 1, agents: ["A", "B"] });
    for (const r of ROWS) b.add(r);
    const s = b.finish();
    assert.equal(s.negotiations, 3);
    assert.equal(s.agreements, 1);
    assert.equal(s.failures, 1);
    const [first, second] = s.agents;
    // B: advantages 0.2, 0, 0 → 0.2/3; A: 0.6, 0, −0.5 → 0.1/3.
    assert.equal(first.agent, "B");
    assert.equal(first.rank, 1);
    close(first.meanScore!, 0.2 / 3);
    assert.equal(second.agent, "A");
    close(second.meanScore!, 0.1 / 3);
    close(second.meanUtility, 1 / 3);
    close(second.agreementRate, 1 / 3);
    close(second.meanRounds, 113 / 3);
    assert.equal(second.failures, 1);
    assert.equal(first.failures, 0);
    assert.equal(second.negotiations, 3);
    assert.ok(second.ci95![0] <= second.meanScore! && second.meanScore! <= second.ci95![1]);
  });

  it("pairs by scenario, role and repetition: two slots shared, differences B − A = −0.6 and +0.2; W+ = 1, exact p = 1", () => {
    const b = new SummaryBuilder({ scoring: "advantage", seed: 1, agents: ["A", "B"] });
    for (const r of ROWS) b.add(r);
    const [c] = b.finish().comparisons;
    assert.equal(c.a, "B");
    assert.equal(c.b, "A");
    assert.equal(c.pairs, 2);
    close(c.meanDifference, -0.2);
    assert.equal(c.statistic, 1);
    assert.equal(c.p, 1);
    assert.equal(c.pHolm, 1);
    assert.equal(c.better, null);
  });

  it("nash-distance: lower is better, and the ranking orients by it", () => {
    const b = new SummaryBuilder({ scoring: "nash-distance", seed: 1, agents: ["A", "B"] });
    for (const r of ROWS) b.add(r);
    const s = b.finish();
    assert.equal(s.lowerIsBetter, true);
    // Distances are the negotiation's, so both agents share them: A and B each see 0.1, 0.5, 0.9 → tie.
    close(s.agents[0].meanScore!, 0.5);
    assert.equal(s.agents[0].rank, 1);
    assert.equal(s.agents[1].rank, 1);
    const c = new SummaryBuilder({ scoring: "nash-distance", seed: 1, agents: ["A", "B", "C"] });
    c.add(row({ agents: { buyer: "A", seller: "C" }, nashDistance: 0.1 }));
    c.add(row({ agents: { buyer: "B", seller: "C" }, nashDistance: 0.3 }));
    const ranked = c.finish().agents.map((a) => a.agent);
    assert.deepEqual(ranked, ["A", "C", "B"]);
  });

  it("scoreOf reads the chosen score", () => {
    const r = ROWS[0];
    assert.equal(scoreOf(r, "buyer", "utility"), 0.8);
    assert.equal(scoreOf(r, "buyer", "advantage"), 0.6);
    assert.equal(scoreOf(r, "buyer", "welfare"), 1.2);
    assert.equal(scoreOf(r, "buyer", "nash-distance"), 0.1);
  });

  it("a significant difference names the better agent, oriented by lower-is-better", () => {
    const rows = Array.from({ length: 8 }, (_, k) =>
      row({
        agents: { buyer: "A", seller: "B" },
        repetition: k + 1,
        utilities: { buyer: 0.9, seller: 0.1 + k / 100 },
        advantage: { buyer: 0.9, seller: 0.1 },
      }),
    ).flatMap((r) => [
      r,
      {
        ...r,
        agents: { buyer: "B", seller: "A" },
        utilities: { buyer: r.utilities.seller, seller: r.utilities.buyer },
      },
    ]);
    const b = new SummaryBuilder({ scoring: "utility", seed: 1, agents: ["A", "B"] });
    for (const r of rows) b.add(r);
    const [c] = b.finish().comparisons;
    // 16 slots, every difference positive for A (each value twice, once per role): only the all-positive
    // sign assignment reaches W+ = 136, so the exact p = 2/2^16.
    assert.equal(c.a, "A");
    assert.equal(c.pairs, 16);
    close(c.p, 2 / 2 ** 16);
    assert.equal(c.better, "A");
  });
});
