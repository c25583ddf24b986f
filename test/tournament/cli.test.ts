import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";
import { zopa } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-cli-tournament-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const EXAMPLE = join(REPO_ROOT, "examples", "tournament.yaml");

function spec(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("zopa tournament", () => {
  it("prints the plan, a summary line and the ranking; running again resumes with nothing to do", async () => {
    const db = join(dir, "run.db");
    const a = await zopa("tournament", EXAMPLE, "--store", db, "--workers", "0");
    assert.equal(a.code, 0, a.err);
    assert.match(
      a.out,
      /^Tournament "example-round-robin": 48 negotiations \(2 scenarios, 4 agents, 2 repetitions\)/,
    );
    assert.match(a.out, new RegExp(`results: ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    assert.match(a.out, /RANKING/);
    assert.match(a.err, /^done: \d+ negotiations in .*; 48 of 48 stored in /m);
    const b = await zopa("tournament", EXAMPLE, "--store", db, "--workers", "0");
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /already stored: 48 \(resuming\)/);
    assert.match(b.err, /done: 0 negotiations/);
  });

  it("another spec on the same store exits 2 naming both; --force replaces it", async () => {
    const db = join(dir, "clash.db");
    assert.equal((await zopa("tournament", EXAMPLE, "--store", db, "--workers", "0")).code, 0);
    const other = spec(
      "other.yaml",
      `name: other\nscenarios: [${JSON.stringify(join(REPO_ROOT, "examples/car-purchase.yaml"))}]\nagents: [boulware, linear]\n`,
    );
    const r = await zopa("tournament", other, "--store", db, "--workers", "0");
    assert.equal(r.code, 2);
    assert.match(r.err, /holds tournament "example-round-robin"/);
    assert.match(r.err, /not "other"/);
    assert.match(r.err, /--force/);
    const f = await zopa("tournament", other, "--store", db, "--workers", "0", "--force");
    assert.equal(f.code, 0, f.err);
    assert.match(f.err, /2 of 2 stored/);
  });

  it("a bad spec gives every problem at file:line:column and exits 2, nothing stored", async () => {
    const file = spec(
      "bad.yaml",
      [
        "name: bad",
        "scenarios:",
        "  - nowhere.yaml",
        "agents:",
        "  - boulware",
        "  - boulwar",
        "repetitions: 0",
        "colour: red",
        "",
      ].join("\n"),
    );
    const r = await zopa("tournament", file, "--store", join(dir, "bad.db"));
    assert.equal(r.code, 2);
    // Structural problems first (the schema), each located at its node.
    assert.match(
      r.err,
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:7:14: error: repetitions: `),
    );
    assert.match(r.err, /bad\.yaml:8:9: error: colour: unknown field "colour"/);
    const fixed = spec(
      "bad2.yaml",
      ["name: bad", "scenarios:", "  - nowhere.yaml", "agents:", "  - boulware", "  - boulwar", ""].join(
        "\n",
      ),
    );
    const s = await zopa("tournament", fixed, "--store", join(dir, "bad.db"));
    assert.equal(s.code, 2);
    assert.match(s.err, /bad2\.yaml:3:5: error: scenarios\[0\]: scenario nowhere\.yaml: .*no such file/);
    assert.match(
      s.err,
      /bad2\.yaml:6:5: error: agents\[1\]: unknown agent "boulwar" \(did you mean "boulware"\?\)/,
    );
  });

  it("an inline scenario's problems are located inside the spec", async () => {
    const inline = (issue: string[], weights: string) =>
      [
        "name: inline",
        "scenarios:",
        "  - meta: { id: tiny, title: Tiny }",
        "    issues:",
        ...issue,
        "    parties:",
        "      - id: a",
        "        name: A",
        "        preferences: { weights: { price: 1 }, values: { price: { low: 1, high: 0 } } }",
        "      - id: b",
        "        name: B",
        `        preferences: { weights: { ${weights}: 1 }, values: { price: { low: 0, high: 1 } } }`,
        "agents: [boulware, conceder]",
        "",
      ].join("\n");
    // An issue without its type: located at the issue (line 5).
    const untyped = spec(
      "untyped.yaml",
      inline(
        ["      - id: price", "        name: Price", "        options: [{ id: low }, { id: high }]"],
        "price",
      ),
    );
    const r = await zopa("tournament", untyped, "--store", join(dir, "inline.db"));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /untyped\.yaml:5:9: error: scenarios\[0\]\.issues\[0\]\.type: /);
    // A weight for an issue that does not exist: located at party b's weights (line 15).
    const typed = [
      "      - id: price",
      "        name: Price",
      "        type: categorical",
      "        options: [{ id: low }, { id: high }]",
    ];
    const w = await zopa(
      "tournament",
      spec("weights.yaml", inline(typed, "cost")),
      "--store",
      join(dir, "inline.db"),
    );
    assert.equal(w.code, 2, w.err);
    assert.match(w.err, /weights\.yaml:15:\d+: error: scenarios\[0\]\.parties\[1\]\.preferences/);
    // Correct, it runs: 2 ordered pairs.
    const ok = await zopa(
      "tournament",
      spec("ok.yaml", inline(typed, "price")),
      "--store",
      join(dir, "inline-ok.db"),
      "--workers",
      "0",
    );
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.err, /2 of 2 stored/);
  });

  it("--help shows examples and the exit codes", async () => {
    for (const command of ["tournament", "results"]) {
      const r = await zopa(command, "--help");
      assert.equal(r.code, 0);
      assert.match(r.out, /Examples:/);
      assert.match(r.out, /Exit codes:/);
    }
    // The first example runs the bundled spec.
    const help = (await zopa("tournament", "--help")).out;
    assert.match(help, /zopa tournament examples\/tournament\.yaml --store/);
    assert.ok(existsSync(EXAMPLE));
  });

  it("--workers must be a whole number", async () => {
    const r = await zopa("tournament", EXAMPLE, "--store", join(dir, "w.db"), "--workers", "two");
    assert.equal(r.code, 2);
    assert.match(r.err, /--workers must be a whole number/);
  });
});

describe("zopa results", () => {
  const db = join(dir, "results.db");
  const ready = zopa("tournament", EXAMPLE, "--store", db, "--workers", "0");

  it("--format json: the documented contract, every negotiation with its scenario as the spec names it", async () => {
    assert.equal((await ready).code, 0);
    const r = await zopa("results", db, "--format", "json");
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.version, 1);
    assert.equal(json.tournament.name, "example-round-robin");
    assert.equal(json.tournament.negotiations, 48);
    assert.equal(json.tournament.completed, 48);
    assert.equal(json.tournament.scoring, "advantage");
    assert.deepEqual(json.agents.map((a: { agent: string }) => a.agent).sort(), [
      "boulware",
      "conceder",
      "linear",
      "tit-for-tat",
    ]);
    for (const a of json.agents) {
      assert.equal(a.negotiations, 24);
      assert.ok(a.ci95[0] <= a.meanScore && a.meanScore <= a.ci95[1]);
    }
    assert.equal(json.comparisons.length, 6);
    assert.equal(json.negotiations.length, 48);
    const labels = new Set(json.negotiations.map((n: { scenario: string }) => n.scenario));
    assert.deepEqual([...labels], ["car-purchase.yaml", "river-basin.yaml"]);
    // Per agent, the mean of its advantages over its seats, recomputed from the listed negotiations.
    for (const a of json.agents) {
      const mine = json.negotiations.flatMap(
        (n: { agents: Record<string, string>; advantage: Record<string, number> }) =>
          Object.entries(n.agents)
            .filter(([, name]) => name === a.agent)
            .map(([party]) => n.advantage[party]),
      );
      assert.ok(
        Math.abs(mine.reduce((s: number, x: number) => s + x, 0) / mine.length - a.meanScore) < 1e-12,
      );
    }
  });

  it("--format genius-csv: sep=; then GENIUS's columns in order, one row per negotiation", async () => {
    assert.equal((await ready).code, 0);
    const out = join(dir, "log.csv");
    const r = await zopa("results", db, "--format", "genius-csv", "-o", out);
    assert.equal(r.code, 0, r.err);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    assert.equal(lines[0], "sep=;");
    assert.equal(
      lines[1],
      "Run time (s);Round;Exception;deadline;Agreement;Discounted;#agreeing;min.util.;max.util.;Dist. to Pareto;Dist. to Nash;Social Welfare;Agent 1;Agent 2;Utility 1;Utility 2;Disc. Util. 1;Disc. Util. 2;Perceived. Util. 1;Perceived. Util. 2;User Bothers 1;User Bothers 2;User Util. 1;User Util. 2;Profile 1;Profile 2",
    );
    assert.equal(lines.length, 2 + 48);
    const first = lines[2].split(";");
    assert.equal(first[3], "50 rounds");
    assert.ok(["Yes", "No"].includes(first[4]));
    assert.equal(first[24], "buyer");
    assert.equal(first[25], "dealer");
  });

  it("text and markdown give the ranking; --scoring re-ranks; a missing store exits 2", async () => {
    assert.equal((await ready).code, 0);
    const text = await zopa("results", db);
    assert.match(text.out, /RANKING/);
    assert.match(text.out, /PAIRWISE COMPARISONS/);
    const md = await zopa("results", db, "--format", "markdown", "--scoring", "utility");
    assert.match(md.out, /^# Tournament example-round-robin/);
    assert.match(md.out, /\| rank \| agent \| mean utility \|/);
    const missing = await zopa("results", join(dir, "nope.db"));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no tournament store at/);
  });
});
