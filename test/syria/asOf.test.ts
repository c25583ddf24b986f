/**
 * The flagship says what is known as of its latest fact base, and no more: its asOf is the date of the latest
 * dated source (the fact-base documents are dated by their search, not by an event), no round is dated after it,
 * every declared source is cited, and docs/syria-israel.md quotes the verdicts the analysis computes.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { analyze } from "../../src/analysis/analyze.ts";
import { spatialWinSets } from "../../src/forecast/spatialWinSet.ts";
import { headlineCounts } from "../../src/report/analysisText.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

const loaded = readScenarioFile(join(REPO_ROOT, "examples/syria-israel-2026/scenario.yaml"));
const scenario = loaded.scenario as Scenario;
const docs = readFileSync(join(REPO_ROOT, "docs/syria-israel.md"), "utf8");

/** The sources that report events (not the Zopa fact-base documents, dated by their search). */
const reporting = scenario.sources.filter((x) => !x.id.startsWith("fact-base") && x.date);

test("asOf is the date of the latest dated source, and no round comes after it", () => {
  const latest = reporting
    .map((x) => x.date!)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort()
    .at(-1);
  assert.equal(scenario.meta.asOf, latest);
  // Month-only dates ("2026-03") lie within it too.
  for (const x of reporting) assert.ok(x.date!.slice(0, 7) <= scenario.meta.asOf!.slice(0, 7), x.id);
  for (const r of scenario.timeline ?? []) assert.ok((r.endDate ?? r.date) <= scenario.meta.asOf!, r.id);
  // The fact base the scenario follows is searched after the latest event it reports.
  const searched = scenario.sources.filter((x) => x.id.startsWith("fact-base")).map((x) => x.date!);
  assert.ok(
    searched.some((d) => d >= scenario.meta.asOf!),
    "the latest fact base postdates asOf",
  );
});

test("every declared source is cited by some element of the scenario", () => {
  const cited = JSON.stringify({ ...scenario, sources: [] });
  const unused = scenario.sources.filter((x) => x.id !== "fact-base" && !cited.includes(`"${x.id}"`));
  assert.deepEqual(
    unused.map((x) => x.id),
    [],
  );
});

test("every source with an address carries its date, or says in its title that it is undated", () => {
  for (const x of scenario.sources)
    if (x.url)
      assert.ok(x.date || /\bundated\b/.test(x.title), `${x.id} has no date and does not say it is undated`);
});

test("docs/syria-israel.md quotes each variant's verdict as the analysis computes it", () => {
  for (const variant of [undefined, ...scenario.variants.map((v) => v.id)]) {
    const a = analyze(scenario, variant ? { variant } : {});
    assert.ok(
      docs.includes(a.verdict),
      `docs/syria-israel.md lacks the verdict of ${variant ?? "the base"}:\n${a.verdict}`,
    );
  }
  assert.ok(docs.includes(`As of ${scenario.meta.asOf}`), "the docs name the scenario's asOf");
});

test("docs/syria-israel.md gives the two headline counts as the report computes them", () => {
  const base = analyze(scenario);
  const spatial = spatialWinSets(scenario)!;
  for (const row of headlineCounts(base, spatial)) {
    const figure = row.answer.replace(/ outcomes$/, "");
    assert.ok(docs.includes(`**${figure}**`), `docs/syria-israel.md lacks ${figure} (${row.question})`);
  }
});
