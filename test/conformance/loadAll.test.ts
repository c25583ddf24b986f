/**
 * Every scenario under ../shared/data/genius and ../shared/data/geniusweb loads and analyses without error.
 * Folders holding several domains (ANAC 2012's A/B/C variants, the party domain) are split into one scenario
 * per domain; the ANAC 2014 nonlinear scenarios are refused as scenarios, with a message pointing to `zopa analyze`
 * (which analyses them approximately: nonlinear.test.ts); the 5.7-million
 * outcome AgentHp2 is loaded here and analysed in the benchmark (bench/formats.bench.ts).
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { isZopaError } from "../../src/errors.ts";
import { loadInputFromPaths, loadScenarioFromPaths } from "../../src/formats/index.ts";
import { needsShared, sharedDataDir } from "../support/shared.ts";
import { shared } from "./support.ts";

const skip = needsShared("GENIUS / GeniusWeb scenarios");
const LOAD_ONLY = new Set(["anac2016_AgentHp2"]);

/** Scenarios of a folder: the folder itself, or one (domain + profiles) group per A/B/C variant. */
function groups(folder: string): { name: string; paths: string[] }[] {
  const dir = shared("genius", folder);
  const files = readdirSync(dir).filter((f) => f.endsWith(".xml"));
  const variants = files.filter((f) => /-[A-C]-domain\.xml$/.test(f));
  if (variants.length > 0)
    return variants.map((d) => {
      const prefix = d.replace(/domain\.xml$/, "");
      return {
        name: `${folder}/${prefix}`,
        paths: files.filter((f) => f.startsWith(prefix)).map((f) => join(dir, f)),
      };
    });
  return [{ name: folder, paths: [dir] }];
}

/** Checks that hold for any analysis: utilities in [0, 1] (GENIUS caps), the frontier is non-empty. */
function sane(a: ReturnType<typeof analyze>, expectedParties: number): void {
  assert.equal(a.negotiators.length, expectedParties);
  assert.ok(a.pareto.size > 0, "a non-empty frontier");
  for (const p of a.pareto.points)
    for (const u of Object.values(p.utilities)) assert.ok(u >= -1e-12 && u <= 1 + 1e-12, `utility ${u}`);
  if (a.metrics.opposition !== null) assert.ok(a.metrics.opposition >= 0);
}

describe("every shared GENIUS scenario loads and analyses", skip, () => {
  const folders = sharedDataDir() ? readdirSync(shared("genius")).sort() : [];
  for (const folder of folders) {
    if (folder === "genius_partydomain" || folder === "genius_laptopdomain") continue;
    for (const g of groups(folder))
      test(g.name, () => {
        if (folder.startsWith("anac2014_nonlinear")) {
          // Not a Zopa scenario; `zopa analyze` analyses it approximately (nonlinear.test.ts).
          assert.throws(
            () => loadScenarioFromPaths(g.paths),
            (e: unknown) =>
              isZopaError(e, "unsupported") &&
              /hyper-rectangle.*only `zopa analyze` supports them/.test(e.message),
          );
          const input = loadInputFromPaths(g.paths);
          assert.equal(input.kind, "nonlinear");
          if (input.kind === "nonlinear") assert.equal(input.nonlinear.parties.length, 2);
          return;
        }
        const { scenario } = loadScenarioFromPaths(g.paths);
        const profiles = scenario.parties.length;
        assert.ok(profiles >= 2, "at least two profiles");
        if (LOAD_ONLY.has(folder)) {
          assert.equal(scenario.issues.length, 8);
          return;
        }
        sane(analyze(scenario, { solutionsOver: "all" }), profiles);
      });
  }

  test("genius_partydomain: every profile loads against its domain; party1-3 analyse", () => {
    const dir = shared("genius", "genius_partydomain");
    const domain = join(dir, "party_domain.xml");
    const profiles = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith(".xml") && !f.includes("domain"))
        .map((f) => join(dir, f)),
      ...readdirSync(join(dir, "AI2009")).map((f) => join(dir, "AI2009", f)),
    ];
    assert.ok(profiles.length > 30);
    for (const p of profiles) {
      if (p.endsWith("party_utility_empty.xml")) {
        // A template with no evaluations at all: a clear error naming the file and the issue.
        assert.throws(
          () => loadScenarioFromPaths([domain, p]),
          (e: unknown) =>
            isZopaError(e, "format", "unsupported") &&
            e.message.includes("party_utility_empty.xml") &&
            /no evaluations/.test(e.message),
        );
        continue;
      }
      const { scenario } = loadScenarioFromPaths([domain, p]);
      assert.equal(scenario.parties.length, 1);
    }
    const qo = loadScenarioFromPaths([
      join(dir, "party_domain_for_qo_agent.xml"),
      join(dir, "party1_utility.xml"),
    ]);
    assert.equal(qo.scenario.issues.length, 6);
    // The folder as a whole holds two domains: the loader asks for explicit files.
    assert.throws(() => loadScenarioFromPaths([dir]), /2 GENIUS domains.*explicitly/);
    sane(
      analyze(
        loadScenarioFromPaths([
          domain,
          ...["party1_utility.xml", "party2_utility.xml", "party3_utility.xml"].map((f) => join(dir, f)),
        ]).scenario,
      ),
      3,
    );
  });

  test("genius_laptopdomain: buyer, seller and test profiles; the empty one is refused clearly", () => {
    const dir = shared("genius", "genius_laptopdomain");
    const domain = join(dir, "laptop_domain.xml");
    const { scenario } = loadScenarioFromPaths([
      domain,
      ...["laptop_buyer_utility.xml", "laptop_seller_utility.xml", "laptop_test.xml"].map((f) =>
        join(dir, f),
      ),
    ]);
    sane(analyze(scenario), 3);
    assert.throws(
      () => loadScenarioFromPaths([dir]),
      (e: unknown) =>
        isZopaError(e, "format", "unsupported") && e.message.includes("laptop_empty_utility.xml"),
    );
  });
});

describe("every shared GeniusWeb scenario loads and analyses", skip, () => {
  const folders = sharedDataDir() ? readdirSync(shared("geniusweb")).sort() : [];
  for (const folder of folders)
    test(folder, () => {
      const { scenario, warnings } = loadScenarioFromPaths([shared("geniusweb", folder)]);
      assert.deepEqual(warnings, []);
      sane(analyze(scenario), 2);
    });
});
