/**
 * A real `zopa tournament` process killed with SIGKILL mid-run, then resumed: every negotiation is stored
 * exactly once and the results equal an uninterrupted run's (wall-clock times aside).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "libsql";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { runTournament } from "../../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../src/tasks/tournamentLoad.ts";
import type { NegotiationRow } from "../../src/tournament/row.ts";
import { REPO_ROOT } from "../support/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-kill-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const AGENTS = ["boulware", "conceder", "linear", "tit-for-tat", "hardliner", "aspiration"];
const SPEC = [
  "name: kill-and-resume",
  "scenarios:",
  `  - ${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}`,
  `  - ${JSON.stringify(join(REPO_ROOT, "examples", "river-basin.yaml"))}`,
  `agents: [${AGENTS.join(", ")}]`,
  "repetitions: 100",
  "seed: 3",
].join("\n");
// 2 scenarios × 30 ordered pairs × 100 repetitions.
const PLANNED = 6000;

function count(db: string): number {
  try {
    const conn = new Database(db, { readonly: true });
    try {
      return (conn.prepare("SELECT COUNT(*) AS n FROM negotiations").get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return 0;
  }
}

async function rowsOf(db: string): Promise<Omit<NegotiationRow, "timeMs">[]> {
  const store = new SqliteStore(db);
  const out: Omit<NegotiationRow, "timeMs">[] = [];
  for await (const { timeMs: _t, ...r } of store.rows()) out.push(r);
  await store.close();
  return out;
}

/** `zopa tournament SPEC --store DB` from source, two workers, small batches (many commits to kill between). */
function runArgs(spec: string, db: string): string[] {
  return [
    "--import",
    "tsx",
    "src/cli/bin.ts",
    "tournament",
    spec,
    "--store",
    db,
    "--workers",
    "2",
    "--batch",
    "25",
  ];
}

test("SIGKILL mid-run, then the same command: every negotiation stored once, equal to an uninterrupted run", async () => {
  const spec = join(dir, "spec.yaml");
  writeFileSync(spec, SPEC);
  const db = join(dir, "killed.db");
  const args = runArgs(spec, db);
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let atKill = 0;
  for (let waited = 0; waited < 120_000; waited += 25) {
    atKill = count(db);
    if (atKill >= 200 || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill("SIGKILL");
  await exited;
  assert.equal(child.signalCode, "SIGKILL", "the process was killed, not finished");
  const afterKill = count(db);
  assert.ok(afterKill > 0 && afterKill < PLANNED, `killed with ${afterKill} of ${PLANNED} stored`);

  const resumed = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`already stored: ${afterKill} \\(resuming\\)`));
  assert.match(
    resumed.stderr,
    new RegExp(`done: ${PLANNED - afterKill} negotiations .*${PLANNED} of ${PLANNED} stored`),
  );

  const conn = new Database(db, { readonly: true });
  const distinct = conn.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM negotiations").get() as {
    n: number;
    d: number;
  };
  conn.close();
  assert.equal(distinct.n, PLANNED);
  assert.equal(distinct.d, PLANNED);

  const whole = join(dir, "whole.db");
  const store = new SqliteStore(whole);
  await runTournament(await loadTournamentFile(spec), store, { workers: 0 });
  await store.close();
  assert.deepEqual(await rowsOf(db), await rowsOf(whole));
});

test("SIGINT stops cleanly: exit 130, a summary saying how to resume, finished negotiations kept", async () => {
  const spec = join(dir, "spec-int.yaml");
  writeFileSync(spec, SPEC.replace("kill-and-resume", "interrupt"));
  const db = join(dir, "interrupted.db");
  const child = spawn(process.execPath, runArgs(spec, db), {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  for (let waited = 0; waited < 120_000 && count(db) < 200 && child.exitCode === null; waited += 25)
    await new Promise((r) => setTimeout(r, 25));
  child.kill("SIGINT");
  const code = await exited;
  assert.equal(code, 130, err);
  assert.match(
    err,
    /^stopped: \d+ negotiations .*; (\d+) of 6000 stored in .*; run the same command to resume$/m,
  );
  const stored = Number(err.match(/(\d+) of 6000 stored/)?.[1]);
  assert.equal(count(db), stored);
  assert.ok(stored > 0 && stored < PLANNED);
});
