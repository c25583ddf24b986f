/**
 * Redis going away mid-run, on a private redis-server (a child process on a free port, no persistence):
 * coordinator and `zopa worker` notice within the give-up time (REDIS_GIVE_UP_MS, 10 s) and exit 2 with a
 * message naming the URL (the coordinator's: what the store keeps and that the same command resumes), the
 * store intact (every row once); with Redis back, the same command completes with every negotiation exactly
 * once and the results of a local run. Ctrl-C on a frozen Redis (SIGSTOP: the socket open, no answer) ends
 * both processes promptly. A worker of another Zopa version refuses the tournament and the coordinator
 * stops, naming both versions. Skipped with a reason when redis-server is not installed.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { probeRedis, REDIS_GIVE_UP_MS, runQueueWorker } from "../../src/runtime/tournamentQueue.ts";
import { SqliteStore } from "../../src/store/sqlite.ts";
import { tournamentResults } from "../../src/tasks/tournament.ts";
import { runTournament } from "../../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../../src/tasks/tournamentLoad.ts";
import { VERSION } from "../../src/util/version.ts";
import { storedRows as count, exitsWithin as exitsWithinMs } from "../support/processes.ts";
import { REPO_ROOT } from "../support/shared.ts";

const exitsWithin = <T>(p: Promise<T>, what: string, ms = EXIT_MS) => exitsWithinMs(p, what, ms);

const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;
const skip = hasRedisServer ? {} : { skip: "redis-server is not installed (apt-get install redis-server)" };
const PREFIX = "zopa-lost";
/** Generous: the give-up time plus closing; a hang never ends. */
const EXIT_MS = REDIS_GIVE_UP_MS + 20_000;

const dir = mkdtempSync(join(tmpdir(), "zopa-redis-lost-"));
const children = new Set<ChildProcess>();
after(() => {
  for (const c of children)
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGCONT");
      c.kill("SIGKILL");
    }
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const p = (server.address() as { port: number }).port;
      server.close(() => resolve(p));
    });
  });
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  for (let waited = 0; !(await ok()); waited += 50) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A private redis-server on `port`, answering PING before this resolves. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  children.add(child);
  await until("redis-server to answer", async () => (await probeRedis(`redis://127.0.0.1:${port}`)) === null);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGCONT");
  child.kill("SIGKILL");
  await exited;
}

function zopa(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (err += d));
  const started = performance.now();
  const exit = new Promise<{ code: number | null; ms: number; at: number }>((resolve) =>
    child.on("exit", (code) => resolve({ code, ms: performance.now() - started, at: performance.now() })),
  );
  return { child, out: () => out, err: () => err, exit };
}

function specFile(name: string, repetitions: number): string {
  const spec = join(dir, `${name}.yaml`);
  writeFileSync(
    spec,
    [
      `name: ${name}`,
      "scenarios:",
      `  - ${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}`,
      `  - ${JSON.stringify(join(REPO_ROOT, "examples", "river-basin.yaml"))}`,
      "agents: [boulware, conceder, tit-for-tat, linear]",
      `repetitions: ${repetitions}`,
      "seed: 5",
    ].join("\n"),
  );
  return spec;
}

/** The results JSON without wall-clock times and the spec's path. */
async function comparable(db: string) {
  const r = await tournamentResults({ store: db });
  return {
    ...r,
    tournament: { ...r.tournament, source: null },
    negotiations: r.negotiations?.map(({ timeMs: _t, ...n }) => n),
  };
}

test("Redis killed mid-run: coordinator and worker exit 2 in bounded time; with Redis back the same command completes, each negotiation once", {
  ...skip,
  timeout: 600_000,
}, async (t) => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let redis = await startRedis(port);
  // 2 scenarios × 12 ordered pairs × 150 repetitions.
  const spec = specFile("lost", 150);
  const db = join(dir, "lost.db");
  const args = ["tournament", spec, "--store", db, "--queue", url, "--prefix", PREFIX, "--batch", "20"];
  const workerArgs = ["worker", "--queue", url, "--prefix", PREFIX, "--concurrency", "1"];

  const worker = zopa(workerArgs);
  await until("the worker to start", () => /waiting for tournaments/.test(worker.err()));
  const coordinator = zopa(args);
  await until("rows", () => count(db).n >= 100 || coordinator.child.exitCode !== null);
  await stop(redis);

  const killed = performance.now();
  const [c, w] = await Promise.all([
    exitsWithin(coordinator.exit, "the coordinator"),
    exitsWithin(worker.exit, "the worker"),
  ]);
  t.diagnostic(
    `after Redis was killed: coordinator exited in ${c.ms.toFixed(0)} ms, worker in ${w.ms.toFixed(0)} ms (from their start); ${(c.at - killed).toFixed(0)} and ${(w.at - killed).toFixed(0)} ms after the kill\n${coordinator.err()}\n${worker.err()}`,
  );
  assert.equal(c.code, 2, coordinator.err());
  assert.equal(w.code, 2, worker.err());
  const lost = new RegExp(`lost the connection to Redis at ${url} \\(no answer for 10 s\\)`);
  assert.match(coordinator.err(), lost);
  assert.match(coordinator.err(), /hint: start Redis again, then run the same command: it resumes/);
  assert.match(worker.err(), lost);
  assert.match(worker.err(), /run the same zopa worker command/);
  // The store is intact: what the message counts, each row once.
  const kept = Number(coordinator.err().match(/keeps the (\d+) of 3600 negotiations/)?.[1]);
  const atLoss = count(db);
  assert.ok(kept >= 100 && kept < 3600, coordinator.err());
  assert.deepEqual(atLoss, { n: kept, distinct: kept });

  // Redis back (empty: no persistence): the same commands complete the run.
  redis = await startRedis(port);
  const worker2 = zopa(workerArgs);
  const second = zopa(args);
  const done = await exitsWithin(second.exit, "the resumed coordinator", 300_000);
  assert.equal(done.code, 0, second.err());
  assert.match(second.out(), new RegExp(`already stored: ${kept} \\(resuming\\)`));
  assert.deepEqual(count(db), { n: 3600, distinct: 3600 });
  const local = join(dir, "lost-local.db");
  const store = new SqliteStore(local);
  await runTournament(await loadTournamentFile(spec), store, { workers: 0 });
  await store.close();
  assert.deepEqual(await comparable(db), await comparable(local));

  worker2.child.kill("SIGTERM");
  assert.equal((await exitsWithin(worker2.exit, "the worker")).code, 0, worker2.err());
  await stop(redis);
});

test("Ctrl-C on a frozen Redis (socket open, no answer) ends coordinator and worker promptly", {
  ...skip,
  timeout: 300_000,
}, async (t) => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = await startRedis(port);
  const spec = specFile("frozen", 150);
  const db = join(dir, "frozen.db");
  const worker = zopa(["worker", "--queue", url, "--prefix", PREFIX, "--concurrency", "1"]);
  await until("the worker to start", () => /waiting for tournaments/.test(worker.err()));
  const coordinator = zopa([
    "tournament",
    spec,
    "--store",
    db,
    "--queue",
    url,
    "--prefix",
    PREFIX,
    "--batch",
    "20",
  ]);
  await until("rows", () => count(db).n >= 100 || coordinator.child.exitCode !== null);
  redis.kill("SIGSTOP");
  await new Promise((r) => setTimeout(r, 500));
  const interrupted = performance.now();
  coordinator.child.kill("SIGINT");
  worker.child.kill("SIGINT");
  // Within the stop's wait on Redis (5 s) and the closing, far below the give-up time and any hang.
  const [c, w] = await Promise.all([
    exitsWithin(coordinator.exit, "the coordinator", 20_000),
    exitsWithin(worker.exit, "the worker", 20_000),
  ]);
  t.diagnostic(
    `Ctrl-C on a frozen Redis: coordinator ended ${(c.at - interrupted).toFixed(0)} ms after Ctrl-C, worker ${(w.at - interrupted).toFixed(0)} ms\n${coordinator.err()}\n${worker.err()}`,
  );
  assert.equal(c.code, 130, coordinator.err());
  assert.match(coordinator.err(), /stopped: .* stored in .*; run the same command to resume/);
  assert.equal(w.code, 0, worker.err());
  const n = count(db);
  assert.equal(n.n, n.distinct);
  await stop(redis);
});

test("a worker of another Zopa version refuses the tournament; the coordinator stops naming both versions", {
  ...skip,
  timeout: 300_000,
}, async () => {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = await startRedis(port);
  const controller = new AbortController();
  const refusals: string[] = [];
  const other = runQueueWorker({
    url,
    prefix: PREFIX,
    concurrency: 1,
    version: "0.0.1-other",
    signal: controller.signal,
    onRefuse: (e) => refusals.push(e.reason),
  });
  const spec = specFile("versions", 2);
  const coordinator = zopa([
    "tournament",
    spec,
    "--store",
    join(dir, "versions.db"),
    "--queue",
    url,
    "--prefix",
    PREFIX,
  ]);
  const c = await exitsWithin(coordinator.exit, "the coordinator", 60_000);
  assert.equal(c.code, 2, coordinator.err());
  assert.match(
    coordinator.err(),
    new RegExp(
      `a queue worker refused this tournament: worker .* runs Zopa 0\\.0\\.1-other, this coordinator runs Zopa ${VERSION.replaceAll(".", "\\.")}`,
    ),
  );
  assert.deepEqual(refusals, [`published by Zopa ${VERSION}; this worker runs Zopa 0.0.1-other`]);
  controller.abort();
  assert.deepEqual(await other, { batches: 0 });
  await stop(redis);
});
