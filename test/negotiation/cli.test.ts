import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

function zopa(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "simulate", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("zopa simulate: JSON is reproducible under a seed, user agents load by path", () => {
  const args = [
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=geniusweb-boulware",
    "--agent",
    "dealer=test/negotiation/fixtures/stubborn-agent.ts",
    "--rounds",
    "15",
    "--seed",
    "5",
    "--repeat",
    "2",
    "--format",
    "json",
  ];
  const a = zopa(...args);
  assert.equal(a.code, 0, a.err);
  const json = JSON.parse(a.out);
  assert.equal(json.runs.length, 2);
  assert.deepEqual(
    json.runs.map((r: { seed: number }) => r.seed),
    [5, 6],
  );
  assert.equal(json.runs[0].parties[1].agent, "stubborn");
  for (const r of json.runs)
    for (const e of r.trace)
      if (e.party === "dealer" && e.kind === "offer")
        assert.deepEqual(e.outcome, { price: "high", warranty: "none", delivery: "pickup" });
  assert.equal(zopa(...args).out, a.out);
});

test("zopa simulate: NDJSON has one line per action and one per result, with the variant applied", () => {
  const r = zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=conceder,dealer=boulware",
    "--variant",
    "generous-dealer",
    "--rounds",
    "6",
    "--format",
    "ndjson",
  );
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  const result = lines[lines.length - 1];
  assert.equal(result.type, "result");
  assert.deepEqual(result.scenario, { id: "car-purchase", variant: "generous-dealer" });
  const actions = lines.slice(0, -1);
  assert.ok(actions.length > 0 && actions.every((l) => l.type === "action" && l.run === 0));
  assert.deepEqual(
    actions.map((a) => a.step),
    actions.map((_, k) => k),
  );
});

test("zopa simulate: bad input exits 2 naming the valid choices, and writes nothing", () => {
  const unknown = zopa("examples/car-purchase.yaml", "--agents", "buyer=boulwre,dealer=linear");
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.err,
    /unknown agent "boulwre" \(did you mean "boulware"\?\); built-in agents: boulware, linear/,
  );
  assert.equal(unknown.out, "");
  const few = zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=boulware",
    "--protocol",
    "mediated",
    "--mediator",
    "party:buyer",
  );
  assert.equal(few.code, 2);
  assert.match(few.err, /party "buyer" is the mediator and takes no agent/);
});

test("docs/simulation.md names every built-in agent and mediator", async () => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { AGENTS, MEDIATORS } = await import("../../src/negotiation/catalog.ts");
  const doc = readFileSync(join(REPO_ROOT, "docs", "simulation.md"), "utf8");
  for (const a of AGENTS) {
    const prefix = /^(multilateral|geniusweb)-/.exec(a.name)?.[1];
    const row = prefix ? `\`${prefix}-…\`` : `\`${a.name}\``;
    assert.ok(doc.includes(row), `${a.name}: docs/simulation.md lacks ${row}`);
  }
  for (const m of MEDIATORS) assert.ok(doc.includes(`\`${m.name}\``), m.name);
});

test("zopa simulate: a scenario's `information: complete` applies unless --information overrides it", () => {
  const dir = mkdtempSync(join(tmpdir(), "zopa-info-"));
  const file = join(dir, "complete.yaml");
  const base = readFileSync(join(REPO_ROOT, "examples/car-purchase.yaml"), "utf8");
  writeFileSync(file, base.replace(/^zopa: 1$/m, "zopa: 1\ninformation: complete"));
  const flags = (r: { out: string }) =>
    JSON.parse(r.out).parties.map((p: { completeInformation: boolean }) => p.completeInformation);
  const declared = zopa(file, "--agents", "buyer=boulware,dealer=conceder", "--format", "json");
  assert.equal(declared.code, 0, declared.err);
  assert.deepEqual(flags(declared), [true, true]);
  const overridden = zopa(
    file,
    "--agents",
    "buyer=boulware,dealer=conceder",
    "--information",
    "private",
    "--format",
    "json",
  );
  assert.equal(overridden.code, 0, overridden.err);
  assert.deepEqual(flags(overridden), [false, false]);
  const plain = zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=boulware,dealer=conceder",
    "--format",
    "json",
  );
  assert.deepEqual(flags(plain), [false, false]);
});
