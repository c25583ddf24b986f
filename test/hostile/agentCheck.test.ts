/**
 * Hostile user agents through `zopa agent check` in a real process (a busy loop, a memory hog and
 * process.exit can only be seen from outside): each run ends by itself within seconds, exit 2 as documented
 * (docs/extending.md), the report naming the failed check, where it happened, the call and the reason
 * (timed out / out of memory / process.exit / the error thrown), the agent's prints on stderr only, no
 * process left behind (the spawned run ends, so its worker threads ended with it).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { AGENT_CHECKS } from "../../src/testing/agentSuite.ts";
import { REPO_ROOT } from "../support/shared.ts";

const runtimeFixture = (name: string) => join(REPO_ROOT, "test", "runtime", "fixtures", name);
/** Generous hang limit: each run takes a few seconds; a hang never ends. */
const HANG_MS = 30_000;

function zopa(args: string[]) {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "src", "cli", "bin.ts"), ...args],
    { cwd: REPO_ROOT, encoding: "utf8", timeout: HANG_MS, killSignal: "SIGKILL" },
  );
  return { ...r, ms: performance.now() - started };
}

const CASES = [
  {
    file: "busy.js",
    detail:
      /SAOP, private information, round \d+, propose: timed out: took more than 300 ms; stopped by the sandbox/,
  },
  {
    file: "hog.js",
    detail: /round \d+, propose: out of memory: exceeded its memory limit \(64 MB\); stopped/,
  },
  { file: "exits.js", detail: /round \d+, respond: agent called process\.exit\(0\)/ },
  { file: "throws.js", detail: /round 1, propose: RangeError: no offer in round 1/ },
] as const;

describe("hostile user agents in zopa agent check", () => {
  for (const c of CASES)
    it(`${c.file}: exit 2, the failed check with the call and the reason, no hang`, {
      timeout: HANG_MS * 2,
    }, () => {
      const r = zopa([
        "agent",
        "check",
        runtimeFixture(c.file),
        "--agent-timeout",
        "300",
        "--agent-memory",
        "64",
      ]);
      assert.equal(r.signal, null, `the run hung (${r.ms.toFixed(0)} ms): ${r.stderr}`);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      const failed = r.stdout.split("\n").filter((l) => l.startsWith("  ✗ "));
      assert.equal(failed.length, 1, r.stdout);
      assert.ok(failed[0].startsWith(`  ✗ ${AGENT_CHECKS.saopPrivate}: scenario 0 `), failed[0]);
      assert.match(failed[0], c.detail);
      // The run stopped at the failing negotiation: the passing checks say so.
      assert.match(r.stdout, /stopped after the agent failed in scenario 0/);
      assert.match(r.stderr, /zopa: agent "[a-z]+-js" \(.*\) fails 1 of 10 conformance checks/);
      if (c.file === "throws.js") {
        assert.doesNotMatch(r.stdout, /thinking/, "the agent's prints never reach stdout");
        assert.match(r.stderr, /\[agent throws-js\] thinking in round 1/);
      }
    });

  it("--format json: the same failure as data, exit 2", { timeout: HANG_MS * 2 }, () => {
    const r = zopa([
      "agent",
      "check",
      runtimeFixture("busy.js"),
      "--agent-timeout",
      "300",
      "--format",
      "json",
    ]);
    assert.equal(r.signal, null, r.stderr);
    assert.equal(r.status, 2, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.ok, false);
    const failed = json.checks.filter((x: { ok: boolean }) => !x.ok);
    assert.deepEqual(
      failed.map((x: { name: string }) => x.name),
      [AGENT_CHECKS.saopPrivate],
    );
    assert.match(failed[0].detail, /propose: timed out: took more than 300 ms/);
  });

  it("a factory returning the same object twice fails “creates a fresh agent”, seen in the sandbox", {
    timeout: HANG_MS * 2,
  }, () => {
    const r = zopa(["agent", "check", join(REPO_ROOT, "test", "hostile", "agents", "singleton.js")]);
    assert.equal(r.signal, null, r.stderr);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`  ✗ ${AGENT_CHECKS.creates}: the factory returned the same object twice`),
    );
  });
});
