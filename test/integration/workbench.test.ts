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
import { compileScenario } from "../../src/space/compile.ts";
import { digitsOf } from "../../src/space/outcome.ts";
import { utilityOf } from "../../src/space/utility.ts";
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
  await w.page
    .getByRole("button", { name: /^Open negotiation/ })
    .first()
    .click();
  await w.page.locator("#trace").waitFor();
  await checkAndShoot(w, "tournament");
});
