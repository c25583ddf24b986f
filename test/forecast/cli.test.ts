import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

const fixtures = join(import.meta.dirname, "fixtures");

function zopa(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("zopa forecast backtest --format json: {models: [{name, issues, mae}]} with the hand-computed MAEs", () => {
  const r = zopa(
    "forecast",
    "backtest",
    join(fixtures, "deu-mini.tsv"),
    "--model",
    "compromise,median-actor",
    "--format",
    "json",
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.models.map((m: { name: string; issues: number; mae: number }) => [m.name, m.issues, m.mae]),
    [
      ["compromise", 2, 3.75],
      ["median-actor", 2, 22.5],
    ],
  );
});

test("zopa forecast on a BDM table and on the example scenario (JSON)", () => {
  const r = zopa("forecast", join(fixtures, "bdm-mini.csv"), "--format", "json");
  assert.equal(r.code, 0, r.stderr);
  const [issue] = JSON.parse(r.stdout).issues;
  // c·s weights 1, 1, 1 at 0, 50, 100 → mean 50; weighted median 50.
  assert.equal(issue.forecast.forecasts.compromise, 50);
  assert.equal(issue.forecast.forecasts["weighted-median"], 50);
  const s = zopa(
    "forecast",
    "examples/forecast-river-basin.yaml",
    "--issue",
    "share",
    "--model",
    "compromise",
  );
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /zone +\|.*\| \(55\.00, 65\.00\)/);
});

test("bad input: located problems, exit code 2, nothing on stdout", () => {
  const r = zopa("forecast", "backtest", join(fixtures, "bdm-mini.csv"));
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    /bdm-mini\.csv:1:1: error: line\[1\]: the header lacks "prnr", .*is this a DEU III file/,
  );
});
