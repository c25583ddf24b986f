/**
 * User agents cannot hurt the Zopa process: a run (its own process) whose sandboxed agents exit, print, loop
 * and hog memory still ends by itself with its own exit code and only its own output on stdout, from source
 * (tsx) and from the build (dist/, when built). Integration test: run by `npm run test:integration`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

const script = join(REPO_ROOT, "test", "runtime", "fixtures", "runSandboxed.js");
const expected = {
  "exits.js": "error",
  "throws.js": "error",
  "busy.js": "timeout",
  "hog.js": "memory",
  "concede.js": "agreement",
};

function run(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
}

test("from source: the run ends with its own exit code and stdout; agents' output goes to stderr", () => {
  const r = run(["--import", "tsx", script, join(REPO_ROOT, "src"), "ts"]);
  assert.equal(r.signal, null, `the run hung or was killed: ${r.stderr}`);
  assert.equal(r.status, 3, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), expected);
  assert.equal(r.stdout.trim().split("\n").length, 1);
  assert.match(r.stderr, /\[agent throws-js\] thinking in round 1/);
});

test("from the build: the .js worker beside the module, no loader", {
  skip: existsSync(join(REPO_ROOT, "dist", "runtime", "agentSandbox.js"))
    ? false
    : "dist/ is not built (npm run build)",
}, () => {
  const r = run([script, join(REPO_ROOT, "dist"), "js"]);
  assert.equal(r.signal, null, `the run hung or was killed: ${r.stderr}`);
  assert.equal(r.status, 3, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), expected);
});
