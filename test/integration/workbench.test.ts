/**
 * The web workbench end to end: the real server (src/server, on a free port, an in-memory store) serving the
 * build (dist/web), driven in Debian's headless Chromium with playwright-core. Loads every view, follows the
 * newcomer's path (the flagship's verdict, "Try this relaxation", the verdict the core computes for it), plays a
 * session to an agreement, runs a small tournament, and checks each view with axe-core (no serious or critical
 * violation) and for console errors. Screenshots go to out/screenshots/ (git-ignored) for a person to look at.
 *
 * ZOPA_WORKBENCH_URL=http://127.0.0.1:PORT runs the same checks against a server already running.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { analyze, loadScenario } from "../../src/index.ts";
import { agentColours, partyColours } from "../../src/report/palette.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { digitsOf } from "../../src/space/outcome.ts";
import { utilityOf } from "../../src/space/utility.ts";
import type { TournamentResultsJson } from "../../src/tournament/results.ts";
import { offersByParty, type TraceRow } from "../../src/web/tracePlane.ts";
import { recompute, relaxationChanges } from "../../src/web/whatIf.ts";
import { REPO_ROOT } from "../support/shared.ts";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(REPO_ROOT, "out", "screenshots");
const AXE = join(REPO_ROOT, "node_modules", "axe-core", "axe.min.js");
const SERVER = join(REPO_ROOT, "src", "server", "index.ts");
const external = process.env.ZOPA_WORKBENCH_URL;

const skip = !existsSync(CHROMIUM)
  ? `${CHROMIUM} not found (CI installs it: apt-get install chromium)`
  : !existsSync(join(REPO_ROOT, "dist", "web", "index.html"))
    ? "the workbench is not built (npm run build writes dist/web)"
    : !external && !existsSync(SERVER)
      ? "the HTTP API (src/server) is not on this branch"
      : false;

let base = "";
let closeServer: (() => Promise<void>) | null = null;
let browser: Browser | null = null;
let context: BrowserContext | null = null;

before(async () => {
  if (skip) return;
  if (external) base = external.replace(/\/$/, "");
  else {
    const { startServer } = (await import(SERVER)) as {
      startServer: (o: Record<string, unknown>) => Promise<{ url: string; close(): Promise<void> }>;
    };
    const running = await startServer({ port: 0, host: "127.0.0.1", store: ":memory:" });
    base = running.url;
    closeServer = () => running.close();
  }
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // bypassCSP: the server allows only its own scripts; axe-core is injected by the test, not by the page.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await closeServer?.();
});

interface Watched {
  page: Page;
  errors: string[];
  requests: string[];
}

async function open(path: string, width = 1280): Promise<Watched> {
  const page = await context!.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${base}${path}`, { waitUntil: "load" });
  return { page, errors, requests };
}

/** axe-core's serious and critical violations on the page, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const r = await axe.run({ resultTypes: ["violations"] });
    return r.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function checkAndShoot(
  w: Watched,
  name: string,
  fullPage = true,
  expected: RegExp[] = [],
): Promise<void> {
  await w.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  assert.deepEqual(await axeViolations(w.page), [], `axe on ${name}`);
  assert.deepEqual(
    w.errors.filter((e) => !expected.some((x) => x.test(e))),
    [],
    `console errors on ${name}`,
  );
  const outside = w.requests.filter((u) => !u.startsWith(base) && !u.startsWith("data:"));
  assert.deepEqual(outside, [], `${name} loads nothing from elsewhere`);
  await w.page.close();
}

const flagship = () => loadScenario(join(REPO_ROOT, "examples/syria-israel-2026/scenario.yaml"));

test("the library lists the bundled scenarios, the flagship first", { skip, timeout: 60_000 }, async () => {
  const w = await open("/");
  await w.page.getByRole("heading", { name: "Scenarios" }).waitFor();
  const first = w.page.locator(".cards .card h3").first();
  await first.waitFor();
  assert.match(await first.innerText(), /Syria/);
  assert.ok((await w.page.locator(".cards .card").count()) >= 4);
  await checkAndShoot(w, "library");
});

test("the library imports GENIUS files (the file picker beside the drop zone) and opens their analysis", {
  skip,
  timeout: 60_000,
}, async () => {
  const w = await open("/");
  const dir = join(REPO_ROOT, "test", "formats", "fixtures", "genius-shop");
  await w.page
    .getByLabel("choose files")
    .setInputFiles(["shop.xml", "buyer-prof.xml", "seller_utility.xml"].map((f) => join(dir, f)));
  await w.page.waitForURL(/\/scenarios\/[^/]+\/analysis$/, { timeout: 30_000 });
  const verdict = w.page.getByTestId("verdict");
  await verdict.waitFor({ timeout: 30_000 });
  assert.match(await verdict.innerText(), /^(No agreement zone|Agreement is possible)/);
  await w.page.close();
});

test("analysis: the verdict verbatim; 'Try this relaxation' recomputes it in the browser as the core says", {
  skip,
  timeout: 120_000,
}, async () => {
  const s = flagship();
  const base = analyze(s);
  const w = await open("/scenarios/syria-israel-2026/analysis");
  const verdict = w.page.getByTestId("verdict");
  await verdict.waitFor();
  assert.equal(await verdict.innerText(), base.verdict);
  assert.match(base.verdict, /^No agreement zone/);
  await w.page.locator("figure svg").first().waitFor();
  await w.page.screenshot({ path: join(SHOTS, "analysis.png"), fullPage: false });
  // Hovering the plane shows the outcome under the pointer, issue by issue.
  const box = (await w.page.locator("figure svg").first().boundingBox())!;
  await w.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await w.page.waitForFunction(
    (name) =>
      [...document.querySelectorAll("figure svg text")].some((t) => t.textContent?.includes(`${name}:`)),
    // The shortest name: the tip wraps its lines at spaces.
    [...s.issues].sort((a, b) => (a.name ?? a.id).length - (b.name ?? b.id).length)[0].name,
  );
  await w.page.screenshot({ path: join(SHOTS, "analysis-hover.png"), fullPage: false });
  // Each red line's sources are one click away.
  const ref = w.page.locator("#diagnosis ~ ul .refs a, section[aria-labelledby=diagnosis] .refs a").first();
  const sourceId = (await ref.innerText()).trim();
  await ref.click();
  assert.equal(await w.page.evaluate(() => decodeURIComponent(location.hash)), `#src-${sourceId}`);
  assert.ok(await w.page.locator(`[id="src-${sourceId}"]`).isVisible());
  assert.ok(s.sources.some((x) => x.id === sourceId));
  const buttons = w.page.getByRole("button", { name: "Try this relaxation" });
  assert.equal(await buttons.count(), base.deadlock!.relaxations.length);
  await buttons.nth(1).click();
  const expected = recompute(s, relaxationChanges(base.deadlock!.relaxations[1])).analysis.verdict;
  assert.match(expected, /^Agreement is possible/);
  await w.page.waitForFunction(
    (text) => document.querySelector("[data-testid=verdict]")?.textContent === text,
    expected,
    { timeout: 20_000 },
  );
  const ms = Number(await w.page.getByTestId("recompute-ms").innerText());
  const planeMs = Number(await w.page.getByTestId("plane-ms").innerText());
  console.log(`# flagship what-if in the browser: analysis ${ms} ms, plane data ${planeMs} ms`);
  await w.page.screenshot({ path: join(SHOTS, "analysis-relaxed.png"), fullPage: false });
  // A slider: Syria's reservation value to 1 closes the zone again (nothing is worth more than 1 to Syria).
  await w.page.getByLabel("Syria's reservation value").fill("1");
  await w.page.waitForFunction(
    () => document.querySelector("[data-testid=verdict]")?.textContent?.startsWith("No agreement zone"),
    undefined,
    { timeout: 20_000 },
  );
  await w.page.getByRole("button", { name: "Back to the scenario as written" }).click();
  assert.equal(await verdict.innerText(), base.verdict);
  await checkAndShoot(w, "analysis-full");
});

test("the analysis is readable at 390 px: nothing wider than the screen", {
  skip,
  timeout: 60_000,
}, async () => {
  const w = await open("/scenarios/syria-israel-2026/analysis", 390);
  await w.page.getByTestId("verdict").waitFor();
  await w.page.locator("figure svg").first().waitFor();
  const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 392, `page is ${overflow}px wide at 390`);
  await checkAndShoot(w, "analysis-390", false);
});

for (const [view, ready] of [
  ["history", "Rounds"],
  ["forecast", "Model comparison"],
  ["simulate", "Run the negotiation"],
  ["edit", "YAML"],
] as const) {
  test(`the ${view} view loads`, { skip, timeout: 60_000 }, async () => {
    const id = view === "forecast" ? "forecast-river-basin" : "syria-israel-2026";
    const w = await open(`/scenarios/${id}/${view}`);
    await w.page.getByText(ready, { exact: true }).first().waitFor({ timeout: 30_000 });
    if (view === "forecast") {
      await w.page.getByRole("button", { name: "Run the Monte Carlo forecast" }).click();
      await w.page.getByTestId("monte-carlo").first().waitFor({ timeout: 60_000 });
      assert.match(await w.page.getByTestId("monte-carlo").first().innerText(), /500 draws, mean \d/);
    }
    if (view === "simulate") {
      await w.page.getByRole("button", { name: "Run the negotiation" }).click();
      await w.page.getByTestId("sim-status").waitFor();
      await w.page.getByLabel(/^Replay/).fill("3");
    }
    if (view === "edit") {
      // An error is shown at its line.
      const area = w.page.getByRole("textbox", { name: "YAML" });
      const text = await area.inputValue();
      await area.fill(text.replace(/reservation:/, "reservatoin:"));
      await w.page.getByRole("list", { name: "Problems" }).waitFor();
      assert.match(await w.page.getByRole("list", { name: "Problems" }).innerText(), /line \d+/);
      await area.fill(text);
    }
    await checkAndShoot(w, view);
  });
}

test("edit: a stored scenario saves a new version; a save over someone else's newer version says so (412)", {
  skip,
  timeout: 60_000,
}, async () => {
  const { INIT_TEMPLATE } = await import("../../src/scenario/template.ts");
  const made = (await (
    await fetch(`${base}/api/v1/scenarios`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scenario: INIT_TEMPLATE }),
    })
  ).json()) as { id: string; version: number };
  const w = await open(`/scenarios/${made.id}/edit`);
  const title = w.page.getByLabel("Title");
  await title.fill("Edited in the form");
  assert.match(await w.page.getByRole("textbox", { name: "YAML" }).inputValue(), /title: Edited in the form/);
  // A red line's statement and sources, and an option's value, edited in the form land in the YAML.
  await w.page.getByLabel("Red line “floor”: statement").fill("Never below 90.");
  const sources = w.page.getByLabel("Its sources (ids, comma-separated)");
  await sources.fill("memo, memo2");
  await sources.blur();
  await w.page.getByLabel("Value: Delivery, One week").first().fill("0.5");
  const yaml = await w.page.getByRole("textbox", { name: "YAML" }).inputValue();
  assert.match(yaml, /statement: Never below 90\./);
  assert.match(yaml, /sources:\s*\[?\s*-?\s*memo,?\s*-?\s*memo2/);
  assert.match(yaml, /fast: 0\.5/);
  // memo2 is no source of the scenario: the problem is shown at its line, and Save waits.
  await w.page.getByRole("list", { name: "Problems" }).waitFor();
  assert.match(await w.page.getByRole("list", { name: "Problems" }).innerText(), /line \d+.*memo2/s);
  assert.ok(await w.page.getByRole("button", { name: "Save", exact: true }).isDisabled());
  await sources.fill("memo");
  await sources.blur();
  await w.page.getByRole("list", { name: "Problems" }).waitFor({ state: "detached" });
  await w.page.getByRole("button", { name: "Save", exact: true }).click();
  await w.page.getByText("Saved as version 2.").waitFor();
  // Someone else saves version 3 meanwhile.
  const read = await fetch(`${base}/api/v1/scenarios/${made.id}`);
  const other = await fetch(`${base}/api/v1/scenarios/${made.id}`, {
    method: "PUT",
    headers: { "content-type": "application/json", "if-match": read.headers.get("etag")! },
    body: JSON.stringify({ scenario: INIT_TEMPLATE }),
  });
  assert.equal(other.status, 200);
  await title.fill("A second edit");
  await w.page.getByRole("button", { name: "Save", exact: true }).click();
  await w.page.getByText(/someone saved a newer version/).waitFor();
  const stored = (await (await fetch(`${base}/api/v1/scenarios/${made.id}`)).json()) as { version: number };
  assert.equal(stored.version, 3, "the newer version was not overwritten");
  // Every version is kept: version 2 (the form's edit) can be loaded back into the editor.
  await w.page.reload();
  await w.page.getByText("Versions (3)").click();
  await w.page.getByRole("button", { name: "Load version 2" }).click();
  await w.page.waitForFunction(() =>
    document.querySelector("textarea")?.value.includes("title: Edited in the form"),
  );
  // The browser logs the refused save itself; the page shows it as a message instead.
  await checkAndShoot(w, "edit-conflict", true, [/status of 412/]);
});

test("play: a person against the conceder, preset from the URL, to an agreement with its distances", {
  skip,
  timeout: 120_000,
}, async () => {
  const w = await open("/scenarios/car-purchase/play?as=buyer&vs=conceder");
  const you = w.page.getByLabel("You play");
  await you.waitFor();
  assert.equal(await you.inputValue(), "buyer");
  assert.equal(await w.page.getByLabel("Opponent").inputValue(), "conceder");
  await w.page.screenshot({ path: join(SHOTS, "play-setup.png") });
  await w.page.getByRole("button", { name: "Start the negotiation" }).click();
  await w.page.getByTestId("play-status").waitFor();
  // Each issue's control is labelled by the issue's name and lists the options by label.
  const price = w.page.getByLabel("Price");
  assert.match(await price.innerText(), /\$18,000/);
  await w.page.getByRole("button", { name: "Send offer" }).click();
  const accept = w.page.getByRole("button", { name: "Accept" });
  await w.page.waitForFunction(() =>
    [...document.querySelectorAll("button")].some((x) => x.textContent === "Accept" && !x.disabled),
  );
  await accept.waitFor();
  await w.page.screenshot({ path: join(SHOTS, "play.png"), fullPage: true });
  await accept.click();
  const result = w.page.getByTestId("play-result");
  await result.waitFor({ timeout: 20_000 });
  assert.match(await result.innerText(), /^Agreement/);
  // The buyer's utility shown is the core's utility of the agreement shown.
  const s = loadScenario(join(REPO_ROOT, "examples/car-purchase.yaml"));
  const space = compileScenario(s);
  const text = await result.innerText();
  const outcome: Record<string, string> = {};
  for (const issue of s.issues) {
    if (issue.type !== "categorical" && issue.type !== "ordinal") continue;
    const o = issue.options.find((x) => text.includes(`${issue.name}: ${x.label ?? x.id}`));
    assert.ok(o, `the agreement names an option of ${issue.name}`);
    outcome[issue.id] = o.id;
  }
  const buyer = space.parties.find((p) => p.id === "buyer")!;
  const shown = Number(await w.page.getByTestId("utility-buyer").innerText());
  assert.ok(Math.abs(shown - utilityOf(buyer, digitsOf(space, outcome))) < 0.0005);
  assert.match(await w.page.locator("#result").locator("..").innerText(), /Nash point: \d\.\d{3}/);
  assert.match(await w.page.getByTestId("pareto-distance").innerText(), /^\d\.\d{3}$/);
  await checkAndShoot(w, "play-result");
});

test("play: two people in two tabs (vs another person), updates through server-sent events", {
  skip,
  timeout: 120_000,
}, async () => {
  const a = await open("/scenarios/car-purchase/play?as=buyer&vs=human");
  await a.page.getByRole("button", { name: "Start the negotiation" }).click();
  const link = a.page.getByRole("link", { name: "Dealer's link" });
  await link.waitFor();
  const b = await open((await link.getAttribute("href"))!);
  await b.page.getByTestId("play-status").waitFor();
  assert.equal(await b.page.getByLabel("You play").inputValue(), "dealer");
  // The buyer offers; the dealer's tab learns of it from the event stream and accepts.
  await a.page.getByRole("button", { name: "Send offer" }).click();
  const accept = b.page.getByRole("button", { name: "Accept" });
  await b.page.waitForFunction(() =>
    [...document.querySelectorAll("button")].some((x) => x.textContent === "Accept" && !x.disabled),
  );
  await accept.click();
  await b.page.getByTestId("play-result").waitFor();
  // And the buyer's tab sees the end without doing anything.
  await a.page.getByTestId("play-result").waitFor({ timeout: 20_000 });
  assert.match(await a.page.getByTestId("play-result").innerText(), /^Agreement/);
  await b.page.close();
  await checkAndShoot(a, "play-two-people");
});

test("classroom: a teacher makes one link per student (practice round first) and sees their status", {
  skip,
  timeout: 120_000,
}, async () => {
  const w = await open("/scenarios/car-purchase/play");
  await w.page.getByText("Classroom mode (for teachers)").click();
  await w.page.getByLabel("Students", { exact: true }).fill("2");
  await w.page.getByRole("button", { name: "Create the sessions" }).click();
  const table = w.page.getByTestId("classroom");
  await table.waitFor({ timeout: 20_000 });
  assert.equal(await table.locator("tbody tr").count(), 2);
  assert.equal(await w.page.getByRole("link", { name: "practice link" }).count(), 2);
  const link = (await w.page.getByRole("link", { name: "link for student 1" }).getAttribute("href"))!;
  const csv = (await w.page.getByRole("link", { name: "Export the results (CSV)" }).getAttribute("href"))!;
  await checkAndShoot(w, "classroom");
  // The student's link joins their own session, running, with the party preset.
  const student = await open(link);
  await student.page.getByTestId("play-status").waitFor({ timeout: 20_000 });
  assert.equal(await student.page.getByTestId("play-status").innerText(), "running");
  assert.equal(await student.page.getByLabel("You play").inputValue(), "buyer");
  await student.page.getByRole("button", { name: "End", exact: true }).click();
  await student.page.getByTestId("play-result").waitFor();
  await student.page.close();
  const rows = (await (await fetch(`${base}${csv}`)).text()).trim().split("\r\n");
  assert.equal(rows.length, 3, "a header and one row per student");
  assert.match(rows[1], /^student 1,[^,]+,no-agreement,/);
});

test("tournaments: build a spec, watch it live, the leaderboard with intervals, a negotiation's trace", {
  skip,
  timeout: 180_000,
}, async () => {
  const w = await open("/tournaments/new");
  await w.page.getByRole("button", { name: "Start the tournament" }).waitFor();
  await w.page.screenshot({ path: join(SHOTS, "tournament-new.png"), fullPage: true });
  await w.page.getByRole("button", { name: "Start the tournament" }).click();
  await w.page.waitForURL(/\/tournaments\/[^/]+$/);
  const board = w.page.getByTestId("leaderboard");
  await board.waitFor({ timeout: 120_000 });
  await w.page.getByText(/^Done/).waitFor({ timeout: 120_000 });
  assert.equal(await board.locator("tbody tr").count(), 3);
  assert.match(await board.innerText(), /\[\d\.\d{3}, \d\.\d{3}\]/);
  const path = new URL(w.page.url()).pathname;
  const api = (await (await fetch(`${base}/api/v1${path}/results`)).json()) as TournamentResultsJson;
  // The interval plot: one bar and one dot per agent in its colour, by rank, at the API's numbers.
  const plot = w.page.getByTestId("leaderboard-plot");
  const expectedTitles = api.agents.map(
    (a) =>
      `${a.agent}: mean ${a.meanScore!.toFixed(3)}, 95 % interval [${a.ci95![0].toFixed(3)}, ${a.ci95![1].toFixed(3)}]`,
  );
  // The plot is redrawn as results come: wait for the final ones.
  await w.page.waitForFunction(
    (titles) =>
      JSON.stringify(
        [...document.querySelectorAll("[data-testid=leaderboard-plot] g.ranking-mean circle title")].map(
          (t) => t.textContent,
        ),
      ) === JSON.stringify(titles),
    expectedTitles,
    { timeout: 20_000 },
  );
  assert.equal(await plot.locator("svg[role=img]").count(), 1);
  assert.match((await plot.locator("svg").getAttribute("aria-label"))!, /^Mean advantage per agent/);
  const marks = await plot.evaluate((el) => ({
    rules: [...el.querySelectorAll("g.ranking-interval line")].map((l) => ({
      x1: Number(l.getAttribute("x1")),
      x2: Number(l.getAttribute("x2")),
      y: Number(l.getAttribute("y1")),
      colour: l.getAttribute("stroke"),
    })),
    dots: [...el.querySelectorAll("g.ranking-mean circle")].map((c) => ({
      x: Number(c.getAttribute("cx")),
      y: Number(c.getAttribute("cy")),
      colour: c.getAttribute("fill"),
    })),
  }));
  const colours = agentColours(api.tournament.agents);
  assert.deepEqual(
    marks.dots.map((d) => d.colour),
    api.agents.map((a) => colours[a.agent]),
    "one colour per agent, the report's",
  );
  assert.deepEqual(
    marks.rules.map((r) => r.colour),
    api.agents.map((a) => colours[a.agent]),
  );
  assert.ok(
    marks.dots.every((d, k) => k === 0 || d.y > marks.dots[k - 1].y),
    "sorted by rank, top down",
  );
  // Every mark's position is one linear map of the API's numbers (interval ends and means alike).
  const pairs = api.agents.flatMap((a, k) => [
    [a.ci95![0], marks.rules[k].x1],
    [a.ci95![1], marks.rules[k].x2],
    [a.meanScore!, marks.dots[k].x],
  ]);
  const lo = pairs.reduce((m, p) => (p[0] < m[0] ? p : m));
  const hi = pairs.reduce((m, p) => (p[0] > m[0] ? p : m));
  const scale = (hi[1] - lo[1]) / (hi[0] - lo[0]);
  assert.ok(scale > 0);
  for (const [v, px] of pairs) assert.ok(Math.abs(lo[1] + (v - lo[0]) * scale - px) < 0.6, `${v} at ${px}px`);
  assert.ok(
    marks.rules.every((r, k) => Math.abs(r.y - marks.dots[k].y) < 0.01),
    "each dot on its bar",
  );
  // The opened negotiation on its plane: one path per party, one point per offer in the trace.
  const negotiation = api.negotiations![0];
  await w.page
    .getByRole("button", { name: `Open negotiation ${negotiation.id.slice(0, 6)}` })
    .first()
    .click();
  const plane = w.page.getByTestId("trace-plane");
  await plane.locator("svg[role=img]").waitFor({ timeout: 30_000 });
  const body = (await (
    await fetch(`${base}/api/v1${path}/negotiations/${encodeURIComponent(negotiation.id)}`)
  ).json()) as { trace: TraceRow[] };
  const offers = offersByParty(body.trace);
  assert.deepEqual(Object.keys(offers).sort(), ["buyer", "dealer"]);
  assert.equal(await plane.locator("g.offer-path").count(), 2);
  const planeColours = partyColours(
    loadScenario(join(REPO_ROOT, "examples/car-purchase.yaml")).parties.map((p) => p.id),
  );
  for (const [party, n] of Object.entries(offers)) {
    assert.equal(await plane.locator(`g.offer-path[data-party=${party}] path`).count(), 1, party);
    assert.equal(await plane.locator(`g.offer-points[data-party=${party}] circle`).count(), n, party);
    assert.equal(
      await plane.locator(`g.offer-path[data-party=${party}]`).getAttribute("stroke"),
      planeColours[party],
    );
  }
  // The trace table is below, collapsed.
  const details = w.page.locator("section[aria-labelledby=trace] details");
  assert.equal(await details.getAttribute("open"), null);
  assert.equal(await details.locator("table").isVisible(), false);
  await w.page.screenshot({ path: join(SHOTS, "tournament-plots.png"), fullPage: true });
  await details.locator("summary").click();
  assert.equal(await details.locator("tbody tr").count(), body.trace.length);
  await checkAndShoot(w, "tournament");
  // Readable at 390 px: the plots fit the screen.
  const narrow = await open(path, 390);
  await narrow.page.getByTestId("leaderboard-plot").locator("svg").waitFor({ timeout: 30_000 });
  await narrow.page
    .getByRole("button", { name: `Open negotiation ${negotiation.id.slice(0, 6)}` })
    .first()
    .click();
  await narrow.page.getByTestId("trace-plane").locator("svg").waitFor({ timeout: 30_000 });
  const wide = await narrow.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 392, `page is ${wide}px wide at 390`);
  for (const id of ["leaderboard-plot", "trace-plane"]) {
    const svgWidth = Number(await narrow.page.getByTestId(id).locator("svg").first().getAttribute("width"));
    assert.ok(svgWidth <= 390 && svgWidth >= 280, `${id} drawn ${svgWidth}px wide (not shrunk from 640)`);
  }
  await checkAndShoot(narrow, "tournament-390");
});

test("play: a deadline in seconds counts down and ends the session view at zero", {
  skip,
  timeout: 120_000,
}, async () => {
  const w = await open("/scenarios/car-purchase/play?as=buyer&vs=boulware");
  await w.page.getByLabel("Deadline in").selectOption("seconds");
  await w.page.getByLabel("Deadline (seconds)").fill("5");
  await w.page.getByRole("button", { name: "Start the negotiation" }).click();
  const left = w.page.getByTestId("seconds-left");
  await left.waitFor();
  const first = Number(await left.innerText());
  assert.ok(first >= 1 && first <= 5, `starts at ${first}`);
  assert.equal(await w.page.getByTestId("rounds-left").count(), 0, "no rounds countdown");
  await w.page.getByRole("button", { name: "Send offer" }).click();
  await w.page.screenshot({ path: join(SHOTS, "play-seconds.png"), fullPage: true });
  await w.page.waitForFunction(
    (n) => Number(document.querySelector("[data-testid=seconds-left]")?.textContent) < n,
    first,
    { timeout: 5_000 },
  );
  const up = w.page.getByTestId("time-up");
  await up.waitFor({ timeout: 15_000 });
  assert.match(await up.innerText(), /5-second deadline has passed/);
  assert.equal(await w.page.getByTestId("seconds-left").count(), 0);
  assert.equal(await w.page.getByRole("button", { name: "Send offer" }).count(), 0, "no more actions");
  assert.match(await w.page.getByTestId("play-result").innerText(), /^No agreement/);
  assert.match(await w.page.getByTestId("play-status").innerText(), /^(ended|time is up)$/);
  // The session asked for is the server's: a time deadline, no rounds.
  const q = new URL(w.page.url()).searchParams;
  const state = (await (
    await fetch(`${base}/api/v1/sessions/${q.get("session")}`, {
      headers: { "X-Party-Token": q.get("token")! },
    })
  ).json()) as {
    status: string;
    deadline: { rounds: number | null; timeMs: number | null; remainingMs: number | null };
  };
  // The server ended it too: the time ran out while the person was to act.
  assert.deepEqual(state.deadline, { rounds: null, timeMs: 5000, remainingMs: 0 });
  assert.equal(state.status, "ended");
  await checkAndShoot(w, "play-time-up");
});
