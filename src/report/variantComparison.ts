/** The base scenario and its variants side by side, then each analysis in full. */
import type { Analysis } from "../analysis/analyze.ts";
import type { Scenario } from "../scenario/schema.ts";
import { renderAnalysis } from "./analysisReport.ts";

function num(x: number | undefined): string {
  return x === undefined ? "–" : x.toFixed(3);
}

export function renderVariantComparison(
  scenario: Scenario,
  analyses: Analysis[],
  style: "text" | "markdown",
): string {
  const header = ["variant", "zone size", "Nash point", "verdict"];
  const rows = analyses.map((a) => {
    const nash = a.solutions.nash;
    return [
      a.scenario.variant ?? "(base)",
      a.agreementZone.empty ? "0" : a.agreementZone.exact ? String(a.agreementZone.size) : "> 0",
      nash ? a.negotiators.map((id) => `${id} ${num(nash.utilities[id])}`).join(", ") : "–",
      a.verdict,
    ];
  });
  const out: string[] = [];
  if (style === "markdown") {
    out.push(`# ${scenario.meta.title}: variants side by side`, "");
    out.push(`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
    for (const r of rows) out.push(`| ${r.join(" | ")} |`);
  } else {
    out.push(`${scenario.meta.title}: variants side by side`, "");
    const widths = header.map((h, k) =>
      Math.max(h.length, ...rows.slice().map((r) => (k === 3 ? 0 : r[k].length))),
    );
    for (const r of [header, ...rows])
      out.push(`  ${r.map((c, k) => (k === 3 ? c : c.padEnd(widths[k]))).join("  ")}`);
  }
  for (const v of scenario.variants)
    out.push("", `${style === "markdown" ? "- " : "  "}${v.id}: ${v.description}`);
  const details = analyses.map((a) => renderAnalysis(a, style).replace(/^(#+) /gm, "#$1 "));
  return `${out.join("\n")}\n\n${details.join("\n")}`;
}
