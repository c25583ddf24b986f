/** The base scenario and its variants side by side, then each analysis in full. */
import type { Analysis } from "../analysis/analyze.ts";
import type { Scenario } from "../scenario/schema.ts";
import { renderAnalysis } from "./analysisReport.ts";
import { utilitiesText, zoneText } from "./analysisText.ts";
import { escapeRendering } from "./escape.ts";
import { type Style, table } from "./textTable.ts";

export function renderVariantComparison(scenario: Scenario, analyses: Analysis[], style: Style): string {
  const rows = analyses.map((a) => {
    const nash = a.solutions.nash;
    return [
      a.scenario.variant ?? "(base)",
      zoneText(a),
      nash ? utilitiesText(nash, a.negotiators) : "–",
      a.verdict,
    ];
  });
  const title = `${scenario.meta.title}: variants side by side`;
  const out: string[] = [style === "markdown" ? `# ${title}` : title, ""];
  out.push(...table(style, ["variant", "zone size", "Nash point", "verdict"], rows));
  for (const v of scenario.variants)
    out.push("", `${style === "markdown" ? "- " : "  "}${v.id}: ${v.description}`);
  const details = analyses.map((a) => renderAnalysis(a, style).replace(/^(#+) /gm, "#$1 "));
  return escapeRendering(`${out.join("\n")}\n\n${details.join("\n")}`, style);
}
