/**
 * Round trips: import → export → import gives the same utility for every outcome and every party (and the
 * same reservation values and discounts where the format carries them), on our fixtures and on every shared
 * scenario the target format can express. GeniusWeb rounds number utilities to 8 decimals: 1e-8 there.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { exportGenius } from "../../src/formats/exportGenius.ts";
import { exportGeniusWeb } from "../../src/formats/exportGeniusweb.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { reservationPairs, utilityGaps } from "../../src/testing/formatSuite.ts";
import { needsShared, REPO_ROOT, sharedDataDir } from "../support/shared.ts";

const work = mkdtempSync(join(tmpdir(), "zopa-roundtrip-"));
after(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

type Target = "genius" | "geniusweb";

function roundTrip(scenario: Scenario, to: Target): { scenario: Scenario; warnings: string[] } {
  const result = to === "genius" ? exportGenius(scenario) : exportGeniusWeb(scenario);
  const dir = join(work, `${to}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const f of result.files) writeFileSync(join(dir, f.name), f.text);
  // Explicit files in the order written, so the parties keep their order.
  const back = loadScenarioFromPaths(result.files.map((f) => join(dir, f.name)));
  return { scenario: back.scenario, warnings: [...result.warnings, ...back.warnings] };
}

function sameUtilities(a: Scenario, b: Scenario, tol: number): void {
  const gaps = utilityGaps(a, b);
  assert.ok(!("problem" in gaps), `party ids or outcome count: ${"problem" in gaps ? gaps.problem : ""}`);
  for (const [id, worst] of gaps as Map<string, number>)
    assert.ok(worst <= tol, `party ${id}: utilities differ by up to ${worst}`);
}

function sameReservations(a: Scenario, b: Scenario, tol: number): void {
  for (const { id, before, after } of reservationPairs(a, b))
    assert.ok(
      before !== undefined && Math.abs(before - after) <= tol,
      `reservation of ${id}: ${before} vs ${after}`,
    );
}

function dir(...p: string[]): string {
  return join(REPO_ROOT, "test", "formats", "fixtures", ...p);
}

function write(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe("round trips on fixtures", () => {
  const shop = loadScenarioFromPaths([dir("genius-shop")]).scenario;
  const market = loadScenarioFromPaths([dir("geniusweb-market")]).scenario;

  test("GENIUS fixture → GENIUS: utilities, caps, reservation values and discounts kept", () => {
    const back = roundTrip(shop, "genius").scenario;
    sameUtilities(shop, back, 1e-12);
    sameReservations(shop, back, 0);
    assert.deepEqual(
      back.parties.map((p) => [p.discount, p.preferences?.weightsAsGiven]),
      [
        [0.9, undefined],
        [undefined, true],
      ],
    );
  });

  test("GeniusWeb fixture → GeniusWeb and → GENIUS", () => {
    const web = roundTrip(market, "geniusweb");
    sameUtilities(market, web.scenario, 1e-8);
    sameReservations(market, web.scenario, 1e-12);
    const xml = roundTrip(market, "genius");
    sameUtilities(market, xml.scenario, 1e-12);
    sameReservations(market, xml.scenario, 1e-12);
    // bob's number utility is 0 outside [4, 8]: not a clamped line, so GENIUS gets a discrete issue.
    assert.ok(
      xml.warnings.some((w) => /issue "price" written as a discrete issue of its 6 values/.test(w)),
      xml.warnings.join("\n"),
    );
  });

  test("a Zopa scenario with red lines, variants and a mediator: what cannot be written is named", () => {
    const path = write(
      "zopa.yaml",
      `meta: { id: lease, title: Lease }
issues:
  - { id: rent, type: ordinal, options: [{ id: low }, { id: mid }, { id: high }] }
  - { id: term, type: integer, min: 1, max: 5, step: 2 }
  - { id: deposit, type: real, min: 0, max: 2, resolution: 5 }
parties:
  - id: tenant
    name: Tenant
    reservation: 0.2
    preferences:
      weights: { rent: 0.5, term: 0.3, deposit: 0.2 }
      values:
        rent: { low: 1, mid: 0.6, high: 0 }
        term: { piecewise: [[1, 0], [3, 1], [5, 0.5]] }
        deposit: { piecewise: [[0, 1], [2, 0]] }
  - id: owner
    name: Owner
    reservation: { outcome: { rent: mid, term: 3, deposit: 1 } }
    redLines:
      - { id: no-low, statement: Never low rent, status: stated, requires: { issue: rent, notIn: [low] } }
    preferences:
      weights: { rent: 0.7, term: 0.1, deposit: 0.2 }
      values:
        rent: { low: 0, mid: 0.5, high: 1 }
        term: { piecewise: [[1, 1], [5, 0]] }
        deposit: { piecewise: [[0, 0], [2, 1]] }
  - { id: agent, name: Agent, role: mediator }
variants:
  - id: cheap
    description: Low rent allowed
    changes: [{ op: dropRedLine, party: owner, redLine: no-low }]
`,
    );
    const scenario = loadScenarioFromPaths([path]).scenario;
    for (const to of ["genius", "geniusweb"] as const) {
      const { scenario: back, warnings } = roundTrip(scenario, to);
      sameUtilities(scenario, back, to === "genius" ? 1e-12 : 1e-8);
      assert.ok(
        warnings.some((w) => /red line.*no-low/.test(w)),
        `${to}: red line named`,
      );
      assert.ok(
        warnings.some((w) => /variant/.test(w)),
        `${to}: variants named`,
      );
      assert.ok(
        warnings.some((w) => /party "agent" has no preferences/.test(w)),
        `${to}: mediator named`,
      );
      assert.ok(
        warnings.some((w) => /issue "term" written as a discrete issue/.test(w)),
        `${to}: step-2 / bent term`,
      );
    }
    // GENIUS keeps the owner's reservation outcome as its utility; GeniusWeb keeps the bid itself.
    sameReservations(scenario, roundTrip(scenario, "genius").scenario, 1e-12);
    const web = roundTrip(scenario, "geniusweb");
    assert.ok(
      Math.abs(
        compileScenario(web.scenario).parties[1].reservation -
          compileScenario(scenario).parties[1].reservation,
      ) <= 1e-8,
    );
  });
});

/** Shared scenarios small enough to enumerate twice in a test. */
const MAX_OUTCOMES = 2_000_000;

function sharedScenarios(): { name: string; paths: string[] }[] {
  const root = sharedDataDir();
  if (!root) return [];
  const out: { name: string; paths: string[] }[] = [];
  for (const d of readdirSync(join(root, "anl")).sort())
    out.push({ name: `anl/${d}`, paths: [join(root, "anl", d)] });
  for (const d of readdirSync(join(root, "geniusweb")).sort())
    out.push({ name: `geniusweb/${d}`, paths: [join(root, "geniusweb", d)] });
  for (const d of readdirSync(join(root, "genius")).sort()) {
    if (d.startsWith("anac2014_nonlinear") || d === "genius_partydomain" || d === "genius_laptopdomain")
      continue;
    const files = readdirSync(join(root, "genius", d)).filter((f) => f.endsWith(".xml"));
    const variants = files.filter((f) => /-[A-C]-domain\.xml$/.test(f));
    if (variants.length)
      for (const v of variants) {
        const prefix = v.replace(/domain\.xml$/, "");
        out.push({
          name: `genius/${d}/${prefix}`,
          paths: files.filter((f) => f.startsWith(prefix)).map((f) => join(root, "genius", d, f)),
        });
      }
    else out.push({ name: `genius/${d}`, paths: [join(root, "genius", d)] });
  }
  return out;
}

describe(
  "round trips on every shared scenario the target format can express",
  needsShared("shared scenarios"),
  () => {
    for (const s of sharedScenarios())
      test(s.name, () => {
        const scenario = loadScenarioFromPaths(s.paths).scenario;
        const size = compileScenario(scenario).size;
        if (size > MAX_OUTCOMES) return; // AgentHp2 (5.7M): round-tripped in bench/formats.bench.ts's load step only
        const genius = roundTrip(scenario, "genius").scenario;
        sameUtilities(scenario, genius, 1e-12);
        sameReservations(scenario, genius, 1e-12);
        assert.deepEqual(
          genius.parties.map((p) => p.discount),
          scenario.parties.map((p) => p.discount),
        );
        // GeniusWeb weights sum to 1 and are never capped: profiles whose weights GENIUS keeps as given
        // (Laptop, JapanTrip) cannot be expressed.
        if (scenario.parties.some((p) => p.preferences?.weightsAsGiven)) return;
        const web = roundTrip(scenario, "geniusweb");
        sameUtilities(scenario, web.scenario, 1e-8);
      });
  },
);
