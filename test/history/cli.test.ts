/** `zopa history` and `zopa report` on the command line (run in process): output formats, and bad input (exit 2, nothing written). */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type CliRun, runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

const FIXTURE = join(REPO_ROOT, "test/history/fixture.yaml");
const zopa = (...args: string[]): Promise<CliRun> => runCli(args);
const tmp = mkdtempSync(join(tmpdir(), "zopa-history-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("history --format json gives the positions and moves", async () => {
  const r = await zopa("history", FIXTURE, "--format", "json");
  assert.equal(r.code, 0, r.stderr);
  const h = JSON.parse(r.stdout);
  assert.equal(h.positions.length, 6);
  assert.deepEqual(
    h.positions.map((p: { move: { class: string } | null }) => p.move?.class ?? null),
    [null, null, "concession", "concession", "concession", "selfish"],
  );
});

test("history without a timeline, or with an unknown variant, exits 2 and writes nothing", async () => {
  const dir = mkdtempSync(join(tmp, "history-"));
  const out = join(dir, "h.txt");
  const r = await zopa("history", join(REPO_ROOT, "examples/car-purchase.yaml"), "-o", out);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no `timeline`/);
  assert.equal(existsSync(out), false);
  const v = await zopa("history", FIXTURE, "--variant", "nope", "-o", out);
  assert.equal(v.code, 2);
  assert.match(v.stderr, /unknown variant "nope".*"no-high"/);
  assert.equal(existsSync(out), false);
});

test("report --format markdown writes the verdict first and says where the file is", async () => {
  const dir = mkdtempSync(join(tmp, "report-md-"));
  const out = join(dir, "r.md");
  const r = await zopa("report", FIXTURE, "--format", "markdown", "-o", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Report written to .*r\.md/);
  const md = readFileSync(out, "utf8").split("\n");
  assert.equal(md[0], "# History fixture");
  assert.match(md[2], /^\*\*Agreement is possible: 2 of 6 outcomes/);
});
