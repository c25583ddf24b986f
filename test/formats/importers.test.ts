/**
 * The importers on hand-made fixtures (no shared data needed): every quirk of real GENIUS files, the
 * discrete normalisation rule, integer and real evaluators, weights kept as given and capped, reservation
 * and discount; GeniusWeb's two key spellings, numeric ranges (0 outside [low, high]) and reservation bids;
 * and clear errors naming the file, the element and the problem. Utilities are checked against hand
 * calculations written next to each assertion.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { isZopaError } from "../../src/errors.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import { formatProblem } from "../../src/scenario/problem.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { digitsOf, utilityOf } from "../../src/space/outcome.ts";
import { REPO_ROOT } from "../support/shared.ts";

const FIX = join(REPO_ROOT, "test", "formats", "fixtures");
const fx = (...p: string[]) => join(FIX, ...p);

function utility(
  scenario: Parameters<typeof compileScenario>[0],
  party: string,
  outcome: Record<string, string | number>,
  time?: number,
): number {
  const space = compileScenario(scenario, null, { time });
  const p = space.parties.find((q) => q.id === party)!;
  return utilityOf(p, digitsOf(space, outcome));
}

function close(actual: number, expected: number, what: string, tol = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected}`);
}

describe("GENIUS XML importer (fixture with every quirk)", () => {
  const { scenario, warnings, format } = loadScenarioFromPaths([fx("genius-shop")]);

  test("tells domain from profiles by root element; party ids from file names", () => {
    assert.equal(format, "genius");
    assert.equal(scenario.meta.id, "shop");
    assert.deepEqual(
      scenario.parties.map((p) => p.id),
      ["buyer-prof", "seller_utility"],
    );
    assert.deepEqual(
      scenario.issues.map((i) => [i.id, i.type]),
      [
        ["Carrier", "categorical"],
        ["Price", "integer"],
        ["Quality", "real"],
      ],
    );
  });

  test("raw &, curly quotes and multi-line attributes survive as labels", () => {
    const carrier = scenario.issues[0];
    assert.equal(carrier.type, "categorical");
    if (carrier.type !== "categorical") return;
    assert.deepEqual(
      carrier.options.map((o) => o.label ?? o.id),
      ["AT & T Mobility", "Soda’s Phone", "Other"],
    );
    // Items inside <similarity_function> are not issue items.
    assert.equal(carrier.options.length, 3);
  });

  test("buyer: evaluations divided by their max (10), integer line from the lower bound, clamped real line", () => {
    // 0.5·(10/10) + 0.3·clamp(1 − 0.25·(12 − 10)) + 0.2·clamp(0.2 + 0.5) = 0.5 + 0.15 + 0.14
    close(
      utility(scenario, "buyer-prof", { Carrier: "AT_T_Mobility", Price: 12, Quality: 0.5 }),
      0.79,
      "buyer",
    );
    // 0.5·(5/10) + 0.3·1 + 0.2·clamp(0.2 + 0.9) = 0.25 + 0.3 + 0.2
    close(
      utility(scenario, "buyer-prof", { Carrier: "Soda_s_Phone", Price: 10, Quality: 0.9 }),
      0.75,
      "buyer",
    );
    const buyer = scenario.parties[0];
    assert.equal(buyer.reservation, 0.3);
    assert.equal(buyer.discount, 0.9);
  });

  test("seller: evaluations ≤ 1 as written, triangular real evaluator, weights summing to 1.1 capped at 1", () => {
    // 0.6·0.2 + 0.3·0.25·(12 − 10) + 0.2·1 (top of the triangle at 0.5) = 0.12 + 0.15 + 0.2
    close(
      utility(scenario, "seller_utility", { Carrier: "AT_T_Mobility", Price: 12, Quality: 0.5 }),
      0.47,
      "seller",
    );
    // 0.6·0.9 + 0.3·1 + 0.2·1 = 1.04, capped at 1 (GENIUS)
    close(
      utility(scenario, "seller_utility", { Carrier: "Other", Price: 14, Quality: 0.5 }),
      1,
      "seller capped",
    );
    // 0.6·0.9 + 0.3·1 + 0.2·0 (triangle foot) = 0.84
    close(utility(scenario, "seller_utility", { Carrier: "Other", Price: 14, Quality: 1 }), 0.84, "seller");
    const seller = scenario.parties[1];
    assert.equal(seller.preferences?.weightsAsGiven, true);
    assert.equal(seller.discount, undefined, "a discount factor above 1 means none");
  });

  test("warns precisely about the real issue's resolution, the capped weights and the discount", () => {
    assert.ok(
      warnings.some((w) => /shop\.xml: real issue "Quality" is continuous.*11 evenly spaced values/.test(w)),
      warnings.join("\n"),
    );
    assert.ok(warnings.some((w) => /seller_utility\.xml: the weights sum to 1\.09.*capped at 1/.test(w)));
    assert.ok(warnings.some((w) => /seller_utility\.xml: discount factor 1\.5/.test(w)));
  });

  test("discounting at time t multiplies utilities, caps and reservation values by d^t", () => {
    // buyer: 0.79 · 0.9^0.5
    close(
      utility(scenario, "buyer-prof", { Carrier: "AT_T_Mobility", Price: 12, Quality: 0.5 }, 0.5),
      0.79 * Math.sqrt(0.9),
      "discounted",
    );
    const at1 = analyze(scenario, { time: 1 });
    assert.equal(at1.parties[0].reservation, 0.3 * 0.9);
    close(at1.parties[0].best!.utilities["buyer-prof"], 0.9, "best buyer outcome (utility 1) discounted");
    const undiscounted = analyze(scenario);
    assert.ok(at1.agreementZone.size !== undiscounted.agreementZone.size || at1.parties[0].reservation < 0.3);
  });

  test("explicit files work as well as the folder, and give the same scenario", () => {
    const explicit = loadScenarioFromPaths(
      ["shop.xml", "buyer-prof.xml", "seller_utility.xml"].map((f) => fx("genius-shop", f)),
    );
    assert.deepEqual(explicit.scenario, scenario);
  });
});

describe("GeniusWeb JSON importer (fixture)", () => {
  const { scenario, warnings, format } = loadScenarioFromPaths([fx("geniusweb-market")]);

  test("domain, both key spellings, numeric range", () => {
    assert.equal(format, "geniusweb");
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      scenario.parties.map((p) => p.id),
      ["alice", "bob"],
    );
    const price = scenario.issues[1];
    assert.equal(price.type, "integer");
    if (price.type === "integer") assert.deepEqual([price.min, price.max, price.step], [0, 10, 2]);
  });

  test("an ANL folder's specials.json (the published answers) is ignored", () => {
    // Made here rather than committed: the fixture folder plus a specials.json of our own.
    const dir = mkdtempSync(join(tmpdir(), "zopa-anl-"));
    for (const f of ["market.json", "alice.json", "bob.json"])
      copyFileSync(fx("geniusweb-market", f), join(dir, f));
    writeFileSync(join(dir, "specials.json"), JSON.stringify({ answers: "ignored by the loader", size: -1 }));
    const withSpecials = loadScenarioFromPaths([dir]);
    assert.equal(withSpecials.format, "geniusweb");
    assert.deepEqual(withSpecials.warnings, []);
    assert.deepEqual(withSpecials.scenario.parties, scenario.parties);
    assert.deepEqual(withSpecials.scenario.issues, scenario.issues);
  });

  test("utilities: discrete tables; number utilities linear between low and high, 0 outside", () => {
    // alice: 0.6·1 + 0.4·(1 − 4/10)
    close(utility(scenario, "alice", { fruit: "apple", price: 4 }), 0.84, "alice");
    // bob: 0.5·1 + 0.5·1 (price 8 = highValue)
    close(utility(scenario, "bob", { fruit: "fig", price: 8 }), 1, "bob");
    // bob: price 10 lies outside [4, 8]: 0
    close(utility(scenario, "bob", { fruit: "fig", price: 10 }), 0.5, "bob outside the range");
    close(utility(scenario, "bob", { fruit: "fig", price: 2 }), 0.5, "bob below the range");
    // bob: 0.5·0.5 + 0.5·(6 − 4)/(8 − 4)
    close(utility(scenario, "bob", { fruit: "pear", price: 6 }), 0.5, "bob");
  });

  test("the reservation bid's utility is the reservation value", () => {
    // alice's reservation bid (pear, 6): 0.6·0.5 + 0.4·0.4 = 0.46
    const a = analyze(scenario);
    close(a.parties[0].reservation, 0.46, "alice RV");
    assert.equal(a.parties[1].reservation, 0);
  });

  test("profiles alone: the domain comes from the first profile", () => {
    const alone = loadScenarioFromPaths([
      fx("geniusweb-market", "alice.json"),
      fx("geniusweb-market", "bob.json"),
    ]);
    assert.equal(alone.scenario.issues.length, 2);
    close(utility(alone.scenario, "bob", { fruit: "pear", price: 6 }), 0.5, "bob");
  });
});

describe("bad input: the file, the element and what is wrong", () => {
  function fails(paths: string[], pattern: RegExp, code: "format" | "unsupported" = "format"): void {
    assert.throws(
      () => loadScenarioFromPaths(paths),
      (e: unknown) => isZopaError(e, code) && pattern.test(e.message),
    );
  }

  test("an evaluation that is not a number", () =>
    fails(
      [fx("genius-shop", "shop.xml"), fx("bad", "bad-evaluation.xml")],
      /bad-evaluation\.xml: <item index="1" value="AT & T Mobility"> \(line 4\): evaluation "ten" is not a number/,
    ));
  test("an unknown root element", () =>
    fails(
      [fx("genius-shop", "shop.xml"), fx("bad", "html-page.xml")],
      /html-page\.xml: <html> \(line 1\): the root element is neither/,
    ));
  test("truncated JSON", () => {
    const truncated = join(mkdtempSync(join(tmpdir(), "zopa-bad-")), "truncated.json");
    writeFileSync(truncated, '{ "LinearAdditiveUtilitySpace": { "domain": ');
    fails([fx("geniusweb-market", "market.json"), truncated], /truncated\.json: not valid JSON/);
    // Alone, the file goes to the scenario parser, which gives the line and column.
    assert.throws(
      () => loadScenarioFromPaths([truncated]),
      (e: unknown) =>
        isZopaError(e, "scenario") &&
        /truncated\.json:1:\d+: error: .*JSON syntax/.test(formatProblem(e.problems[0])),
    );
  });
  test("a missing file", () => fails([fx("bad", "nope.xml")], /nope\.xml: no such file or folder/));
  test("profiles without their domain", () =>
    fails([fx("genius-shop", "buyer-prof.xml")], /no GENIUS domain file/));
  test("a domain without profiles", () =>
    fails([fx("genius-shop", "shop.xml")], /shop\.xml: a domain without profiles/));
  test("GENIUS and GeniusWeb files mixed", () =>
    fails(
      [fx("genius-shop", "shop.xml"), fx("geniusweb-market", "alice.json")],
      /mix GENIUS XML and GeniusWeb JSON/,
    ));
  test("a profile of another domain", () =>
    fails(
      [fx("nonlinear", "grid-domain.xml"), fx("genius-shop", "buyer-prof.xml")],
      /buyer-prof\.xml: <issue index="1" name="Carrier"> \(line 3\): the issue is discrete here but integer in domain/,
    ));
  test("ANAC 2014 nonlinear hyper-rectangle profiles: not a scenario; only `zopa analyze` supports them", () =>
    fails(
      [fx("nonlinear")],
      /profile-1\.xml: <utility_space> \(line 3\): nonlinear \(ANAC 2014 hyper-rectangle\).*only `zopa analyze` supports them/,
      "unsupported",
    ));
});
