/**
 * The ANL 2025 preset: the centre's utility and the score on hand-worked cases; what a plain bilateral
 * centre sees of earlier deals (its reservation value) on a hand-made two-edge scenario; generated scenarios
 * valid and seeded; a tiny `zopa tournament` whose stored rows and ranking agree with a brute-force
 * recomputation from the scenarios' preferences; the same rows with 0 and 2 workers and after a resume.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Agent } from "../../src/negotiation/agent.ts";
import { Scenario } from "../../src/scenario/schema.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { runTournament } from "../../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../src/tasks/tournamentLoad.ts";
import {
  ANL2025,
  anl2025Scenarios,
  anl2025Score,
  type CentreKind,
  centreReservation,
  centreUtility,
  runMultiDeal,
} from "../../src/tournament/anl2025.ts";
import type { PlannedNegotiation, RunSettings } from "../../src/tournament/plan.ts";
import type { NegotiationRow } from "../../src/tournament/row.ts";
import { anl2025Weighted } from "../../src/tournament/scoring.ts";
import { parseTournamentSpec } from "../../src/tournament/spec.ts";
import { SummaryBuilder } from "../../src/tournament/summary.ts";
import { timeless, zopa } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-anl2025-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const close = (a: number, b: number, what = "", tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≠ ${b}`);

test("the centre's utility by hand: no deal on an edge counts as r_c there", () => {
  const l = [0.6, 0.4];
  // max: the best of 0.8 and 1; of 0.8 and r_c = 0.3; r_c without deals.
  close(centreUtility("max", l, [0.8, 1], 0.3), 1);
  close(centreUtility("max", l, [0.8, null], 0.3), 0.8);
  close(centreUtility("max", l, [0.1, null], 0.3), 0.3);
  close(centreUtility("max", l, [null, null], 0.3), 0.3);
  // linear: 0.6·0.8 + 0.4·1 = 0.88; 0.6·0.8 + 0.4·0.3 = 0.6; 0.6·0.3 + 0.4·0.3 = 0.3.
  close(centreUtility("linear", l, [0.8, 1], 0.3), 0.88);
  close(centreUtility("linear", l, [0.8, null], 0.3), 0.6);
  close(centreUtility("linear", l, [null, null], 0.3), 0.3);
  // The reservation the centre plays edge k with: where a deal there starts to pay, given deals so far.
  assert.equal(centreReservation("max", [], 0.3), 0.3);
  assert.equal(centreReservation("max", [0.8], 0.3), 0.8);
  assert.equal(centreReservation("max", [0.1, null], 0.3), 0.3);
  assert.equal(centreReservation("linear", [0.8], 0.3), 0.3);
});

test("the score by hand: centre × n_edges, edge ÷ n_edges, then (μ_centre + μ_edge) / 2", () => {
  const rows = [
    { agents: { c: "A", e1: "B", e2: "B" }, utilities: { c: 0.9, e1: 0.4, e2: 0.6 } },
    { agents: { c: "B", e1: "A", e2: "B" }, utilities: { c: 0.5, e1: 0.8, e2: 0.2 } },
  ];
  close(anl2025Weighted(rows[0].utilities, "c"), 1.8);
  close(anl2025Weighted(rows[0].utilities, "e2"), 0.3);
  // A: centre 1.8, edge 0.4 → 1.1. B: centre 1.0, edges 0.2, 0.3, 0.1 → (1.0 + 0.2) / 2 = 0.6.
  close(anl2025Score([1.8], [0.4])!, 1.1);
  close(anl2025Score([1], [0.2, 0.3, 0.1])!, 0.6);
  assert.equal(anl2025Score([], []), null);
  const summary = new SummaryBuilder({ scoring: "anl2025", seed: 1, agents: ["A", "B"], resamples: 50 });
  for (const [k, r] of rows.entries())
    summary.add({
      ...r,
      scenario: `s${k}`,
      repetition: 1,
      status: "agreement",
      error: null,
      advantage: { c: 0, e1: 0, e2: 0 },
      welfare: 0,
      nashDistance: null,
      rounds: 1,
    });
  const stats = summary.finish();
  close(stats.agents.find((a) => a.agent === "A")!.meanScore!, 1.1);
  close(stats.agents.find((a) => a.agent === "B")!.meanScore!, 0.6);
  assert.deepEqual(
    stats.agents.map((a) => a.rank),
    [1, 2],
  );
});

/** Two edges of one issue each (options v0, v1); λ = (0.6, 0.4), r_c = 0.3. */
const handMade = {
  zopa: 1,
  meta: { id: "two-edges", title: "Two edges" },
  sources: [],
  issues: [
    { id: "e1-i0", name: "Edge 1", type: "categorical", options: [{ id: "v0" }, { id: "v1" }] },
    { id: "e2-i0", name: "Edge 2", type: "categorical", options: [{ id: "v0" }, { id: "v1" }] },
  ],
  parties: [
    {
      id: "c",
      name: "Centre",
      role: "principal",
      reservation: 0.3,
      preferences: {
        weights: { "e1-i0": 0.6, "e2-i0": 0.4 },
        values: { "e1-i0": { v0: 0.2, v1: 0.8 }, "e2-i0": { v0: 0.5, v1: 1 } },
      },
    },
    {
      id: "e1",
      name: "Edge 1",
      role: "principal",
      reservation: 0.1,
      preferences: { weights: { "e1-i0": 1 }, values: { "e1-i0": { v0: 1, v1: 0.4 } } },
    },
    {
      id: "e2",
      name: "Edge 2",
      role: "principal",
      reservation: 0.2,
      preferences: { weights: { "e2-i0": 1 }, values: { "e2-i0": { v0: 0.9, v1: 0 } } },
    },
  ],
  variants: [],
};

const settings: RunSettings = {
  protocol: "saop",
  mediator: null,
  rounds: 3,
  timeMs: null,
  agentCallMs: 1000,
  agentMemoryMb: 64,
  scoring: "anl2025",
  traces: false,
};

test("a plain bilateral centre sees earlier deals through its reservation value; the row scores the combination", async () => {
  const scenario = Scenario.parse(handMade);
  for (const [kind, refuse, seen, centre, e2] of [
    ["max", false, [0.3, 0.8], 1, 0],
    ["linear", false, [0.3, 0.3], 0.88, 0],
    ["max", true, [0.3, 0.8], 0.8, 0.2],
    ["linear", true, [0.3, 0.3], 0.6, 0.2],
  ] as [CentreKind, boolean, number[], number, number][]) {
    const reservations: number[] = [];
    // The centre always offers v1 (its best); e1 accepts anything; e2 accepts unless `refuse`.
    const spy = (): Agent => ({
      name: "spy",
      init: (view) => void reservations.push(view.self.reservation),
      propose: () => 1,
      respond: () => "reject",
    });
    const edge = (accept: boolean) => (): Agent => ({
      name: "edge",
      propose: () => 0,
      respond: () => (accept ? "accept" : "reject"),
    });
    const planned: PlannedNegotiation = {
      id: `hand-${kind}-${refuse}`,
      index: 0,
      scenario: `hand-${kind}`,
      agents: { c: "spy", e1: "yes", e2: "maybe" },
      repetition: 1,
      seed: 7,
      rounds: 3,
      multideal: { kind },
    };
    const factories = { spy, yes: edge(true), maybe: edge(!refuse) };
    const row = await runMultiDeal(scenario, planned, factories, settings, false);
    assert.deepEqual(reservations, seen, `${kind}: the centre's reservation values`);
    close(row.utilities.c, centre, `${kind} centre`);
    close(row.utilities.e1, 0.4, "e1");
    close(row.utilities.e2, e2, "e2");
    assert.deepEqual(row.agreement, refuse ? { "e1-i0": "v1" } : { "e1-i0": "v1", "e2-i0": "v1" });
    assert.equal(row.status, "agreement");
    assert.equal(row.rounds, refuse ? 1 + 3 : 2);
    // The same with the asynchronous session.
    reservations.length = 0;
    const again = await runMultiDeal(scenario, planned, factories, settings, true);
    assert.deepEqual(timeless(again), timeless(row));
  }
});

test("a failing centre gets 0, and the edges it did not meet their reservation values", async () => {
  const scenario = Scenario.parse(handMade);
  const planned: PlannedNegotiation = {
    id: "fail",
    index: 0,
    scenario: "hand-fail",
    agents: { c: "thrower", e1: "edge", e2: "edge" },
    repetition: 1,
    seed: 7,
    rounds: 3,
    multideal: { kind: "max" },
  };
  const thrower = (): Agent => ({
    name: "thrower",
    propose: () => {
      throw new Error("boom");
    },
    respond: () => "reject",
  });
  const edge = (): Agent => ({ name: "edge", propose: () => 0, respond: () => "accept" });
  const row = await runMultiDeal(scenario, planned, { thrower, edge }, settings, false);
  assert.equal(row.status, "error");
  assert.equal(row.error!.party, "c");
  assert.deepEqual(row.utilities, { c: 0, e1: 0.1, e2: 0.2 });
});

test("generated scenarios: valid, 2–4 edges of 10–100 outcomes, deadlines in 10–1,000 rounds; seeded", () => {
  const generated = anl2025Scenarios(3, 40);
  for (const g of generated) {
    const parsed = Scenario.safeParse(g.scenario);
    assert.ok(parsed.success, `${g.scenario.meta.id}: ${parsed.success ? "" : parsed.error.message}`);
    assert.ok(g.edges >= ANL2025.minEdges && g.edges <= ANL2025.maxEdges);
    assert.equal(parsed.data.parties.length, g.edges + 1);
    for (const n of g.outcomes) assert.ok(n >= 10 && n <= 100, `${n} outcomes`);
    // The container's space is the product of the edges' spaces.
    assert.equal(
      compileScenario(parsed.data).size,
      g.outcomes.reduce((x, y) => x * y, 1),
    );
    assert.ok(g.rounds >= 10 && g.rounds <= 1000);
  }
  assert.ok(new Set(generated.map((g) => g.kind)).size === 2);
  assert.deepEqual(anl2025Scenarios(3, 40), generated);
  assert.notDeepEqual(anl2025Scenarios(4, 40), generated);
});

test("the spec takes preset: anl2025 with its defaults; scenarios and other scorings are refused with it", () => {
  const r = parseTournamentSpec("name: anl\npreset: anl2025\n");
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec!.scoring, "anl2025");
  assert.match(
    parseTournamentSpec("name: x\npreset: anl2025\nscenarios: [a.yaml]\n").problems[0].message,
    /leave out scenarios/,
  );
  assert.match(
    parseTournamentSpec("name: x\npreset: anl2025\nscoring: utility\n").problems[0].message,
    /scoring anl2025/,
  );
  assert.match(
    parseTournamentSpec("name: x\npreset: anl2025\nselfPlay: false\n").problems[0].message,
    /selfPlay must stay true/,
  );
  assert.match(
    parseTournamentSpec("name: x\npreset: anl2024\nscoring: anl2025\n").problems[0].message,
    /scoring anl2025/,
  );
});

const SPEC = join(dir, "anl2025.yaml");
writeFileSync(
  SPEC,
  "name: anl-2025-test\npreset: anl2025\npresetScenarios: 3\nagents: [boulware, conceder, linear]\nseed: 5\n",
);

async function rowsOf(db: string): Promise<NegotiationRow[]> {
  const store = new SqliteStore(db);
  try {
    const out: NegotiationRow[] = [];
    for await (const r of store.rows()) out.push(r);
    return out;
  } finally {
    await store.close();
  }
}

type Prefs = { weights: Record<string, number>; values: Record<string, Record<string, string | number>> };

test("a tiny anl2025 tournament through `zopa tournament`: rows and ranking agree with a brute-force recomputation", async () => {
  const db = join(dir, "cli.db");
  const run = await zopa("tournament", SPEC, "--store", db, "--workers", "0");
  assert.equal(run.code, 0, run.err);
  const results = JSON.parse((await zopa("results", db, "--format", "json")).out);
  // 3 scenarios × 3 centres × 3 rotations of the agents over the edges.
  assert.equal(results.tournament.negotiations, 27);
  assert.equal(results.tournament.scoring, "anl2025");
  const rows = await rowsOf(db);
  assert.equal(rows.length, 27);
  const store = new SqliteStore(db);
  const scenarios = new Map<string, { parties: { id: string; reservation: number; preferences: Prefs }[] }>();
  const kinds = new Map<string, CentreKind>();
  try {
    const held = (await store.tournament())!;
    for (const s of held.scenarios) {
      scenarios.set(s.key, (await store.scenario(s.key)) as never);
      kinds.set(s.key, /centre (max|linear)/.exec(s.label)![1] as CentreKind);
    }
  } finally {
    await store.close();
  }
  const perAgent = new Map<string, { centre: number[]; edge: number[] }>();
  let deals = 0;
  for (const row of rows) {
    assert.ok(row.status === "agreement" || row.status === "no-agreement", row.status);
    const sc = scenarios.get(row.scenario)!;
    const [centre, ...edges] = sc.parties;
    // Utility of a deal on `block` by a party's preferences, straight from the scenario: Σ w·v / Σ w.
    const utility = (p: Prefs, block: string[]) =>
      block.reduce((s, id) => s + p.weights[id] * Number(p.values[id][row.agreement![id] as string]), 0) /
      block.reduce((s, id) => s + p.weights[id], 0);
    const total = Object.values(centre.preferences.weights).reduce((s, w) => s + w, 0);
    let combined = 0;
    const xs: number[] = [];
    for (const e of edges) {
      const block = Object.keys(e.preferences.weights);
      const dealt = row.agreement !== null && block.every((id) => id in row.agreement!);
      if (dealt) deals++;
      close(row.utilities[e.id], dealt ? utility(e.preferences, block) : e.reservation, e.id);
      const x = dealt ? utility(centre.preferences, block) : centre.reservation;
      xs.push(x);
      combined += (block.reduce((s, id) => s + centre.preferences.weights[id], 0) / total) * x;
    }
    close(row.utilities.c, kinds.get(row.scenario) === "max" ? Math.max(...xs) : combined, "centre");
    const n = edges.length;
    for (const [party, agent] of Object.entries(row.agents)) {
      const tally = perAgent.get(agent) ?? { centre: [], edge: [] };
      perAgent.set(agent, tally);
      if (party === "c") tally.centre.push(row.utilities.c * n);
      else tally.edge.push(row.utilities[party] / n);
    }
  }
  assert.ok(deals > 0, "some deals were made");
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  for (const a of results.agents) {
    const t = perAgent.get(a.agent)!;
    assert.equal(t.centre.length, 9);
    close(a.meanScore, (mean(t.centre) + mean(t.edge)) / 2, a.agent, 1e-12);
  }
  const order = [...results.agents].sort((x, y) => y.meanScore - x.meanScore).map((a) => a.agent);
  assert.deepEqual(
    results.agents.map((a: { agent: string }) => a.agent),
    order,
  );
});

async function engineRun(db: string, options: Parameters<typeof runTournament>[2]) {
  const loaded = await loadTournamentFile(SPEC);
  const store = new SqliteStore(db);
  try {
    return await runTournament(loaded, store, { workers: 0, ...options });
  } finally {
    await store.close();
  }
}

test("the same rows in this thread, with 1 and with 2 workers, and after a stopped run is resumed", async () => {
  await engineRun(join(dir, "w0.db"), { workers: 0 });
  const whole = (await rowsOf(join(dir, "w0.db"))).map(timeless);
  for (const workers of [1, 2]) {
    let pooled = -1;
    await engineRun(join(dir, `w${workers}.db`), {
      workers,
      batchSize: 3,
      sampleMs: 0,
      onPlan: (p) => {
        pooled = p.remaining;
      },
    });
    // Nothing ran in the timed sample: the worker threads ran all 27.
    assert.equal(pooled, 27);
    assert.deepEqual((await rowsOf(join(dir, `w${workers}.db`))).map(timeless), whole, `${workers} workers`);
  }
  const controller = new AbortController();
  const first = await engineRun(join(dir, "r.db"), {
    sampleMs: 0,
    batchSize: 2,
    onProgress: (p) => {
      if (p.done >= 6) controller.abort();
    },
    signal: controller.signal,
  });
  assert.equal(first.stopped, true);
  assert.ok(first.stored >= 6 && first.stored < 27, `${first.stored} stored`);
  const second = await engineRun(join(dir, "r.db"), {});
  assert.equal(second.storedBefore, first.stored);
  assert.deepEqual((await rowsOf(join(dir, "r.db"))).map(timeless), whole);
});

test("the anl2025 spec docs/tournaments.md shows parses as written", async () => {
  const { readFileSync } = await import("node:fs");
  const { REPO_ROOT } = await import("../support/shared.ts");
  const doc = readFileSync(join(REPO_ROOT, "docs", "tournaments.md"), "utf8");
  const block = /```yaml\n(name: anl-2025\n[\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, "docs/tournaments.md shows an anl2025 spec");
  const r = parseTournamentSpec(block);
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec!.preset, "anl2025");
  assert.equal(r.spec!.scoring, "anl2025");
});
