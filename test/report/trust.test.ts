/**
 * Nothing misleading (issue 16 item 6): the verdict opens every report with the number of blocking sets and the
 * cheapest relaxation that opens a zone, computed from the diagnosis; the headline counts say which question
 * each answers; a party has one colour in every plot; source addresses become links only when they are web
 * addresses.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import { analyze } from "../../src/analysis/analyze.ts";
import { renderAnalysis } from "../../src/report/analysisReport.ts";
import { headlineCounts, relaxationText } from "../../src/report/analysisText.ts";
import { buildReportData, type ReportData } from "../../src/report/html/data.ts";
import { renderMarkdownReport } from "../../src/report/html/markdown.ts";
import { renderHtmlReport } from "../../src/report/html/report.ts";
import { markdownLink, webLink } from "../../src/report/links.ts";
import { PARTY_PALETTE, partyColours } from "../../src/report/palette.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

function load(path: string): Scenario {
  const r = readScenarioFile(join(REPO_ROOT, path));
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

const SYRIA = "examples/syria-israel-2026/scenario.yaml";
let flagship: { data: ReportData; html: string; markdown: string } | null = null;
function syria() {
  if (!flagship) {
    const data = buildReportData(load(SYRIA));
    flagship = { data, html: renderHtmlReport(data), markdown: renderMarkdownReport(data) };
  }
  return flagship;
}

for (const path of [SYRIA, "examples/river-basin.yaml", "examples/camp-david-1978/scenario.yaml"]) {
  test(`the verdict of ${path} keeps its opening words, counts the blocking sets and names the cheapest relaxation`, () => {
    const a = analyze(load(path));
    const d = a.deadlock;
    assert.ok(a.agreementZone.empty && d && d.blockingSets.length > 0 && d.relaxations.length > 0);
    assert.ok(a.verdict.startsWith("No agreement zone: "), a.verdict);
    const n = d.blockingSets.length;
    assert.ok(a.verdict.includes(` ${n} set${n === 1 ? "" : "s"} of commitments block`), a.verdict);
    // The first blocking set's commitments are named.
    for (const key of d.blockingSets[0].commitments) {
      const c = d.commitments.find((x) => x.key === key)!;
      assert.ok(a.verdict.includes(c.description), `${c.description} missing from: ${a.verdict}`);
    }
    // The cheapest relaxation: no relaxation gives up fewer commitments.
    const fewest = Math.min(...d.relaxations.map((r) => r.relax.length));
    const named = d.relaxations.filter(
      (r) => r.relax.length === fewest && a.verdict.includes(`opens a zone: ${relaxationText(d, r)} (`),
    );
    assert.equal(named.length, 1, a.verdict);
    const opens = named[0].opens.zoneSize!;
    assert.ok(
      a.verdict.includes(
        `(opens ${opens.toLocaleString("en-US")} of ${a.space.size.toLocaleString("en-US")} outcomes`,
      ),
      a.verdict,
    );
    const ties = d.relaxations.filter((r) => r.relax.length === fewest).length - 1;
    assert.equal(a.verdict.includes(`${ties} other`), ties > 0, a.verdict);
  });
}

test("a zone that exists keeps the old verdict: no blocking sets, no relaxation", () => {
  const a = analyze(load("examples/car-purchase.yaml"));
  assert.ok(!a.agreementZone.empty);
  assert.match(a.verdict, /^Agreement is possible: /);
  assert.doesNotMatch(a.verdict, /relaxation|blocks? a deal/);
});

test("the verdict is in the first lines of the text, Markdown and HTML reports", () => {
  const { data, html, markdown } = syria();
  const a = data.analyses[0];
  assert.equal(renderAnalysis(a).split("\n")[2], a.verdict);
  assert.equal(markdown.split("\n")[2], `**${a.verdict}**`);
  const { document } = parseHTML(html);
  const first = document.querySelector("section");
  assert.equal(first?.id, "verdict");
  assert.equal(first?.querySelector(".verdict")?.textContent, a.verdict);
});

test("the headline counts answer different questions and say which, side by side", () => {
  const { data, html, markdown } = syria();
  const a = data.analyses[0];
  const sp = data.forecast!.spatial!;
  const rows = headlineCounts(a, sp);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].answer, `0 of ${a.space.size.toLocaleString("en-US")} outcomes`);
  assert.equal(
    rows[1].answer,
    `${sp.zoneSize.toLocaleString("en-US")} of ${sp.outcomes.toLocaleString("en-US")} outcomes`,
  );
  assert.match(rows[0].question, /agreement zone/);
  assert.match(rows[1].question, /constituency ratify.*red lines not applied/);
  // In the HTML verdict section, one table with both; in the Markdown, one table under the verdict.
  const { document } = parseHTML(html);
  const cells = [...document.querySelectorAll("#verdict table.counts td")].map((td) => td.textContent);
  assert.deepEqual(
    cells,
    rows.flatMap((r) => [r.question, r.answer]),
  );
  const head = markdown.split("\n").slice(0, 10).join("\n");
  for (const r of rows) assert.ok(head.includes(`| ${r.question} | ${r.answer} |`), head);
});

test("a party has the same colour in every plot of the flagship report", () => {
  const { data, html } = syria();
  const s = data.scenario;
  const colours = partyColours(s.parties.map((p) => p.id));
  assert.equal(colours[s.parties[0].id], PARTY_PALETTE[0]);
  const { document } = parseHTML(html);
  const figures = [...document.querySelectorAll("figure.zopa-plot")];
  assert.equal(figures.length, 4);
  const seen = new Map<string, Set<string>>();
  let plotsWithParties = 0;
  for (const f of figures) {
    let here = 0;
    for (const sw of f.querySelectorAll("[class$='-swatch']")) {
      const label = sw.textContent ?? "";
      const fill = sw.querySelector("svg")?.getAttribute("fill") ?? "";
      const party = s.parties.find((p) => label === p.name || label === `${p.name}'s positions`);
      if (!party) {
        // Nothing else (zones, move classes, "other") uses a party's colour.
        assert.ok(
          !Object.values(colours).slice(0, s.parties.length).includes(fill) || fill === "",
          `${label} uses a party colour ${fill}`,
        );
        continue;
      }
      here++;
      const set = seen.get(party.id) ?? new Set();
      set.add(fill);
      seen.set(party.id, set);
    }
    if (here > 0) plotsWithParties++;
  }
  assert.equal(
    plotsWithParties,
    3,
    "the utility space, positions over time and the forecast plot colour parties",
  );
  for (const id of ["syria", "israel"]) assert.deepEqual([...(seen.get(id) ?? [])], [colours[id]], id);
});

test("web addresses become links with https:// added; anything else stays plain text", () => {
  assert.equal(webLink("brecorder.com/news/40361555"), "https://brecorder.com/news/40361555");
  assert.equal(webLink("https://example.org/a?b=1#c"), "https://example.org/a?b=1#c");
  assert.equal(webLink("http://example.org"), "http://example.org");
  assert.equal(webLink("  archive.ph/blOxW "), "https://archive.ph/blOxW");
  for (const bad of [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "mailto:a@b.org",
    "data:text/html,x",
    "//evil.example/x",
    "/relative/path",
    "fact base",
    "fact-base",
    "",
    'example.org/"onmouseover="x',
    "example.org/<script>",
  ])
    assert.equal(webLink(bad), null, bad);
  assert.equal(markdownLink("example.org/a(b)"), "[example.org/a(b)](https://example.org/a%28b%29)");
  assert.equal(markdownLink("javascript:alert(1)"), "javascript:alert(1)");
});

test("the flagship's sources and claims ledger link every web address, and nothing else", () => {
  const { data, html, markdown } = syria();
  const { document } = parseHTML(html);
  const external = [...document.querySelectorAll("a[href]")]
    .map((a) => a.getAttribute("href")!)
    .filter((h) => !h.startsWith("#"));
  assert.ok(external.length > 0);
  for (const h of external) assert.match(h, /^https?:\/\//);
  for (const x of data.scenario.sources) {
    const item = document.getElementById(`src-${x.id}`);
    const href = webLink(x.url);
    const link = item?.querySelector("a[href^='http']");
    assert.equal(link?.getAttribute("href") ?? null, href, x.id);
    if (href) assert.ok(markdown.includes(`](${href.replace(/\(/g, "%28").replace(/\)/g, "%29")})`), x.id);
  }
  const ledgerLinks = document.querySelectorAll("#claims a[href^='http']");
  assert.ok(ledgerLinks.length > 0, "the claims ledger links its sources' addresses");
});
