// The workbench's what-if speed, measured in Chromium (never asserted in tests): starts the server on a free
// port, opens the flagship's analysis, tries each relaxation `ROUNDS` times and prints the milliseconds the page
// reports for the analysis and for the plane's data. Needs the build (dist/web) and /usr/bin/chromium.
// Usage: node --import tsx scripts/workbenchSpeed.ts [rounds]
import { chromium } from "playwright-core";
import { startServer } from "../src/server/index.ts";

const rounds = Number(process.argv[2] ?? 3);
const server = await startServer({ port: 0, store: ":memory:" });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/scenarios/syria-israel-2026/analysis`);
  await page.getByTestId("verdict").waitFor();
  const first = Number(await page.getByTestId("recompute-ms").innerText());
  const buttons = page.getByRole("button", { name: "Try this relaxation" });
  const count = await buttons.count();
  const analysis: number[] = [];
  const plane: number[] = [];
  const verdictStarts = (text: string) =>
    page.waitForFunction(
      (t) => document.querySelector("[data-testid=verdict]")?.textContent?.startsWith(t),
      text,
    );
  for (let r = 0; r < rounds; r++)
    for (let k = 0; k < count; k++) {
      await buttons.nth(k).click();
      await verdictStarts("Agreement is possible");
      analysis.push(Number(await page.getByTestId("recompute-ms").innerText()));
      plane.push(Number(await page.getByTestId("plane-ms").innerText()));
      await page.getByRole("button", { name: "Back to the scenario as written" }).click();
      await verdictStarts("No agreement zone");
    }
  const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
  const range = (x: number[]) => `${Math.min(...x)}–${Math.max(...x)}`;
  console.log(`first analysis on opening: ${first} ms`);
  console.log(
    `what-if analysis: median ${median(analysis)} ms (${range(analysis)}, ${analysis.length} runs)`,
  );
  console.log(`plane data: median ${median(plane)} ms (${range(plane)})`);
} finally {
  await browser.close();
  await server.close();
}
