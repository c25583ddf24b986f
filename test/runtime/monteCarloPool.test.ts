/**
 * The worker pool finds its worker file beside itself, from any working folder: the .js file in the build,
 * the .ts file (with tsx's loader resolved from the pool, not from the working folder) from source.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { ForecastProblem } from "../../src/forecast/forecastProblem.ts";
import { monteCarlo } from "../../src/forecast/monteCarlo.ts";
import { workerEntry } from "../../src/runtime/monteCarloPool.ts";
import { REPO_ROOT } from "../support/shared.ts";

const elsewhere = mkdtempSync(join(tmpdir(), "zopa-pool-"));
after(() => rmSync(elsewhere, { recursive: true, force: true }));

// A uniform on [0, 10], B fixed at 10: enough uncertainty for every batch to differ.
const problem: ForecastProblem = {
  slots: [
    { label: "one", spec: 1, lo: 0, hi: 1 },
    { label: "A.position", spec: { range: [0, 10] }, lo: 0, hi: 10 },
    { label: "B.position", spec: 10, lo: 0, hi: 10 },
  ],
  issues: [
    {
      id: "x",
      scale: { min: 0, max: 10 },
      actors: [
        { name: "A", capability: 0, position: 1, salience: 0 },
        { name: "B", capability: 0, position: 2, salience: 0 },
      ],
    },
  ],
};

test("workerEntry(url) is the .js worker beside a built pool, with no loader", () => {
  assert.deepEqual(workerEntry("file:///opt/zopa/dist/runtime/monteCarloPool.js"), {
    filename: "file:///opt/zopa/dist/runtime/monteCarloWorker.js",
  });
});

test("workerEntry(url) is the .ts worker beside the source pool, with tsx's loader by absolute URL", () => {
  const entry = workerEntry("file:///repo/src/runtime/monteCarloPool.ts");
  assert.equal(entry.filename, "file:///repo/src/runtime/monteCarloWorker.ts");
  assert.equal(entry.execArgv?.[0], "--import");
  assert.match(entry.execArgv?.[1] ?? "", /^file:\/\/\/.*\/node_modules\/tsx\//);
});

test("monteCarloParallel runs its worker threads from a working folder outside the repository", () => {
  const pool = pathToFileURL(join(REPO_ROOT, "src/runtime/monteCarloPool.ts")).href;
  const script = `const { monteCarloParallel } = await import(${JSON.stringify(pool)});
const [s] = await monteCarloParallel(${JSON.stringify(problem)}, [0], "compromise", { samples: 600, seed: 9, threads: 2, batchSize: 150 });
process.stdout.write(JSON.stringify(s));`;
  const r = spawnSync(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), "--input-type=module", "-e", script],
    { cwd: elsewhere, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  const expected = monteCarlo(problem, 0, "compromise", { samples: 600, seed: 9, batchSize: 150 });
  assert.deepEqual(JSON.parse(r.stdout), JSON.parse(JSON.stringify(expected)));
});
