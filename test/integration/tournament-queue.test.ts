/**
 * The distributed engine on a real Redis (ZOPA_REDIS_URL, default redis://127.0.0.1:6390, started by
 * `bash scripts/services.sh start`): `zopa tournament --queue` with `zopa worker` child processes gives the same
 * results JSON as a local run (wall-clock times aside), a worker killed with SIGKILL mid-batch has its batches
 * retried by another and every negotiation is stored exactly once, and coordinator and workers exit cleanly,
 * leaving no key in Redis. Skipped with a reason when Redis does not answer.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { probeRedis } from "../../src/runtime/tournamentQueue.ts";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { tournamentResults } from "../../src/tasks/tournament.ts";
import { runTournament } from "../../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../src/tasks/tournamentLoad.ts";
import { storedRows as count, exitsWithin } from "../support/processes.ts";
import { REPO_ROOT } from "../support/shared.ts";

const URL_ = process.env.ZOPA_REDIS_URL ?? "redis://127.0.0.1:6390";
const PREFIX = `zopa-test-${process.pid}-${Date.now()}`;

const up = (await probeRedis(URL_)) === null;
const skip = up ? {} : { skip: `Redis does not answer at ${URL_} (bash scripts/services.sh start)` };

const dir = mkdtempSync(join(tmpdir(), "zopa-queue-"));
const children = new Set<ChildProcess>();
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

// A user agent (plain JS): its file travels through Redis; the test moves it away once the run is published.
const AGENT = `export default function createAgent() {
  let view;
  return {
    name: "picky",
    init(v) { view = v; },
    propose: () => view.index.outcomes[view.index.best()],
    respond: (_s, offer) => (view.acceptable(offer) && view.utility(offer) >= 0.6 ? "accept" : "reject"),
  };
}
`;

function specText(name: string, agentFile: string, repetitions: number): string {
  return [
    `name: ${name}`,
    "scenarios:",
    `  - ${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}`,
    `  - ${JSON.stringify(join(REPO_ROOT, "examples", "river-basin.yaml"))}`,
    `agents: [boulware, conceder, tit-for-tat, { name: picky, file: ${JSON.stringify(agentFile)} }]`,
    `repetitions: ${repetitions}`,
    "seed: 11",
  ].join("\n");
}

function zopa(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

function worker() {
  return zopa(["worker", "--queue", URL_, "--prefix", PREFIX, "--concurrency", "1"]);
}

async function until(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 25) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The results JSON without what differs between runs by nature: wall-clock times and the spec's path. */
async function comparable(db: string) {
  const r = await tournamentResults({ store: db });
  return {
    ...r,
    tournament: { ...r.tournament, source: null },
    negotiations: r.negotiations?.map(({ timeMs: _t, ...n }) => n),
  };
}

async function localRun(spec: string, db: string): Promise<void> {
  const store = new SqliteStore(db);
  await runTournament(await loadTournamentFile(spec), store, { workers: 0 });
  await store.close();
}

async function leftoverKeys(): Promise<string[]> {
  const redis = new Redis(URL_, { maxRetriesPerRequest: null });
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", `${PREFIX}*`, "COUNT", 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== "0");
    return keys;
  } finally {
    await redis.quit();
  }
}

before(async () => {
  if (up) assert.deepEqual(await leftoverKeys(), []);
});

test(
  "two zopa worker processes: the results JSON equals a local run's; everyone exits, no key is left",
  skip,
  async () => {
    const agent = join(dir, "picky.mjs");
    writeFileSync(agent, AGENT);
    const spec = join(dir, "two.yaml");
    // 2 scenarios × 12 ordered pairs × 40 repetitions.
    writeFileSync(spec, specText("two-workers", agent, 40));
    const local = join(dir, "two-local.db");
    await localRun(spec, local);

    const workers = [worker(), worker()];
    for (const w of workers) await until("a worker to start", () => /waiting for tournaments/.test(w.err()));
    const db = join(dir, "two-queue.db");
    const coordinator = zopa([
      "tournament",
      spec,
      "--store",
      db,
      "--queue",
      URL_,
      "--prefix",
      PREFIX,
      "--batch",
      "10",
    ]);
    // Once published, the agent file is no longer on this disk: workers must have it from Redis.
    await until("the plan", () => /to run: 960 on the queue workers/.test(coordinator.out()));
    renameSync(agent, `${agent}.away`);
    assert.equal(await exitsWithin(coordinator.exit, "the coordinator", 180_000), 0, coordinator.err());
    renameSync(`${agent}.away`, agent);
    assert.match(coordinator.err(), /done: 960 negotiations .* 960 of 960 stored/);

    assert.deepEqual(count(db), { n: 960, distinct: 960 });
    assert.deepEqual(await comparable(db), await comparable(local));

    // Both workers ran batches; SIGTERM stops each cleanly (exit 0).
    for (const w of workers) {
      await until("the worker to leave", () => /left tournament "two-workers"/.test(w.err()));
      w.child.kill("SIGTERM");
      assert.equal(await exitsWithin(w.exit, "a worker"), 0, w.err());
      const ran = Number(w.err().match(/stopped after (\d+) negotiations/)?.[1]);
      assert.ok(ran > 0, `each worker ran negotiations: ${w.err()}`);
    }
    assert.deepEqual(await leftoverKeys(), []);
  },
);

test(
  "a worker killed with SIGKILL mid-batch: another retries its batches; every negotiation stored exactly once, the same results",
  skip,
  async () => {
    const agent = join(dir, "picky-kill.mjs");
    writeFileSync(agent, AGENT);
    const spec = join(dir, "kill.yaml");
    // 2 scenarios × 12 ordered pairs × 120 repetitions.
    writeFileSync(spec, specText("killed-worker", agent, 120));
    const local = join(dir, "kill-local.db");
    await localRun(spec, local);

    // Only the doomed worker at first: when it dies it holds batches that nobody else has started.
    const doomed = worker();
    await until("the worker to start", () => /waiting for tournaments/.test(doomed.err()));
    const db = join(dir, "kill-queue.db");
    const coordinator = zopa([
      "tournament",
      spec,
      "--store",
      db,
      "--queue",
      URL_,
      "--prefix",
      PREFIX,
      "--batch",
      "20",
    ]);
    await until(
      "rows from the doomed worker",
      () => count(db).n >= 100 || coordinator.child.exitCode !== null,
    );
    doomed.child.kill("SIGKILL");
    await doomed.exit;
    assert.equal(doomed.child.signalCode, "SIGKILL");
    const atKill = count(db).n;
    assert.ok(atKill < 2880, `killed mid-run (${atKill} of 2880 stored)`);

    // The survivor picks the dead worker's batches up once their locks expire (BullMQ's stalled-job check).
    const survivor = worker();
    assert.equal(await exitsWithin(coordinator.exit, "the coordinator", 180_000), 0, coordinator.err());
    assert.match(coordinator.err(), /2880 of 2880 stored/);
    assert.deepEqual(count(db), { n: 2880, distinct: 2880 });
    assert.deepEqual(await comparable(db), await comparable(local));

    await until("the survivor to leave", () => /left tournament "killed-worker"/.test(survivor.err()));
    survivor.child.kill("SIGINT");
    assert.equal(await exitsWithin(survivor.exit, "the survivor"), 0, survivor.err());
    assert.deepEqual(await leftoverKeys(), []);
  },
);

test(
  "Ctrl-C stops the coordinator cleanly (exit 130, rows kept, queue removed); the same command resumes",
  skip,
  async () => {
    const agent = join(dir, "picky-int.mjs");
    writeFileSync(agent, AGENT);
    const spec = join(dir, "int.yaml");
    writeFileSync(spec, specText("interrupted", agent, 120));
    const db = join(dir, "int.db");
    const w = worker();
    const args = ["tournament", spec, "--store", db, "--queue", URL_, "--prefix", PREFIX, "--batch", "20"];
    const first = zopa(args);
    await until("rows", () => count(db).n >= 100 || first.child.exitCode !== null);
    first.child.kill("SIGINT");
    assert.equal(await exitsWithin(first.exit, "the coordinator"), 130, first.err());
    const stored = Number(first.err().match(/(\d+) of 2880 stored/)?.[1]);
    assert.ok(stored > 0 && stored < 2880, first.err());
    assert.equal(count(db).n, stored);
    await until("the worker to leave", () => /left tournament "interrupted"/.test(w.err()));
    assert.deepEqual(await leftoverKeys(), []);

    const second = zopa(args);
    assert.equal(await exitsWithin(second.exit, "the resumed coordinator", 180_000), 0, second.err());
    assert.match(second.out(), new RegExp(`already stored: ${stored} \\(resuming\\)`));
    assert.deepEqual(count(db), { n: 2880, distinct: 2880 });
    w.child.kill("SIGTERM");
    assert.equal(await exitsWithin(w.exit, "the worker"), 0, w.err());
    assert.deepEqual(await leftoverKeys(), []);
  },
);

test(
  "the coordinator killed with SIGKILL: the same command keeps what workers finished and completes, each negotiation once",
  skip,
  async () => {
    const agent = join(dir, "picky-coordinator.mjs");
    writeFileSync(agent, AGENT);
    const spec = join(dir, "coordinator.yaml");
    writeFileSync(spec, specText("killed-coordinator", agent, 120));
    const local = join(dir, "coordinator-local.db");
    await localRun(spec, local);
    const db = join(dir, "coordinator.db");
    const w = worker();
    await until("the worker to start", () => /waiting for tournaments/.test(w.err()));
    const args = ["tournament", spec, "--store", db, "--queue", URL_, "--prefix", PREFIX, "--batch", "20"];
    const first = zopa(args);
    await until("rows", () => count(db).n >= 100 || first.child.exitCode !== null);
    first.child.kill("SIGKILL");
    await first.exit;
    assert.equal(first.child.signalCode, "SIGKILL");
    const atKill = count(db).n;
    assert.ok(atKill < 2880, `killed mid-run (${atKill} of 2880 stored)`);
    // The killed coordinator's queue and registration are left behind: the next run takes them over.
    assert.ok((await leftoverKeys()).length > 0);

    const second = zopa(args);
    assert.equal(await exitsWithin(second.exit, "the second coordinator", 180_000), 0, second.err());
    assert.deepEqual(count(db), { n: 2880, distinct: 2880 });
    assert.deepEqual(await comparable(db), await comparable(local));
    await until("the worker to leave", () => /left tournament "killed-coordinator"/.test(w.err()));
    w.child.kill("SIGTERM");
    assert.equal(await exitsWithin(w.exit, "the worker"), 0, w.err());
    assert.deepEqual(await leftoverKeys(), []);
  },
);

test("a Redis that does not answer: exit 2 at once, naming the URL", async () => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const p = (server.address() as { port: number }).port;
      server.close(() => resolve(p));
    });
  });
  const spec = join(dir, "nobody.yaml");
  writeFileSync(spec, specText("nobody", join(dir, "picky-nobody.mjs"), 1));
  writeFileSync(join(dir, "picky-nobody.mjs"), AGENT);
  const url = `redis://127.0.0.1:${port}`;
  for (const args of [
    ["tournament", spec, "--store", join(dir, "nobody.db"), "--queue", url],
    ["worker", "--queue", url],
  ]) {
    const run = zopa(args);
    assert.equal(await exitsWithin(run.exit, args[0]), 2, run.err());
    assert.match(run.err(), new RegExp(`cannot reach Redis at ${url}`));
  }
});
