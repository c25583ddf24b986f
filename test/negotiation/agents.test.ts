import assert from "node:assert/strict";
import { test } from "node:test";
import {
  acceptanceCombi,
  acceptanceConst,
  acceptanceNext,
  acceptanceTime,
} from "../../src/negotiation/acceptance.ts";
import type { AgentView } from "../../src/negotiation/agent.ts";
import { publicSpaceOf } from "../../src/negotiation/agent.ts";
import { agentAspiration, aspirationTarget } from "../../src/negotiation/aspiration.ts";
import {
  type AcceptanceInput,
  agentComposed,
  type BoaContext,
  type ReceivedOffer,
} from "../../src/negotiation/boa.ts";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { type FrequencyModel, opponentModelFrequency } from "../../src/negotiation/frequencyModel.ts";
import { agentNashSeeking, offeringNashSeeking } from "../../src/negotiation/nashSeeking.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import {
  agentTimeDependent,
  geniusBilateralTarget,
  geniusWebTolerance,
  geniusWebUtilityGoal,
  timeDependentTarget,
} from "../../src/negotiation/timeDependent.ts";
import { agentTitForTat } from "../../src/negotiation/titForTat.ts";
import { decodeOutcome } from "../../src/space/outcome.ts";
import { scriptedAgent, stateAt } from "./support.ts";
import { syntheticSpace } from "./synthetic.ts";

const space = syntheticSpace([4, 5, 3], 34, { maxReservation: 0.5 });
const me = evaluatorOf(space, 0);
const acceptable: number[] = [];
for (let x = 0; x < space.size; x++) if (me.acceptable(x)) acceptable.push(x);
const nearestGap = (target: number) => Math.min(...acceptable.map((x) => Math.abs(me.utility(x) - target)));
const myOffers = (r: ReturnType<typeof simulate>) =>
  r.trace.filter((e) => e.party === "p0" && e.kind === "offer");
// An opponent that never accepts and only offers what p0 refuses.
const refused = (() => {
  for (let x = 0; x < space.size; x++) if (!me.acceptable(x)) return x;
  throw new Error("the fixture needs an outcome below p0's reservation value");
})();
const never = () => scriptedAgent([refused], ["reject"]);

test("GENIUS bilateral agents bid nearest p(t) on the AAMAS 2014 timeline, for every preset", () => {
  const R = 12;
  const pMin = Math.max(me.worst, space.parties[0].reservation);
  for (const e of [0, 0.2, 0.5, 1, 2, 5]) {
    const r = simulate(space, { agents: { p0: agentTimeDependent({ e }), p1: never }, rounds: R });
    const offers = myOffers(r);
    assert.equal(offers.length, R);
    for (const o of offers) {
      const p = geniusBilateralTarget(e, (o.round - 1) / (R - 1), pMin, me.best);
      assert.ok(
        Math.abs(Math.abs(me.utility(o.outcome!) - p) - nearestGap(p)) < 1e-12,
        `e=${e} round ${o.round}`,
      );
    }
    // The last round bids at Pmin (within the space's granularity), except for the hardliner.
    if (e > 0)
      assert.ok(Math.abs(me.utility(offers[R - 1].outcome!) - pMin) <= nearestGap(pMin) + 1e-12, `e=${e}`);
  }
});

test("GENIUS multilateral agents bid nearest 1 − t'^(1/e), t' = (r − 1)/R, and accept strictly better offers", () => {
  const R = 10;
  const r = simulate(space, {
    agents: { p0: agentTimeDependent({ e: 2, variant: "geniusMultilateral" }), p1: never },
    rounds: R,
  });
  for (const o of myOffers(r)) {
    const p = timeDependentTarget(2, (o.round - 1) / R);
    assert.ok(Math.abs(Math.abs(me.utility(o.outcome!) - p) - nearestGap(p)) < 1e-12);
  }
  // Offered exactly its own planned bid's utility: strict, so it rejects; anything strictly better it takes.
  const agent = agentTimeDependent({ e: 0, variant: "geniusMultilateral" });
  const best = acceptable.reduce((a, x) => (me.utility(x) > me.utility(a) ? x : a));
  const r2 = simulate(space, {
    agents: { p1: scriptedAgent([best]), p0: agent },
    order: ["p1", "p0"],
    rounds: 2,
  });
  assert.equal(r2.trace[1].kind, "offer");
  // The accept half. In round 2 of 2 (t' = 1/2) an e = 2 agent plans a bid below its best. The opponent
  // opens with something p0 refuses, then offers x in round 2; a probe with x refused shows the planned bid.
  const round2 = (x: number) =>
    simulate(space, {
      agents: {
        p1: scriptedAgent([refused, x], ["reject"]),
        p0: agentTimeDependent({ e: 2, variant: "geniusMultilateral" }),
      },
      order: ["p1", "p0"],
      rounds: 2,
    });
  const planned = myOffers(round2(refused)).find((o) => o.round === 2)!.outcome!;
  assert.ok(me.utility(planned) < me.best - 1e-12, "the fixture needs a planned bid below the best");
  const above = acceptable
    .filter((x) => me.utility(x) > me.utility(planned) + 1e-12)
    .sort((x, y) => me.utility(x) - me.utility(y));
  // The least and the most a strictly better offer can be worth: both are taken.
  for (const x of [above[0], above[above.length - 1]]) {
    const taken = round2(x);
    assert.equal(taken.status, "agreement", `offer worth ${me.utility(x)} vs planned ${me.utility(planned)}`);
    assert.equal(taken.agreement, x);
  }
  // Exactly the planned bid's utility: still strict, so still refused.
  assert.notEqual(round2(planned).status, "agreement");
});

test("GeniusWeb agents bid at random within [goal − tolerance, goal], varying with the seed", () => {
  const R = 20;
  const tol = geniusWebTolerance(space.parties[0].tables);
  const lo = Math.max(me.worst, space.parties[0].reservation);
  const seen = new Set<string>();
  for (const seed of [1, 2, 3]) {
    const r = simulate(space, {
      agents: { p0: agentTimeDependent({ e: 1, variant: "geniusWeb" }), p1: never },
      rounds: R,
      seed,
    });
    const offers = myOffers(r);
    seen.add(offers.map((o) => o.outcome).join());
    for (const o of offers) {
      const goal = geniusWebUtilityGoal(1, (o.round - 1) / R, lo, me.best);
      const u = me.utility(o.outcome!);
      const inRange = acceptable.some((x) => me.utility(x) >= goal - tol && me.utility(x) <= goal);
      if (inRange) assert.ok(u >= goal - tol - 1e-12 && u <= goal + 1e-12, `round ${o.round}`);
      else assert.ok(Math.abs(u - me.best) < 1e-12);
    }
  }
  assert.ok(seen.size > 1, "the bids did not depend on the seed");
});

test("the aspiration agent bids the least outcome reaching its target and accepts what reaches it", () => {
  const R = 15;
  const lo = Math.max(me.worst, space.parties[0].reservation);
  const r = simulate(space, { agents: { p0: agentAspiration(4), p1: never }, rounds: R });
  for (const o of myOffers(r)) {
    const target = aspirationTarget(4, (o.round - 1) / R, lo, me.best);
    const reaching = acceptable.filter((x) => me.utility(x) >= target - 1e-12).map((x) => me.utility(x));
    assert.ok(Math.abs(me.utility(o.outcome!) - Math.min(...reaching)) < 1e-12);
  }
  // Offered something at 0.5·target in round 1: rejected; at the target: accepted.
  const sorted = [...acceptable].sort((a, b) => me.utility(a) - me.utility(b));
  const top = sorted[sorted.length - 1];
  const low = sorted[0];
  const run = (x: number) =>
    simulate(space, {
      agents: { p1: scriptedAgent([x]), p0: agentAspiration(4) },
      order: ["p1", "p0"],
      rounds: 3,
    });
  assert.equal(run(top).status, "agreement");
  assert.notEqual(run(low).trace[1].kind, "accept");
});

test("hardliners bid their best and accept only it; random accepts above 0.6 only", () => {
  const best = Math.max(...acceptable.map((x) => me.utility(x)));
  const r = simulate(space, { agents: { p0: agentFromCatalog("hardliner"), p1: never }, rounds: 6 });
  for (const o of myOffers(r)) assert.ok(Math.abs(me.utility(o.outcome!) - best) < 1e-12);
  for (const x of acceptable.slice(0, 40)) {
    const rr = simulate(space, {
      agents: { p1: scriptedAgent([x]), p0: agentFromCatalog("random") },
      order: ["p1", "p0"],
      rounds: 1,
    });
    assert.equal(rr.status === "agreement", me.utility(x) > 0.6, `outcome ${x}`);
  }
});

test("tit-for-tat concedes exactly as much as the opponent just conceded (in its own utility)", () => {
  const sorted = [...acceptable].sort((a, b) => me.utility(a) - me.utility(b));
  const a = sorted[2];
  const b = sorted[Math.floor(sorted.length / 2)];
  const r = simulate(space, {
    agents: { p1: scriptedAgent([a, b, b], ["reject"]), p0: agentTitForTat() },
    order: ["p1", "p0"],
    rounds: 3,
  });
  const offers = myOffers(r).map((o) => me.utility(o.outcome!));
  const best = me.best;
  const level = best - (me.utility(b) - me.utility(a));
  const least = (t: number) =>
    Math.min(...acceptable.map((x) => me.utility(x)).filter((u) => u >= t - 1e-12));
  assert.ok(Math.abs(offers[0] - least(best)) < 1e-12);
  assert.ok(Math.abs(offers[1] - least(level)) < 1e-12, `${offers[1]} vs ${least(level)}`);
  assert.ok(Math.abs(offers[2] - least(level)) < 1e-12, "no new concession, no move");
});

test("the frequency model follows its formula on a hand-worked sequence", () => {
  const s = syntheticSpace([3, 2], 1);
  const model = opponentModelFrequency();
  model.init!({ space: publicSpaceOf(s) } as AgentView);
  // Offers (issue0, issue1): (0,1), (0,0), (2,0): issue 0 kept once, issue 1 kept once.
  for (const [a, b] of [
    [0, 1],
    [0, 0],
    [2, 0],
  ])
    model.update(1, a * 2 + b, stateAt(1, 10));
  // weights (1+1)/4 each; counts issue0: [2,0,1] max 2 → scores [3/3, 1/3, 2/3]; issue1: [2,1] → [3/3, 2/3].
  const expect = (a: number, b: number) => 0.5 * [1, 1 / 3, 2 / 3][a] + 0.5 * [1, 2 / 3][b];
  for (let x = 0; x < 6; x++) {
    const [a, b] = decodeOutcome(s, x);
    assert.ok(Math.abs(model.utility(1, x) - expect(a, b)) < 1e-12);
  }
});

test("the Nash-seeking agent bids toward the Nash point of its own utility and its model's estimate", () => {
  const R = 10;
  // A space of 240 outcomes where p0 refuses a few: fine enough that bids follow the target round by round.
  const space = syntheticSpace([5, 4, 4, 3], 1, { maxReservation: 0.6 });
  const me = evaluatorOf(space, 0);
  const myOffers = (r: ReturnType<typeof simulate>) =>
    r.trace.filter((e) => e.party === "p0" && e.kind === "offer");
  // An opponent that never accepts (and offers only outcomes p0 refuses), so that p0 bids in every round and
  // every bid can be checked against its target. Its offers vary, so the frequency model learns something.
  const refusedOffers: number[] = [];
  for (let x = 0; x < space.size; x++) if (!me.acceptable(x)) refusedOffers.push(x);
  assert.ok(refusedOffers.length >= 3, "the fixture needs outcomes p0 refuses");
  const r = simulate(space, {
    agents: { p0: agentNashSeeking(1), p1: scriptedAgent(refusedOffers, ["reject"]) },
    rounds: R,
    seed: 2,
  });
  assert.equal(r.status, "no-agreement");
  assert.deepEqual(r.endedBy, { kind: "deadline" });
  const offers = myOffers(r);
  assert.equal(offers.length, R, "it bids in every round");
  // It may retract when a new offer moves its Nash estimate up (this run does), so "it never retracts" holds
  // while the estimate stands still: with a model frozen after the opponent's first two offers (seen by p0's
  // bid in round 3), the frontier and the Nash point are fixed and the falling target can only lower its bids.
  const learned = opponentModelFrequency();
  let updates = 0;
  const frozen: FrequencyModel = {
    ...learned,
    update: (party, outcome, state) => {
      if (updates++ < 2) learned.update(party, outcome, state);
    },
  };
  const still = simulate(space, {
    agents: {
      p0: agentComposed({
        offering: offeringNashSeeking(frozen, 1),
        acceptance: acceptanceNext(),
        model: frozen,
      }),
      p1: scriptedAgent(refusedOffers, ["reject"]),
    },
    rounds: R,
  });
  const stillOffers = myOffers(still).map((o) => me.utility(o.outcome!));
  assert.equal(stillOffers.length, R);
  for (let k = 3; k < stillOffers.length; k++)
    assert.ok(stillOffers[k] <= stillOffers[k - 1] + 1e-12, `it never retracts (round ${k + 1})`);
  assert.ok(stillOffers[R - 1] < stillOffers[2] - 1e-12, "it concedes over the rounds");
  const rv = space.parties[0].reservation;
  // Oracle for the bid at `o`: rebuild the model from the opponent's earlier offers, scan the space for the
  // Nash point argmax (u − rv)·û, then the target u_nash + (u_best − u_nash)(1 − t^(1/e)).
  const oracle = (o: (typeof offers)[number]) => {
    const model = opponentModelFrequency();
    model.init!({ space: publicSpaceOf(space) } as AgentView);
    for (const e of r.trace)
      if (e.party === "p1" && e.kind === "offer" && e.step < o.step)
        model.update(1, e.outcome!, stateAt(1, R));
    let bestProduct = Number.NEGATIVE_INFINITY;
    let nashU = 0;
    for (let x = 0; x < space.size; x++) {
      if (!me.acceptable(x)) continue;
      const p = (me.utility(x) - rv) * model.utility(1, x);
      if (p > bestProduct + 1e-12 || (Math.abs(p - bestProduct) <= 1e-12 && me.utility(x) > nashU)) {
        bestProduct = p;
        nashU = me.utility(x);
      }
    }
    return { model, nashU, target: nashU + (me.best - nashU) * timeDependentTarget(1, o.time) };
  };
  for (const o of offers) {
    const { model, target } = oracle(o);
    const u = me.utility(o.outcome!);
    assert.ok(u >= target - 1e-9, `round ${o.round}: bid ${u} below the target ${target}`);
    // On the estimated frontier: no outcome reaching the target gives the opponent more (by the model).
    let most = Number.NEGATIVE_INFINITY;
    for (let x = 0; x < space.size; x++)
      if (me.acceptable(x) && me.utility(x) >= target - 1e-12) most = Math.max(most, model.utility(1, x));
    assert.ok(model.utility(1, o.outcome!) >= most - 1e-9, `round ${o.round}: not the best trade-off`);
  }
  const last = offers[offers.length - 1];
  assert.equal(last.round, R);
  assert.ok(
    me.utility(last.outcome!) >= oracle(last).nashU - 1e-9,
    "it never concedes past the estimated Nash point",
  );
});

test("acceptance conditions: AC_next, AC_const, AC_time, AC_combi", () => {
  const received: ReceivedOffer[] = [];
  const ctx = { view: { discount: 1 }, model: null, received } as unknown as BoaContext;
  const input = (offerUtility: number, plannedUtility: number, t: number): AcceptanceInput => ({
    state: { ...stateAt(1, 10), time: t },
    offer: 0,
    offerUtility,
    planned: 1,
    plannedUtility,
    ctx,
  });
  assert.equal(acceptanceNext().accept(input(0.6, 0.6, 0)), true);
  assert.equal(acceptanceNext({ strict: true }).accept(input(0.6, 0.6, 0)), false);
  assert.equal(acceptanceNext().accept(input(0.59, 0.6, 0)), false);
  assert.equal(acceptanceNext({ alpha: 1.02 }).accept(input(0.59, 0.6, 0)), true);
  assert.equal(acceptanceConst(0.7).accept(input(0.7, 1, 0)), true);
  assert.equal(acceptanceConst(0.7).accept(input(0.69, 0, 0)), false);
  assert.equal(acceptanceTime(0.9).accept(input(0, 1, 0.89)), false);
  assert.equal(acceptanceTime(0.9).accept(input(0, 1, 0.9)), true);
  // AC_combi(0.8): at t = 0.9 the window is [0.8, 0.9]; received 0.5 at 0.75 (outside), 0.4 at 0.85.
  received.push({ outcome: 0, party: 1, time: 0.75, utility: 0.5 });
  received.push({ outcome: 0, party: 1, time: 0.85, utility: 0.4 });
  received.push({ outcome: 0, party: 1, time: 0.9, utility: 0.45 }); // the offer being answered
  const combi = acceptanceCombi(0.8);
  assert.equal(combi.accept(input(0.45, 0.9, 0.9)), true);
  assert.equal(combi.accept(input(0.39, 0.9, 0.9)), false);
  assert.equal(combi.accept(input(0.45, 0.9, 0.7)), false, "before T only AC_next");
  assert.equal(combi.accept(input(0.95, 0.9, 0.1)), true);
});
