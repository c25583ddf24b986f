/** Classrooms over HTTP: a session per student, their links and status, and the results as CSV. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { csvField } from "../../src/server/classrooms.ts";
import { useServer } from "./support.ts";

const _CAR = readFileSync("examples/car-purchase.yaml", "utf8");

describe("classrooms", () => {
  const api = useServer();

  it("one session per student; one ends with an agreement; status and CSV follow", async () => {
    const res = await api().send("/api/v1/classrooms", {
      name: "Negotiation 101",
      spec: {
        scenarioId: "car-purchase",
        agents: { buyer: "human", dealer: { name: "conceder" } },
        rounds: 10,
      },
      students: ["Ada", "=cmd|' /C calc'!A0"],
    });
    assert.equal(res.status, 201, await res.clone().text());
    const room = (await res.json()) as {
      id: string;
      party: string;
      students: { student: string; session: string; token: string; link: string }[];
    };
    assert.equal(room.party, "buyer");
    assert.equal(room.students.length, 2);
    assert.notEqual(room.students[0].session, room.students[1].session);
    assert.equal(
      room.students[0].link,
      `/scenarios/car-purchase/play?as=buyer&session=${room.students[0].session}&token=${room.students[0].token}`,
    );

    // Ada asks for the dealer's best deal: the conceder accepts at once (utility 1 for it, 0 for the buyer).
    const ada = room.students[0];
    const offer = { kind: "offer", outcome: { price: "high", warranty: "none", delivery: "pickup" } };
    const acted = await api().send(`/api/v1/sessions/${ada.session}/actions`, offer, {
      headers: { "x-party-token": ada.token },
    });
    assert.equal(((await acted.json()) as { status: string }).status, "ended");

    const status = (await (await api().fetch(`/api/v1/classrooms/${room.id}`)).json()) as {
      students: { student: string; status: string; utility: number | null }[];
    };
    assert.deepEqual(
      status.students.map((s) => [s.student, s.status, s.utility]),
      [
        ["Ada", "ended", 0],
        ["=cmd|' /C calc'!A0", "running", null],
      ],
    );
    const csv = await (await api().fetch(`/api/v1/classrooms/${room.id}/results.csv`)).text();
    const lines = csv.trim().split("\r\n");
    assert.equal(
      lines[0],
      "student,session,status,rounds,price,warranty,delivery,utility:buyer,utility:dealer,paretoDistance,nashDistance",
    );
    assert.match(lines[1], new RegExp(`^Ada,${ada.session},agreement,1,high,none,pickup,0,1(\\.0+\\d*)?,0,`));
    assert.ok(lines[2].startsWith(`'=cmd|' /C calc'!A0,`), "a formula is defused");
    assert.match(lines[2], /,running,,,,,,,,$/);
  });

  it("csvField quotes and defuses", () => {
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField("=1+1"), "'=1+1");
    assert.equal(csvField(-0.5), "-0.5");
    assert.equal(csvField(null), "");
  });
});
