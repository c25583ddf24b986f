/** `zopa history` and `zopa report` on the command line: output formats, and bad input (exit 2, nothing written). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

const FIXTURE = join(REPO_ROOT, "test/history/fixture.yaml");
function zopa(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, "bin/zopa.js"), ...args], {
    encoding: "utf8",
    cwd: REPO_ROOT,
  });
}

test("history --format json gives the positions and moves", () => {
  const r = zopa("history", FIXTURE, "--format", "json");
  assert.equal(r.status, 0, r.stderr);
  const h = JSON.parse(r.stdout);
  assert.equal(h.positions.length, 6);
  assert.deepEqual(
    h.positions.map((p: { move: { class: string } | null }) => p.move?.class ?? null),
    [null, null, "concession", "concession", "concession", "selfish"],
  );
});

test("history without a timeline, or with an unknown variant, exits 2 and writes nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "zopa-history-"));
  const out = join(dir, "h.txt");
  const r = zopa("history", join(REPO_ROOT, "examples/car-purchase.yaml"), "-o", out);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no `timeline`/);
  assert.equal(existsSync(out), false);
  const v = zopa("history", FIXTURE, "--variant", "nope", "-o", out);
  assert.equal(v.status, 2);
  assert.match(v.stderr, /unknown variant "nope".*"no-high"/);
  assert.equal(existsSync(out), false);
});

test("report --format markdown writes the verdict first and says where the file is", () => {
  const dir = mkdtempSync(join(tmpdir(), "zopa-report-md-"));
  const out = join(dir, "r.md");
  const r = zopa("report", FIXTURE, "--format", "markdown", "-o", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Report written to .*r\.md/);
  const md = readFileSync(out, "utf8").split("\n");
  assert.equal(md[0], "# History fixture");
  assert.match(md[2], /^\*\*Agreement is possible: 2 of 6 outcomes/);
});
