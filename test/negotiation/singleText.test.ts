import assert from "node:assert/strict";
import { test } from "node:test";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { mediatorHillClimbing, mediatorParty, mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { protocolSingleText } from "../../src/negotiation/singleText.ts";
import { decodeOutcome } from "../../src/space/outcome.ts";
import { syntheticSpace } from "./synthetic.ts";

const space = syntheticSpace([4, 3, 3, 2], 41, { parties: 3, maxReservation: 0.3 });
const ev = [0, 1, 2].map((k) => evaluatorOf(space, k));
const agents = { p0: agentFromCatalog("boulware"), p1: agentFromCatalog("conceder") };

function texts(r: ReturnType<typeof simulate>) {
  // The text moves when a proposal gets every vote.
  const out: number[] = [r.trace[0].outcome!];
  for (let k = 1; k < r.trace.length; k++) {
    const e = r.trace[k];
    if (e.party === "mediator" || e.party === "p2") {
      const votes = r.trace.slice(k + 1, k + 3);
      if (
        votes.length === 2 &&
        votes.every((v) => v.kind === "accept" && v.outcome === e.outcome) &&
        e.kind === "offer"
      )
        out.push(e.outcome!);
    }
  }
  return out;
}

test("random-flip mediation: one-issue changes, moved only on unanimous votes, ratified at the end", () => {
  const r = simulate(space, {
    agents,
    order: ["p0", "p1"],
    protocol: protocolSingleText(mediatorRandomFlip()),
    rounds: 30,
    seed: 4,
  });
  assert.deepEqual(
    r,
    simulate(space, {
      agents,
      order: ["p0", "p1"],
      protocol: protocolSingleText(mediatorRandomFlip()),
      rounds: 30,
      seed: 4,
    }),
  );
  let text = r.trace[0].outcome!;
  for (let k = 1; k + 2 < r.trace.length - 2; k += 3) {
    const [proposal, a, b] = r.trace.slice(k, k + 3);
    assert.equal(proposal.party, "mediator");
    const d0 = decodeOutcome(space, text);
    const d1 = decodeOutcome(space, proposal.outcome!);
    assert.equal(d0.filter((v, i) => v !== d1[i]).length, 1, "a flip changes exactly one issue");
    // BOA votes: yes to any change that does not hurt; yes to one that hurts only if it is acceptable.
    for (const [vote, e] of [
      [a, ev[0]],
      [b, ev[1]],
    ] as const) {
      if (e.utility(proposal.outcome!) >= e.utility(text)) assert.equal(vote.kind, "accept");
      else if (vote.kind === "accept") assert.ok(e.acceptable(proposal.outcome!));
    }
    if (a.kind === "accept" && b.kind === "accept") text = proposal.outcome!;
  }
  const ratify = r.trace.slice(-2);
  assert.ok(ratify.every((e) => e.outcome === text));
  assert.equal(
    r.status === "agreement",
    ratify.every((e) => e.kind === "accept"),
  );
  if (r.status === "agreement") assert.equal(r.agreement, text);
});

test("a hill-climbing mediator climbs to the Pareto frontier of the parties at the table", () => {
  const r = simulate(space, {
    agents: { p0: agentFromCatalog("conceder"), p1: agentFromCatalog("conceder") },
    order: ["p0", "p1"],
    protocol: protocolSingleText(mediatorHillClimbing("pareto")),
    rounds: 60,
    seed: 2,
  });
  assert.equal(r.status, "agreement");
  // Oracle: no outcome dominates the agreement for p0 and p1 (scan).
  const a = r.agreement!;
  for (let x = 0; x < space.size; x++) {
    const better = ev[0].utility(x) >= ev[0].utility(a) && ev[1].utility(x) >= ev[1].utility(a);
    const strictly =
      ev[0].utility(x) > ev[0].utility(a) + 1e-12 || ev[1].utility(x) > ev[1].utility(a) + 1e-12;
    if (better && strictly) {
      // A single-text climb stops at local optima; allow only outcomes more than one flip away.
      const d = decodeOutcome(space, a);
      const e = decodeOutcome(space, x);
      assert.ok(d.filter((v, i) => v !== e[i]).length > 1, `a one-flip improvement ${x} was left`);
    }
  }
  const nash = simulate(space, {
    agents: { p0: agentFromCatalog("conceder"), p1: agentFromCatalog("conceder") },
    order: ["p0", "p1"],
    protocol: protocolSingleText(mediatorHillClimbing("nash")),
    rounds: 60,
    seed: 2,
  });
  assert.equal(nash.status, "agreement");
  // Voters accept only changes that do not hurt them, so the Nash product can only grow from the opening text.
  const product = (x: number) =>
    (ev[0].utility(x) - space.parties[0].reservation) * (ev[1].utility(x) - space.parties[1].reservation);
  assert.ok(product(nash.agreement!) >= product(nash.trace[0].outcome!) - 1e-12);
  assert.ok(nash.distances!.nash !== null && nash.distances!.nash >= 0);
});

test("a mediator that is a party opens with its own best text and proposes what is best for itself", () => {
  const r = simulate(space, {
    agents,
    order: ["p0", "p1"],
    protocol: protocolSingleText(mediatorParty("p2")),
    rounds: 12,
  });
  const opening = r.trace[0];
  assert.equal(opening.party, "p2");
  assert.ok(Math.abs(ev[2].utility(opening.outcome!) - ev[2].best) < 1e-12);
  // Its first proposal: the best single-issue change for itself.
  const d = decodeOutcome(space, opening.outcome!);
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < d.length; i++)
    for (let v = 0; v < space.radix[i]; v++) {
      if (v === d[i]) continue;
      const e = Int32Array.from(d);
      e[i] = v;
      let x = 0;
      for (let j = 0; j < e.length; j++) x = x * space.radix[j] + e[j];
      best = Math.max(best, ev[2].utility(x));
    }
  assert.ok(Math.abs(ev[2].utility(r.trace[1].outcome!) - best) < 1e-12);
  assert.ok(texts(r).length >= 1);
  assert.throws(
    () =>
      simulate(space, { agents, order: ["p0", "p1"], protocol: protocolSingleText(mediatorParty("usa")) }),
    /the mediator is party "usa", which the scenario does not define; parties: "p0", "p1", "p2"/,
  );
});
