/**
 * `zopa simulate --repeat` streams: NDJSON is one result line per negotiation then a summary line (action lines
 * only with --traces, or for a single negotiation), the summary agrees with the result lines, JSON is the same
 * document as the kept runs, text is the summary of the runs, and an output file is complete and replaced only
 * at the end.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { resultToJson } from "../../src/negotiation/serialize.ts";
import { renderRepeated } from "../../src/report/simulationReport.ts";
import { simulationRuns } from "../../src/tasks/simulate.ts";
import { runCli } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-simulate-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const BASE = [
  "simulate",
  "examples/car-purchase.yaml",
  "--agents",
  "buyer=boulware,dealer=random",
  "--rounds",
  "30",
];
const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

test("NDJSON with --repeat: a result line per negotiation, then a summary that agrees with them", async () => {
  const r = await runCli([...BASE, "--repeat", "40", "--seed", "3", "--format", "ndjson"]);
  assert.equal(r.code, 0, r.stderr);
  const all = lines(r.stdout);
  assert.equal(all.length, 41);
  const results = all.slice(0, 40);
  assert.ok(results.every((l, k) => l.type === "result" && l.run === k && l.seed === 3 + k));
  const summary = all[40];
  assert.equal(summary.type, "summary");
  assert.equal(summary.runs, 40);
  assert.deepEqual(summary.seeds, [3, 42]);
  const agreed = results.filter((l) => l.status === "agreement").length;
  assert.equal(summary.statuses.agreement, agreed);
  assert.equal(summary.agreementRate, agreed / 40);
  const meanRounds = results.reduce((s, l) => s + l.rounds, 0) / 40;
  assert.ok(Math.abs(summary.meanRounds - meanRounds) < 1e-12);
  for (const party of ["buyer", "dealer"]) {
    const mean = results.reduce((s, l) => s + l.utilities[party], 0) / 40;
    assert.ok(Math.abs(summary.meanUtilities[party] - mean) < 1e-12, party);
  }
  const traced = await runCli([...BASE, "--repeat", "3", "--format", "ndjson", "--traces"]);
  const kinds = lines(traced.stdout).map((l) => l.type);
  assert.ok(kinds.includes("action"));
  assert.deepEqual(
    kinds.filter((k) => k !== "action"),
    ["result", "result", "result", "summary"],
  );
});

test("JSON and text with --repeat are what the kept runs give", async () => {
  const request = {
    version: 1 as const,
    scenario: { path: "examples/car-purchase.yaml" },
    agents: { buyer: { name: "boulware" }, dealer: { name: "random" } },
    rounds: 30,
    repeat: 12,
  };
  const runs = await simulationRuns(request);
  const json = await runCli([...BASE, "--repeat", "12", "--format", "json"]);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(
    json.stdout,
    `${JSON.stringify({ version: 2, runs: runs.results.map((r) => resultToJson(runs.space, r)) }, null, 2)}\n`,
  );
  const text = await runCli([...BASE, "--repeat", "12"]);
  assert.equal(text.stdout, renderRepeated(runs.space, runs.results));
});

test("an output file is written whole and replaced at the end; a bad count leaves it as it was", async () => {
  const out = join(dir, "runs.ndjson");
  writeFileSync(out, "old\n");
  const bad = await runCli([...BASE, "--repeat", "0", "--format", "ndjson", "-o", out]);
  assert.equal(bad.code, 2);
  assert.equal(readFileSync(out, "utf8"), "old\n");
  const r = await runCli([...BASE, "--repeat", "500", "--format", "ndjson", "-o", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /replaced/);
  assert.equal(lines(readFileSync(out, "utf8")).length, 501);
});
