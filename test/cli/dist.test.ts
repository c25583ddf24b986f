/**
 * The built command line (dist/cli/bin.js, what `npm install` puts on the PATH), spawned from a folder outside
 * the repository: it starts, computes what the source computes, runs Monte Carlo worker threads and renders
 * the HTML report. `npm test` builds first; run alone without a build, these tests skip.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { REPO_ROOT } from "../support/shared.ts";

const BIN = join(REPO_ROOT, "dist", "cli", "bin.js");
const skip = existsSync(BIN) ? false : "no build in dist/ (run `npm run build`, or `npm test`, which builds)";
const elsewhere = mkdtempSync(join(tmpdir(), "zopa-dist-"));
after(() => rmSync(elsewhere, { recursive: true, force: true }));

function zopa(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: elsewhere, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the built zopa", { skip }, () => {
  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    assert.deepEqual(zopa("--version"), { code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("analyze --format json gives what the source's analyze gives", () => {
    const file = join(REPO_ROOT, "examples/river-basin.yaml");
    const r = zopa("analyze", file, "--variant", "upstream-flexible", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const expected = analyze(loadScenario(file), { variant: "upstream-flexible" });
    assert.deepEqual(JSON.parse(r.stdout), JSON.parse(JSON.stringify(expected)));
  });

  it('the README\'s library example runs against the build (import from "zopa")', () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const example = join(REPO_ROOT, ".tmp", "readme-example-dist.ts");
    mkdirSync(dirname(example), { recursive: true });
    writeFileSync(example, /```ts\n([\s\S]*?)```/.exec(readme)![1]);
    const r = spawnSync(process.execPath, ["--import", "tsx", example], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const file = join(REPO_ROOT, "examples/river-basin.yaml");
    const expected = analyze(loadScenario(file), { variant: "upstream-flexible" });
    assert.equal(r.stdout.split("\n")[0], expected.verdict);
  });

  it("bad input exits 2 with the problem on stderr", () => {
    const r = zopa("analyze", "no-such-scenario.yaml");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-such-scenario\.yaml/);
  });

  it("forecast --samples runs the built worker threads and prints what the source prints", () => {
    const args = ["forecast", join(REPO_ROOT, "examples/forecast-river-basin.yaml"), "--samples", "20000"];
    const r = zopa(...args, "--threads", "2", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const issues = (
      JSON.parse(r.stdout) as { issues: { monteCarlo?: { histogram: { counts: number[] } } }[] }
    ).issues;
    assert.ok(issues.some((i) => i.monteCarlo?.histogram.counts.reduce((a, b) => a + b, 0) === 20000));
    const source = spawnSync(
      process.execPath,
      [join(REPO_ROOT, "bin/zopa.js"), ...args, "--format", "json"],
      {
        cwd: elsewhere,
        encoding: "utf8",
      },
    );
    assert.equal(source.status, 0, source.stderr);
    assert.equal(r.stdout, source.stdout);
  });

  it("report writes the HTML report with its plots", () => {
    const out = join(elsewhere, "river.html");
    const r = zopa("report", join(REPO_ROOT, "examples/river-basin.yaml"), "-o", out);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, "utf8");
    assert.match(html, /^<!DOCTYPE html>/i);
    assert.match(html, /<svg/);
  });
});
