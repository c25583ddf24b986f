/**
 * The HTML report in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
 * Opens the flagship report from disk, checks that it makes no network request, that the four plots rendered
 * with marks, that no two texts of a plot overlap and that every text lies inside its SVG's viewBox, and that the
 * verdict comes first; saves a screenshot of the page and of each plot under a temp dir.
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
    // Labels: no two texts of a plot intersect, and each lies inside the SVG's viewBox (legends are HTML, apart).
    const clashes = await labelClashes(page);
    assert.deepEqual(clashes, []);
    // The verdict is the first thing after the title, and it is the computed one.
    const firstSection = await page.$eval("section", (s) => s.id);
    assert.equal(firstSection, "verdict");
    const verdict = await page.$eval(".verdict", (v) => v.textContent ?? "");
    assert.equal(verdict, buildReportData(scenario).analyses[0].verdict);
    assert.match(
      verdict,
      /^No agreement zone: \d+ sets of commitments block a deal, the first: Syria's red line "withdrawal-pre-dec-8" and .* The cheapest relaxation that opens a zone: .* \(opens [\d,]+ of [\d,]+ outcomes/,
    );
    // Source links resolve to entries of the source list.
    const broken = await page.$$eval("a[href^='#src-']", (as) =>
      as.map((a) => a.getAttribute("href")!.slice(1)).filter((id) => !document.getElementById(id)),
    );
    assert.deepEqual(broken, []);
    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    for (const [k, figure] of (await page.$$("figure.zopa-plot")).entries())
      await figure.screenshot({ path: join(dir, `plot-${k + 1}.png`) });
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: join(dir, "report.pdf") }).catch(() => undefined);
    process.stdout.write(`# screenshot: ${shot}\n`);
  } finally {
    await browser.close();
  }
});

/** Texts of the page's plots that overlap another text of the same plot or stick out of their SVG's viewBox. */
async function labelClashes(page: import("playwright-core").Page): Promise<string[]> {
  return page.$$eval("figure.zopa-plot", (fs) =>
    fs.flatMap((f, figure) => {
      const svg = (f.querySelector("svg[class*='plot']") ?? f.querySelector("svg")) as SVGSVGElement;
      const view = svg.viewBox.baseVal;
      const frame = svg.getBoundingClientRect();
      const sx = frame.width / view.width;
      const sy = frame.height / view.height;
      const texts = [...svg.querySelectorAll("text")]
        .filter((t) => (t.textContent ?? "").trim() !== "")
        .map((t) => {
          const r = t.getBoundingClientRect();
          // In the viewBox's units.
          return {
            text: t.textContent ?? "",
            x0: view.x + (r.left - frame.left) / sx,
            y0: view.y + (r.top - frame.top) / sy,
            x1: view.x + (r.right - frame.left) / sx,
            y1: view.y + (r.bottom - frame.top) / sy,
          };
        });
      const out: string[] = [];
      const tol = 0.5;
      for (const a of texts)
        if (
          a.x0 < view.x - tol ||
          a.y0 < view.y - tol ||
          a.x1 > view.x + view.width + tol ||
          a.y1 > view.y + view.height + tol
        )
          out.push(`figure ${figure}: "${a.text}" outside the viewBox`);
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i];
          const b = texts[j];
          if (a.x0 < b.x1 - tol && b.x0 < a.x1 - tol && a.y0 < b.y1 - tol && b.y0 < a.y1 - tol)
            out.push(`figure ${figure}: "${a.text}" overlaps "${b.text}"`);
        }
      return out;
    }),
  );
}

test("the other examples' report plots have no overlapping or clipped labels either", {
  skip,
  timeout: 120_000,
}, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), "zopa-report-"));
    for (const example of ["camp-david-1978/scenario.yaml", "river-basin.yaml", "car-purchase.yaml"]) {
      const scenario = readScenarioFile(join(REPO_ROOT, "examples", example)).scenario!;
      const file = join(dir, `${example.replace(/\W+/g, "-")}.html`);
      writeFileSync(file, renderHtmlReport(buildReportData(scenario)));
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      assert.deepEqual(await labelClashes(page), [], example);
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
