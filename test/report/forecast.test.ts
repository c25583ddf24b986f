/**
 * Stakeholder forecasts in the report: present (HTML section with its chart, Markdown section) when the scenario
 * has stakeholders, absent when it has none; the numbers shown are the library's forecasts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { forecastScenario } from "../../src/forecast/scenarioForecast.ts";
import { SCENARIO_SELECTION } from "../../src/forecast/scenarioSelection.ts";
import { buildReportData } from "../../src/report/html/data.ts";
import { renderMarkdownReport } from "../../src/report/html/markdown.ts";
import { renderHtmlReport } from "../../src/report/html/report.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

function load(path: string): Scenario {
  const r = readScenarioFile(join(REPO_ROOT, path));
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

/** The markup of one section by id. */
function sectionOf(html: string, id: string): string | undefined {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) return undefined;
  return html.slice(start, html.indexOf("</section>", start));
}

test("a scenario with stakeholders: the report shows forecasts, zones and the chart", () => {
  const scenario = load("examples/forecast-river-basin.yaml");
  const data = buildReportData(scenario);
  assert.ok(data.forecast);
  const html = renderHtmlReport(data, { generated: "2026-01-01" });
  const section = sectionOf(html, "forecast");
  assert.ok(section, "no forecast section");
  assert.match(html, /<a href="#forecast">/);
  // One chart: an inline SVG inside a figure, no script.
  assert.equal((section.match(/<figure class="zopa-plot">/g) ?? []).length, 1);
  assert.match(section, /<svg[^>]*class="[^"]*plot/);
  assert.doesNotMatch(html, /<script/i);
  // The numbers are the library's: the compromise forecast of the share, as the table prints it.
  const share = forecastScenario(scenario).find((f) => f.issue === "share")!;
  assert.ok(section.includes(`${share.forecasts.compromise.toFixed(1)} (`), "compromise of the share");
  // Dam control has an empty zone in this example: its diagnosis is shown.
  assert.match(section, /Why the empty zones are empty/);
  assert.match(section, /<b>Dam operation<\/b>: a move/);
  // Every stakeholder is listed with its capability.
  for (const a of scenario.stakeholders!.actors) assert.ok(section.includes(a.name), a.name);
  const md = renderMarkdownReport(data);
  assert.match(md, /^## Stakeholder forecasts and two-level zones$/m);
  assert.match(md, /```text\nshare: scale 40\.00 … 70\.00, status quo 65\.00/);
  assert.match(md, /two-level zone: \d+ outcome/);
});

test("a scenario without stakeholders: no forecast section, chart or Markdown section", () => {
  const scenario = load("examples/car-purchase.yaml");
  assert.equal(scenario.stakeholders, undefined);
  const data = buildReportData(scenario);
  assert.equal(data.forecast, null);
  const html = renderHtmlReport(data, { generated: "2026-01-01" });
  assert.equal(sectionOf(html, "forecast"), undefined);
  assert.doesNotMatch(html, /Stakeholder forecasts/);
  assert.doesNotMatch(renderMarkdownReport(data), /Stakeholder forecasts/);
});

test("the flagship report shows the selected model with its expected error and intervals", () => {
  const scenario = load("examples/syria-israel-2026/scenario.yaml");
  const data = buildReportData(scenario);
  const section = sectionOf(renderHtmlReport(data, { generated: "2026-01-01" }), "forecast")!;
  assert.match(section, /<th>selected model/);
  for (const f of data.forecast!.issues) {
    const s = f.selected!;
    // compromise; expected error = the mean DEU ratio × (spread + 5) (the flagship's scales are 0–100).
    assert.equal(s.model, "compromise");
    assert.equal(s.forecast, f.forecasts.compromise);
    assert.equal(f.scale.max - f.scale.min, 100);
    assert.ok(Math.abs(s.expectedError - SCENARIO_SELECTION.ratio.mean * (s.spread + 5)) < 1e-9);
    assert.ok(s.spread > 0 && s.spread <= 50);
    assert.ok(
      s.interval80[0] <= s.interval50[0] && s.interval50[0] <= s.forecast && s.forecast <= s.interval50[1],
    );
  }
  const first = data.forecast!.issues[0].selected!;
  assert.match(section, new RegExp(`expected error ±${first.expectedError.toFixed(2)}`));
  assert.match(
    renderMarkdownReport(data),
    new RegExp(`expected error ±${first.expectedError.toFixed(2)} on this scale`),
  );
});
