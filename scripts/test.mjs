// Runs every test file under test/ with Node's test runner (Node 20 does not expand globs itself), except
// test/integration/, which packs and installs the package (the npm registry) and runs with --integration.
// Usage: node scripts/test.mjs [--integration] [filter]   (filter: a substring of the file paths to run)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, sep } from "node:path";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".test.ts") ? [path] : [];
  });
}

const integration = process.argv[2] === "--integration";
const filter = process.argv[integration ? 3 : 2];
const INTEGRATION = join("test", "integration");
const files = walk(integration ? INTEGRATION : "test")
  .filter((f) => integration || !f.startsWith(INTEGRATION + sep))
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filter ?? `${integration ? INTEGRATION : "test"}/**/*.test.ts`}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
