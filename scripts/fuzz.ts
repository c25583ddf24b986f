/**
 * `npm run fuzz`: a long, seeded fuzzing campaign over every reader of the user's files (test/hostile/readers.ts).
 * Any generated input must be read or refused with a ZopaError, never another exception, within the time bound.
 * Prints, per reader, the inputs generated, how many were read and refused, the slowest, and the time taken;
 * exits 1 with fast-check's report (seed, path and shrunk input, to replay) on the first failure.
 *
 * Usage: npm run fuzz [-- --runs N] [--seed S] [--reader NAME] [--max-ms MS]
 *   --runs    inputs in all, shared evenly by the readers (default 100000)
 *   --seed    the campaign's seed (default 1); reader k uses seed + k
 *   --reader  only the readers whose name contains NAME
 *   --max-ms  the time bound per input (default 5000)
 */
import { cleanUp, fuzzReader, readers, type Tally } from "../test/hostile/readers.ts";

function option(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
}

const total = Number(option("runs", "100000"));
const seed = Number(option("seed", "1"));
const maxMs = Number(option("max-ms", "5000"));
const only = option("reader", "");
const chosen = readers({ large: true }).filter((r) => r.name.toLowerCase().includes(only.toLowerCase()));
if (!Number.isInteger(total) || total < chosen.length || !Number.isInteger(seed) || chosen.length === 0) {
  console.error("usage: npm run fuzz [-- --runs N] [--seed S] [--reader NAME] [--max-ms MS]");
  process.exit(2);
}
const perReader = Math.floor(total / chosen.length);
console.log(
  `fuzzing ${chosen.length} readers, ${perReader} inputs each, seed ${seed}, ${maxMs} ms per input at most`,
);
const started = performance.now();
const sum: Tally = { inputs: 0, read: 0, refused: 0, failed: 0, slowestMs: 0 };
let failed = false;
for (const [k, reader] of chosen.entries()) {
  const t0 = performance.now();
  try {
    const t = fuzzReader(reader, perReader, seed + k, maxMs);
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `${reader.name.padEnd(26)} ${String(t.inputs).padStart(7)} inputs: ${String(t.read).padStart(6)} read, ${String(t.refused).padStart(6)} refused, 0 failed; slowest ${t.slowestMs.toFixed(0)} ms; ${s} s`,
    );
    for (const key of ["inputs", "read", "refused"] as const) sum[key] += t[key];
    sum.slowestMs = Math.max(sum.slowestMs, t.slowestMs);
  } catch (e) {
    failed = true;
    console.log(`${reader.name}: FAILED (seed ${seed + k})\n${(e as Error).message}`);
  }
}
cleanUp();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `total: ${sum.inputs} inputs, ${sum.read} read, ${sum.refused} refused, ${failed ? "FAILURES (above)" : "0 failed"}; slowest ${sum.slowestMs.toFixed(0)} ms; ${seconds} s`,
);
process.exit(failed ? 1 : 0);
