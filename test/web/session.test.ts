import assert from "node:assert/strict";
import { test } from "node:test";
import { studentPath, studentRows } from "../../src/web/classroom.ts";
import { parseRoute } from "../../src/web/routes.ts";
import {
  isTurnOf,
  mayDo,
  nashDistanceOf,
  resultUtility,
  roundsLeft,
  type SessionView,
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
