/**
 * `zopa results --format html|markdown`: the report's tables and plots say what the store holds, checked
 * against the results JSON (an independent path through the same rows) and recomputed by hand here:
 * ranking and intervals, comparisons, each agent's percentiles, agreement bars proportional to the rates,
 * the plane's outcomes with their counts, one colour per agent in every plot, and every name escaped.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseHTML } from "linkedom";
import { agentColours } from "../../src/report/palette.ts";
import { tournamentResults } from "../../src/tasks/tournament.ts";
import type { TournamentResultsJson } from "../../src/tournament/results.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { zopa } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-tournament-report-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "run.db");
// A user agent whose name needs escaping everywhere it appears.
const NASTY = `<b>a&b</b>`;
let results: TournamentResultsJson;
let html: string;
let markdown: string;

before(async () => {
  const agent = join(dir, "picky.mjs");
  writeFileSync(
    agent,
    `export default function createAgent() {
  let view;
  return {
    name: "picky",
    init(v) { view = v; },
    propose: () => view.index.outcomes[view.index.best()],
    respond: (_s, offer) => (view.acceptable(offer) && view.utility(offer) >= 0.6 ? "accept" : "reject"),
  };
}
`,
  );
  const spec = join(dir, "spec.yaml");
  writeFileSync(
    spec,
    [
      "name: report-check",
      "scenarios:",
      `  - ${JSON.stringify(join(REPO_ROOT, "examples", "car-purchase.yaml"))}`,
      `  - ${JSON.stringify(join(REPO_ROOT, "examples", "river-basin.yaml"))}`,
      `agents: [boulware, conceder, hardliner, { name: ${JSON.stringify(NASTY)}, file: ${JSON.stringify(agent)} }]`,
      "rounds: 30",
      "repetitions: 3",
      "seed: 9",
    ].join("\n"),
  );
  const run = await zopa("tournament", spec, "--store", db, "--workers", "0");
  assert.equal(run.code, 0, run.err);
  results = await tournamentResults({ store: db });
  const h = await zopa("results", db, "--format", "html");
  assert.equal(h.code, 0, h.err);
  html = h.out;
  const m = await zopa("results", db, "--format", "markdown");
  assert.equal(m.code, 0, m.err);
  markdown = m.out;
});

const f3 = (x: number | null) => (x === null ? "–" : x.toFixed(3));

function figure(cls: string) {
  const { document } = parseHTML(html);
  const f = document.querySelector(`figure.${cls}`);
  assert.ok(f, `a figure.${cls}`);
  return f;
}

test("html: self-contained (no script, no external resource) and every name escaped", () => {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
  assert.ok(!html.includes(NASTY), "the raw name never appears");
  assert.ok(html.includes("&lt;b&gt;a&amp;b&lt;/b&gt;"));
  assert.ok(!markdown.includes(NASTY));
  assert.ok(markdown.includes("&lt;b&gt;a&amp;b&lt;/b&gt;"));
});

test("html and markdown: the ranking with its intervals and the comparisons, as the results JSON gives them", () => {
  const { document } = parseHTML(html);
  const rows = [...document.querySelectorAll("table")[0].querySelectorAll("tbody tr")].map((tr) =>
    [...tr.querySelectorAll("td")].map((td) => td.textContent),
  );
  assert.equal(rows.length, 4);
  results.agents.forEach((a, k) => {
    assert.deepEqual(rows[k].slice(0, 4), [
      String(a.rank),
      a.agent,
      f3(a.meanScore),
      a.ci95 ? `[${f3(a.ci95[0])}, ${f3(a.ci95[1])}]` : "–",
    ]);
    assert.ok(
      markdown.includes(`| ${f3(a.meanScore)} | [${f3(a.ci95?.[0] ?? null)}, ${f3(a.ci95?.[1] ?? null)}] |`),
    );
  });
  const comparisons = [...document.querySelectorAll("table")[1].querySelectorAll("tbody tr")].map(
    (tr) => tr.querySelector("td")?.textContent,
  );
  assert.deepEqual(
    comparisons,
    results.comparisons.map((c) => `${c.a} vs ${c.b}`),
  );
  assert.equal(results.comparisons.length, 6);
});

test("score distributions: each agent's percentiles recomputed from the negotiations (nearest rank)", () => {
  const { document } = parseHTML(html);
  const table = [...document.querySelectorAll("table")][2];
  const shown = new Map(
    [...table.querySelectorAll("tbody tr")].map((tr) => {
      const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "");
      return [cells[0], cells.slice(1)];
    }),
  );
  for (const agent of results.tournament.agents) {
    const scores: number[] = [];
    for (const n of results.negotiations ?? [])
      for (const [party, a] of Object.entries(n.agents)) if (a === agent) scores.push(n.advantage[party]);
    scores.sort((x, y) => x - y);
    const q = (p: number) => scores[Math.max(1, Math.ceil((p / 100) * scores.length)) - 1];
    const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
    assert.deepEqual(shown.get(agent), [
      String(scores.length),
      ...[5, 25, 50, 75, 95].map((p) => f3(q(p))),
      f3(mean),
    ]);
  }
  // One histogram row (facet) per agent, 20 bins each.
  assert.equal(figure("plot-distribution").querySelectorAll("rect").length >= 4, true);
});

test("agreement bars: one per agent in its colour, lengths proportional to the agreement rates", () => {
  const colours = agentColours(results.tournament.agents);
  const rects = [...figure("plot-agreement").querySelectorAll("rect")].filter((r) => r.getAttribute("width"));
  const byColour = new Map(rects.map((r) => [r.getAttribute("fill"), Number(r.getAttribute("width"))]));
  const rates = results.agents.map((a) => ({ rate: a.agreementRate, width: byColour.get(colours[a.agent]) }));
  assert.equal(new Set(rates.map((r) => r.rate)).size > 1, true, "the rates differ (hardliner agrees less)");
  const scale = Math.max(...rates.map((r) => (r.width ?? 0) / Math.max(r.rate, 1e-9)));
  for (const r of rates) {
    if (r.rate === 0) continue;
    assert.ok(r.width !== undefined, "every agent with agreements has a bar in its own colour");
    assert.ok(Math.abs((r.width as number) - r.rate * scale) < 0.6, `${r.width} ≈ ${r.rate} × ${scale}`);
  }
  // The same colour for the same agent in the ranking plot.
  const ranking = figure("plot-ranking");
  for (const a of results.agents)
    assert.ok(ranking.innerHTML.includes(colours[a.agent]), `${a.agent}'s colour in the ranking plot`);
});

test("the utility plane: one mark per distinct outcome and pairing on the first bilateral scenario, with its count", () => {
  const label = results.tournament.scenarios[0].label;
  assert.match(html, /Outcomes on the utility plane of [^<]*car-purchase\.yaml/);
  const expected = new Map<string, number>();
  for (const n of results.negotiations ?? []) {
    if (n.scenario !== label) continue;
    const [x, y] = Object.keys(n.agents);
    const key = `${n.agents[x]} (${x}) vs ${n.agents[y]} (${y})`;
    const k = `${key}|${n.utilities[x]}|${n.utilities[y]}|${n.status === "agreement"}`;
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  const titles = [...figure("plot-plane").querySelectorAll("title")].map((t) => t.textContent ?? "");
  assert.equal(titles.length, expected.size);
  const total = titles.reduce((s, t) => s + Number(t.match(/: (\d+)$/)?.[1]), 0);
  assert.equal(total, 12 * 3, "every car-purchase negotiation is on the plane");
  const byPairing = new Map<string, number>();
  for (const [k, c] of expected) {
    const pairing = k.split("|")[0];
    byPairing.set(pairing, (byPairing.get(pairing) ?? 0) + c);
  }
  for (const [pairing, c] of byPairing) {
    const shown = titles
      .filter((t) => t.startsWith(`${pairing}:`))
      .reduce((s, t) => s + Number(t.match(/: (\d+)$/)?.[1]), 0);
    assert.equal(shown, c, pairing);
  }
});
