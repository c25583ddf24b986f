// Runs every test file under test/ with Node's test runner (Node 20 does not expand globs itself).
// Usage: node scripts/test.mjs [filter]   (filter: a substring of the file paths to run)
//
// test/integration/ is left out unless the filter names it: those tests need services, browsers, packing or
// kill -9 (npm run test:integration). Each file runs in its own process, two at a time (`--test-concurrency`, one per core of a
// small CI machine); the files that take longest start first, so no long file is left running alone at the end.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The slowest files, longest first (measured with node --test; see the durations it reports). */
const SLOW_FIRST = [
  "test/conformance/loadAll.test.ts",
  "test/cli/smoke.test.ts",
  "test/report/browser.test.ts",
  "test/formats/roundTrip.test.ts",
  "test/core/deadlock.test.ts",
  "test/forecast/monteCarlo.test.ts",
  "test/core/bargaining.test.ts",
];

const filter = process.argv[2];
const integration = filter?.includes("integration") ?? false;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (!integration && path === join("test", "integration")) return [];
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".test.ts") ? [path] : [];
  });
}

const rank = (f) => {
  const k = SLOW_FIRST.indexOf(f.split("\\").join("/"));
  return k === -1 ? SLOW_FIRST.length : k;
};
const files = walk("test")
  .filter((f) => !filter || f.includes(filter))
  .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
if (files.length === 0) {
  console.error(`no test files match ${filter ?? "test/**/*.test.ts"}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
