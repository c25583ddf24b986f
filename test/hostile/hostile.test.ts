/**
 * The standing hostile-input suite: every file in test/hostile/cases/ is a case (alias bomb, deep nesting,
 * huge numbers, entity expansion, NUL bytes, invalid UTF-8, control characters, empty files…), plus a few
 * made at test time because they are too large to commit (a 40 MB file, an endless device). Each is run
 * through `main` in process by every command that reads its kind of file, asserting: exit 0 or 2, never 1
 * (no internal error); a time bound (10 s, generous: a hang shows as a failure, not as a slow suite); and
 * that no input changed (hash of every file before and after). Some cases must be refused with a message
 * that names the problem; some large analyses must succeed within the time bound (exit 0).
 */
import assert from "node:assert/strict";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { hashTree, runCli, treeChanges } from "./support.ts";

const CASES = "test/hostile/cases";
// A hang limit, not a speed claim: the slowest case takes about 2 s of CPU, but wall time stretches several
// times on a loaded 2-core machine, and a hang never ends at all.
const HANG_LIMIT_MS = 30_000;
const scratch = mkdtempSync(join(tmpdir(), "zopa-hostile-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The command lines that read a file of this kind (`OUT` is replaced by a fresh output path). */
function commandsFor(file: string): string[][] {
  if (/\.ya?ml$/i.test(file))
    return [
      ["validate", file],
      ["analyze", file],
      ["analyze", file, "--all-variants", "--format", "markdown"],
      ["report", file, "--format", "markdown"],
      ["history", file],
      ["forecast", file],
      ["export", file, "--to", "genius", "-o", "OUT"],
      ["simulate", file, "--agents", "buyer=boulware,dealer=conceder"],
    ];
  if (/\.json$/i.test(file))
    return [
      ["validate", file],
      ["analyze", file],
      ["import", file],
      ["forecast", file],
    ];
  if (/\.xml$/i.test(file))
    return [
      ["analyze", file],
      ["import", file, "-o", "OUT"],
      ["forecast", file],
    ];
  if (/\.csv$/i.test(file)) return [["forecast", file]];
  if (/\.tsv$/i.test(file))
    return [
      ["forecast", file],
      ["forecast", "backtest", file],
    ];
  return [["analyze", file]];
}

/**
 * Cases that must be refused (exit 2) with a message matching the pattern, by the commands named (all
 * commands when none are; the others read the file as another format and refuse it for another reason).
 */
const REFUSED: Record<string, { message: RegExp; commands?: string[] }> = {
  "alias-bomb.yaml": { message: /aliases expand to more than/ },
  "deep-flow-nesting.yaml": { message: /nested too deeply/ },
  "deep-block-nesting.yaml": { message: /nested more than 200 levels/ },
  "deep-nesting.json": { message: /nested too deeply/ },
  "deep-nesting.xml": { message: /nested more than 100 deep/, commands: ["analyze", "import"] },
  "huge-numbers.yaml": { message: /more than 1,000,000/ },
  "geniusweb-huge-range.json": { message: /more than 1,000,000/, commands: ["analyze", "import"] },
  "too-large.yaml": { message: /more than 32 MiB/ },
  "too-large.xml": { message: /more than 32 MiB/ },
  zero: { message: /larger than 32 MiB/ },
  "analysis-1e8.yaml": {
    message: /100544625 outcomes and a red line that spans several issues.*enumerating it: about .* steps/,
    commands: ["analyze", "report"],
  },
};

/** Cases that must succeed (exit 0) by the commands named: large analyses that finish within the hang limit. */
const ACCEPTED: Record<string, string[]> = {
  "analysis-one-issue-1e6.yaml": ["analyze", "report"],
  "analysis-three-parties-1e7.yaml": ["analyze", "report"],
};

/** Cases made at test time: a sparse 40 MB file of each kind (nothing on disk), a 1 MB line. */
function generatedCases(): string[] {
  const out: string[] = [];
  for (const name of ["too-large.yaml", "too-large.xml"]) {
    const path = join(scratch, name);
    writeFileSync(path, name.endsWith(".xml") ? "<a>" : "zopa: 1\n");
    truncateSync(path, 40 * 1024 * 1024);
    out.push(path);
  }
  const long = join(scratch, "long-line.yaml");
  writeFileSync(long, `zopa: 1\nmeta: { id: long, title: "${"x".repeat(1024 * 1024)}" }\n`);
  out.push(long);
  return out;
}

const committed = readdirSync(CASES)
  .sort()
  .map((n) => join(CASES, n));

describe("hostile inputs: exit 0 or 2, never 1; bounded time; inputs unchanged", () => {
  const before = hashTree(CASES);
  const counts = { runs: 0, refused: 0, accepted: 0 };
  after(() => {
    assert.deepEqual(treeChanges(before, hashTree(CASES)), [], "a hostile case changed");
    process.stdout.write(
      `# hostile cases: ${committed.length} committed + 3 generated, ${counts.runs} runs (${counts.accepted} exit 0, ${counts.refused} exit 2)\n`,
    );
  });

  for (const file of [...committed, ...generatedCases(), ...(existsSync("/dev/zero") ? ["/dev/zero"] : [])]) {
    const name = file.split("/").pop()!;
    it(name, async () => {
      const inputBefore = file.startsWith("/dev/") ? null : hashTree(file);
      for (const [k, command] of commandsFor(file).entries()) {
        const args = command.map((a) => (a === "OUT" ? join(scratch, `${name}-${k}.out`) : a));
        const r = await runCli(args);
        counts.runs++;
        const what = `zopa ${args.join(" ")}`;
        assert.ok(r.code === 0 || r.code === 2, `${what}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
        if (r.code === 0) counts.accepted++;
        else counts.refused++;
        assert.doesNotMatch(r.stderr, /internal error/, what);
        assert.ok(r.ms < HANG_LIMIT_MS, `${what}: took ${Math.round(r.ms)} ms`);
        if (ACCEPTED[name]?.includes(command[0]))
          assert.equal(r.code, 0, `${what}: must succeed\n${r.stderr}`);
        const refused = REFUSED[name];
        if (refused && (!refused.commands || refused.commands.includes(command[0]))) {
          assert.equal(r.code, 2, `${what}: must be refused\n${r.stderr.slice(0, 2000)}`);
          assert.match(r.stderr, refused.message, what);
        }
      }
      if (inputBefore) assert.deepEqual(treeChanges(inputBefore, hashTree(file)), [], `${name} changed`);
    });
  }
});

describe("hostile standard input (`-`)", () => {
  it("an endless stream is refused at the input limit, not buffered", async () => {
    const chunk = "# padding\n".repeat(100_000);
    const endless = Readable.from(
      (function* () {
        for (;;) yield chunk;
      })(),
    );
    const r = await runCli(["analyze", "-"], {}, endless);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /<stdin>: the file is larger than 32 MiB/);
    assert.ok(r.ms < HANG_LIMIT_MS, `took ${Math.round(r.ms)} ms`);
  });

  it("an alias bomb on standard input is a located problem", async () => {
    const bomb = Readable.from([readFileSync(join(CASES, "alias-bomb.yaml"), "utf8")]);
    const r = await runCli(["validate", "-"], {}, bomb);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /<stdin>:2:\d+: error: .*aliases expand to more than/);
  });
});
