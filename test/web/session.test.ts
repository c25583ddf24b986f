import assert from "node:assert/strict";
import { test } from "node:test";
import { studentPath, studentRows } from "../../src/web/classroom.ts";
import { parseRoute } from "../../src/web/routes.ts";
import {
  deadlineEndsAt,
  isTurnOf,
  mayDo,
  nashDistanceOf,
  resultUtility,
  roundsLeft,
  type SessionView,
  secondsLeft,
  sessionSpec,
} from "../../src/web/session.ts";

const view = (over: Partial<SessionView>): SessionView => ({
  status: "running",
  current: null,
  history: [],
  ...over,
});

test("the turn comes from the party's own view: what it may do now, or nothing while it waits", () => {
  const mine = view({
    you: { party: "buyer", turn: { kind: "respond", allowed: ["offer", "accept", "end"] } },
  });
  assert.equal(isTurnOf(mine, "buyer"), true);
  assert.equal(mayDo(mine, "buyer", "accept"), true);
  assert.equal(mayDo(mine, "buyer", "reject"), false);
  const waiting = view({ you: { party: "buyer", turn: null }, turn: "dealer" });
  assert.equal(isTurnOf(waiting, "buyer"), false);
  assert.equal(mayDo(waiting, "buyer", "offer"), false);
  assert.equal(isTurnOf(view({ status: "ended", you: { party: "buyer", turn: null } }), "buyer"), false);
});

test("the deadline counts down in rounds; result fields keyed by party", () => {
  assert.equal(roundsLeft(view({ round: 3, deadline: { rounds: 10 } }), null), 7);
  assert.equal(roundsLeft(view({ round: 12, deadline: { rounds: 10 } }), null), 0);
  assert.equal(roundsLeft(view({ round: 3, deadline: { rounds: null, timeMs: 5000 } }), null), null);
  const r = { utilities: { buyer: 0.5, dealer: 0.7 }, paretoDistance: 0, nashDistance: 0.12 };
  assert.equal(resultUtility(r, "dealer"), 0.7);
  assert.equal(nashDistanceOf(r), 0.12);
});

test("a student's link opens the play view joined to their own session", () => {
  const link = { student: "student 1", session: "s1", party: "buyer", token: "t/1" };
  const route = parseRoute(...(studentPath("car-purchase", link).split("?") as [string, string]));
  assert.deepEqual(route, {
    view: "play",
    scenario: "car-purchase",
    query: { as: "buyer", session: "s1", token: "t/1" },
  });
  const rows = studentRows(
    "car-purchase",
    [link],
    [{ ...link, session: "p1" }],
    new Map([["s1", { student: "student 1", session: "s1", status: "ended", utility: 0.6 }]]),
  );
  assert.equal(rows[0].assessed.status, "ended");
  assert.equal(rows[0].assessed.utility, 0.6);
  assert.equal(rows[0].practice?.status, "waiting");
});

test("a deadline in seconds: the spec carries timeMs, the page counts down whole seconds to zero", () => {
  const scenario = { parties: [] } as never;
  assert.deepEqual(sessionSpec(scenario, ["a", "b"], "a", "linear", 10).rounds, 10);
  const timed = sessionSpec(scenario, ["a", "b"], "a", "linear", { timeMs: 30_000 });
  assert.equal(timed.timeMs, 30_000);
  assert.equal("rounds" in timed, false, "no rounds: the server takes the time deadline alone");
  const t0 = 1_000_000;
  const v = view({ deadline: { rounds: null, timeMs: 30_000 } });
  // Made on this page: from when the server answered.
  assert.equal(deadlineEndsAt(v, t0, t0 + 5), t0 + 30_000);
  // Joined later: the last action at normalised time 0.4 means at least 12 s have gone.
  const joined = view({
    deadline: { rounds: null, timeMs: 30_000 },
    history: [
      { party: "a", kind: "offer", time: 0.1 },
      { party: "b", kind: "offer", time: 0.4 },
    ],
  });
  assert.equal(deadlineEndsAt(joined, null, t0), t0 + 18_000);
  // The server's own end time wins; rounds only: no countdown.
  assert.equal(deadlineEndsAt(view({ deadline: { timeMs: 30_000, endsAt: t0 + 7 } }), t0, t0), t0 + 7);
  assert.equal(deadlineEndsAt(view({ deadline: { rounds: 10, timeMs: null } }), t0, t0), null);
  assert.equal(secondsLeft(t0 + 30_000, t0), 30);
  assert.equal(secondsLeft(t0 + 30_000, t0 + 29_001), 1);
  assert.equal(secondsLeft(t0 + 30_000, t0 + 30_000), 0);
  assert.equal(secondsLeft(t0 + 30_000, t0 + 45_000), 0);
});
