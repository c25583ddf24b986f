/**
 * Files are sacred (src/cli/io.ts): an output that is an input of the command (the same path, a symlink to
 * it, `sub/../`, a relative path, a hard link, another case on a case-insensitive file system), that lies in
 * an input folder, or that is not a regular file (a folder, a FIFO, a device) is refused with exit 2 before
 * any work, and nothing in the folder changes; /dev/null, /dev/stdout and /dev/stderr are accepted. A
 * replaced file is announced and keeps its permissions; a failed command leaves an existing output as it was.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { hashTree, runCli, treeChanges } from "./support.ts";

const root = mkdtempSync(join(tmpdir(), "zopa-outputs-"));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** A fresh folder with the car scenario as X.yaml, a GENIUS folder, a DEU table, a BDM table and an agent. */
function workspace(): string {
  const dir = join(root, `w${counter++}`);
  mkdirSync(dir);
  cpSync("examples/car-purchase.yaml", join(dir, "X.yaml"));
  cpSync("test/formats/fixtures/genius-shop", join(dir, "shop"), { recursive: true });
  cpSync("test/forecast/fixtures/deu-mini.tsv", join(dir, "deu.tsv"));
  cpSync("test/forecast/fixtures/bdm-mini.csv", join(dir, "bdm.csv"));
  cpSync("test/negotiation/fixtures/stubborn-agent.ts", join(dir, "agent.ts"));
  mkdirSync(join(dir, "sub"));
  return dir;
}

interface RefusalCase {
  name: string;
  /** The command line, given the workspace folder (after any setup in it). */
  args: (dir: string) => string[];
  setup?: (dir: string) => void;
  message: RegExp;
}

const IS_INPUT = /it is an input of this command/;
const CASES: RefusalCase[] = [
  {
    name: "analyze X.yaml -o X.yaml",
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", join(d, "X.yaml")],
    message: IS_INPUT,
  },
  {
    name: "-o a symlink to the input",
    setup: (d) => symlinkSync(join(d, "X.yaml"), join(d, "link.yaml")),
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", join(d, "link.yaml")],
    message: IS_INPUT,
  },
  {
    name: "the input through a symlink, -o the file itself",
    setup: (d) => symlinkSync(join(d, "X.yaml"), join(d, "link.yaml")),
    args: (d) => ["analyze", join(d, "link.yaml"), "-o", join(d, "X.yaml")],
    message: IS_INPUT,
  },
  {
    name: "-o ./sub/../X.yaml",
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", `${d}/sub/../X.yaml`],
    message: IS_INPUT,
  },
  {
    name: "-o a relative path to the input",
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", relative(process.cwd(), join(d, "X.yaml"))],
    message: IS_INPUT,
  },
  {
    name: "-o a hard link to the input",
    setup: (d) => linkSync(join(d, "X.yaml"), join(d, "hard.yaml")),
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", join(d, "hard.yaml")],
    message: IS_INPUT,
  },
  {
    name: "report --format markdown -o the input",
    args: (d) => ["report", join(d, "X.yaml"), "--format", "markdown", "-o", join(d, "X.yaml")],
    message: IS_INPUT,
  },
  {
    name: "history -o the input",
    args: (d) => ["history", join(d, "X.yaml"), "-o", join(d, "X.yaml")],
    message: IS_INPUT,
  },
  {
    name: "forecast -o the input",
    args: (d) => ["forecast", join(d, "bdm.csv"), "-o", join(d, "bdm.csv")],
    message: IS_INPUT,
  },
  {
    name: "forecast backtest -o the input",
    args: (d) => ["forecast", "backtest", join(d, "deu.tsv"), "-o", join(d, "deu.tsv")],
    message: IS_INPUT,
  },
  {
    name: "simulate -o the agent module it loads (PARTY=PATH)",
    args: (d) => [
      "simulate",
      join(d, "X.yaml"),
      "--agents",
      "buyer=boulware",
      "--agent",
      `dealer=${join(d, "agent.ts")}`,
      "-o",
      join(d, "agent.ts"),
    ],
    message: IS_INPUT,
  },
  {
    name: "import DIR -o DIR/profile.xml",
    args: (d) => ["import", join(d, "shop"), "-o", join(d, "shop", "profile.xml")],
    message: /lies in .*shop, an input folder of this command/,
  },
  {
    name: "import DIR -o DIR/../DIR/shop.yaml",
    args: (d) => ["import", join(d, "shop"), "-o", `${d}/shop/../shop/shop.yaml`],
    message: /an input folder of this command/,
  },
  {
    name: "import DIR/domain profile -o DIR/shop.xml (an input file)",
    args: (d) => [
      "import",
      join(d, "shop", "shop.xml"),
      join(d, "shop", "buyer-prof.xml"),
      "-o",
      join(d, "shop", "shop.xml"),
    ],
    message: IS_INPUT,
  },
  {
    name: "export DIR --to genius -o DIR (the input folder)",
    args: (d) => ["export", join(d, "shop"), "--to", "genius", "-o", join(d, "shop")],
    message: IS_INPUT,
  },
  {
    name: "export X.yaml -o X.yaml (a file, not a folder, and the input)",
    args: (d) => ["export", join(d, "X.yaml"), "--to", "genius", "-o", join(d, "X.yaml")],
    message: IS_INPUT,
  },
  {
    name: "-o a folder",
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", join(d, "sub")],
    message: /it is a folder/,
  },
  {
    name: "-o a FIFO",
    setup: (d) => {
      const r = spawnSync("mkfifo", [join(d, "fifo")]);
      if (r.status !== 0) throw new Error("mkfifo failed");
    },
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", join(d, "fifo")],
    message: /named pipe \(FIFO\)/,
  },
  {
    name: "-o a device (/dev/zero)",
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", "/dev/zero"],
    message: /a device, not a regular file/,
  },
  {
    name: "-o under a file",
    args: (d) => ["analyze", join(d, "X.yaml"), "-o", join(d, "deu.tsv", "out.txt")],
    message: /a part of the path is a file, not a folder/,
  },
];

const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

describe("outputs that would overwrite an input or are not regular files are refused before any work", () => {
  for (const c of CASES) {
    const skip =
      c.name.includes("FIFO") && !hasMkfifo
        ? "mkfifo is not available"
        : c.name.includes("/dev/zero") && !existsSync("/dev/zero")
          ? "no /dev/zero"
          : false;
    it(c.name, { skip }, async () => {
      const dir = workspace();
      c.setup?.(dir);
      const before = hashTree(dir);
      const r = await runCli(c.args(dir));
      assert.equal(r.code, 2, `exit code\n${r.stderr}`);
      assert.match(r.stderr, c.message);
      assert.match(r.stderr, /nothing was written/);
      assert.doesNotMatch(r.stderr, /internal error|analysing/);
      assert.equal(r.stdout, "");
      assert.deepEqual(treeChanges(before, hashTree(dir)), [], "the workspace changed");
    });
  }

  it("a case-insensitive file system: -o x.yaml for the input X.yaml is the same file", async (t) => {
    const dir = workspace();
    if (!existsSync(join(dir, "x.yaml"))) {
      t.skip("the file system here is case-sensitive");
      return;
    }
    const r = await runCli(["analyze", join(dir, "X.yaml"), "-o", join(dir, "x.yaml")]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, IS_INPUT);
  });
});

describe("outputs that are accepted", () => {
  it("/dev/null discards, /dev/stdout and /dev/stderr are the run's streams", async () => {
    const dir = workspace();
    const before = hashTree(dir);
    const none = await runCli(["analyze", join(dir, "X.yaml"), "-o", "/dev/null"]);
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, "");
    const out = await runCli(["analyze", join(dir, "X.yaml"), "-o", "/dev/stdout"]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^Used car purchase/);
    const err = await runCli(["analyze", join(dir, "X.yaml"), "-o", "/dev/stderr"]);
    assert.equal(err.code, 0, err.stderr);
    assert.match(err.stderr, /^Used car purchase/);
    assert.deepEqual(treeChanges(before, hashTree(dir)), []);
  });

  it("an output beside its input, or in a subfolder of an input folder, is written; no temporary file is left", async () => {
    const dir = workspace();
    const beside = await runCli(["analyze", join(dir, "X.yaml"), "-o", join(dir, "X.txt")]);
    assert.equal(beside.code, 0, beside.stderr);
    assert.match(readFileSync(join(dir, "X.txt"), "utf8"), /^Used car purchase/);
    assert.doesNotMatch(beside.stderr, /replaced/);
    const nested = await runCli(["import", join(dir, "shop"), "-o", join(dir, "shop", "out", "shop.yaml")]);
    assert.equal(nested.code, 0, nested.stderr);
    assert.ok(existsSync(join(dir, "shop", "out", "shop.yaml")));
    for (const folder of [dir, join(dir, "shop", "out")])
      assert.deepEqual(
        readdirSync(folder).filter((n) => n.endsWith(".tmp")),
        [],
      );
  });

  it("replacing a file says so, keeps its permissions, and writes through a symlink to its target", async () => {
    const dir = workspace();
    const target = join(dir, "report.txt");
    writeFileSync(target, "old report\n");
    chmodSync(target, 0o640);
    symlinkSync(target, join(dir, "latest.txt"));
    const r = await runCli(["analyze", join(dir, "X.yaml"), "-o", join(dir, "latest.txt")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /zopa: replaced .*latest\.txt/);
    assert.match(readFileSync(target, "utf8"), /^Used car purchase/);
    assert.equal(statSync(target).mode & 0o777, 0o640);
    assert.ok(statSync(join(dir, "latest.txt")).isFile());
    assert.equal(readFileSync(join(dir, "latest.txt"), "utf8"), readFileSync(target, "utf8"));
  });

  it("a failed command leaves an existing output byte for byte", async () => {
    const dir = workspace();
    const out = join(dir, "report.txt");
    writeFileSync(out, "old report\n");
    const r = await runCli(["analyze", join(dir, "X.yaml"), "--variant", "nope", "-o", out]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(readFileSync(out, "utf8"), "old report\n");
  });

  it("export into a folder replaces its files and says which", async () => {
    const dir = workspace();
    const first = await runCli(["export", join(dir, "X.yaml"), "--to", "genius", "-o", join(dir, "out")]);
    assert.equal(first.code, 0, first.stderr);
    const again = await runCli(["export", join(dir, "X.yaml"), "--to", "genius", "-o", join(dir, "out")]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /zopa: replaced .*dealer\.xml.* in /);
    assert.deepEqual(
      readdirSync(join(dir, "out")).filter((n) => n.endsWith(".tmp")),
      [],
    );
  });
});
