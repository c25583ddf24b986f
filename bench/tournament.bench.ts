/**
 * Tournaments: Boulware against Conceder on ANAC 2011 Camera (3,600 outcomes, 100 rounds), both orders, as
 * many repetitions as make 10^4 negotiations, through the tournament engine (plan, worker threads, SQLite
 * store) with 1 and 2 workers (from source: worker threads start through tsx); then 10^5 as a whole
 * `zopa tournament` process with 2 workers (the built CLI when `npm run build` made one; target: ≤ 20 s)
 * when the 10^4 rate says it takes under two minutes. Needs ../shared/data; skipped with a reason without.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../src/store/sqlite.ts";
import { runTournament } from "../src/tasks/tournamentEngine.ts";
import { loadTournamentFile } from "../src/tasks/tournamentLoad.ts";
import { REPO_ROOT, sharedDataDir } from "../test/support/shared.ts";
import type { BenchRow } from "./main.ts";

function specText(camera: string, negotiations: number): string {
  return [
    `name: bench-camera-${negotiations}`,
    `scenarios: [${JSON.stringify(camera)}]`,
    "agents: [boulware, conceder]",
    "rounds: 100",
    `repetitions: ${negotiations / 2}`,
  ].join("\n");
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
  try {
    const spec = join(dir, "1e4.yaml");
    writeFileSync(spec, specText(camera, 10_000));
    let rate2 = 0;
    for (const workers of [1, 2]) {
      const store = new SqliteStore(join(dir, `1e4-${workers}.db`));
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const summary = await runTournament(await loadTournamentFile(spec), store, { workers });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      await store.close();
      const rate = (summary.ran / ms) * 1000;
      if (workers === 2) rate2 = rate;
      rows.push({
        workload: `tournament 10^4 Camera boulware×conceder, ${workers} worker${workers === 1 ? "" : "s"}`,
        value: rate,
        unit: "negotiations/s",
        note: `${(ms / 1000).toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU over all threads, SQLite store`,
      });
    }
    if (rate2 > 0 && 100_000 / rate2 < 120) {
      const big = join(dir, "1e5.yaml");
      writeFileSync(big, specText(camera, 100_000));
      // The built CLI when there is one (npm run build): what users run; else the source through tsx.
      const built = existsSync(join(REPO_ROOT, "dist", "cli", "bin.js"));
      const entry = built ? ["dist/cli/bin.js"] : ["--import", "tsx", "src/cli/bin.ts"];
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        [...entry, "tournament", big, "--store", join(dir, "1e5.db"), "--workers", "2"],
        { cwd: REPO_ROOT, encoding: "utf8" },
      );
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`zopa tournament failed: ${r.stderr}`);
      rows.push({
        workload: `tournament 10^5 Camera, whole zopa process (${built ? "dist" : "tsx"}), 2 workers`,
        value: ms / 1000,
        unit: "s",
        note: `${((100_000 / ms) * 1000).toFixed(0)} negotiations/s; target ≤ 20 s`,
      });
    } else
      rows.push({
        workload: "tournament 10^5 Camera (not run: the 10^4 rate says > 2 min)",
        value: 0,
        unit: "s",
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
