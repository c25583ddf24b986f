/**
 * The ANL 2024 preset: generated scenarios are valid, of 900–1100 outcomes, with reservation values in
 * [0, 1] and deadlines in 10–10,000 steps, the same for the same seed; each family has its defining
 * property, checked outcome by outcome (zero-sum: u₁ + u₂ = 1; curve: u₂ = (1 − u₁^p)^(1/p) for one p;
 * monotonic: values rising for one party and falling for the other); the spec takes `preset: anl2024`
 * with its defaults; a preset tournament plays each scenario to its own deadline with opponents'
 * reservation values hidden.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Agent } from "../../src/negotiation/agent.ts";
import { evaluatorOf } from "../../src/negotiation/evaluator.ts";
import { simulate } from "../../src/negotiation/simulate.ts";
import { Scenario } from "../../src/scenario/schema.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { tournament } from "../../src/tasks/tournament.ts";
import { ANL2024, presetScenarios } from "../../src/tournament/presets.ts";
import { parseTournamentSpec } from "../../src/tournament/spec.ts";

const generated = presetScenarios("anl2024", 11, 60);

test("generated scenarios: valid, 900–1100 outcomes, reservation values in [0, 1], deadlines in 10–10,000 steps; seeded", () => {
  for (const g of generated) {
    const parsed = Scenario.safeParse(g.scenario);
    assert.ok(parsed.success, `${g.scenario.meta.id}: ${parsed.success ? "" : parsed.error.message}`);
    const space = compileScenario(parsed.data);
    assert.equal(space.size, g.outcomes);
    assert.ok(g.outcomes >= 900 && g.outcomes <= 1100, `${g.outcomes} outcomes`);
    for (const p of space.parties) assert.ok(p.reservation >= 0 && p.reservation <= 1);
    assert.ok(g.steps >= 10 && g.steps <= 10_000);
    assert.equal(g.rounds, Math.ceil(g.steps / 2));
  }
  assert.deepEqual(presetScenarios("anl2024", 11, 60), generated);
  assert.notDeepEqual(presetScenarios("anl2024", 12, 60), generated);
  // Every family appears in 60 draws (the smallest, zero-sum, has a 5 % share: checked over more draws).
  const many = presetScenarios("anl2024", 3, 2000);
  for (const [family, share] of ANL2024.families) {
    const n = many.filter((g) => g.family === family).length;
    assert.ok(Math.abs(n / 2000 - share) < 0.04, `${family}: ${n} of 2000`);
  }
});

function utilities(g: (typeof generated)[number]): [number[], number[]] {
  const space = compileScenario(g.scenario);
  const [a, b] = [0, 1].map((k) => evaluatorOf(space, k));
  const ua = Array.from({ length: space.size }, (_, o) => a.utility(o));
  const ub = Array.from({ length: space.size }, (_, o) => b.utility(o));
  return [ua, ub];
}

test("each family has its defining property, outcome by outcome", () => {
  const byFamily = (f: string) => presetScenarios("anl2024", 5, 400).filter((g) => g.family === f);
  for (const g of byFamily("zero-sum").slice(0, 3)) {
    const [ua, ub] = utilities(g);
    ua.forEach((u, o) => assert.ok(Math.abs(u + ub[o] - 1) < 1e-5, `zero-sum: ${u} + ${ub[o]}`));
  }
  for (const g of byFamily("curve").slice(0, 3)) {
    assert.equal(g.scenario.issues.length, 1);
    const [ua, ub] = utilities(g);
    // One p fits every outcome: found from the middle point, then checked everywhere (values rounded to 1e-6).
    const mid = Math.floor(ua.length / 2);
    let lo = 0.3;
    let hi = 3;
    for (let k = 0; k < 60; k++) {
      const p = (lo + hi) / 2;
      if ((1 - ua[mid] ** p) ** (1 / p) < ub[mid]) lo = p;
      else hi = p;
    }
    const p = (lo + hi) / 2;
    ua.forEach((u, o) => assert.ok(Math.abs((1 - u ** p) ** (1 / p) - ub[o]) < 1e-3, `curve at ${o}`));
  }
  for (const g of byFamily("monotonic").slice(0, 3)) {
    const space = compileScenario(g.scenario);
    for (const [k, sign] of [
      [0, 1],
      [1, -1],
    ])
      for (const t of space.parties[k].tables)
        for (let o = 1; o < t.length; o++) assert.ok(sign * (t[o] - t[o - 1]) >= 0, "monotonic");
  }
  for (const g of byFamily("divide-the-pie").slice(0, 3)) {
    // Each issue is a pie: what one party gets of it the other does not (per-issue values sum to 1).
    const space = compileScenario(g.scenario);
    space.issues.forEach((_, i) => {
      const [ta, tb] = [space.parties[0].tables[i], space.parties[1].tables[i]];
      const [wa, wb] = [space.parties[0].weights[i], space.parties[1].weights[i]];
      for (let o = 0; o < ta.length; o++) assert.ok(Math.abs(ta[o] / wa + tb[o] / wb - 1) < 1e-5);
    });
  }
});

test("the spec takes preset: anl2024 without scenarios, with the preset's defaults", () => {
  const r = parseTournamentSpec("name: anl\npreset: anl2024\n");
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec!.repetitions, 5);
  assert.equal(r.spec!.selfPlay, true);
  assert.deepEqual(r.spec!.agents, ANL2024.agents);
  const given = parseTournamentSpec(
    "name: anl\npreset: anl2024\nrepetitions: 2\nagents: [boulware, conceder]\n",
  );
  assert.equal(given.spec!.repetitions, 2);
  assert.deepEqual(given.spec!.agents, ["boulware", "conceder"]);
  assert.match(
    parseTournamentSpec("name: x\nagents: [boulware]\n").problems[0].message,
    /give at least one scenario/,
  );
  assert.ok(parseTournamentSpec("name: x\npreset: anl2099\n").problems.some((p) => p.path[0] === "preset"));
  assert.match(
    parseTournamentSpec("name: x\nscenarios: [a.yaml]\nagents: [boulware]\npresetScenarios: 3\n").problems[0]
      .message,
    /with a preset only/,
  );
});

test("under `utilities` information an agent sees the opponent's utilities but its reservation value as 0", () => {
  const g = generated[0];
  const space = compileScenario(g.scenario);
  let seen: number[] = [];
  const spy: Agent = {
    name: "spy",
    init(view) {
      seen = [
        view.complete!.parties[0].reservation,
        view.complete!.parties[1].reservation,
        view.self.reservation,
      ];
    },
    propose: (s) => (s.round > 1 ? null : 0),
    respond: () => "reject",
  };
  simulate(space, { agents: { a: spy, b: { ...spy, name: "other" } }, information: "utilities", rounds: 1 });
  // The spy plays `a` first, then `b` overwrites: b sees its own value and a's as 0.
  assert.equal(seen[0], 0);
  assert.equal(seen[1], space.parties[1].reservation);
  assert.equal(seen[2], space.parties[1].reservation);
});

test("a preset tournament plays every generated scenario to its own deadline", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zopa-anl-"));
  try {
    const store = join(dir, "anl.db");
    const r = await tournament({
      spec: {
        name: "anl",
        preset: "anl2024",
        presetScenarios: 3,
        repetitions: 1,
        agents: ["boulware", "conceder"],
      },
      store,
      workers: 0,
    });
    // 3 scenarios × 4 ordered pairs with self-play.
    assert.equal(r.plan.planned, 12);
    const rounds = new Map(presetScenarios("anl2024", 1, 3).map((g) => [g.scenario.meta.id, g.rounds]));
    const s = new SqliteStore(store);
    try {
      const held = await s.tournament();
      assert.equal(held!.settings.information, "utilities");
      const labels = new Map(held!.scenarios.map((x) => [x.key, x.label]));
      let n = 0;
      let longest = 0;
      for await (const row of s.rows({ traces: false })) {
        n++;
        const id = /anl2024-\d{3}/.exec(labels.get(row.scenario)!)![0];
        assert.ok(row.rounds <= rounds.get(id)!, `${row.rounds} > ${rounds.get(id)}`);
        // Without agreement: the deadline, or an agent that walked away at once (nothing acceptable to it).
        if (row.status === "no-agreement") assert.ok(row.rounds === rounds.get(id) || row.rounds === 1);
        longest = Math.max(longest, row.rounds);
      }
      assert.equal(n, 12);
      // Beyond the 100 rounds a spec without deadline gets: the scenarios' own deadlines were played.
      assert.ok(longest > 100, `longest ${longest}`);
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the preset spec docs/tournaments.md shows parses as written", async () => {
  const { readFileSync } = await import("node:fs");
  const { REPO_ROOT } = await import("../support/shared.ts");
  const doc = readFileSync(join(REPO_ROOT, "docs", "tournaments.md"), "utf8");
  const block = /```yaml\n(name: anl-2024\n[\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, "docs/tournaments.md shows a preset spec");
  const r = parseTournamentSpec(block);
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec!.preset, "anl2024");
});
