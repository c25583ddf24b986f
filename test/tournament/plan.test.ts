import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Scenario } from "../../src/scenario/schema.ts";
import {
  assignmentCount,
  assignments,
  ID_LENGTH,
  negotiationSeed,
  planTournament,
  type ResolvedTournament,
  type RunSettings,
  scenarioKey,
} from "../../src/tournament/plan.ts";
import { canonicalJson, sha256Hex } from "../../src/tournament/sha256.ts";

const SETTINGS: RunSettings = {
  protocol: "saop",
  mediator: null,
  rounds: 100,
  timeMs: null,
  agentCallMs: 1000,
  agentMemoryMb: 256,
  scoring: "advantage",
  traces: false,
};

function tournament(overrides: Partial<ResolvedTournament> = {}): ResolvedTournament {
  return {
    name: "t",
    seed: 7,
    repetitions: 2,
    selfPlay: false,
    settings: SETTINGS,
    scenarios: [
      { key: "aaaa", label: "a.yaml", scenario: {} as Scenario, table: ["buyer", "seller"] },
      { key: "bbbb", label: "b.yaml", scenario: {} as Scenario, table: ["x", "y", "z"] },
    ],
    agents: [
      { name: "boulware", catalog: "boulware" },
      { name: "conceder", catalog: "conceder" },
      { name: "linear", catalog: "linear" },
      { name: "mine", file: "/a/mine.ts", fileHash: "f00d" },
    ],
    ...overrides,
  };
}

describe("sha256Hex", () => {
  it("equals node:crypto's SHA-256 for ASCII, multi-byte text and every padding boundary", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        assert.equal(sha256Hex(s), createHash("sha256").update(s, "utf8").digest("hex"));
      }),
      { numRuns: 300 },
    );
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 1000])
      assert.equal(sha256Hex("a".repeat(n)), createHash("sha256").update("a".repeat(n)).digest("hex"));
  });

  it("canonicalJson sorts keys at every level and drops undefined", () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: undefined } }),
      '{"a":{"d":[1,{"y":1,"z":0}]},"b":1}',
    );
  });
});

describe("assignments", () => {
  it("are the ordered k-tuples of distinct agents (or of any agents with self-play), as brute force lists them", () => {
    for (const [m, k] of [
      [2, 2],
      [3, 2],
      [4, 3],
      [3, 3],
      [2, 3],
      [5, 2],
    ] as const)
      for (const self of [false, true]) {
        const brute: string[] = [];
        const total = m ** k;
        for (let code = 0; code < total; code++) {
          const tuple = Array.from({ length: k }, (_, j) => Math.floor(code / m ** (k - 1 - j)) % m);
          if (self || new Set(tuple).size === k) brute.push(tuple.join(","));
        }
        const got = [...assignments(m, k, self)].map((t) => t.join(","));
        assert.deepEqual(got, brute, `${m} agents, ${k} roles, selfPlay ${self}`);
        assert.equal(assignmentCount(m, k, self), brute.length);
      }
  });
});

describe("planTournament", () => {
  it("counts without enumerating: 4·3·2 pairs + 4·3·2·… triples, times repetitions", () => {
    const plan = planTournament(tournament());
    // Bilateral: 4 × 3 ordered pairs = 12; three roles: 4 × 3 × 2 = 24; two repetitions each.
    assert.equal(plan.count, (12 + 24) * 2);
    assert.equal([...plan.negotiations].length, plan.count);
  });

  it("every agent meets every other in each role: in a bilateral scenario each ordered pair appears once per repetition", () => {
    const plan = [...planTournament(tournament()).negotiations].filter((n) => n.scenario === "aaaa");
    const pairs = plan.map((n) => `${n.agents.buyer}>${n.agents.seller}#${n.repetition}`);
    assert.equal(new Set(pairs).size, pairs.length);
    for (const a of ["boulware", "conceder", "linear", "mine"])
      for (const b of ["boulware", "conceder", "linear", "mine"])
        for (const r of [1, 2]) assert.equal(pairs.includes(`${a}>${b}#${r}`), a !== b);
  });

  it("ids are 20 hex digits without ':', unique, stable across enumerations, and positions are 0..n−1", () => {
    const plan = planTournament(tournament());
    const first = [...plan.negotiations];
    const second = [...plan.negotiations];
    assert.deepEqual(first, second);
    assert.equal(new Set(first.map((n) => n.id)).size, first.length);
    for (const n of first) assert.match(n.id, new RegExp(`^[0-9a-f]{${ID_LENGTH}}$`));
    assert.deepEqual(
      first.map((n) => n.index),
      first.map((_, i) => i),
    );
  });

  it("an id depends on the scenario content, the agents in their roles (file hash included), the repetition and the seed, not on what else is planned", () => {
    const ids = (t: ResolvedTournament) =>
      new Map(
        [...planTournament(t).negotiations].map((n) => [
          `${n.scenario}|${JSON.stringify(n.agents)}|${n.repetition}`,
          n.id,
        ]),
      );
    const base = ids(tournament());
    // Dropping a scenario and an agent leaves every remaining negotiation's id as it was.
    const fewer = ids(
      tournament({ scenarios: tournament().scenarios.slice(0, 1), agents: tournament().agents.slice(0, 3) }),
    );
    for (const [k, id] of fewer) assert.equal(base.get(k), id);
    // Another seed, another file content, another deadline: other ids.
    const reseeded = ids(tournament({ seed: 8 }));
    for (const [k, id] of reseeded) assert.notEqual(base.get(k), id);
    const edited = ids(
      tournament({ agents: tournament().agents.map((a) => (a.file ? { ...a, fileHash: "beef" } : a)) }),
    );
    for (const [k, id] of edited) assert.equal(base.get(k) === id, !k.includes("mine"));
    const longer = ids(tournament({ settings: { ...SETTINGS, rounds: 50 } }));
    for (const [k, id] of longer) assert.notEqual(base.get(k), id);
    // Limits and traces do not change what happens: same ids.
    const traced = ids(tournament({ settings: { ...SETTINGS, traces: true, agentCallMs: 5 } }));
    assert.deepEqual(traced, base);
  });

  it("each negotiation's seed is the first 32 bits of SHA-256(seed, id)", () => {
    for (const n of planTournament(tournament()).negotiations) {
      assert.equal(n.seed, negotiationSeed(7, n.id));
      assert.equal(
        n.seed,
        Number.parseInt(createHash("sha256").update(`zopa-seed-v1|7|${n.id}`).digest("hex").slice(0, 8), 16),
      );
    }
  });

  it("streams: the first negotiation comes without enumerating 10^6", () => {
    const agents = Array.from({ length: 1001 }, (_, i) => ({ name: `a${i}`, catalog: "linear" }));
    const plan = planTournament(
      tournament({ agents, scenarios: tournament().scenarios.slice(0, 1), repetitions: 1 }),
    );
    assert.equal(plan.count, 1001 * 1000);
    const it = plan.negotiations[Symbol.iterator]();
    assert.equal(it.next().value?.index, 0);
  });

  it("scenarioKey hashes the content, not the key order", () => {
    const a = { meta: { id: "x", title: "X" }, issues: [] } as unknown as Scenario;
    const b = { issues: [], meta: { title: "X", id: "x" } } as unknown as Scenario;
    assert.equal(scenarioKey(a), scenarioKey(b));
    assert.equal(scenarioKey(a), createHash("sha256").update(canonicalJson(a)).digest("hex").slice(0, 16));
  });
});
