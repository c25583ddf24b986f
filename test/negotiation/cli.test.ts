import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { syntheticScenario } from "./synthetic.ts";

/** `zopa simulate ...args`, run in process (test/support/cli.ts). */
async function zopa(...args: string[]) {
  const r = await runCli(["simulate", ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

test("zopa simulate: JSON is reproducible under a seed, user agents load by path", async () => {
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
  const a = await zopa(...args);
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
  assert.equal((await zopa(...args)).out, a.out);
});

test("zopa simulate: NDJSON has one line per action and one per result, with the variant applied", async () => {
  const r = await zopa(
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

test("zopa simulate: bad input exits 2 naming the valid choices, and writes nothing", async () => {
  const unknown = await zopa("examples/car-purchase.yaml", "--agents", "buyer=boulwre,dealer=linear");
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.err,
    /unknown agent "boulwre" \(did you mean "boulware"\?\); built-in agents: boulware, linear/,
  );
  assert.equal(unknown.out, "");
  const few = await zopa(
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

test("zopa simulate: a scenario's `information: complete` applies unless --information overrides it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zopa-info-"));
  const file = join(dir, "complete.yaml");
  const base = readFileSync(join(REPO_ROOT, "examples/car-purchase.yaml"), "utf8");
  writeFileSync(file, base.replace(/^zopa: 1$/m, "zopa: 1\ninformation: complete"));
  const flags = (r: { out: string }) =>
    JSON.parse(r.out).parties.map((p: { completeInformation: boolean }) => p.completeInformation);
  const declared = await zopa(file, "--agents", "buyer=boulware,dealer=conceder", "--format", "json");
  assert.equal(declared.code, 0, declared.err);
  assert.deepEqual(flags(declared), [true, true]);
  const overridden = await zopa(
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
  const plain = await zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=boulware,dealer=conceder",
    "--format",
    "json",
  );
  assert.deepEqual(flags(plain), [false, false]);
});

test("zopa simulate: an out-of-range agent parameter exits 2 stating the valid range", async () => {
  for (const [spec, range] of [
    ["time-dependent:-1", /time-dependent takes e ≥ 0 \(got e = -1\)/],
    ["aspiration:0", /aspiration takes exponent > 0 \(got exponent = 0\)/],
    ["tit-for-tat:-0.1", /tit-for-tat takes kindness ≥ 0 \(got kindness = -0.1\)/],
    ["nash-seeking:-2", /nash-seeking takes e ≥ 0 \(got e = -2\)/],
  ] as const) {
    const r = await zopa("examples/car-purchase.yaml", "--agents", `buyer=${spec},dealer=linear`);
    assert.equal(r.code, 2, `${spec}: ${r.err}`);
    assert.match(r.err, range);
    assert.equal(r.out, "");
  }
  // The bounds themselves are valid: e = 0 is the hardliner.
  const edge = await zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=time-dependent:0,dealer=tit-for-tat:0",
  );
  assert.equal(edge.code, 0, edge.err);
});

test("every catalog agent that takes a parameter states its range, and the help shows it", async () => {
  const { AGENTS, rangeText } = await import("../../src/negotiation/catalog.ts");
  const help = (await zopa("--help")).out;
  for (const a of AGENTS)
    if (a.parameter) {
      assert.ok(a.range, `${a.name} takes a parameter but has no range`);
      assert.ok(help.includes(`[:${a.parameter}; ${rangeText(a.range)}]`), `${a.name}: help lacks its range`);
    } else assert.equal(a.range, undefined, a.name);
  assert.match(help.replace(/\s+/g, " "), /GENIUS or GeniusWeb domain and its profiles/);
});

test("zopa simulate: an agent that throws is a result: exit 0 and the Failed: line names agent, party and step", async () => {
  const r = await zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=boulware",
    "--agent",
    "dealer=test/negotiation/fixtures/broken-agent.ts",
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Failed: agent broken \(dealer\) threw in propose, round 1: Error: not implemented$/m);
  const json = await zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=boulware",
    "--agent",
    "dealer=test/negotiation/fixtures/broken-agent.ts",
    "--format",
    "json",
  );
  assert.equal(json.code, 0, json.err);
  const result = JSON.parse(json.out);
  assert.equal(result.status, "error");
  assert.deepEqual(result.endedBy, { kind: "failure" });
  assert.equal(result.error.message, "Error: not implemented");
  assert.deepEqual(
    [result.error.party, result.error.agent, result.error.step, result.error.round, result.error.kind],
    ["dealer", "broken", "propose", 1, "error"],
  );
});

test("zopa simulate: a blank or non-integer --seed exits 2; an agent off its protocol lists the agents that play it", async () => {
  for (const seed of ["", " ", "1.5", "x"]) {
    const r = await zopa(
      "examples/car-purchase.yaml",
      "--agents",
      "buyer=boulware,dealer=linear",
      "--seed",
      seed,
    );
    assert.equal(r.code, 2, `--seed "${seed}"`);
    assert.match(r.err, /--seed must be an integer/);
    assert.equal(r.out, "");
  }
  const off = await zopa(
    "examples/car-purchase.yaml",
    "--agents",
    "buyer=performative,dealer=linear",
    "--protocol",
    "mediated",
  );
  assert.equal(off.code, 2, off.err);
  assert.match(off.err, /does not play the mediated protocol/);
  const listed = /Agents for mediated: (.*)$/m.exec(off.err)?.[1].split(", ") ?? [];
  assert.ok(listed.includes("boulware") && listed.includes("random"), off.err);
  assert.ok(!listed.includes("performative"), "the list names only agents that play the protocol");
  assert.equal(off.out, "");
});

test("zopa simulate: with --repeat one mediator serves every run, each as a lone run with its seed", async () => {
  // Opposed parties and hardliner voters: the text never moves, so a mediator that kept its rejected changes
  // from the run before would open the next run differently (a party mediator always opens at its own best).
  const dir = mkdtempSync(join(tmpdir(), "zopa-repeat-"));
  const file = join(dir, "opposed.json");
  writeFileSync(file, JSON.stringify(syntheticScenario([3, 3, 2], 1, { parties: 3, opposed: true })));
  for (const [mediator, agents] of [
    ["party:p2", "p0=hardliner,p1=hardliner"],
    ["hill-climbing", "p0=hardliner,p1=hardliner,p2=hardliner"],
  ]) {
    const base = [file, "--agents", agents, "--protocol", "mediated", "--mediator", mediator];
    const flags = ["--rounds", "15", "--format", "json"];
    const repeated = await zopa(...base, ...flags, "--seed", "5", "--repeat", "3");
    assert.equal(repeated.code, 0, repeated.err);
    const runs = JSON.parse(repeated.out).runs;
    for (const [k, seed] of ["5", "6", "7"].entries()) {
      const alone = await zopa(...base, ...flags, "--seed", seed);
      assert.equal(alone.code, 0, alone.err);
      assert.deepEqual(runs[k], JSON.parse(alone.out), `${mediator}, seed ${seed}`);
    }
  }
});
