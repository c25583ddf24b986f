import assert from "node:assert/strict";
import { test } from "node:test";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { mediatorHillClimbing, mediatorParty, mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import type { Protocol } from "../../src/negotiation/protocol.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { type Mediator, protocolSingleText } from "../../src/negotiation/singleText.ts";
import { decodeOutcome, encodeOutcome } from "../../src/space/outcome.ts";
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

/** Every outcome one issue away from x. */
function neighboursOf(x: number): number[] {
  const d = decodeOutcome(space, x);
  const out: number[] = [];
  for (let i = 0; i < d.length; i++)
    for (let v = 0; v < space.radix[i]; v++) {
      if (v === d[i]) continue;
      const e = Int32Array.from(d);
      e[i] = v;
      out.push(encodeOutcome(space, e));
    }
  return out;
}

/**
 * Replays a greedy mediator's documented rule against a trace with two voters: while some single-issue change
 * not yet rejected for the current text scores above 0, the proposal is one with the highest score; otherwise
 * it is a random one-issue flip. The text moves on two accepts; the final ratification is on the last text.
 * Returns how many proposals were greedy and the texts the negotiation went through.
 */
function replayGreedy(
  r: ReturnType<typeof simulate>,
  mediator: string,
  score: (text: number, candidate: number) => number,
): { greedy: number; texts: number[] } {
  const out = [r.trace[0].outcome!];
  let text = out[0];
  let tried = new Set<number>();
  let greedy = 0;
  let k = 1;
  for (; k < r.trace.length && r.trace[k].kind === "offer"; k += 3) {
    const proposal = r.trace[k];
    assert.equal(proposal.party, mediator);
    const y = proposal.outcome!;
    const untried = neighboursOf(text).filter((x) => !tried.has(x));
    assert.ok(neighboursOf(text).includes(y), `round ${proposal.round}: not a one-issue change`);
    const best = Math.max(0, ...untried.map((x) => score(text, x)));
    if (best > 1e-12) {
      assert.ok(
        untried.includes(y) && score(text, y) >= best - 1e-9,
        `round ${proposal.round}: proposed a change scoring ${score(text, y)}, the best untried scores ${best}`,
      );
      tried.add(y);
      greedy++;
    }
    const votes = r.trace.slice(k + 1, k + 3);
    assert.ok(votes.every((v) => v.outcome === y && (v.kind === "accept" || v.kind === "reject")));
    if (votes.every((v) => v.kind === "accept")) {
      text = y;
      out.push(y);
      tried = new Set();
    }
  }
  const ratify = r.trace.slice(k);
  assert.equal(ratify.length, 2, "each voter answers the final text once");
  assert.ok(ratify.every((e) => e.outcome === text));
  if (r.status === "agreement") assert.equal(r.agreement, text);
  return { greedy, texts: out };
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
  // Conceding BOA voters also accept changes that lower their utility (their acceptance condition takes them),
  // so the Nash product need not grow along the way. What holds is the mediator's rule: while some untried
  // change raises its objective (the Nash product where both clear their reservation values, else the welfare
  // shifted below every such product), it proposes the one that raises it most.
  const gains = (x: number) => [0, 1].map((k) => ev[k].utility(x) - space.parties[k].reservation);
  const objective = (x: number) => {
    const g = gains(x);
    return g.every((v) => v > 0) ? 1 + g[0] * g[1] : (ev[0].utility(x) + ev[1].utility(x)) / 2 - 1;
  };
  const replay = replayGreedy(nash, "mediator", (text, x) => objective(x) - objective(text));
  assert.ok(replay.greedy > 0, "the rule was never exercised");
  // The agreement was ratified, so it clears both reservation values.
  assert.ok(gains(nash.agreement!).every((g) => g >= -1e-12));
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
  // Every later proposal follows the same rule (the best untried change for itself; its score is shifted up
  // by 1, so a change it loses on still beats a random flip), and the text moves exactly on two accepts.
  const replay = replayGreedy(r, "p2", (text, x) => 1 + ev[2].utility(x) - ev[2].utility(text));
  assert.ok(replay.greedy > 0, "the rule was never exercised");
  assert.deepEqual(texts(r), replay.texts);
  assert.ok(replay.texts.length >= 2, "the voters let the text move");
  assert.throws(
    () =>
      simulate(space, { agents, order: ["p0", "p1"], protocol: protocolSingleText(mediatorParty("usa")) }),
    /the mediator is party "usa", which the scenario does not define; parties: "p0", "p1", "p2"/,
  );
});

test("one mediator object runs negotiation after negotiation exactly as a fresh one would", () => {
  // A second space with the same party ids but other issues and preferences.
  const other = syntheticSpace([3, 4, 2, 3], 43, { parties: 3, maxReservation: 0.3 });
  const conceders = { p0: agentFromCatalog("conceder"), p1: agentFromCatalog("conceder") };
  const makers: [string, () => Mediator][] = [
    ["random-flip", () => mediatorRandomFlip()],
    ["hill-climbing", () => mediatorHillClimbing("pareto")],
    ["nash", () => mediatorHillClimbing("nash")],
    ["party", () => mediatorParty("p2")],
  ];
  for (const [name, make] of makers) {
    const shared = protocolSingleText(make());
    const run = (s: typeof space, protocol: Protocol, seed: number) =>
      simulate(s, { agents: conceders, order: ["p0", "p1"], protocol, rounds: 20, seed });
    // The same space and seed twice, then another space, then the first again.
    for (const [s, seed, what] of [
      [space, 1, "first run"],
      [space, 1, "rerun"],
      [other, 2, "another space"],
      [space, 3, "back"],
    ] as const)
      assert.deepEqual(run(s, shared, seed), run(s, protocolSingleText(make()), seed), `${name}: ${what}`);
  }
});
