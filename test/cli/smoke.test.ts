/**
 * The real `zopa` binary (node bin/zopa.js, from the repository root), spawned as a user runs it: the few
 * things only a process shows (the exit code the shell sees, what reaches the terminal, standard input, a
 * closed pipe). Every
 * other CLI test runs the command line in process with runCli (test/support/cli.ts).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Analysis } from "../../src/analysis/analyze.ts";
import { spawnCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

const STACK = /\n\s+at /;
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  version: string;
  bin: { zopa: string };
};

describe("the zopa binary", { concurrency: true }, () => {
  it("--version prints the package's version, exit 0", async () => {
    // The published bin is the build; these smoke tests spawn the source launcher bin/zopa.js.
    assert.equal(pkg.bin.zopa, "dist/cli/bin.js");
    const r = await spawnCli(["--version"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${pkg.version}\n`);
    assert.equal(r.stderr, "");
  });

  it("--help prints the usage and the commands, exit 0", async () => {
    const r = await spawnCli(["--help"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: zopa/);
    for (const c of ["analyze", "validate", "schema", "init", "import", "export", "forecast", "simulate"])
      assert.match(r.stdout, new RegExp(`\\n\\s+${c}\\b`), c);
    assert.equal(r.stderr, "");
  });

  it("analyze --format json prints the analysis, exit 0; the same for the scenario on standard input (-)", async () => {
    const file = "examples/car-purchase.yaml";
    const [r, piped] = await Promise.all([
      spawnCli(["analyze", file, "--format", "json"]),
      spawnCli(["analyze", "-", "--format", "json"], { stdin: readFileSync(join(REPO_ROOT, file), "utf8") }),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout) as Analysis;
    assert.equal(a.space.size, 18);
    assert.equal(a.agreementZone.size, 4);
    assert.equal(r.stderr, "");
    assert.equal(piped.code, 0, piped.stderr);
    const b = JSON.parse(piped.stdout) as Analysis;
    assert.deepEqual(b.pareto, a.pareto);
    assert.deepEqual(b.agreementZone, a.agreementZone);
    assert.equal(piped.stderr, "");
  });

  it("bad input exits 2 with the located problem and no stack trace", async () => {
    const r = await spawnCli(["analyze", "test/formats/fixtures/bad/bad-evaluation.xml"]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /bad-evaluation\.xml: .*evaluation "ten" is not a number/);
    assert.doesNotMatch(r.stderr, STACK);
  });

  it("a closed pipe (zopa schema | head -c 10) ends quietly: exit 0, nothing on stderr", async () => {
    // The schema (over 64 KiB, a pipe's buffer) cannot all be written before head reads its 10 bytes and
    // exits, so the rest of the write fails with EPIPE. pipefail: the exit code is zopa's unless it is 0.
    assert.ok(readFileSync(join(REPO_ROOT, "schema/scenario.schema.json")).length > 65536 + 10);
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        "bash",
        ["-o", "pipefail", "-c", `"${process.execPath}" bin/zopa.js schema | head -c 10`],
        { cwd: REPO_ROOT },
        (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      ),
    );
    assert.equal(r.stdout, '{\n  "$sche');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
  });

  it("an internal error prints one line and where to report it, exit 1; the stack only with --debug or ZOPA_DEBUG=1", async () => {
    const nodeArgs = ["--import", "./test/cli/fixtures/failing-stdout.mjs"];
    const [plain, debug, env] = await Promise.all([
      spawnCli(["schema"], { nodeArgs }),
      spawnCli(["schema", "--debug"], { nodeArgs }),
      spawnCli(["schema"], { nodeArgs, env: { ZOPA_DEBUG: "1" } }),
    ]);
    assert.equal(plain.code, 1, plain.stderr);
    const lines = plain.stderr.split("\n");
    assert.equal(
      lines[0],
      "zopa: internal error (a bug in Zopa, not in your input): simulated failure of a stdout write",
    );
    assert.match(lines[1], /^Please report it .*https:\/\/github\.com\/.*--debug/);
    assert.deepEqual(lines.slice(2), [""]);
    assert.doesNotMatch(plain.stderr, STACK);
    for (const r of [debug, env]) {
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr.split("\n")[0], lines[0]);
      assert.match(r.stderr, /\n\s+at .*schema\.ts/);
      assert.doesNotMatch(r.stderr, /Please report it/);
    }
  });
});
