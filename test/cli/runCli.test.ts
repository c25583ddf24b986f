/**
 * runCli (test/support/cli.ts), which every in-process CLI test relies on: concurrent runs keep their output
 * apart, the environment given reaches the run, and an in-process run refuses a working directory it cannot
 * honour.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { VERSION } from "../../src/cli/version.ts";
import { runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

test("concurrent runs each capture their own output and exit code", async () => {
  const schema = readFileSync(join(REPO_ROOT, "schema", "scenario.schema.json"), "utf8");
  const [version, schemaRun, bad, version2] = await Promise.all([
    runCli(["--version"]),
    runCli(["schema"]),
    runCli(["analyze", "examples/no-such-file.yaml"]),
    runCli(["--version"]),
  ]);
  assert.deepEqual(version, { code: 0, stdout: `${VERSION}\n`, stderr: "" });
  assert.deepEqual(version2, version);
  assert.deepEqual(schemaRun, { code: 0, stdout: schema, stderr: "" });
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /no-such-file\.yaml/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});

test("env reaches the run: ZOPA_DEBUG=1 adds the stack to an input error", async () => {
  const args = ["analyze", "examples/no-such-file.yaml"];
  const [plain, debug] = await Promise.all([
    runCli(args, { env: { ZOPA_DEBUG: undefined } }),
    runCli(args, { env: { ZOPA_DEBUG: "1" } }),
  ]);
  assert.equal(plain.code, 2);
  assert.equal(debug.code, 2);
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  assert.match(debug.stderr, /\n\s+at /);
  assert.equal(debug.stderr.split("\n")[0], plain.stderr.split("\n")[0]);
});

test("cwd: the current directory is accepted; another one is refused, not silently ignored", async () => {
  const here = await runCli(["--version"], { cwd: process.cwd() });
  assert.equal(here.code, 0);
  await assert.rejects(runCli(["--version"], { cwd: tmpdir() }), /cannot change directory/);
});

test("stdin: a scenario given as - is read from the run's standard input, non-ASCII text intact", async () => {
  const file = "examples/car-purchase.yaml";
  const text = readFileSync(join(REPO_ROOT, file), "utf8").replace(
    /title: [^\n]*/,
    "title: Gebrauchtwagen – Käufer & Händler",
  );
  const [piped, none] = await Promise.all([
    runCli(["analyze", "-", "--format", "json"], { stdin: text }),
    runCli(["analyze", "-", "--format", "json"]),
  ]);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(JSON.parse(piped.stdout).scenario.title, "Gebrauchtwagen – Käufer & Händler");
  // No stdin given: an empty one (at its end), never the test process's own.
  assert.equal(none.code, 2);
  assert.match(none.stderr, /<stdin>/);
});
