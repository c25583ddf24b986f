/**
 * Tournaments: Boulware against Conceder on ANAC 2011 Camera (3,600 outcomes, 100 rounds), both orders, as
 * many repetitions as make 10^5 negotiations (the workload; target ≤ 20 s with 2 workers):
 * - a whole `zopa tournament` process (the built CLI when `npm run build` made one) with 1 and 2 workers;
 * - the store's overhead: the engine in process, 2 workers, SQLite file store against a store that keeps
 *   nothing (same plan, same batches);
 * - Redis mode: a whole `zopa tournament --queue` process with one `zopa worker --concurrency 2` process,
 *   against the local 2-worker run (skipped with a reason when Redis does not answer at ZOPA_REDIS_URL).
 * Needs ../shared/data; skipped with a reason without. Memory at 10^6 negotiations: bench/memory.ts.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeRedis } from "../src/runtime/tournamentQueue.ts";
import type { Scenario } from "../src/scenario/schema.ts";
import { SqliteStore } from "../src/store/sqlite.ts";
import type { Store, StoredTournament } from "../src/store/store.ts";
import { runTournament } from "../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../src/tasks/tournamentLoad.ts";
import type { NegotiationRow } from "../src/tournament/row.ts";
import { REPO_ROOT, sharedDataDir } from "../test/support/shared.ts";
import type { BenchRow } from "./main.ts";

const N = 100_000;

export function cameraSpec(camera: string, negotiations: number): string {
  return [
    `name: bench-camera-${negotiations}`,
    `scenarios: [${JSON.stringify(camera)}]`,
    "agents: [boulware, conceder]",
    "rounds: 100",
    `repetitions: ${negotiations / 2}`,
  ].join("\n");
}

/** The CLI as users run it: the build when there is one, else the source through tsx. */
export function zopaEntry(): { entry: string[]; built: boolean } {
  const built = existsSync(join(REPO_ROOT, "dist", "cli", "bin.js"));
  return { entry: built ? ["dist/cli/bin.js"] : ["--import", "tsx", "src/cli/bin.ts"], built };
}

/** A store that keeps nothing: what the engine costs without persisting. */
class NullStore implements Store {
  private n = 0;
  private t: StoredTournament | null = null;
  async tournament() {
    return this.t;
  }
  async setTournament(t: StoredTournament) {
    this.t = t;
  }
  async putScenarios(_list: readonly { key: string; label: string; scenario: Scenario }[]) {}
  async scenario(_key: string) {
    return null;
  }
  async storedIds(_ids: readonly string[]) {
    return new Set<string>();
  }
  async write(rows: readonly NegotiationRow[]) {
    this.n += rows.length;
    return rows.length;
  }
  async count() {
    return this.n;
  }
  async *rows(): AsyncIterable<NegotiationRow> {}
  async close() {}
}

async function redisAnswers(url: string): Promise<boolean> {
  return (await probeRedis(url)) === null;
}

function wholeProcess(args: string[]): number {
  const { entry } = zopaEntry();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`zopa ${args.join(" ")} failed: ${r.stderr}`);
  return performance.now() - t0;
}

export default async function (): Promise<BenchRow[]> {
  const data = sharedDataDir();
  if (data === null) {
    console.log("  skipped: ../shared/data is absent (the Camera domain comes from there)");
    return [];
  }
  const camera = join(data, "genius", "anac2011_Camera");
  const dir = mkdtempSync(join(tmpdir(), "zopa-bench-tournament-"));
  const rows: BenchRow[] = [];
  const { entry, built } = zopaEntry();
  const how = built ? "dist" : "tsx";
  try {
    const spec = join(dir, "1e5.yaml");
    writeFileSync(spec, cameraSpec(camera, N));
    const local: Record<number, number> = {};
    for (const workers of [1, 2]) {
      const ms = wholeProcess([
        "tournament",
        spec,
        "--store",
        join(dir, `1e5-${workers}.db`),
        "--workers",
        `${workers}`,
      ]);
      local[workers] = ms;
      rows.push({
        workload: `tournament 10^5 Camera, whole zopa process (${how}), ${workers} worker${workers === 1 ? "" : "s"}`,
        value: ms / 1000,
        unit: "s",
        note: `${((N / ms) * 1000).toFixed(0)} negotiations/s${workers === 2 ? "; target ≤ 20 s" : ""}`,
      });
    }

    // The store's overhead: the engine in process with the SQLite store and with one that keeps nothing.
    const loaded = await loadTournamentFile(spec);
    const timed = async (store: Store) => {
      const t0 = performance.now();
      await runTournament(loaded, store, { workers: 2 });
      const ms = performance.now() - t0;
      await store.close();
      return ms;
    };
    const none = await timed(new NullStore());
    const sqlite = await timed(new SqliteStore(join(dir, "1e5-engine.db")));
    rows.push({
      workload: "tournament 10^5 Camera, engine in process, 2 workers, SQLite store",
      value: sqlite / 1000,
      unit: "s",
      note: `store overhead ${((sqlite - none) / 1000).toFixed(1)} s (${((100 * (sqlite - none)) / none).toFixed(0)} %) against ${(none / 1000).toFixed(1)} s keeping nothing`,
    });

    // Redis mode.
    const url = process.env.ZOPA_REDIS_URL ?? "redis://127.0.0.1:6390";
    if (!(await redisAnswers(url))) {
      console.log(`  Redis mode skipped: Redis does not answer at ${url} (bash scripts/services.sh start)`);
      return rows;
    }
    const prefix = `zopa-bench-${process.pid}`;
    const worker: ChildProcess = spawn(
      process.execPath,
      [...entry, "worker", "--queue", url, "--prefix", prefix, "--concurrency", "2"],
      { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        let err = "";
        worker.stderr?.on("data", (d) => {
          err += d;
          if (/waiting for tournaments/.test(err)) resolve();
        });
        worker.on("exit", () => reject(new Error(`zopa worker exited: ${err}`)));
      });
      const ms = wholeProcess([
        "tournament",
        spec,
        "--store",
        join(dir, "1e5-queue.db"),
        "--queue",
        url,
        "--prefix",
        prefix,
      ]);
      rows.push({
        workload: `tournament 10^5 Camera, zopa tournament --queue + 1 zopa worker (2 threads)`,
        value: ms / 1000,
        unit: "s",
        note: `${((N / ms) * 1000).toFixed(0)} negotiations/s; Redis overhead ${((ms - local[2]) / 1000).toFixed(1)} s (${((100 * (ms - local[2])) / local[2]).toFixed(0)} %) against the local 2-worker run`,
      });
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) {
        const exited = new Promise((resolve) => worker.on("exit", resolve));
        worker.kill("SIGTERM");
        await exited;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
