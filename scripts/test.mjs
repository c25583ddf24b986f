// Runs every test file under test/ with Node's test runner (Node 20 does not expand globs itself).
// Usage: node scripts/test.mjs [--isolate] [--integration] [filter]   (filter: a substring of the file paths)
//
// test/integration/ is left out: those tests need services, browsers, packing or kill -9; --integration runs
// only them (npm run test:integration).
//
// A process per test file costs about half a second of CPU before any test runs (node, the tsx loader and its
// thread, the modules every file imports again): more than all the tests of most files. So the files are dealt
// into a few shards, each one process importing its files (their tests run one after another, as within a
// file), two shards at a time (one per core of a small CI machine), the slowest files dealt first so the
// shards come out even. A failure's location still names its test file. --isolate runs each file in its own
// process instead (slower; for a test suspected of depending on another file's leftovers).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** CPU seconds of the slowest files (measured on a 2-core machine); any other file counts as SMALL. */
const SLOW = {
  "test/conformance/loadAll.test.ts": 5.5,
  "test/cli/smoke.test.ts": 5,
  "test/formats/roundTrip.test.ts": 2.3,
  "test/forecast/monteCarlo.test.ts": 1.7,
  "test/core/deadlock.test.ts": 1.5,
  "test/core/bargaining.test.ts": 1.2,
  "test/core/frontier.test.ts": 1,
  "test/conformance/nonlinear.test.ts": 1,
};
const SMALL = 0.3;
const SHARDS = 4;
const CONCURRENCY = 2;

const args = process.argv.slice(2);
const isolate = args.includes("--isolate");
const integration = args.includes("--integration");
const filter = args.find((a) => !a.startsWith("--"));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (!integration && path === join("test", "integration")) return [];
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".test.ts") ? [path] : [];
  });
}

const cost = (f) => SLOW[f.split("\\").join("/")] ?? SMALL;
const INTEGRATION = join("test", "integration");
const files = walk(integration ? INTEGRATION : "test")
  .filter((f) => integration || !f.startsWith(INTEGRATION + sep))
  .filter((f) => !filter || f.includes(filter))
  .sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : a > b ? 1 : 0));
if (files.length === 0) {
  console.error(`no test files match ${filter ?? `${integration ? INTEGRATION : "test"}/**/*.test.ts`}`);
  process.exit(1);
}

function run(testFiles) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", `--test-concurrency=${CONCURRENCY}`, ...testFiles],
    { stdio: "inherit" },
  );
  return result.status ?? 1;
}

// Integration tests (services, browsers, packing, kill -9) each get their own process.
if (isolate || integration) process.exit(run(files));

// Longest processing time first: each file goes to the shard with the least work so far.
const shards = Array.from({ length: Math.min(SHARDS, files.length) }, () => ({ files: [], cost: 0 }));
for (const f of files) {
  const lightest = shards.reduce((a, b) => (b.cost < a.cost ? b : a));
  lightest.files.push(f);
  lightest.cost += cost(f);
}
const dir = mkdtempSync(join(tmpdir(), "zopa-test-shards-"));
let status = 1;
try {
  const entries = shards.map((s, k) => {
    const entry = join(dir, `shard-${k + 1}-of-${shards.length}.mjs`);
    writeFileSync(
      entry,
      `// ${s.files.length} test files, about ${s.cost.toFixed(1)} s of CPU\n${s.files
        .map((f) => `import ${JSON.stringify(pathToFileURL(resolve(f)).href)};\n`)
        .join("")}`,
    );
    return entry;
  });
  status = run(entries);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
