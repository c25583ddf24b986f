/**
 * Peak memory of whole zopa processes as tournaments grow (not part of `npm run bench`: 10^6 negotiations take
 * minutes): `zopa tournament` (2 workers) and `zopa results --format json` (written to a file) on Boulware
 * against Conceder on ANAC 2011 Camera at 10^5 and 10^6 negotiations. Peak RSS is the process's own
 * (worker threads included), printed by a module preloaded into it. Run:
 *   npm run build && node --import tsx bench/memory.ts [10^5 and 10^6 by default, or counts: 100000 1000000]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedDataDir } from "../test/support/shared.ts";
import { cameraSpec, zopaEntry } from "./tournament.bench.ts";

const data = sharedDataDir();
if (data === null) {
  console.log("skipped: ../shared/data is absent (the Camera domain comes from there)");
  process.exit(0);
}
const counts = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), "zopa-memory-"));
const probe = join(dir, "maxrss.mjs");
// The probe prints the process's peak RSS (KB, worker threads included) and the main thread's peak heap
// (sampled every 200 ms) as it exits.
writeFileSync(
  probe,
  [
    "let heap = 0;",
    "setInterval(() => { heap = Math.max(heap, process.memoryUsage().heapUsed); }, 200).unref();",
    'process.on("exit", () => process.stderr.write("\\nmaxrss " + process.resourceUsage().maxRSS + " heap " + Math.round(heap / 1024) + "\\n"));',
    "",
  ].join("\n"),
);
const { entry, built } = zopaEntry();

function measured(args: string[]): { seconds: number; rssMb: number; heapMb: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", probe, ...entry, ...args], {
    cwd: join(import.meta.dirname, ".."),
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (r.status !== 0) throw new Error(`zopa ${args.join(" ")} failed: ${r.stderr}`);
  const [, rss, heap] = r.stderr.match(/maxrss (\d+) heap (\d+)/) ?? [];
  return { seconds: (performance.now() - t0) / 1000, rssMb: Number(rss) / 1024, heapMb: Number(heap) / 1024 };
}

try {
  console.log(
    `peak RSS of whole zopa processes (${built ? "dist" : "tsx"}), Camera boulware×conceder, 100 rounds`,
  );
  for (const n of counts.length ? counts : [100_000, 1_000_000]) {
    const spec = join(dir, `${n}.yaml`);
    writeFileSync(spec, cameraSpec(join(data, "genius", "anac2011_Camera"), n));
    const db = join(dir, `${n}.db`);
    const run = measured(["tournament", spec, "--store", db, "--workers", "2"]);
    console.log(
      `  zopa tournament, ${n} negotiations, 2 workers: peak RSS ${run.rssMb.toFixed(0)} MB, main thread's heap ${run.heapMb.toFixed(0)} MB (${run.seconds.toFixed(1)} s; store ${(statSync(db).size / 2 ** 20).toFixed(0)} MB)`,
    );
    const out = join(dir, `${n}.json`);
    const results = measured(["results", db, "--format", "json", "-o", out]);
    console.log(
      `  zopa results --format json, ${n} negotiations: peak RSS ${results.rssMb.toFixed(0)} MB, heap ${results.heapMb.toFixed(0)} MB (${results.seconds.toFixed(1)} s; ${(statSync(out).size / 2 ** 20).toFixed(0)} MB of JSON)`,
    );
    rmSync(out);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
