/**
 * Property-based fuzzing of every reader of the user's files, shared by `test/hostile/fuzz.test.ts` (a few
 * hundred inputs in `npm test`) and `scripts/fuzz.ts` (`npm run fuzz`: a long seeded campaign). The property:
 * any generated input is either read or refused with a ZopaError, never another exception, within a time
 * bound. Inputs are the readers' own fixtures mutated by random edits (interesting numbers, YAML/XML/CSV
 * syntax, control and bidi characters, prototype keys, deleted and repeated spans), and random text.
 * Scenarios that are read are also analysed (bounded enumeration), which must likewise finish or refuse.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { analyze } from "../../src/analysis/analyze.ts";
import { isZopaError } from "../../src/errors.ts";
import { loadInputFromPaths } from "../../src/formats/load.ts";
import { readNonlinearProfile } from "../../src/formats/nonlinear.ts";
import { parseBdmCsv } from "../../src/formats/stakeholders/bdmCsv.ts";
import { parseDeuTsv } from "../../src/formats/stakeholders/deuTsv.ts";
import { ktabIssues } from "../../src/formats/stakeholders/ktab.ts";
import { parseKtabCsv } from "../../src/formats/stakeholders/ktabCsv.ts";
import { parseKtabXml } from "../../src/formats/stakeholders/ktabXml.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";

/** One reader under test: its fixtures (seeds for mutation) and how to run it on a text. */
export interface Reader {
  name: string;
  seeds: string[];
  /** Reads `text`; returns normally when it was read, throws (a ZopaError, if correct) when refused. */
  run(text: string): void;
}

const read = (path: string): string => readFileSync(path, "utf8");
const filesIn = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir)
    .filter((n) => ext.test(n))
    .sort()
    .map((n) => join(dir, n));

/** Analyses a scenario that was read, with a small enumeration limit: it must finish or refuse. */
function analyseRead(scenario: Scenario): void {
  analyze(scenario, { enumerationLimit: 20_000, sample: 200 });
}

let scratch: string | undefined;
/** A scratch folder for the loader-level readers (removed by `cleanUp`). */
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), "zopa-fuzz-"));
  return scratch;
}
export function cleanUp(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/** A folder holding `partners` as they are and `text` as `name`, loaded as `zopa analyze FOLDER` would. */
function loadFolder(name: string, text: string, partners: Record<string, string>): void {
  const dir = join(scratchDir(), "case");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const [n, t] of Object.entries(partners)) writeFileSync(join(dir, n), t);
  writeFileSync(join(dir, name), text);
  const loaded = loadInputFromPaths([dir]);
  if (loaded.kind === "scenario") analyseRead(loaded.scenario);
}

/** Small scenarios (a few kB) as seeds; the two large case studies only in the long campaign (`large`). */
const smallScenarios = [...filesIn("examples", /\.ya?ml$/), "test/hostile/cases/hostile-text.yaml"];
const largeScenarios = ["examples/syria-israel-2026/scenario.yaml", "examples/camp-david-1978/scenario.yaml"];
const shop = "test/formats/fixtures/genius-shop";
const market = "test/formats/fixtures/geniusweb-market";

/** The readers; `large` adds the large case-study scenarios to the seeds (slower: for `npm run fuzz`). */
export function readers(options: { large?: boolean } = {}): Reader[] {
  const scenarioYaml = [...smallScenarios, ...(options.large ? largeScenarios : [])].map(read);
  return [
    {
      name: "Zopa YAML",
      seeds: scenarioYaml,
      run(text) {
        const r = parseScenario(text, { file: "fuzz.yaml" });
        if (!r.scenario) throw new ParseRefusal(r.problems.length);
        analyseRead(r.scenario);
      },
    },
    {
      name: "Zopa JSON",
      seeds: scenarioYaml.map((y) => JSON.stringify(parseYaml(y), null, 1)),
      run(text) {
        const r = parseScenario(text, { file: "fuzz.json" });
        if (!r.scenario) throw new ParseRefusal(r.problems.length);
        analyseRead(r.scenario);
      },
    },
    {
      name: "GENIUS XML domain",
      seeds: [read(join(shop, "shop.xml"))],
      run: (text) =>
        loadFolder("shop.xml", text, {
          "buyer-prof.xml": read(join(shop, "buyer-prof.xml")),
          "seller_utility.xml": read(join(shop, "seller_utility.xml")),
        }),
    },
    {
      name: "GENIUS XML profile",
      seeds: [read(join(shop, "buyer-prof.xml")), read(join(shop, "seller_utility.xml"))],
      run: (text) => loadFolder("buyer-prof.xml", text, { "shop.xml": read(join(shop, "shop.xml")) }),
    },
    {
      name: "GENIUS nonlinear profile",
      seeds: filesIn("test/formats/fixtures/nonlinear-pair", /\.xml$/).map(read),
      run: (text) => {
        readNonlinearProfile(text, "fuzz.xml");
      },
    },
    {
      name: "GeniusWeb JSON",
      seeds: filesIn(market, /\.json$/).map(read),
      run: (text) =>
        loadFolder("alice.json", text, {
          "market.json": read(join(market, "market.json")),
          "bob.json": read(join(market, "bob.json")),
        }),
    },
    {
      name: "BDM CSV",
      seeds: [read("test/forecast/fixtures/bdm-mini.csv")],
      run: (text) => {
        parseBdmCsv(text, { file: "fuzz.csv" });
      },
    },
    {
      name: "KTAB CSV",
      seeds: [read("test/forecast/fixtures/ktab-mini.csv")],
      run: (text) => {
        ktabIssues(parseKtabCsv(text, { file: "fuzz.csv" }));
      },
    },
    {
      name: "KTAB XML",
      seeds: [read("test/forecast/fixtures/ktab-mini.xml")],
      run: (text) => {
        ktabIssues(parseKtabXml(text, { file: "fuzz.xml" }));
      },
    },
    {
      name: "DEU TSV",
      seeds: filesIn("test/forecast/fixtures", /\.tsv$/).map(read),
      run: (text) => {
        parseDeuTsv(text, { file: "fuzz.tsv" });
      },
    },
  ];
}

export const READERS: Reader[] = readers();

/** `parseScenario` returns its problems rather than throwing: a refusal the fuzzer counts as such. */
class ParseRefusal extends Error {
  constructor(readonly problems: number) {
    super(`${problems} problems`);
  }
}

/** Values and syntax that readers have tripped on elsewhere. */
const TOKENS = [
  "0",
  "-0",
  "-1",
  "1e309",
  "-1e309",
  "1e-320",
  "NaN",
  "Infinity",
  "-Infinity",
  "9007199254740993",
  "1e15",
  "0.1",
  "00",
  "0x1F",
  "",
  " ",
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  "\u001B[2J",
  "\u0085",
  "\u202E",
  "\u2066",
  "\uFEFF",
  "\uD800",
  "&",
  "&amp;",
  "&x;",
  "<",
  ">",
  "</a>",
  "<a>",
  "<!ENTITY x 'y'>",
  "<![CDATA[x]]>",
  '"',
  "'",
  ",",
  ";",
  ":",
  "- ",
  "? ",
  "|",
  ">-",
  "*a",
  "&a ",
  "<<: *a",
  "!!binary ",
  "!!js/function ",
  "{",
  "}",
  "[",
  "]",
  "~",
  "null",
  "true",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
];

/** Numbers for the number edit: it swaps one number of the text for one of these, keeping the syntax. */
const NUMBERS = [
  "0",
  "-0",
  "-1",
  "2",
  "0.5",
  "1.0000001",
  "1e309",
  "-1e309",
  "1e-320",
  "1e15",
  "1e300",
  "9007199254740993",
  "100",
  "-100",
];

/** Text for the string edit: it replaces the inside of one quoted string. */
const STRINGS = [
  "",
  "\u202E",
  "<script>",
  "a|b",
  "__proto__",
  "constructor",
  "x\u0000y",
  "&amp;",
  "\u001B[2J",
  "é",
  "\uD83D\uDE00",
];

type Edit =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "number"; nth: number; text: string }
  | { kind: "string"; nth: number; text: string }
  | { kind: "repeat"; at: number; length: number; times: number };

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: "binary" }) },
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: token }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("number" as const),
      nth: fc.nat(),
      text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NUMBERS) }, token),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("string" as const),
      nth: fc.nat(),
      text: fc.constantFrom(...STRINGS),
    }),
  },
  fc.record({
    kind: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 60 }),
    times: fc.integer({ min: 2, max: 30 }),
  }),
);

function applyEdit(text: string, e: Edit): string {
  const at = e.kind === "number" || e.kind === "string" || text.length === 0 ? 0 : e.at % (text.length + 1);
  switch (e.kind) {
    case "insert":
      return text.slice(0, at) + e.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + e.length);
    case "repeat":
      return text.slice(0, at) + text.slice(at, at + e.length).repeat(e.times) + text.slice(at + e.length);
    case "number": {
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
      if (numbers.length === 0) return text + e.text;
      const m = numbers[e.nth % numbers.length];
      return text.slice(0, m.index) + e.text + text.slice(m.index! + m[0].length);
    }
    case "string": {
      const strings = [...text.matchAll(/"[^"\n]*"/g)];
      if (strings.length === 0) return text;
      const m = strings[e.nth % strings.length];
      return `${text.slice(0, m.index)}"${e.text}"${text.slice(m.index! + m[0].length)}`;
    }
  }
}

/** Inputs for a reader: a seed under 1–4 edits (most), a seed cut short, or random text. */
export function inputsFor(reader: Reader): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...reader.seeds);
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(seed, fc.array(edit, { minLength: 1, maxLength: 4 }))
        .map(([s, edits]) => edits.reduce(applyEdit, s)),
    },
    { weight: 1, arbitrary: fc.tuple(seed, fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: "binary" }) },
  );
}

/** What a reader did with one input. */
export interface Outcome {
  kind: "read" | "refused" | "failed";
  ms: number;
  error?: unknown;
}

/** Runs a reader on one input and classifies the result: read, refused with a ZopaError, or failed. */
export function tryReader(reader: Reader, text: string): Outcome {
  const started = performance.now();
  try {
    reader.run(text);
    return { kind: "read", ms: performance.now() - started };
  } catch (e) {
    const ms = performance.now() - started;
    if (e instanceof ParseRefusal || isZopaError(e)) return { kind: "refused", ms };
    return { kind: "failed", ms, error: e };
  }
}

/** Counts for one reader over a campaign. */
export interface Tally {
  inputs: number;
  read: number;
  refused: number;
  failed: number;
  slowestMs: number;
}

/**
 * Runs `runs` generated inputs through `reader` (seeded), asserting the property: never a failure, each
 * input within `maxMs`. Returns the tally; throws fast-check's report (with the shrunk input) on a failure.
 */
export function fuzzReader(reader: Reader, runs: number, seed: number, maxMs: number): Tally {
  const tally: Tally = { inputs: 0, read: 0, refused: 0, failed: 0, slowestMs: 0 };
  fc.assert(
    fc.property(inputsFor(reader), (text) => {
      const o = tryReader(reader, text);
      tally.inputs++;
      tally[o.kind]++;
      tally.slowestMs = Math.max(tally.slowestMs, o.ms);
      if (o.kind === "failed") throw o.error;
      if (o.ms > maxMs) throw new Error(`${reader.name}: took ${Math.round(o.ms)} ms (limit ${maxMs} ms)`);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  return tally;
}
