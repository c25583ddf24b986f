/**
 * User agents in tournaments run in the agent sandbox (src/runtime/agentSandbox.ts), the one simulate uses: a
 * busy loop is stopped at `agentCallMs` (timeout), a memory hog at `agentMemoryMb` (memory), each naming the
 * agent; the failing agent scores 0 and its opponent its reservation value; every negotiation between built-in
 * agents is the same as in a tournament without the bad agents. Both in this thread (few negotiations) and in
 * the engine's piscina workers loaded through tsx (where the sandbox must find its worker file without
 * `import.meta.resolve`).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createTournamentPool } from "../../src/runtime/tournamentPool.ts";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { runTournament } from "../../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../src/tasks/tournamentLoad.ts";
import { planTournament } from "../../src/tournament/plan.ts";
import type { NegotiationRow } from "../../src/tournament/row.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { timeless } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-tournament-sandbox-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const CAR = join(REPO_ROOT, "examples", "car-purchase.yaml");
const BUSY = join(REPO_ROOT, "test", "runtime", "fixtures", "busy.js");
const HOG = join(REPO_ROOT, "test", "runtime", "fixtures", "hog.js");
const HANGING_TS = join(REPO_ROOT, "test", "tournament", "fixtures", "hanging-agent.ts");

function specFile(name: string, agents: string[], agentCallMs = 1000): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      `scenarios: [${JSON.stringify(CAR)}]`,
      `agents: [${agents.join(", ")}]`,
      "rounds: 20",
      `limits: { agentCallMs: ${agentCallMs}, agentMemoryMb: 48 }`,
    ].join("\n"),
  );
  return file;
}

async function rowsOf(file: string, db: string): Promise<NegotiationRow[]> {
  const store = new SqliteStore(join(dir, db));
  try {
    await runTournament(await loadTournamentFile(file), store, { workers: 0 });
    const rows: NegotiationRow[] = [];
    for await (const r of store.rows()) rows.push(r);
    return rows;
  } finally {
    await store.close();
  }
}

/** The row as the built-ins' pairing gives it: who played which role, and what came of it. */
const pairing = (r: NegotiationRow) => JSON.stringify([r.agents, r.repetition]);
const bad = new Set(["busy", "hog"]);

describe("user agents in a tournament run sandboxed", () => {
  it("a busy loop times out, a memory hog is stopped, both named; the built-ins' negotiations are unchanged", {
    timeout: 120_000,
  }, async () => {
    const builtIns = ["boulware", "conceder", "linear"];
    const withBad = await rowsOf(
      specFile("with-bad", [
        ...builtIns,
        `{ name: busy, file: ${JSON.stringify(BUSY)} }`,
        `{ name: hog, file: ${JSON.stringify(HOG)} }`,
      ]),
      "with-bad.db",
    );
    const without = await rowsOf(specFile("without", builtIns), "without.db");
    // 5 agents, ordered pairs without self-play: 20 negotiations; 3 built-ins: 6.
    assert.equal(withBad.length, 20);
    assert.equal(without.length, 6);
    const rv = { buyer: 0.3, dealer: 0.4 } as Record<string, number>;
    for (const r of withBad) {
      const culprits = Object.entries(r.agents).filter(([, a]) => bad.has(a));
      if (culprits.length === 0) continue;
      // The party that fails first: busy answers twice before looping; hog fails on its first proposal.
      assert.ok(["timeout", "memory"].includes(r.status), `${pairing(r)}: ${r.status}`);
      const [party, agent] = culprits.find(([, a]) => a === r.error?.agent) ?? culprits[0];
      assert.equal(r.error?.agent, agent);
      assert.equal(r.error?.party, party);
      if (r.status === "timeout") {
        assert.equal(agent, "busy");
        assert.match(r.error!.message, /took more than 1000 ms; stopped by the sandbox/);
      } else {
        assert.equal(agent, "hog");
        assert.match(r.error!.message, /exceeded its memory limit \(48 MB\)/);
      }
      assert.equal(r.utilities[party], 0);
      for (const other of Object.keys(r.agents).filter((p) => p !== party)) {
        assert.equal(r.utilities[other], rv[other]);
        assert.equal(r.advantage[other], 0);
      }
    }
    // busy answers its first two calls, hog only its responses: hog fails first whenever they meet.
    assert.equal(withBad.filter((r) => r.status === "timeout").length, 6, "busy against the built-ins");
    assert.equal(withBad.filter((r) => r.status === "memory").length, 8, "hog against everyone");
    const builtInRows = withBad.filter((r) => !Object.values(r.agents).some((a) => bad.has(a)));
    const strip = (r: NegotiationRow) => {
      const { id: _id, index: _index, ...rest } = timeless(r) as Record<string, unknown>;
      return rest;
    };
    assert.deepEqual(
      new Map(builtInRows.map((r) => [pairing(r), strip(r)])),
      new Map(without.map((r) => [pairing(r), strip(r)])),
    );
  });

  it("in the engine's piscina workers (from source, through tsx): the same statuses, the workers end", {
    timeout: 120_000,
  }, async () => {
    const loaded = await loadTournamentFile(
      specFile("pool", ["boulware", `{ name: stuck, file: ${JSON.stringify(HANGING_TS)} }`], 200),
    );
    const t = loaded.resolved;
    const scenarios = Object.fromEntries(t.scenarios.map((s) => [s.key, s.scenario]));
    const pool = createTournamentPool({ threads: 1, scenarios, agentMemoryMb: 48, baseHeapMb: 128 });
    try {
      const negotiations = [...planTournament(t).negotiations];
      const rows = await pool.run({ settings: t.settings, agents: t.agents, negotiations });
      assert.equal(rows.length, 2);
      for (const r of rows) {
        const [party] = Object.entries(r.agents).find(([, a]) => a === "stuck")!;
        assert.equal(r.status, "timeout", pairing(r));
        assert.deepEqual([r.error?.party, r.error?.agent], [party, "stuck"]);
        assert.match(r.error!.message, /took more than 200 ms; stopped by the sandbox/);
      }
    } finally {
      await pool.destroy();
    }
  });
});
