/**
 * Memory of `zopa simulate --repeat N` as N grows (10^3, 10^5, 10^6): peak RSS of a separate `zopa` process per
 * size and output (NDJSON streamed to a pipe that discards it, and the text summary only), Boulware against
 * Conceder on the car-purchase example (100 rounds). Results are streamed or aggregated as they come, so the
 * peak must stay flat; the time per negotiation is given beside it. The built CLI when `npm run build` made one,
 * else the source through tsx (which costs a fixed ~60 MB more). Peak RSS is read in the child at exit
 * (`process.resourceUsage().maxRSS`, through a preloaded module), so nothing but the run itself is measured.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../test/support/shared.ts";
import type { BenchRow } from "./main.ts";

const SIZES = [1_000, 100_000, 1_000_000];

export default async function (): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "zopa-bench-memory-"));
  const rows: BenchRow[] = [];
  try {
    // Writes the child's peak RSS (KiB) to the file named by ZOPA_BENCH_RSS when it exits.
    const probe = join(dir, "maxrss.mjs");
    writeFileSync(
      probe,
      'import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(process.env.ZOPA_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n',
    );
    const built = existsSync(join(REPO_ROOT, "dist", "cli", "bin.js"));
    const entry = built
      ? [join(REPO_ROOT, "dist", "cli", "bin.js")]
      : ["--import", "tsx", join(REPO_ROOT, "src", "cli", "bin.ts")];
    for (const format of ["ndjson", "text"] as const)
      for (const n of SIZES) {
        const rss = join(dir, `${format}-${n}.rss`);
        const t0 = performance.now();
        const r = spawnSync(
          process.execPath,
          [
            "--import",
            pathToFileURL(probe).href,
            ...entry,
            "simulate",
            join(REPO_ROOT, "examples", "car-purchase.yaml"),
            "--agents",
            "buyer=boulware,dealer=conceder",
            "--repeat",
            String(n),
            "--format",
            format,
          ],
          {
            cwd: REPO_ROOT,
            stdio: ["ignore", "ignore", "pipe"],
            encoding: "utf8",
            env: { ...process.env, ZOPA_BENCH_RSS: rss },
          },
        );
        const ms = performance.now() - t0;
        if (r.status !== 0) throw new Error(`zopa simulate --repeat ${n} failed: ${r.stderr}`);
        const peakMb = Number(readFileSync(rss, "utf8")) / 1024;
        rows.push({
          workload: `simulate --repeat 10^${Math.log10(n)} --format ${format}${format === "text" ? " (summary)" : " (to a pipe)"}`,
          value: peakMb,
          unit: "MB peak RSS",
          note: `${(ms / 1000).toFixed(1)} s wall, ${((ms / n) * 1000).toFixed(0)} µs per negotiation (${built ? "dist" : "tsx"})`,
        });
      }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
