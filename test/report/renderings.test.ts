/**
 * The renderings agree with each other and with the analysis: a relaxation that lowers a reservation value is
 * worded "lower … to x (−y)" in the terminal text, the Markdown report and the HTML report alike (hand
 * calculation below); widenings appear the same way; a zone whose size is not counted reads the same in every
 * table and never as "null" or "NaN"; Markdown cells escape "|". The Markdown report does not load the
 * plotting stack, and the report's outcome cloud is every outcome's rounded utility pair (brute force).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { type Analysis, analyze } from "../../src/analysis/analyze.ts";
import { INIT_TEMPLATE } from "../../src/cli/commands/init.ts";
import { renderAnalysis } from "../../src/report/analysisReport.ts";
import { zoneText } from "../../src/report/analysisText.ts";
import { buildReportData } from "../../src/report/html/data.ts";
import { renderMarkdownReport } from "../../src/report/html/markdown.ts";
import { renderHtmlReport } from "../../src/report/html/report.ts";
import { renderVariantComparison } from "../../src/report/variantComparison.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { decodeOutcome, utilityOf } from "../../src/space/outcome.ts";
import { REPO_ROOT } from "../support/shared.ts";

function parse(text: string): Scenario {
  const r = parseScenario(text, { file: "test.yaml" });
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

function load(path: string): Scenario {
  const r = readScenarioFile(join(REPO_ROOT, path));
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

/** The `zopa init` template with the seller's reservation at 0.9 and the buyer's at 0.5. */
function strictReservations(): Scenario {
  const text = INIT_TEMPLATE.replace("reservation: 0.2 ", "reservation: 0.9 ").replace(
    "    role: principal\n    preferences:\n      weights: { price: 0.6",
    "    role: principal\n    reservation: 0.5\n    preferences:\n      weights: { price: 0.6",
  );
  assert.notEqual(text, INIT_TEMPLATE);
  assert.match(text, /reservation: 0\.5\n/);
  return parse(text);
}

test("a relaxation that lowers a reservation value reads the same in the text, Markdown and HTML reports", () => {
  // Hand calculation. Seller: 0.75·price + 0.25·[slow]; buyer: 0.6·(1 − price) + 0.4·[fast], price scaled
  // 80 → 0, 120 → 1 in steps of 0.25; the seller's floor needs price ≥ 100. Outcomes the buyer accepts
  // (≥ 0.5) under the floor: price 100 fast (buyer 0.7, seller 0.375) and 110 fast (buyer 0.55, seller
  // 0.5625). So the seller's 0.9 must come down to 0.5625 (−0.3375), which opens one outcome.
  const scenario = strictReservations();
  const data = buildReportData(scenario);
  const expected = "lower Seller's reservation value 0.9 to 0.5625 (−0.3375)";
  const md = renderMarkdownReport(data);
  const deadlock = md.slice(md.indexOf("## Deadlock diagnosis"));
  assert.match(
    deadlock,
    /\n- lower Seller's reservation value 0\.9 to 0\.5625 \(−0\.3375\): opens 1 outcome;/,
  );
  assert.doesNotMatch(deadlock, /drop Seller's reservation value/);
  assert.doesNotMatch(deadlock, /drop Buyer's reservation value/);
  const text = renderAnalysis(analyze(scenario));
  assert.ok(text.includes(`1. ${expected}: opens 1 outcome;`), text);
  const html = renderHtmlReport(data, { generated: "2026-01-01" });
  assert.ok(html.includes(`<td>${expected.replace(/'/g, "'")}</td>`), "HTML relaxation cell");
  // The same full line (what is given up, what it opens, the Nash point then) in text and Markdown.
  const textLines = text.split("\n").filter((l) => /^\s+\d+\. (lower|drop) /.test(l));
  const mdLines = deadlock.split("\n").filter((l) => /^- (lower|drop) /.test(l));
  assert.equal(textLines.length, 2);
  assert.deepEqual(
    mdLines.map((l) => l.slice(2)),
    textLines.map((l) => l.replace(/^\s+\d+\. /, "")),
  );
});

test("widenings appear in the Markdown and HTML reports as in the text report", () => {
  const scenario = load("examples/river-basin.yaml");
  const data = buildReportData(scenario);
  const text = renderAnalysis(data.analyses[0]);
  const widenings = text
    .split("\n")
    .filter((l) => l.includes("allow one more option"))
    .map((l) => l.trim());
  assert.equal(widenings.length, 2, text);
  assert.match(widenings[0], /^or keep it but allow one more option: share=s50 \(opens 5\)/);
  const md = renderMarkdownReport(data);
  const html = renderHtmlReport(data, { generated: "2026-01-01" });
  for (const w of widenings) {
    assert.ok(md.includes(`\n  - ${w}\n`), `Markdown lacks "${w}"`);
    assert.ok(html.includes(`<div class="muted">${w}</div>`), `HTML lacks "${w}"`);
  }
});

test("a zone that is not counted reads the same in every table, never as null or NaN", () => {
  const scenario = load("examples/car-purchase.yaml");
  const uncounted = analyze(scenario, { enumerationLimit: 5 });
  const sampled = analyze(scenario, { enumerationLimit: 5, sample: 200, seed: 3 });
  assert.equal(uncounted.agreementZone.exact, false);
  assert.equal(sampled.agreementZone.exact, false);
  assert.equal(zoneText(uncounted), "not empty (not counted)");
  assert.match(zoneText(sampled), /^about \d\.\d\de\+\d+ \(estimated\)$/);
  const data = buildReportData(scenario);
  for (const a of [uncounted, sampled]) {
    const analyses: Analysis[] = [a, ...data.analyses.slice(1)];
    const comparison = renderVariantComparison(scenario, analyses, "markdown");
    const md = renderMarkdownReport({ ...data, analyses });
    const html = renderHtmlReport({ ...data, analyses }, { generated: "2026-01-01" });
    const cell = zoneText(a);
    assert.ok(comparison.includes(`| (base) | ${cell} |`), comparison);
    assert.ok(md.includes(`| base (as stated) | ${cell} |`), md);
    assert.ok(html.includes(`<td class="num">${cell}</td>`), "HTML zone cell");
    for (const out of [comparison, md, html]) assert.doesNotMatch(out, /\bnull\b|\bNaN\b|> 0/);
  }
});

test("Markdown tables escape | in cells (the variant comparison included)", () => {
  const scenario = load("examples/car-purchase.yaml");
  const named: Scenario = {
    ...scenario,
    parties: scenario.parties.map((p) => (p.id === "buyer" ? { ...p, name: "Buyer | family" } : p)),
  };
  const analyses = [analyze(named), ...named.variants.map((v) => analyze(named, { variant: v.id }))];
  const md = renderVariantComparison(named, analyses, "markdown");
  const comparison = md.slice(md.indexOf("| variant |"), md.indexOf("\n\n", md.indexOf("| variant |")));
  const rows = comparison.split("\n").filter((l) => l.includes("Buyer"));
  assert.equal(rows.length, 2, md);
  // Four columns: five unescaped pipes per row.
  for (const row of rows) assert.equal(row.match(/(?<!\\)\|/g)?.length, 5, row);
  assert.ok(rows.every((r) => r.includes("Buyer \\| family")));
});

/** Relative imports of a module, followed transitively; bare specifiers are kept as they are. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.startsWith("/")) return;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)";/gms)) {
      if (/^\s*(import|export)\s+type\s/.test(m[0])) continue;
      visit(m[1].startsWith(".") ? resolve(dirname(file), m[1]) : m[1]);
    }
  };
  visit(resolve(REPO_ROOT, entry));
  return seen;
}

test("the Markdown report and the report data do not load the plotting stack", () => {
  const graph = new Set([
    ...importGraph("src/report/html/markdown.ts"),
    ...importGraph("src/report/html/data.ts"),
  ]);
  assert.ok(graph.has(resolve(REPO_ROOT, "src/report/scenarioText.ts")), "the walk follows imports");
  for (const heavy of ["@observablehq/plot", "linkedom", resolve(REPO_ROOT, "src/report/html/plots.ts")])
    assert.equal(graph.has(heavy), false, heavy);
  // The HTML renderer does load it (the walk would see it).
  assert.ok(importGraph("src/report/html/report.ts").has("@observablehq/plot"));
});

test("the report's outcome cloud and zones are every outcome's utility pair rounded to the grid (brute force)", () => {
  for (const path of ["examples/car-purchase.yaml", "examples/river-basin.yaml"]) {
    const scenario = load(path);
    const space = compileScenario(scenario);
    const grid = 0.05;
    const data = buildReportData(scenario, { grid });
    const us = data.utilitySpace!;
    const [a, b] = space.negotiators.map((k) => space.parties[k]);
    const digits = new Int32Array(space.issues.length);
    const key = (x: number, y: number) => `${Math.round(x / grid)},${Math.round(y / grid)}`;
    const cloud = new Set<string>();
    for (let x = 0; x < space.size; x++) {
      decodeOutcome(space, x, digits);
      cloud.add(key(utilityOf(a, digits), utilityOf(b, digits)));
    }
    assert.deepEqual(new Set(us.cloud.map((p) => key(p.x, p.y))), cloud, path);
    assert.equal(us.cloud.length, cloud.size, `${path}: duplicates in the cloud`);
    // The base zone (when not empty) is the rounded pairs of the outcomes the analysis lists in the zone.
    const base = data.analyses[0];
    const zone = us.zones.find((z) => z.variant === null);
    if (base.agreementZone.empty) assert.equal(zone, undefined, path);
    else
      assert.deepEqual(
        new Set(zone!.points.map((p) => key(p.x, p.y))),
        new Set(base.agreementZone.outcomes!.map((p) => key(p.utilities[a.id], p.utilities[b.id]))),
        path,
      );
  }
});
