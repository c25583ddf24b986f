/**
 * Hostile user agents through `zopa simulate` in a real process (process.exit and a hanging worker can only
 * be seen from outside): a busy loop, a memory hog, process.exit(0), a thrower, garbage answers and a value
 * that cannot cross threads. Each run ends by itself within the hang limit, exit code 0 as documented (a
 * negotiation that failed on an agent is a result), every negotiation with the right status naming the agent,
 * the call and the reason, the NDJSON output complete, a line on stderr counting the failures, and no input
 * changed. An agent module that does not load is exit 2.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";
import { hashTree, treeChanges } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-hostile-agents-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const runtimeFixture = (name: string) => join(REPO_ROOT, "test", "runtime", "fixtures", name);
const hostileFixture = (name: string) => join(REPO_ROOT, "test", "hostile", "agents", name);
/** Generous: a run of two negotiations takes about a second; a hang would take forever. */
const HANG_MS = 60_000;

const CASES = [
  {
    file: runtimeFixture("busy.js"),
    status: "timeout",
    step: "propose",
    message: /^took more than 300 ms; stopped by the sandbox$/,
  },
  {
    file: runtimeFixture("hog.js"),
    status: "memory",
    step: "propose",
    message: /^exceeded its memory limit \(64 MB\); stopped$/,
  },
  {
    file: runtimeFixture("exits.js"),
    status: "error",
    step: "respond",
    message: /^agent called process\.exit\(0\)$/,
  },
  {
    file: runtimeFixture("throws.js"),
    status: "error",
    step: "propose",
    message: /^RangeError: no offer in round 1$/,
  },
  { file: hostileFixture("garbage.js"), status: "error", step: "respond", message: /"maybe"/ },
  {
    file: hostileFixture("unclonable.js"),
    status: "error",
    step: "propose",
    message: /cannot be sent: DataCloneError/,
  },
] as const;

function zopa(args: string[]) {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "src", "cli", "bin.ts"), ...args],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: HANG_MS,
    },
  );
  return { ...r, ms: performance.now() - started };
}

describe("hostile user agents in zopa simulate", () => {
  for (const c of CASES) {
    const name = c.file.split("/").pop()!;
    it(`${name}: status ${c.status}, exit 0, the output complete, no input changed`, {
      timeout: HANG_MS * 2,
    }, () => {
      const work = mkdtempSync(join(dir, "case-"));
      const agent = join(work, name);
      const scenario = join(work, "car.yaml");
      copyFileSync(c.file, agent);
      // The fixtures are ES modules, as in the repository's "type": "module".
      writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
      copyFileSync(join(REPO_ROOT, "examples", "car-purchase.yaml"), scenario);
      const output = join(work, "out.ndjson");
      writeFileSync(output, "an older output\n");
      const before = hashTree(work);
      const r = zopa([
        "simulate",
        scenario,
        "--agents",
        "buyer=linear",
        "--agent",
        `dealer=${agent}`,
        "--agent-timeout",
        "300",
        "--agent-memory",
        "64",
        "--repeat",
        "2",
        "--format",
        "ndjson",
        "-o",
        output,
      ]);
      assert.equal(r.signal, null, `the run hung (${r.ms.toFixed(0)} ms): ${r.stderr}`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(
        r.stdout,
        "",
        "nothing on stdout: the output went to the file, the agent's prints to stderr",
      );
      const lines = readFileSync(output, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        lines.map((l) => l.type),
        ["result", "result", "summary"],
      );
      for (const l of lines.slice(0, 2)) {
        assert.equal(l.status, c.status);
        assert.equal(l.error.agent, name.replace(".js", "-js"));
        assert.equal(l.error.party, "dealer");
        assert.equal(l.error.step, c.step);
        assert.match(l.error.message, c.message);
      }
      assert.equal(lines[2].statuses[c.status], 2);
      assert.match(
        r.stderr,
        new RegExp(`zopa: 2 of 2 negotiation\\(s\\) failed on an agent \\(2 ${c.status}\\)`),
      );
      assert.match(r.stderr, /zopa: replaced /);
      const changed = treeChanges(before, hashTree(work)).filter((p) => p !== output);
      assert.deepEqual(changed, [], "only the output changed");
    });
  }

  it("an agent module that does not load: exit 2 naming it, the old output left as it was", {
    timeout: HANG_MS * 2,
  }, () => {
    const output = join(dir, "kept.json");
    writeFileSync(output, "kept\n");
    const r = zopa([
      "simulate",
      join(REPO_ROOT, "examples", "car-purchase.yaml"),
      "--agents",
      "buyer=linear",
      "--agent",
      `dealer=${runtimeFixture("notAnAgent.js")}`,
      "-o",
      output,
    ]);
    assert.equal(r.signal, null, r.stderr);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /notAnAgent\.js/);
    assert.match(r.stderr, /must export a function returning an agent/);
    assert.equal(readFileSync(output, "utf8"), "kept\n");
  });

  it("counts above their maximum are refused at once: exit 2 naming the maximum", {
    timeout: HANG_MS,
  }, async () => {
    const { runCli } = await import("./support.ts");
    for (const [flag, value, max] of [
      ["--repeat", "10000001", "10,000,000"],
      ["--rounds", "1000001", "1,000,000"],
      ["--agent-timeout", "3600001", "3,600,000"],
      ["--agent-memory", "16385", "16,384"],
    ]) {
      const r = await runCli([
        "simulate",
        join(REPO_ROOT, "examples", "car-purchase.yaml"),
        "--agents",
        "buyer=linear,dealer=linear",
        flag,
        value,
      ]);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.match(r.stderr, new RegExp(`${flag} is at most ${max}`));
      assert.ok(r.ms < 5000, `${flag}: refused at once (${r.ms} ms)`);
    }
  });

  it("Ctrl-C during a long --repeat to a file: exit 130, the old file as it was, no temporary file left", {
    timeout: HANG_MS * 2,
  }, async () => {
    const work = mkdtempSync(join(dir, "stop-"));
    const output = join(work, "runs.ndjson");
    writeFileSync(output, "old\n");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO_ROOT, "src", "cli", "bin.ts"),
        "simulate",
        join(REPO_ROOT, "examples", "car-purchase.yaml"),
        "--agents",
        "buyer=boulware,dealer=conceder",
        "--repeat",
        "10000000",
        "--format",
        "ndjson",
        "-o",
        output,
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    // Once the temporary file exists, the run is under way.
    const started = performance.now();
    while (readdirSync(work).length < 2 && performance.now() - started < HANG_MS)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /stopped after \d+ of 10000000 negotiation\(s\); .* was left as it was/);
    assert.equal(readFileSync(output, "utf8"), "old\n");
    assert.deepEqual(readdirSync(work), ["runs.ndjson"]);
  });
});
