import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type CliRun, runCli } from "../support/cli.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";

const fixtures = join(import.meta.dirname, "fixtures");

const zopa = (...args: string[]): Promise<CliRun> => runCli(args);

test("zopa forecast backtest --format json: {models: [{name, issues, mae}]} with the hand-computed MAEs", async () => {
  const r = await zopa(
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

test("zopa forecast on a BDM table and on the example scenario (JSON)", async () => {
  const r = await zopa("forecast", join(fixtures, "bdm-mini.csv"), "--format", "json");
  assert.equal(r.code, 0, r.stderr);
  const [issue] = JSON.parse(r.stdout).issues;
  // c·s weights 1, 1, 1 at 0, 50, 100 → mean 50; weighted median 50.
  assert.equal(issue.forecast.forecasts.compromise, 50);
  assert.equal(issue.forecast.forecasts["weighted-median"], 50);
  const s = await zopa(
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

test("bad input: located problems, exit code 2, nothing on stdout", async () => {
  const r = await zopa("forecast", "backtest", join(fixtures, "bdm-mini.csv"));
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    /bdm-mini\.csv:1:1: error: line\[1\]: the header lacks "prnr", .*is this a DEU III file/,
  );
});

test("a DEU row whose positions are all blank: exit 0, no forecast for it (null in JSON), a clear line in text", async () => {
  const file = join(fixtures, "deu-blank-positions.tsv");
  const r = await zopa("forecast", file, "--format", "json");
  assert.equal(r.code, 0, r.stderr);
  const issues = JSON.parse(r.stdout).issues;
  assert.equal(issues.length, 3);
  const blank = issues[2].forecast;
  assert.equal(blank.issue, "n04002i2");
  assert.deepEqual(blank.scale, { min: 0, max: 100 });
  assert.ok(Object.values(blank.forecasts).every((x) => x === null));
  // The other rows are unaffected: n04002i1 has com 20 (s 100), de 80 (s 50), fr 60 (s 50) → mean 45.
  assert.equal(issues[1].forecast.forecasts.compromise, 45);
  const t = await zopa("forecast", file);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /n04002i2: scale[\s\S]*no actor takes a position on this issue/);
});

test("--samples on a table (fixed inputs only): exit 2 saying there are no uncertain inputs, nothing written", async () => {
  const r = await zopa("forecast", join(fixtures, "bdm-mini.csv"), "--samples", "100");
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /--samples 100: .*bdm-mini\.csv has no uncertain inputs/);
});

test("--samples skips scenario issues without uncertain inputs and runs the --model named", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zopa-forecast-"));
  try {
    const file = join(dir, "mixed.yaml");
    writeFileSync(
      file,
      `
meta: { id: z, title: Z }
issues: [{ id: x, type: real, min: 0, max: 10 }, { id: y, type: real, min: 0, max: 10 }]
parties:
  - { id: A, name: A, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[0, 0], [10, 1]] } } } }
  - { id: B, name: B, preferences: { weights: { x: 1 }, values: { x: { piecewise: [[0, 1], [10, 0]] } } } }
stakeholders:
  actors:
    - { id: a, name: a, capability: 1, stances: { x: { position: { range: [2, 4] }, salience: 1 }, y: { position: 1, salience: 1 } } }
    - { id: b, name: b, capability: 1, stances: { x: { position: 8, salience: 1 }, y: { position: 9, salience: 1 } } }
`,
    );
    const r = await zopa(
      "forecast",
      file,
      "--samples",
      "50",
      "--model",
      "weighted-median",
      "--format",
      "json",
    );
    assert.equal(r.code, 0, r.stderr);
    const [x, y] = JSON.parse(r.stdout).issues;
    assert.equal(x.monteCarlo.model, "weighted-median");
    assert.equal(x.monteCarlo.samples, 50);
    assert.equal(x.monteCarloSkipped, undefined);
    assert.equal(y.monteCarlo, undefined);
    assert.equal(y.monteCarloSkipped, "no uncertain inputs");
    const t = await zopa("forecast", file, "--samples", "50", "--issue", "y");
    assert.equal(t.code, 2);
    assert.match(t.stderr, /has no uncertain inputs on issue "y"/);
    const u = await zopa("forecast", file, "--samples", "50");
    assert.equal(u.code, 0, u.stderr);
    assert.match(u.stdout, /Monte Carlo \(compromise, 50 samples\)/);
    assert.match(u.stdout, /Monte Carlo: skipped, no uncertain inputs on this issue/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--help says the Monte Carlo runs the --model chosen", async () => {
  const r = await zopa("forecast", "--help");
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, /Monte Carlo uses compromise/);
  assert.match(
    r.stdout.replace(/\s+/g, " "),
    /Monte Carlo runs this model \(the selected one when none is given\)/,
  );
});

test(
  "zopa forecast backtest TEST --train TRAIN: selected {name, mae, cvMae, cvSe} beside every model's TEST MAE",
  needsShared("DEU data"),
  async () => {
    // Split the shared file by proposal at run time (into a temporary folder, never into the repository).
    const lines = readFileSync(join(sharedDataDir()!, "deu", "deu3-train.tsv"), "utf8").split("\n");
    const rows = lines.slice(2).filter((l) => l.trim() !== "");
    const proposal = (l: string) => l.split("\t")[2];
    const proposals = [...new Set(rows.map(proposal))].sort();
    const half = new Set(proposals.filter((_, k) => k % 2 === 0));
    const dir = mkdtempSync(join(tmpdir(), "zopa-fc-"));
    try {
      const write = (name: string, keep: (l: string) => boolean) => {
        writeFileSync(join(dir, name), [lines[0], lines[1], ...rows.filter(keep)].join("\n"));
        return join(dir, name);
      };
      const train = write("train.tsv", (l) => half.has(proposal(l)));
      const test = write("test.tsv", (l) => !half.has(proposal(l)));
      const args = ["forecast", "backtest", test, "--train", train, "--folds", "3", "--seeds", "1"];
      const r = await zopa(...args, "--format", "json");
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.mode, "train-test");
      const { name, mae, cvMae, cvSe } = out.selected;
      const row = out.models.find((m: { name: string }) => m.name === name);
      assert.equal(mae, row.mae);
      assert.equal(cvMae, row.cvMae);
      assert.ok(cvSe > 0 && cvSe < 5, String(cvSe));
      assert.ok(out.models.every((m: { mae: number }) => m.mae > 0 && m.mae < 60));
      // The text run on three models (fast): the same protocol, so the same choice when it is among them.
      const three = [...new Set(["compromise", "ktab-pce", name])].join(",");
      const text = await zopa(...args, "--model", three);
      assert.match(text.stdout, new RegExp(`Selected: ${name}: `));
      assert.match(text.stdout, /scored on TEST/);
      assert.match(text.stdout, /coverage on TEST \d+ % and \d+ %/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("zopa forecast backtest without --train says it cross-validated within the file", async () => {
  const r = await zopa("forecast", "backtest", join(fixtures, "deu-mini.tsv"), "--seeds", "1");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /no --train file, so everything is cross-validated within/);
  // The same file as TRAIN and TEST: it runs, and warns that the proposals are shared.
  const same = await zopa(
    "forecast",
    "backtest",
    join(fixtures, "deu-mini.tsv"),
    "--train",
    join(fixtures, "deu-mini.tsv"),
    "--seeds",
    "1",
  );
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /warning: 2 proposal\(s\) appear in both/);
  const bad = await zopa("forecast", "backtest", join(fixtures, "deu-mini.tsv"), "--folds", "1");
  assert.equal(bad.code, 2);
});
