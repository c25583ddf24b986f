/**
 * The HTML report in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
 * Opens the flagship report from disk, checks that it makes no network request, that the four plots rendered
 * with marks, and that the verdict comes first; saves a screenshot under a temp dir.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { buildReportData } from "../../src/report/html/data.ts";
import { renderHtmlReport } from "../../src/report/html/report.ts";
import { readScenarioFile } from "../../src/scenario/load.ts";
import { REPO_ROOT } from "../support/shared.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found (CI installs it: apt-get install chromium)`;

test("the flagship report renders its plots in headless Chromium without network requests", {
  skip,
  timeout: 120_000,
}, async () => {
  const { chromium } = await import("playwright-core");
  const scenario = readScenarioFile(join(REPO_ROOT, "examples/syria-israel-2026/scenario.yaml")).scenario!;
  const dir = mkdtempSync(join(tmpdir(), "zopa-report-"));
  const file = join(dir, "report.html");
  writeFileSync(file, renderHtmlReport(buildReportData(scenario)));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    assert.deepEqual(
      requests.filter((u) => !u.startsWith("file:")),
      [],
      "the report must not load anything over the network",
    );
    assert.deepEqual(errors, []);
    const figures = await page.$$eval("figure.zopa-plot", (fs) =>
      fs.map((f) => {
        const svg = f.querySelector("svg[class*='plot']") ?? f.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        return {
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll("circle, path, line, text").length : 0,
          caption: f.querySelector(":scope > figcaption")?.textContent ?? "",
        };
      }),
    );
    assert.equal(figures.length, 4, JSON.stringify(figures));
    for (const f of figures) {
      assert.ok(f.width > 300 && f.height > 200, `plot too small: ${JSON.stringify(f)}`);
      assert.ok(f.marks > 20, `plot has too few marks: ${JSON.stringify(f)}`);
    }
    // The verdict is the first thing after the title, and it is the computed one.
    const firstSection = await page.$eval("section", (s) => s.id);
    assert.equal(firstSection, "verdict");
    const verdict = await page.$eval(".verdict", (v) => v.textContent ?? "");
    assert.match(verdict, /^No agreement zone: Syria's red line "withdrawal-pre-dec-8"/);
    // Source links resolve to entries of the source list.
    const broken = await page.$$eval("a[href^='#src-']", (as) =>
      as.map((a) => a.getAttribute("href")!.slice(1)).filter((id) => !document.getElementById(id)),
    );
    assert.deepEqual(broken, []);
    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: join(dir, "report.pdf") }).catch(() => undefined);
    process.stdout.write(`# screenshot: ${shot}\n`);
  } finally {
    await browser.close();
  }
});
