/**
 * `zopa results --format json|genius-csv` stream the negotiations from the store (two passes, never a list of
 * every row): the output is byte for byte what the whole results object renders to, on stdout and in a file.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { renderGeniusLog } from "../../src/report/tournamentReport.ts";
import { tournamentResults } from "../../src/tasks/tournament.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { zopa } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-results-stream-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "run.db");

before(async () => {
  const r = await zopa(
    "tournament",
    join(REPO_ROOT, "examples", "tournament.yaml"),
    "--store",
    db,
    "--workers",
    "0",
  );
  assert.equal(r.code, 0, r.err);
});

test("json: the streamed output equals JSON.stringify of the whole results (stdout and -o file)", async () => {
  const whole = await tournamentResults({ store: db });
  assert.equal(whole.negotiations?.length, 48);
  const expected = `${JSON.stringify(whole, null, 2)}\n`;
  const out = await zopa("results", db, "--format", "json");
  assert.equal(out.code, 0, out.err);
  assert.equal(out.out, expected);
  const file = join(dir, "results.json");
  assert.equal((await zopa("results", db, "--format", "json", "-o", file)).code, 0);
  assert.equal(readFileSync(file, "utf8"), expected);
  // Another scoring ranks differently but lists the same negotiations.
  const byUtility = await zopa("results", db, "--format", "json", "--scoring", "utility");
  assert.equal(
    byUtility.out,
    `${JSON.stringify(await tournamentResults({ store: db, scoring: "utility" }), null, 2)}\n`,
  );
});

test("genius-csv: the streamed log equals the one rendered from the whole results", async () => {
  const out = await zopa("results", db, "--format", "genius-csv");
  assert.equal(out.code, 0, out.err);
  assert.equal(out.out, renderGeniusLog(await tournamentResults({ store: db })));
  assert.equal(out.out.split("\n").length, 2 + 48 + 1);
});
