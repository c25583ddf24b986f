/**
 * `zopa agent check FILE`: a good agent passes (exit 0, every check ✓); an agent that offers outside the
 * space, accepts below its reservation value or bids with Math.random fails the named check with where and why
 * (exit 2); a file that is not an agent exits 2 with a clear message. Run in process through runCli
 * (test/support/cli.ts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { AGENT_CHECKS } from "../../src/testing/index.ts";
import { runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

const zopa = (...args: string[]) => runCli(args);

const fixture = (name: string) => join(REPO_ROOT, "test", "testing", "fixtures", name);

/** The ✗ line of a failed check, or undefined. */
function failedLine(out: string, check: string): string | undefined {
  return out.split("\n").find((l) => l.startsWith(`  ✗ ${check}:`));
}

describe("zopa agent check", () => {
  it("a good agent passes every check: exit 0, one ✓ per check", async () => {
    const r = await zopa("agent", "check", fixture("linear-agent.js"));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const check of Object.values(AGENT_CHECKS)) assert.match(r.stdout, new RegExp(`  ✓ ${check}`));
    assert.match(r.stdout, /all 10 checks passed/);
    assert.equal(r.stderr, "");
  });

  it("an agent whose methods return Promises passes too", async () => {
    const r = await zopa("agent", "check", fixture("async-agent.js"), "--scenarios", "2");
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^async-linear\n/);
    assert.match(r.stdout, /all 10 checks passed/);
  });

  it("--format json gives the report as data", async () => {
    const r = await zopa("agent", "check", fixture("linear-agent.js"), "--format", "json", "--seed", "3");
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.ok, true);
    assert.equal(json.subject, "linear-example");
    assert.deepEqual(
      json.checks.map((c: { name: string }) => c.name),
      Object.values(AGENT_CHECKS),
    );
    assert.ok(json.runs.length >= 6);
  });

  it("--scenario plays the user's scenario, the agent in every seat", async () => {
    const r = await zopa(
      "agent",
      "check",
      fixture("linear-agent.js"),
      "--scenario",
      join(REPO_ROOT, "examples", "car-purchase.yaml"),
      "--format",
      "json",
    );
    assert.equal(r.code, 0, r.stderr);
    const seats = new Set(JSON.parse(r.stdout).runs.map((run: { scenario: string }) => run.scenario));
    assert.deepEqual([...seats].sort(), ["seat buyer", "seat dealer"]);
  });

  it("an agent offering outside the space fails “offers only outcomes in the space” (exit 2), naming the step", async () => {
    const r = await zopa("agent", "check", fixture("outside-agent.ts"));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const line = failedLine(r.stdout, AGENT_CHECKS.validOffers);
    assert.ok(line, r.stdout);
    assert.match(line, /scenario \d+ .* round 2, propose: returned \d+, not an outcome index in \[0, \d+\)/);
    assert.match(r.stderr, /zopa: agent "outside" .* fails \d+ of 10 conformance checks/);
  });

  it("an agent accepting anything fails “never accepts below its reservation value…”, naming the outcome and why", async () => {
    const r = await zopa("agent", "check", fixture("greedy-accept.ts"));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const line = failedLine(r.stdout, AGENT_CHECKS.accepts);
    assert.ok(line, r.stdout);
    assert.match(
      line,
      /step \d+ \(round \d+\): accepted \d+ \(i0=.*\): utility [\d.]+( < reservation value [\d.]+|, but it breaks one of its red lines)/,
    );
    assert.ok(!failedLine(r.stdout, AGENT_CHECKS.seed), "deterministic");
  });

  it("an agent bidding with Math.random fails “plays the same trace under the same seed”", async () => {
    const r = await zopa("agent", "check", fixture("math-random.ts"));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const line = failedLine(r.stdout, AGENT_CHECKS.seed);
    assert.ok(line, r.stdout);
    assert.match(line, /seed \d+: two runs differ at trace\[\d+\]/);
  });

  it("a file that is not an agent exits 2 with a clear message", async () => {
    const object = await zopa("agent", "check", fixture("not-an-agent.js"));
    assert.equal(object.code, 2);
    assert.equal(object.stdout, "");
    assert.match(
      object.stderr,
      /cannot load agent module .*not-an-agent\.js in the sandbox: .*must export a function returning an agent/,
    );
    assert.match(object.stderr, /hint: export a function returning a fresh agent/);
    const half = await zopa("agent", "check", fixture("no-respond.js"));
    assert.equal(half.code, 2);
    assert.match(
      half.stderr,
      /no-respond\.js in the sandbox: .*must return an agent: the agent needs respond\(\)/,
    );
    const missing = await zopa("agent", "check", fixture("nowhere.js"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere\.js: no such file/);
  });

  it("the agent's name is printed escaped for the terminal", async () => {
    const r = await zopa("agent", "check", fixture("hostile-name.js"));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(!r.stdout.includes("\u001b") && !r.stdout.includes("\u202e"), JSON.stringify(r.stdout));
    assert.match(r.stdout, /^\\u001b\[2Jcleared\\u202e\n/i);
  });

  it("bad options exit 2", async () => {
    const r = await zopa("agent", "check", fixture("linear-agent.js"), "--seed", "x");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--seed must be an integer/);
    const f = await zopa("agent", "check", fixture("linear-agent.js"), "--format", "yaml");
    assert.equal(f.code, 2);
  });

  it("--help shows examples and exit codes", async () => {
    const r = await zopa("agent", "check", "--help");
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:\n {2}zopa agent check \.\/my-agent\.js/);
    assert.match(r.stdout, /Exit codes: 0 every check passed; 2 a check failed/);
  });
});
