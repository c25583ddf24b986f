/**
 * `npm run bench`: throughput for fixed workloads, with the machine and commit. Every bench/*.bench.ts
 * exports `default async function (): Promise<BenchRow[]>`; pass a substring to run only matching files.
 */
import { execSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchRow {
  workload: string;
  value: number;
  unit: string;
  note?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts") && (!filter || f.includes(filter)))
  .sort();
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] })
    .toString()
    .trim();
  const dirty = execSync("git status --porcelain", { stdio: ["ignore", "pipe", "ignore"] })
    .toString()
    .trim();
  if (dirty) commit += "+dirty";
} catch {}
const cpu = cpus()[0]?.model ?? "unknown cpu";
console.log(
  `zopa bench · commit ${commit} · ${cpu} × ${cpus().length} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · node ${process.version}`,
);
for (const f of files) {
  const mod = (await import(join(here, f))) as { default: () => Promise<BenchRow[]> };
  console.log(`\n# ${f.replace(".bench.ts", "")}`);
  const rows = await mod.default();
  for (const r of rows) {
    const v =
      r.value >= 100 ? r.value.toFixed(0) : r.value >= 1 ? r.value.toFixed(2) : r.value.toPrecision(3);
    console.log(`  ${r.workload.padEnd(58)} ${v.padStart(12)} ${r.unit}${r.note ? `  (${r.note})` : ""}`);
  }
}
