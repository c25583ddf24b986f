/**
 * `zopa import`, `zopa export` and `zopa analyze` on the field's formats, run in process as a user types them: files
 * written, warnings on stderr, exit 2 with the file, element and problem for bad input, and nothing written.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Analysis } from "../../src/analysis/analyze.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import { type CliRun, runCli } from "../support/cli.ts";

const zopa = (...args: string[]): Promise<CliRun> => runCli(args);

const dir = mkdtempSync(join(tmpdir(), "zopa-formats-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const SHOP = "test/formats/fixtures/genius-shop";
const MARKET = "test/formats/fixtures/geniusweb-market";
const NONLINEAR = "test/formats/fixtures/nonlinear-pair";

describe("zopa import / export / analyze on GENIUS and GeniusWeb files", () => {
  it("import writes a scenario that analyses like the original, with precise warnings", async () => {
    const out = join(dir, "shop.yaml");
    const r = await zopa("import", SHOP, "-o", out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*shop\.xml: real issue "Quality" is continuous/);
    assert.match(r.stderr, /warning: .*seller_utility\.xml: the weights sum to 1\.09/);
    const fromYaml = await zopa("analyze", out, "--format", "json");
    const fromXml = await zopa(
      "analyze",
      `${SHOP}/shop.xml`,
      `${SHOP}/buyer-prof.xml`,
      `${SHOP}/seller_utility.xml`,
      "--format",
      "json",
    );
    assert.equal(fromXml.code, 0, fromXml.stderr);
    const a = JSON.parse(fromYaml.stdout) as Analysis;
    const b = JSON.parse(fromXml.stdout) as Analysis;
    assert.deepEqual(a.pareto, b.pareto);
    assert.deepEqual(a.agreementZone, b.agreementZone);
    assert.equal(loadScenarioFromPaths([out]).format, "zopa");
  });

  it("export writes GENIUS and GeniusWeb files that analyse to the same frontier", async () => {
    for (const to of ["genius", "geniusweb"]) {
      const target = join(dir, `market-${to}`);
      const r = await zopa("export", MARKET, "--to", to, "-o", target);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        readdirSync(target).sort(),
        to === "genius"
          ? ["alice.xml", "bob.xml", "market-domain.xml"]
          : ["alice.json", "bob.json", "market.json"],
      );
      const back = JSON.parse((await zopa("analyze", target, "--format", "json")).stdout) as Analysis;
      const orig = JSON.parse((await zopa("analyze", MARKET, "--format", "json")).stdout) as Analysis;
      assert.deepEqual(
        back.pareto.points.map((p) => Object.values(p.utilities).map((u) => u.toFixed(8))),
        orig.pareto.points.map((p) => Object.values(p.utilities).map((u) => u.toFixed(8))),
      );
    }
  });

  it("bad input: exit 2, the file, element and problem, nothing written", async () => {
    const out = join(dir, "never.yaml");
    const r = await zopa(
      "import",
      `${SHOP}/shop.xml`,
      "test/formats/fixtures/bad/bad-evaluation.xml",
      "-o",
      out,
    );
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /bad-evaluation\.xml: <item index="1" value="AT & T Mobility"> \(line 4\): evaluation "ten" is not a number; nothing was written/,
    );
    assert.equal(existsSync(out), false);
    // One nonlinear profile: the approximate analysis needs two.
    const nl = await zopa("analyze", "test/formats/fixtures/nonlinear");
    assert.equal(nl.code, 2);
    assert.match(nl.stderr, /profile-1\.xml: .*exactly two profiles, but 1 was given/);
    const to = await zopa("export", MARKET, "--to", "negmas", "-o", join(dir, "x"));
    assert.equal(to.code, 2);
    assert.equal(existsSync(join(dir, "x")), false);
  });

  it("analyze gives a labelled approximate analysis of a nonlinear scenario; other commands refuse it", async () => {
    const out = join(dir, "nonlinear.json");
    const [text, json, variant, simulate, exported, imported] = await Promise.all([
      zopa("analyze", NONLINEAR, "--seed", "2"),
      zopa("analyze", NONLINEAR, "--seed", "2", "--format", "json", "-o", out),
      zopa("analyze", NONLINEAR, "--variant", "x"),
      zopa("simulate", NONLINEAR),
      zopa("export", NONLINEAR, "--to", "genius", "-o", join(dir, "nl-export")),
      zopa("import", NONLINEAR, "-o", join(dir, "nl.yaml")),
    ]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^pair-domain \(nonlinear: approximate analysis\)/);
    assert.match(text.stdout, /120 outcomes over 3 issues/);
    assert.match(text.stdout, /APPROXIMATION: the utility functions are nonlinear.*seed 2/);
    assert.equal(json.code, 0, json.stderr);
    const a = JSON.parse(readFileSync(out, "utf8")) as Analysis;
    assert.equal(a.space.enumerated, false);
    assert.equal(a.agreementZone.exact, false);
    assert.ok(a.pareto.points.length >= 4);
    assert.equal(variant.code, 2);
    assert.match(variant.stderr, /--variant does not apply to a nonlinear \(ANAC 2014\) scenario/);
    for (const r of [simulate, exported, imported]) {
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /buyer\.xml: <utility_space> \(line 3\): nonlinear .*only `zopa analyze` supports them/,
      );
    }
    assert.equal(existsSync(join(dir, "nl-export")), false);
    assert.equal(existsSync(join(dir, "nl.yaml")), false);
  });

  it("--help on import and export", async () => {
    for (const cmd of ["import", "export"]) {
      const r = await zopa(cmd, "--help");
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: zopa ${cmd}`));
    }
  });
});
