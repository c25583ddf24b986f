/**
 * A live negotiation over HTTP: a person (the buyer) against Boulware (the dealer) on the car purchase, to
 * an agreement whose utilities, Pareto distance and Nash distance are checked against a hand calculation
 * (the scenario's weights and values) and a brute-force oracle over its 18 outcomes. Also: turn order (409),
 * outcomes outside the space (400), other tokens (403), no token (401), messages and server-sent events.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { PROBLEM, readEvents, useServer } from "./support.ts";

const CAR = readFileSync("examples/car-purchase.yaml", "utf8");

// The car purchase by hand (examples/car-purchase.yaml).
const PRICE = { low: [1, 0], mid: [0.5, 0.6], high: [0, 1] } as const;
const WARRANTY = { none: [0, 1], one_year: [0.6, 0.5], two_years: [1, 0] } as const;
const DELIVERY = { pickup: [0, 1], delivered: [1, 0] } as const;
type Deal = { price: keyof typeof PRICE; warranty: keyof typeof WARRANTY; delivery: keyof typeof DELIVERY };
const buyerU = (d: Deal) =>
  0.6 * PRICE[d.price][0] + 0.3 * WARRANTY[d.warranty][0] + 0.1 * DELIVERY[d.delivery][0];
const dealerU = (d: Deal) =>
  0.7 * PRICE[d.price][1] + 0.2 * WARRANTY[d.warranty][1] + 0.1 * DELIVERY[d.delivery][1];

/** A party's view of a session, as the tests read it. */
interface View {
  status: string;
  turn: string | null;
  current: { outcome: Deal; party: string } | null;
  history: { step: number; party: string; kind: string; utility: number; message?: string }[];
  you: { utility: number; turn: unknown };
  table: { issues: unknown[]; parties: unknown[] };
  result: {
    status: string;
    agreement: Deal;
    utilities: Record<string, number>;
    paretoDistance: number;
    nashDistance: number;
  };
}

const ALL: Deal[] = [];
for (const price of Object.keys(PRICE) as Deal["price"][])
  for (const warranty of Object.keys(WARRANTY) as Deal["warranty"][])
    for (const delivery of Object.keys(DELIVERY) as Deal["delivery"][])
      ALL.push({ price, warranty, delivery });

/** Brute force: the Pareto frontier over all outcomes; the Nash point within the zone (red line, reservations). */
function oracle(agreement: Deal) {
  const u = (d: Deal) => [buyerU(d), dealerU(d)];
  const points = ALL.map(u);
  const frontier = points.filter(
    (p) => !points.some((q) => q[0] >= p[0] && q[1] >= p[1] && (q[0] > p[0] || q[1] > p[1])),
  );
  const zone = ALL.filter((d) => d.warranty !== "two_years" && buyerU(d) >= 0.3 && dealerU(d) >= 0.4).map(u);
  const nash = zone.reduce((best, p) =>
    (p[0] - 0.3) * (p[1] - 0.4) > (best[0] - 0.3) * (best[1] - 0.4) ? p : best,
  );
  const a = u(agreement);
  const dist = (p: number[]) => Math.hypot(a[0] - p[0], a[1] - p[1]);
  return { pareto: Math.min(...frontier.map(dist)), nash: dist(nash) };
}

describe("sessions: a person against an agent", () => {
  const api = useServer();
  const spec = { scenario: CAR, agents: { buyer: "human", dealer: { name: "boulware" } }, rounds: 20 };

  it("human vs boulware to an agreement; utilities and distances by hand", async () => {
    const created = await api().send("/api/v1/sessions", spec);
    assert.equal(created.status, 201);
    const { id, parties } = (await created.json()) as {
      id: string;
      parties: Record<string, { token: string }>;
    };
    assert.deepEqual(Object.keys(parties), ["buyer"]);
    assert.match(id, /^n_[A-Za-z0-9_-]{22}$/);
    const token = parties.buyer.token;
    const headers = { "x-party-token": token };
    const events = readEvents(
      await api().fetch(`/api/v1/sessions/${id}/events?token=${token}`),
      (e) => e.event === "end",
    );

    let view = (await (await api().fetch(`/api/v1/sessions/${id}`, { headers })).json()) as View;
    assert.equal(view.status, "running");
    assert.equal(view.turn, "buyer");
    assert.equal(view.current, null);
    assert.deepEqual(view.you.turn, { kind: "propose", allowed: ["offer", "end"] });
    assert.deepEqual(view.table.issues[0], {
      id: "price",
      name: "Price",
      type: "ordinal",
      options: [
        { value: "low", label: "$18,000" },
        { value: "mid", label: "$20,000" },
        { value: "high", label: "$22,000" },
      ],
    });
    assert.deepEqual(view.table.parties, [
      { id: "buyer", name: "Buyer", human: true },
      { id: "dealer", name: "Dealer", human: false },
    ]);
    assert.ok(!JSON.stringify(view).includes("weights"), "no one's preferences");

    // The buyer holds to one offer, with a message, until the dealer accepts it or a counter-offer is better.
    const mine: Deal = { price: "mid", warranty: "one_year", delivery: "pickup" };
    let first = true;
    while (view.status === "running") {
      const counter = view.current?.outcome as Deal | undefined;
      const body =
        counter && buyerU(counter) >= buyerU(mine)
          ? { kind: "accept" }
          : {
              kind: "offer",
              outcome: mine,
              ...(first ? { message: "a fair price, with a year's warranty" } : {}),
            };
      if (counter)
        assert.ok(
          Math.abs(view.you.utility - buyerU(counter)) < 1e-12,
          "own utility of the offer on the table",
        );
      first = false;
      const res = await api().send(`/api/v1/sessions/${id}/actions`, body, { headers });
      assert.equal(res.status, 200, await res.clone().text());
      view = (await res.json()) as View;
    }
    const result = view.result;
    assert.equal(result.status, "agreement", JSON.stringify(result));
    const deal = result.agreement as Deal;
    assert.ok(Math.abs(result.utilities.buyer - buyerU(deal)) < 1e-12);
    assert.ok(Math.abs(result.utilities.dealer - dealerU(deal)) < 1e-12);
    const o = oracle(deal);
    assert.ok(
      Math.abs(result.paretoDistance - o.pareto) < 1e-9,
      `pareto ${result.paretoDistance} vs ${o.pareto}`,
    );
    assert.ok(Math.abs(result.nashDistance - o.nash) < 1e-9, `nash ${result.nashDistance} vs ${o.nash}`);
    assert.equal(view.history[0].message, "a fair price, with a year's warranty");
    assert.ok(Math.abs(view.history[0].utility - 0.48) < 1e-12, "0.6 × 0.5 + 0.3 × 0.6 + 0.1 × 0");

    // Every action came as an event, in order, then the result.
    const seen = await events;
    const actions = seen.filter((e) => e.event === "action").map((e) => e.data as Record<string, unknown>);
    assert.deepEqual(
      actions.map((a) => [a.step, a.party, a.kind]),
      view.history.map((h) => [h.step, h.party, h.kind]),
    );
    assert.equal(actions[0].message, "a fair price, with a year's warranty");
    assert.ok(
      actions.every((a) => !("utility" in a) && !("utilities" in a)),
      "no utilities in events",
    );
    assert.deepEqual(seen.at(-1), { event: "end", data: result });

    // After the end: no action is expected.
    const late = await api().send(`/api/v1/sessions/${id}/actions`, { kind: "accept" }, { headers });
    assert.equal(late.status, 409);
    assert.equal(late.headers.get("content-type"), PROBLEM);
  });

  it("409 out of turn, 400 outside the space, 403 with another party's or session's token, 401 without", async () => {
    const two = await api().send("/api/v1/sessions", {
      ...spec,
      agents: { buyer: "human", dealer: "human" },
    });
    const { id, parties } = (await two.json()) as { id: string; parties: Record<string, { token: string }> };
    const as = (party: string) => ({ headers: { "x-party-token": parties[party].token } });
    const offer = { kind: "offer", outcome: { price: "mid", warranty: "one_year", delivery: "pickup" } };

    const outOfTurn = await api().send(`/api/v1/sessions/${id}/actions`, offer, as("dealer"));
    assert.equal(outOfTurn.status, 409);
    assert.equal(((await outOfTurn.json()) as { turn: string }).turn, "buyer");

    const badOption = await api().send(
      `/api/v1/sessions/${id}/actions`,
      { kind: "offer", outcome: { ...offer.outcome, price: "free" } },
      as("buyer"),
    );
    assert.equal(badOption.status, 400);
    assert.deepEqual(((await badOption.json()) as { errors: { path: unknown[] }[] }).errors[0].path, [
      "outcome",
      "price",
    ]);
    const badIssue = await api().send(
      `/api/v1/sessions/${id}/actions`,
      { kind: "offer", outcome: { ...offer.outcome, colour: "red" } },
      as("buyer"),
    );
    assert.equal(badIssue.status, 400);
    const accept = await api().send(`/api/v1/sessions/${id}/actions`, { kind: "accept" }, as("buyer"));
    assert.equal(accept.status, 400, "nothing to accept when proposing");

    const other = await api().send("/api/v1/sessions", spec);
    const otherToken = ((await other.json()) as { parties: Record<string, { token: string }> }).parties.buyer
      .token;
    const forbidden = await api().send(`/api/v1/sessions/${id}/actions`, offer, {
      headers: { "x-party-token": otherToken },
    });
    assert.equal(forbidden.status, 403);
    assert.equal(
      (await api().fetch(`/api/v1/sessions/${id}`, { headers: { "x-party-token": otherToken } })).status,
      403,
    );
    assert.equal((await api().fetch(`/api/v1/sessions/${id}`)).status, 401);

    // The buyer's offer, then the dealer sees it on the table, with its own utility.
    assert.equal((await api().send(`/api/v1/sessions/${id}/actions`, offer, as("buyer"))).status, 200);
    const dealerView = (await (await api().fetch(`/api/v1/sessions/${id}`, as("dealer"))).json()) as View;
    assert.equal(dealerView.turn, "dealer");
    assert.deepEqual(dealerView.current, { outcome: offer.outcome, party: "buyer" });
    assert.ok(Math.abs(dealerView.you.utility - 0.62) < 1e-12, "0.7 × 0.6 + 0.2 × 0.5 + 0.1 × 1");
    assert.equal(dealerView.history[0].utility, dealerView.you.utility, "own utilities only");
    const ended = await api().send(
      `/api/v1/sessions/${id}/actions`,
      { kind: "end", reason: "walking away" },
      as("dealer"),
    );
    assert.equal(((await ended.json()) as { result: { status: string } }).result.status, "no-agreement");
  });

  it("a time deadline that passes while the person is to act ends the session: the view says so, a late accept is 409", async () => {
    const timed = { scenario: CAR, agents: { buyer: "human", dealer: { name: "boulware" } }, timeMs: 400 };
    const created = await api().send("/api/v1/sessions", timed);
    assert.equal(created.status, 201);
    const { id, parties } = (await created.json()) as {
      id: string;
      parties: Record<string, { token: string }>;
    };
    const as = { headers: { "x-party-token": parties.buyer.token } };
    const offer = { kind: "offer", outcome: { price: "low", warranty: "two_years", delivery: "delivered" } };
    assert.equal((await api().send(`/api/v1/sessions/${id}/actions`, offer, as)).status, 200);
    const early = (await (await api().fetch(`/api/v1/sessions/${id}`, as)).json()) as {
      status: string;
      deadline: { timeMs: number; remainingMs: number };
    };
    // Boulware answered at once with an offer: the buyer is to act, with time left.
    assert.equal(early.status, "running");
    assert.ok(
      early.deadline.remainingMs > 0 && early.deadline.remainingMs <= 400,
      JSON.stringify(early.deadline),
    );
    await new Promise((r) => setTimeout(r, 500));
    const late = (await (await api().fetch(`/api/v1/sessions/${id}`, as)).json()) as {
      status: string;
      deadline: { remainingMs: number };
      result: { status: string; agreement: unknown; endedBy: { kind: string } };
    };
    assert.equal(late.status, "ended");
    assert.equal(late.deadline.remainingMs, 0);
    assert.equal(late.result.status, "no-agreement");
    assert.equal(late.result.agreement, null);
    assert.equal(late.result.endedBy.kind, "deadline");
    const accept = await api().send(`/api/v1/sessions/${id}/actions`, { kind: "accept" }, as);
    assert.equal(accept.status, 409);
    assert.match(((await accept.json()) as { detail: string }).detail, /ended/);
  });

  it("a late action alone (no read in between) is refused the same way", async () => {
    const timed = { scenario: CAR, agents: { buyer: "human", dealer: { name: "boulware" } }, timeMs: 300 };
    const created = await api().send("/api/v1/sessions", timed);
    const { id, parties } = (await created.json()) as {
      id: string;
      parties: Record<string, { token: string }>;
    };
    const as = { headers: { "x-party-token": parties.buyer.token } };
    const offer = { kind: "offer", outcome: { price: "low", warranty: "two_years", delivery: "delivered" } };
    assert.equal((await api().send(`/api/v1/sessions/${id}/actions`, offer, as)).status, 200);
    await new Promise((r) => setTimeout(r, 400));
    const accept = await api().send(`/api/v1/sessions/${id}/actions`, { kind: "accept" }, as);
    assert.equal(accept.status, 409);
    assert.match(((await accept.json()) as { detail: string }).detail, /time deadline passed/);
  });

  it("a spec without a human party, with repeat, or with an unknown agent: 400", async () => {
    for (const body of [
      { ...spec, agents: { buyer: { name: "boulware" }, dealer: { name: "conceder" } } },
      { ...spec, repeat: 3 },
      { ...spec, agents: { buyer: "human", dealer: { name: "nobody" } } },
    ]) {
      const res = await api().send("/api/v1/sessions", body);
      assert.equal(res.status, 400, JSON.stringify(body.agents));
      assert.equal(res.headers.get("content-type"), PROBLEM);
    }
  });
});
