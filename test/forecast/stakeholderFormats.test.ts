import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { isZopaError } from "../../src/errors.ts";
import { compromisePosition } from "../../src/forecast/compromise.ts";
import { condorcetWinners, weightedMedian } from "../../src/forecast/median.ts";
import { parseBdmCsv } from "../../src/formats/stakeholders/bdmCsv.ts";
import { introYear, parseDeuTsv } from "../../src/formats/stakeholders/deuTsv.ts";
import { ktabIssues } from "../../src/formats/stakeholders/ktab.ts";
import { parseKtabCsv } from "../../src/formats/stakeholders/ktabCsv.ts";
import { parseKtabXml } from "../../src/formats/stakeholders/ktabXml.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const read = (name: string) => readFileSync(join(fixtures, name), "utf8");

function problemsOf(
  fn: () => unknown,
): { line?: number; column?: number; message: string; path: unknown[] }[] {
  try {
    fn();
  } catch (e) {
    assert.ok(isZopaError(e, "format"), `expected a StakeholderFormatError, got ${e}`);
    return e.problems;
  }
  assert.fail("expected the import to fail");
}

test("BDM CSV: reads actors and rescales 0–100 saliences", () => {
  const issue = parseBdmCsv(read("bdm-mini.csv"), { file: "bdm-mini.csv" });
  assert.equal(issue.id, "bdm-mini");
  assert.deepEqual(
    issue.actors.map((a) => [a.name, a.capability, a.position, a.salience]),
    [
      ["A", 1, 0, 1],
      ["B", 2, 50, 0.5],
      ["C", 1, 100, 1],
    ],
  );
});

test("BDM CSV: malformed rows are reported with file, line, column and field", () => {
  const text = "Actor,Capability,Position,Salience\nA,1,0,50\nB,x,5,50\nC,1,5\n,-1,3,120\n";
  const problems = problemsOf(() => parseBdmCsv(text, { file: "bad.csv" }));
  const where = problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  assert.deepEqual(where, [
    '3:3 capability "x" is not a number',
    "4:1 expected 4 fields (actor, capability, position, salience), found 3",
    "5:1 the actor name is empty",
    "5:2 capability cannot be negative (got -1)",
    "5:7 salience 120 exceeds 100",
  ]);
  assert.ok(problems.every((p) => (p as { file?: string }).file === "bad.csv"));
});

test("KTAB CSV: dimensions from the header, one issue per dimension", () => {
  const scenario = parseKtabCsv(read("ktab-mini.csv"), { file: "ktab-mini.csv" });
  assert.deepEqual(scenario.dimensions, ["Policy", "Market"]);
  assert.equal(scenario.actors.length, 3);
  const [policy, market] = ktabIssues(scenario);
  assert.deepEqual(
    market.actors.map((a) => [a.name, a.capability, a.position, a.salience]),
    [
      ["AA", 100, 20, 0.6],
      ["BB", 50, 80, 0.25],
      ["CC", 25, 40, 0.3],
    ],
  );
  assert.equal(policy.actors[1].position, 70);
});

test("KTAB CSV: wrong counts and bad cells are located", () => {
  const text =
    "S, d, 3, 1,\nActor,Description,Power,P Position,P Salience,\nA, a, 10, 50, 40,\nB, b, 10, abc, 40,\nC, c, 10, 50,\n";
  const problems = problemsOf(() => parseKtabCsv(text, { file: "k.csv" }));
  assert.deepEqual(
    problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    ['4:11 P Position "abc" is not a number', "5:1 expected 5 fields for 1 dimension(s), found 4"],
  );
  const count = problemsOf(() => parseKtabCsv("S, d, 4, 1,\nA,D,P,X Position,X Salience\nA,a,1,2,3\n"));
  assert.match(count[0].message, /declares 4 actors but 1 follow/);
});

test("KTAB XML: the same scenario as the CSV fixture; bad elements are located", () => {
  const xml = parseKtabXml(read("ktab-mini.xml"), { file: "ktab-mini.xml" });
  assert.deepEqual(xml.dimensions, ["Policy", "Market"]);
  assert.deepEqual(
    xml.actors.map((a) => [a.name, a.capability, a.positions, a.saliences]),
    [
      ["AA", 100, [30, 20], [40, 60]],
      ["BB", 50, [70, 80], [50, 25]],
    ],
  );
  const broken = read("ktab-mini.xml")
    .replace("<dCoord>70</dCoord>", "<dCoord>abc</dCoord>")
    .replace("<dSal>25</dSal>", "");
  const problems = problemsOf(() => parseKtabXml(broken, { file: "k.xml" }));
  assert.deepEqual(
    problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    ["23:7 BB: 1 <dSal> for 2 dimension(s)", '22:17 BB: dCoord 1 "abc" is not a number'],
  );
});

test("shared KTAB XML example: its empty <dCoord> is reported where it is", needsShared(), () => {
  const file = join(sharedDataDir()!, "ktab", "smpExample.xml");
  const problems = problemsOf(() => parseKtabXml(readFileSync(file, "utf8"), { file }));
  assert.deepEqual(
    problems.map((p) => `${p.line}:${p.column} ${p.message}`),
    ["32:9 Alice: dCoord 1 is empty"],
  );
});

test("DEU TSV: row 2 is GDP, blanks are no position, years recovered from mangled dates", () => {
  const issues = parseDeuTsv(read("deu-mini.tsv"), { file: "deu-mini.tsv" });
  assert.equal(issues.length, 3);
  const [a, b, c] = issues;
  assert.deepEqual(
    a.actors.map((x) => [x.code, x.position, x.salience, x.gdp]),
    [
      ["com", 100, 50, 1],
      ["ep", 50, 50, 1],
      ["de", 0, 100, 4],
      ["fr", 100, 0, 3],
    ],
  );
  assert.equal(a.year, 1999);
  assert.equal(b.year, 2004);
  assert.equal(b.referencePoint, undefined);
  assert.equal(c.outcome, undefined);
  assert.deepEqual(
    b.actors.map((x) => x.code),
    ["com", "de", "fr"],
  );
  assert.equal(introYear("14-12-1999"), 1999);
  assert.equal(introYear("1930-05-05"), 2005);
  assert.equal(introYear("?"), undefined);
});

test("DEU TSV: out-of-scale and non-numeric cells name the row and column", () => {
  const lines = read("deu-mini.tsv").split("\n");
  lines[2] = lines[2].replace("\t50\t0\t100\t50", "\t50\t0\t130\tx");
  const problems = problemsOf(() => parseDeuTsv(lines.join("\n"), { file: "bad.tsv" }));
  assert.deepEqual(
    problems.map((p) => [p.line, p.path[2], p.message]),
    [
      [3, "scom", '"x" is not a number'],
      [3, "pfr", "130 is outside the 0–100 scale"],
    ],
  );
  const short = problemsOf(() => parseDeuTsv(`${lines[0]}\n${lines[1]}\n1\t2\n`));
  assert.match(short[0].message, /expected 23 tab-separated fields, found 2/);
});

test(
  "shared BDM CSVs: compromise, weighted median and Condorcet winners match baselines.txt",
  needsShared(),
  () => {
    const dir = join(sharedDataDir()!, "bdm");
    const expected = readFileSync(join(dir, "baselines.txt"), "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const m = /^(\S+): n=(\d+) cs-weighted mean=(\S+) cs-weighted median=(\S+) condorcet=\[(.*)\]$/.exec(
          line,
        )!;
        return {
          file: m[1],
          n: Number(m[2]),
          mean: Number(m[3]),
          median: Number(m[4]),
          condorcet: m[5].split(",").map(Number),
        };
      });
    assert.equal(
      expected.length,
      readdirSync(dir).filter((f) => f.endsWith(".csv") && f !== "jmckib_ExampleActors.csv").length,
    );
    for (const e of expected) {
      const issue = parseBdmCsv(readFileSync(join(dir, e.file), "utf8"), { file: e.file });
      assert.equal(issue.actors.length, e.n, e.file);
      assert.ok(Math.abs(compromisePosition(issue.actors)! - e.mean) < 1e-6, e.file);
      assert.equal(weightedMedian(issue.actors), e.median, e.file);
      assert.deepEqual(condorcetWinners(issue.actors), e.condorcet, e.file);
    }
  },
);

test("shared KTAB CSVs all import; actor counts match their first line", needsShared(), () => {
  const dir = join(sharedDataDir()!, "ktab");
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".csv"))) {
    const text = readFileSync(join(dir, f), "utf8");
    const s = parseKtabCsv(text, { file: f });
    assert.ok(s.actors.length >= 7, f);
    // Line 1 is `name, description, numActors, numDims, …` (no quoted commas in these files); the actor lines
    // are the non-blank lines after the header.
    const lines = text.split(/\r?\n/);
    const first = lines[0].split(",").map((x) => x.trim());
    const declared = Number(first[2]);
    assert.ok(Number.isInteger(declared) && declared > 0, `${f}: numActors "${first[2]}"`);
    assert.equal(s.actors.length, declared, f);
    assert.equal(lines.slice(2).filter((l) => l.trim() !== "").length, declared, f);
    assert.equal(s.dimensions.length, Number(first[3]), f);
    for (const issue of ktabIssues(s))
      assert.ok(
        issue.actors.every((a) => a.salience >= 0 && a.salience <= 1),
        f,
      );
  }
});
