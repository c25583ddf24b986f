/**
 * The `zopa` command line, run in process as a user types it (from the repository root): the JSON contract
 * of `analyze`, variants, markdown output, every kind of bad input (exit 2, a located message on stderr,
 * nothing written), `validate`, `init`, `schema` and `--help` on every command. Numbers are those checked by
 * hand in examples.test.ts.
 */
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { type Analysis, analyze, type Solutions } from "../../src/analysis/analyze.ts";
import { main } from "../../src/cli/main.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { formatProblem } from "../../src/scenario/problem.ts";
import { type CliRun, captureStream, runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

const zopa = (...args: string[]): Promise<CliRun> => runCli(args);

/** The parsed `--format json` output (an Analysis, or `{ analyses }` with --all-variants). */
async function json<T = Analysis>(...args: string[]): Promise<T> {
  const r = await zopa(...args, "--format", "json");
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

const dir = mkdtempSync(join(tmpdir(), "zopa-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const CAR = "examples/car-purchase.yaml";
const RIVER = "examples/river-basin.yaml";

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9, `${what}: expected ${expected}, got ${actual}`);
}

describe("zopa analyze", () => {
  it("--format json --all-variants gives the contract's fields for the car purchase and its variant", async () => {
    const all = await json<{ analyses: Analysis[] }>("analyze", CAR, "--all-variants");
    assert.deepEqual(
      all.analyses.map((a) => [a.scenario.variant, a.agreementZone.size]),
      [
        [null, 4],
        ["generous-dealer", 8],
      ],
    );
    const a = all.analyses[0];
    assert.equal(a.space.size, 18);
    assert.equal(a.agreementZone.size, 4);
    assert.equal(a.agreementZone.empty, false);
    assert.equal(a.pareto.size, 10);
    assert.equal(a.pareto.points.length, 10);
    const last = a.pareto.points[9];
    assert.deepEqual(last.outcome, { price: "low", warranty: "two_years", delivery: "delivered" });
    close(last.utilities.buyer, 1, "buyer");
    close(last.utilities.dealer, 0, "dealer");
    for (const name of [
      "nash",
      "kalaiSmorodinsky",
      "equalUtility",
      "egalitarian",
      "welfare",
    ] as (keyof Solutions)[]) {
      assert.ok(a.solutions[name], name);
      assert.deepEqual(Object.keys(a.solutions[name]!.outcome), ["price", "warranty", "delivery"]);
    }
    assert.deepEqual(a.solutions.nash?.outcome, { price: "mid", warranty: "one_year", delivery: "pickup" });
    close(a.solutions.equalUtility!.utilities.buyer, 0.58, "equal utility");
    close(a.metrics.opposition!, Math.sqrt(0.3904), "opposition");
    assert.equal(typeof a.metrics.distribution, "number");
    assert.equal(a.deadlock, null);
  });

  it("--format json gives null solutions and a deadlock with blocking sets and relaxations for the river basin", async () => {
    const a = await json("analyze", RIVER);
    assert.equal(a.agreementZone.empty, true);
    assert.equal(a.agreementZone.size, 0);
    for (const p of Object.values(a.solutions)) assert.equal(p, null);
    assert.deepEqual(
      a.deadlock!.blockingSets.map((b) => b.commitments),
      [["upstream/sixty-percent", "downstream/half-the-river"]],
    );
    assert.deepEqual(
      a.deadlock!.relaxations.map((r) => [r.relax, r.opens.zoneSize]),
      [
        [["upstream/sixty-percent"], 8],
        [["downstream/half-the-river"], 6],
      ],
    );
  });

  it("--variant applies a variant, and --over zone restricts the frontier to the zone", async () => {
    // generous-dealer's zone: the 4 base outcomes and (.3, .8), (.4, .7), (.6, .52), (.7, .42); its frontier:
    // (.3, .8), (.4, .7), (.48, .62), (.6, .52), (.7, .42) (each other zone point is below one of these).
    const v = await json("analyze", CAR, "--variant", "generous-dealer", "--over", "zone");
    assert.equal(v.scenario.variant, "generous-dealer");
    assert.equal(v.agreementZone.size, 8);
    assert.equal(v.pareto.over, "zone");
    assert.deepEqual(
      v.pareto.points.map((p) =>
        [p.utilities.buyer, p.utilities.dealer].map((x) => Math.round(x * 100) / 100),
      ),
      [
        [0.3, 0.8],
        [0.4, 0.7],
        [0.48, 0.62],
        [0.6, 0.52],
        [0.7, 0.42],
      ],
    );
  });

  it("opens the text report with the title and the verdict, and writes markdown (all variants) to a file with -o", async () => {
    const out = join(dir, "report", "river.md");
    const [text, md] = await Promise.all([
      zopa("analyze", RIVER),
      zopa("analyze", RIVER, "--all-variants", "--format", "markdown", "-o", out),
    ]);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.split("\n");
    assert.equal(lines[0], "River basin water sharing");
    assert.equal(
      lines[2],
      'No agreement zone: 1 set of commitments blocks a deal: Upstream\'s red line "sixty-percent" and Downstream\'s red line "half-the-river" cannot both hold. The cheapest relaxation that opens a zone: drop Upstream\'s red line "sixty-percent" (opens 8 of 24 outcomes; 1 other gives up as few).',
    );
    assert.equal(md.code, 0, md.stderr);
    assert.equal(md.stdout, "");
    const report = readFileSync(out, "utf8");
    // The side-by-side table, then each analysis in full.
    assert.match(report, /^# River basin water sharing: variants side by side\n/);
    assert.match(report, /\n\| \(base\) \| 0 \| – \| No agreement zone: /);
    assert.match(
      report,
      /\n\| upstream-flexible \| 5 \| upstream 0\.700, downstream 0\.520 \| Agreement is possible/,
    );
    assert.match(report, /\n## River basin water sharing\n\n\*\*No agreement zone: /);
    // Each analysis's sections nest one level below its title.
    assert.match(report, /\n### Deadlock diagnosis\n/);
  });
});

/** Broken copies of the car purchase, one per kind of bad input: [name, file text, what stderr must say]. */
const car = readFileSync(join(REPO_ROOT, CAR), "utf8");
function broken(from: string, to: string): string {
  assert.ok(car.includes(from), from);
  return car.replace(from, to);
}
const BAD: [string, string | null, RegExp][] = [
  [
    "unknown-issue.yaml",
    broken("{ issue: warranty, atMost", "{ issue: waranty, atMost"),
    /unknown-issue\.yaml:\d+:\d+: error: parties\[1\]\.redLines\[0\]\.requires\.issue: unknown issue "waranty" \(did you mean "warranty"\?\)/,
  ],
  [
    "duplicate-party.yaml",
    broken("  - id: dealer\n", "  - id: buyer\n"),
    /parties\[1\]\.id: duplicate party id "buyer"/,
  ],
  [
    "bad-number.yaml",
    broken("{ value: 0.4,", "{ value: high,"),
    /parties\[1\]\.reservation\.value: expected number, received string/,
  ],
  [
    "weights.yaml",
    broken("{ price: 0.6, warranty: 0.3, delivery: 0.1 }", "{ price: 0.6, warranty: 0.3, delivery: 0.3 }"),
    /parties\[0\]\.preferences\.weights: the weights sum to 1\.2, not 1/,
  ],
  [
    "syntax.yaml",
    broken("title: Used car purchase", "title: Used car: purchase"),
    /syntax\.yaml:7:\d+: error: .*YAML syntax/,
  ],
  ["syntax.json", '{ "meta": { "id": "x", }', /syntax\.json:\d+:\d+: error: .*JSON syntax/],
  ["empty.yaml", "", /empty\.yaml:1:1: error: .*the file is empty/],
  [
    "unknown-field.yaml",
    broken(
      "    role: principal\n    reservation: { value: 0.3",
      "    rol: principal\n    reservation: { value: 0.3",
    ),
    /parties\[0\]\.rol: unknown field "rol"/,
  ],
  ["missing.yaml", null, /missing\.yaml: (error: .*cannot read the file: )?no such file/],
];

describe("bad input", () => {
  for (const [name, text] of BAD) if (text !== null) writeFileSync(join(dir, name), text);

  it("validate exits 2 and says what and where for each kind of bad input, all in one run", async () => {
    const r = await zopa("validate", CAR, ...BAD.map(([name]) => join(dir, name)));
    assert.equal(r.code, 2);
    assert.match(r.stdout, /car-purchase\.yaml: valid/);
    for (const [name, , message] of BAD) assert.match(r.stderr, message, name);
    assert.match(r.stderr, new RegExp(`in ${BAD.length} of ${BAD.length + 1} files`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, "a stack trace");
  });

  it("analyze exits 2 on bad input (semantic, schema, syntax, empty, missing) and writes nothing with -o", async () => {
    const kinds = ["unknown-issue.yaml", "unknown-field.yaml", "syntax.yaml", "empty.yaml", "missing.yaml"];
    const runs = await Promise.all(
      kinds.map((name) =>
        zopa("analyze", join(dir, name), "--format", "markdown", "-o", join(dir, `${name}.md`)),
      ),
    );
    runs.forEach((r, k) => {
      const name = kinds[k];
      const message = BAD.find(([n]) => n === name)![2];
      assert.equal(r.code, 2, `${name}: exit code\n${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.match(r.stderr, /nothing was analysed/, name);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: a stack trace`);
      assert.equal(r.stdout, "", name);
      assert.equal(existsSync(join(dir, `${name}.md`)), false, `${name}: a report was written`);
    });
  });

  it("exits 2 for an unknown variant (naming the defined ones), an unknown command and bad option values", async () => {
    const [variant, command, format, both] = await Promise.all([
      zopa("analyze", RIVER, "--variant", "upstream-flexibel", "-o", join(dir, "v.md")),
      zopa("frobnicate"),
      zopa("analyze", CAR, "--format", "xml"),
      zopa("analyze", RIVER, "--variant", "upstream-flexible", "--all-variants"),
    ]);
    assert.equal(variant.code, 2, variant.stderr);
    assert.match(variant.stderr, /unknown variant "upstream-flexibel".*"upstream-flexible"/);
    assert.equal(existsSync(join(dir, "v.md")), false);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command 'frobnicate'/);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of "text", "json", "markdown" \(got "xml"\)/);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --variant or --all-variants/);
  });
});

describe("unusable output paths", () => {
  const blocker = join(dir, "a-file");
  writeFileSync(blocker, "not a folder\n");

  it("analyze -o under an existing file exits 2 with the path and the reason, no stack trace", async () => {
    const r = await zopa("analyze", CAR, "-o", join(blocker, "x.txt"));
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /cannot write .*a-file.*x\.txt: (a file of that name is in the way|a part of the path is a file, not a folder); nothing was written/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
    assert.equal(readFileSync(blocker, "utf8"), "not a folder\n");
  });

  it("export -o naming an existing file exits 2 and writes nothing", async () => {
    const r = await zopa("export", CAR, "--to", "genius", "-o", blocker);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot write .*a-file: .*; nothing was written/);
    assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
    assert.equal(readFileSync(blocker, "utf8"), "not a folder\n");
  });

  it("export: a target that is a folder fails before any file is written", async () => {
    const out = join(dir, "export-blocked");
    const first = await zopa("export", CAR, "--to", "genius", "-o", out);
    assert.equal(first.code, 0, first.stderr);
    const names = readdirSync(out).sort();
    assert.ok(names.includes("dealer.xml"), names.join(", "));
    rmSync(out, { recursive: true });
    mkdirSync(join(out, "dealer.xml"), { recursive: true });
    const r = await zopa("export", CAR, "--to", "genius", "-o", out);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /dealer\.xml: it is a folder; nothing was written/);
    assert.deepEqual(readdirSync(out), ["dealer.xml"]);
  });

  it("export on bad input says nothing was written; an unknown variant names the defined ones", async () => {
    const [bad, variant] = await Promise.all([
      zopa("export", join(dir, "unknown-issue.yaml"), "--to", "genius", "-o", join(dir, "e1")),
      zopa("export", CAR, "--to", "genius", "--variant", "generous", "-o", join(dir, "e2")),
    ]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /nothing was written/);
    assert.doesNotMatch(bad.stderr, /nothing was analysed/);
    assert.equal(variant.code, 2, variant.stderr);
    assert.match(variant.stderr, /unknown variant "generous": the scenario defines "generous-dealer"/);
    assert.equal(existsSync(join(dir, "e1")), false);
    assert.equal(existsSync(join(dir, "e2")), false);
  });
});

describe("zopa validate, init, schema and --help", () => {
  it("validate passes good files with exit 0", async () => {
    const good = await zopa("validate", CAR, RIVER);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /car-purchase\.yaml: valid/);
    assert.match(good.stdout, /river-basin\.yaml: valid/);
  });

  it("init writes a scenario that validates and analyses, and refuses to overwrite it without --force", async () => {
    const file = join(dir, "new", "scenario.yaml");
    const first = await zopa("init", file);
    assert.equal(first.code, 0, first.stderr);
    const written = readFileSync(file, "utf8");
    // The written file validates and analyses (in-process: the file is what matters).
    const r = parseScenario(written, { file });
    assert.deepEqual(r.problems.map(formatProblem), []);
    const a = analyze(r.scenario!);
    assert.ok(a.space.size > 0);
    assert.equal(typeof a.agreementZone.empty, "boolean");
    const again = await zopa("init", file);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists.*--force/);
    writeFileSync(file, "# edited\n");
    const forced = await zopa("init", file, "--force");
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(file, "utf8"), written);
  });

  it("schema prints the checked-in schema/scenario.schema.json", async () => {
    const r = await zopa("schema");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(REPO_ROOT, "schema", "scenario.schema.json"), "utf8"));
  });

  it("--help works on the program and on every command, with exit 0", async () => {
    const commands = ["analyze", "validate", "schema", "init"];
    const runs = await Promise.all([zopa("--help"), ...commands.map((c) => zopa(c, "--help"))]);
    runs.forEach((r) => {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Usage: zopa/);
    });
    for (const c of commands) assert.match(runs[0].stdout, new RegExp(`\\n\\s+${c}\\b`));
    assert.match(runs[1].stdout, /--variant <name>/);
    assert.match(runs[1].stdout, /--all-variants/);
    assert.match(runs[1].stdout, /--over <set>/);
  });
});

describe("internal errors", () => {
  /** `zopa schema` in process with a stdout whose writes throw a plain Error (a bug, not bad input). */
  async function failing(args: string[], env: Record<string, string | undefined>) {
    const stderr = captureStream();
    const stdout = {
      write(): never {
        throw new TypeError("simulated failure of a write");
      },
    };
    const code = await main(["node", "zopa", "schema", ...args], { stdout, stderr, env });
    return { code, stderr: stderr.text() };
  }

  it("print one line and where to report it, exit 1; the stack only with --debug or ZOPA_DEBUG=1 in the run's environment", async () => {
    const [plain, debug, env, off] = await Promise.all([
      failing([], {}),
      failing(["--debug"], {}),
      failing([], { ZOPA_DEBUG: "1" }),
      failing([], { ZOPA_DEBUG: "0" }),
    ]);
    for (const r of [plain, off]) {
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^zopa: internal error \(a bug in Zopa, not in your input\): simulated failure of a write\nPlease report it .*--debug.*\n$/,
      );
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    for (const r of [debug, env]) {
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^zopa: internal error \(a bug in Zopa, not in your input\): simulated failure of a write\n/,
      );
      assert.match(r.stderr, /TypeError: simulated failure of a write\n\s+at /);
      assert.doesNotMatch(r.stderr, /Please report it/);
    }
  });
});
