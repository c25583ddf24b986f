/**
 * `zopa simulate` with specs and snapshots, run in process through `main(argv, io)`: --save-spec then --spec
 * prints what the command line printed; --stop-after/--snapshot then --resume prints, byte for byte, what the
 * uninterrupted run printed.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.ts";
import { REPO_ROOT } from "../support/shared.ts";

async function zopa(...args: string[]) {
  let out = "";
  let err = "";
  const code = await main(["node", "zopa", "simulate", ...args], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

const CAR = join(REPO_ROOT, "examples", "car-purchase.yaml");
const STUBBORN = join(REPO_ROOT, "test", "negotiation", "fixtures", "stubborn-agent.ts");
const tmp = () => mkdtempSync(join(tmpdir(), "zopa-sessions-"));

test("zopa simulate --save-spec writes a self-contained spec; --spec prints what the command line printed", async () => {
  const dir = tmp();
  for (const format of ["text", "json", "ndjson"]) {
    const line = [
      CAR,
      "--agents",
      "buyer=geniusweb-boulware",
      "--agent",
      `dealer=${STUBBORN}`,
      "--rounds",
      "12",
      "--seed",
      "5",
      "--repeat",
      "2",
      "--variant",
      "generous-dealer",
      "--format",
      format,
    ];
    const direct = await zopa(...line);
    assert.equal(direct.code, 0, direct.err);
    const spec = join(dir, `spec-${format}.json`);
    const saved = await zopa(...line, "--save-spec", spec);
    assert.equal(saved.code, 0, saved.err);
    assert.equal(saved.out, "", "nothing is run");
    const written = JSON.parse(readFileSync(spec, "utf8"));
    assert.equal(written.version, 1);
    assert.equal(written.scenario.content.meta.id, "car-purchase", "the scenario is embedded");
    assert.match(written.agents.dealer.content, /name: "stubborn"/, "the agent file is embedded");
    assert.deepEqual(written.agents.buyer, { name: "geniusweb-boulware" });
    assert.deepEqual(
      [written.seed, written.repeat, written.rounds, written.variant],
      [5, 2, 12, "generous-dealer"],
    );
    // Moved elsewhere, the spec still runs: nothing refers back to the files it came from.
    const moved = join(tmp(), "moved.json");
    copyFileSync(spec, moved);
    const run = await zopa("--spec", moved, "--format", format);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, direct.out, `--spec gives the command line's ${format} output`);
  }
});

test("zopa simulate --spec resolves a scenario path relative to the spec file; a bad spec names the field", async () => {
  const dir = tmp();
  copyFileSync(CAR, join(dir, "car.yaml"));
  const spec = join(dir, "spec.json");
  writeFileSync(
    spec,
    JSON.stringify({
      version: 1,
      scenario: { path: "car.yaml" },
      agents: { buyer: { name: "boulware" }, dealer: { name: "time-dependent", parameter: 1.5 } },
      rounds: 9,
      seed: 4,
    }),
  );
  const viaSpec = await zopa("--spec", spec, "--format", "json");
  assert.equal(viaSpec.code, 0, viaSpec.err);
  const direct = await zopa(
    CAR,
    "--agents",
    "buyer=boulware,dealer=time-dependent:1.5",
    "--rounds",
    "9",
    "--seed",
    "4",
    "--format",
    "json",
  );
  assert.equal(viaSpec.out, direct.out);

  writeFileSync(
    spec,
    JSON.stringify({
      version: 1,
      scenario: { path: "car.yaml" },
      agents: { buyer: { name: "boulware", parameter: "x" } },
    }),
  );
  const bad = await zopa("--spec", spec);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /agents\.buyer/);
  assert.equal(bad.out, "");
  writeFileSync(
    spec,
    JSON.stringify({
      version: 1,
      scenario: { path: "car.yaml" },
      agents: { buyer: { name: "boulwar" }, dealer: { name: "linear" } },
    }),
  );
  const unknown = await zopa("--spec", spec);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown agent "boulwar" \(did you mean "boulware"\?\)/);
  writeFileSync(spec, "{ not json");
  assert.equal((await zopa("--spec", spec)).code, 2);
  const resume = await zopa("--resume", spec);
  assert.equal(resume.code, 2);
});

const CASES: [string, string[]][] = [
  ["SAOP", [CAR, "--agents", "buyer=geniusweb-linear,dealer=random", "--rounds", "10", "--seed", "3"]],
  [
    "mediated",
    [
      CAR,
      "--agents",
      "buyer=aspiration,dealer=linear",
      "--protocol",
      "mediated",
      "--rounds",
      "6",
      "--seed",
      "2",
    ],
  ],
];

for (const [label, line] of CASES)
  test(`zopa simulate --stop-after N --snapshot, then --resume: byte-identical to the uninterrupted run (${label})`, async () => {
    const dir = tmp();
    for (const format of ["json", "text"]) {
      const whole = await zopa(...line, "--format", format);
      assert.equal(whole.code, 0, whole.err);
      const actions = (
        JSON.parse((await zopa(...line, "--format", "json")).out).trace as { party: string }[]
      ).filter((e) => e.party !== "mediator").length;
      assert.ok(actions > 4, "long enough to cut");
      for (const n of [0, 1, 4, actions - 1, actions + 5]) {
        const file = join(dir, `session-${format}-${n}.json`);
        const stopped = await zopa(...line, "--stop-after", String(n), "--snapshot", file);
        assert.equal(stopped.code, 0, stopped.err);
        assert.equal(stopped.out, "");
        assert.match(stopped.err, new RegExp(`stopped after ${Math.min(n, actions)} action`));
        const snapshot = JSON.parse(readFileSync(file, "utf8"));
        assert.equal(snapshot.kind, "zopa-session");
        assert.equal(snapshot.log.length, Math.min(n, actions));
        const resumed = await zopa("--resume", file, "--format", format);
        assert.equal(resumed.code, 0, resumed.err);
        assert.equal(resumed.out, whole.out, `${format}, stopped after ${n}`);
      }
    }
  });

test("zopa simulate: --stop-after needs --snapshot, --resume takes no scenario, and a snapshot with a changed log is refused", async () => {
  const dir = tmp();
  const line = [CAR, "--agents", "buyer=boulware,dealer=conceder"];
  const alone = await zopa(...line, "--stop-after", "3");
  assert.equal(alone.code, 2);
  assert.match(alone.err, /--stop-after and --snapshot go together/);
  const repeat = await zopa(...line, "--repeat", "2", "--stop-after", "3", "--snapshot", join(dir, "s.json"));
  assert.equal(repeat.code, 2);
  assert.ok(!existsSync(join(dir, "s.json")));
  const file = join(dir, "session.json");
  assert.equal((await zopa(...line, "--stop-after", "3", "--snapshot", file)).code, 0);
  assert.equal((await zopa(CAR, "--resume", file)).code, 2);
  const snapshot = JSON.parse(readFileSync(file, "utf8"));
  snapshot.log[1].outcome = (snapshot.log[1].outcome + 1) % 18;
  writeFileSync(file, JSON.stringify(snapshot));
  const forged = await zopa("--resume", file);
  assert.equal(forged.code, 2);
  assert.match(forged.err, /does not replay: at action 1/);
  snapshot.log[1] = { party: "dealer", type: "vote" };
  writeFileSync(file, JSON.stringify(snapshot));
  const invalid = await zopa("--resume", file);
  assert.equal(invalid.code, 2);
  assert.match(invalid.err, /log\.1/);
});

test("zopa simulate takes a GENIUS domain and its profile files, as zopa analyze does; the spec embeds the import", async () => {
  const folder = join(REPO_ROOT, "test", "formats", "fixtures", "genius-shop");
  const files = ["shop.xml", "buyer-prof.xml", "seller_utility.xml"].map((f) => join(folder, f));
  const line = [
    ...files,
    "--agents",
    "buyer-prof=conceder,seller_utility=boulware",
    "--rounds",
    "20",
    "--format",
    "json",
  ];
  const direct = await zopa(...line);
  assert.equal(direct.code, 0, direct.err);
  const result = JSON.parse(direct.out);
  assert.deepEqual(
    result.parties.map((p: { id: string }) => p.id),
    ["buyer-prof", "seller_utility"],
  );
  const viaFolder = await zopa(folder, ...line.slice(files.length));
  assert.equal(viaFolder.out, direct.out, "the folder and its files are the same input");
  const spec = join(tmp(), "spec.json");
  assert.equal((await zopa(...line, "--save-spec", spec)).code, 0);
  const run = await zopa("--spec", spec, "--format", "json");
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out, direct.out);
});
