/**
 * The command as a user runs it: whole-process wall time of the built CLI (dist/cli/bin.js; `npm run bench`
 * builds first), start-up and module loading included, median of several runs. formats.bench.ts gives the
 * same AMPOvsCity analysis in process. The AMPOvsCity row is skipped when ../shared/data is absent.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, sharedDataDir } from "../test/support/shared.ts";
import type { BenchRow } from "./main.ts";

const BIN = join(REPO_ROOT, "dist", "cli", "bin.js");

/** Median wall seconds of `runs` runs of `node args` (after one warm-up), output discarded; null if one fails. */
function wholeProcess(args: string[], runs: number): number | null {
  const times: number[] = [];
  for (let k = 0; k <= runs; k++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: "ignore" });
    if (r.status !== 0) return null;
    if (k > 0) times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export default async function (): Promise<BenchRow[]> {
  if (!existsSync(BIN)) {
    console.log("  (skipped: no build in dist/; run `npm run build`)");
    return [];
  }
  const node = wholeProcess(["-e", "0"], 9);
  const rows: BenchRow[] = [];
  const row = (workload: string, args: string[], runs: number) => {
    const value = wholeProcess(args, runs);
    rows.push(
      value === null
        ? { workload, value: Number.NaN, unit: "s", note: "failed" }
        : {
            workload,
            value,
            unit: "s",
            note: `median of ${runs}; node alone starts in ${node?.toFixed(3)} s`,
          },
    );
  };
  row("zopa --version, whole process", [BIN, "--version"], 9);
  const data = sharedDataDir();
  if (!data) console.log("  (skipped AMPOvsCity: ../shared/data not found)");
  else
    row(
      "zopa analyze AMPOvsCity --format json, whole process",
      [BIN, "analyze", join(data, "genius", "other_AMPOvsCity"), "--format", "json"],
      5,
    );
  return rows;
}
