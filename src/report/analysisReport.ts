/**
 * Human-readable renderings of an Analysis: plain text for terminals and Markdown for sharing. Both open
 * with the verdict and show the same content; numbers are rounded to 4 decimals.
 */

import type { Analysis } from "../analysis/analyze.ts";
import type { Point } from "../analysis/point.ts";
import { count, fixed } from "../util/format.ts";
import {
  blockingSetText,
  outcomeText,
  relaxationLine,
  utilitiesText,
  wideningsText,
} from "./analysisText.ts";
import { escapeRendering } from "./escape.ts";
import { heading, type Style, table } from "./textTable.ts";

function pointRows(points: Point[], ids: string[]): string[][] {
  return points.map((p) => [...ids.map((id) => fixed(p.utilities[id], 4)), outcomeText(p)]);
}

export function renderAnalysis(a: Analysis, style: Style = "text"): string {
  const out: string[] = [];
  const title = `${a.scenario.title}${a.scenario.variant ? ` — variant "${a.scenario.variant}"` : ""}`;
  const utilityIds = a.parties.filter((p) => p.best !== null).map((p) => p.id);
  if (style === "markdown") out.push(`# ${title}`, "", `**${a.verdict}**`, "");
  else out.push(title, "", a.verdict, "");

  out.push(heading(style, "Space"));
  out.push(
    `${count(a.space.size)} outcomes over ${a.space.issues.length} issues (${a.space.issues.map((i) => `${i.id} ${i.size}`).join(", ")})${a.space.enumerated ? "" : "; not enumerated"}.`,
    "",
  );

  out.push(heading(style, "Parties"));
  out.push(
    ...table(
      style,
      ["party", "role", "must agree", "reservation", "best outcome (utility)"],
      a.parties.map((p) => [
        `${p.name} (${p.id})`,
        p.role,
        p.veto ? "yes" : "no",
        p.best ? fixed(p.reservation, 4) : "–",
        p.best ? `${outcomeText(p.best)} (${fixed(p.best.utilities[p.id], 3)})` : "no preferences",
      ]),
    ),
    "",
  );

  out.push(heading(style, "Agreement zone"));
  if (a.agreementZone.empty) out.push("Empty: no outcome is acceptable to every party that must agree.");
  else if (!a.agreementZone.exact)
    out.push(
      a.agreementZone.size !== null && Number.isFinite(a.agreementZone.size)
        ? `Not empty; about ${a.agreementZone.size.toExponential(2)} outcomes (an estimate from a sample; see the notes).`
        : "Not empty (its size is not computed for a space this large; pass --sample N for an estimate).",
    );
  else {
    const pct = (100 * a.agreementZone.size) / a.space.size;
    out.push(`${count(a.agreementZone.size)} outcomes (${fixed(pct, pct < 1 ? 2 : 1)}% of the space).`);
    if (a.agreementZone.outcomes)
      out.push(...table(style, [...utilityIds, "outcome"], pointRows(a.agreementZone.outcomes, utilityIds)));
  }
  out.push("");

  out.push(
    heading(
      style,
      `Pareto frontier (over ${a.pareto.over === "all" ? "all outcomes" : "the agreement zone"})`,
    ),
  );
  out.push(`${a.pareto.size} point${a.pareto.size === 1 ? "" : "s"}, for ${a.negotiators.join(", ")}.`);
  const maxShown = style === "text" ? 25 : 200;
  const shown = a.pareto.points.slice(0, maxShown);
  if (shown.length > 0) out.push(...table(style, [...utilityIds, "outcome"], pointRows(shown, utilityIds)));
  if (a.pareto.points.length > shown.length)
    out.push(`  … ${a.pareto.points.length - shown.length} more (use --format json for all)`);
  out.push("");

  out.push(
    heading(
      style,
      `Bargaining solutions (${a.solutionsOver === "zone" ? "within the agreement zone" : "over the whole frontier, GENIUS-style"})`,
    ),
  );
  const sol: [string, Point | null][] = [
    ["Nash", a.solutions.nash],
    ["Kalai–Smorodinsky", a.solutions.kalaiSmorodinsky],
    ["equal utility (GENIUS Kalai)", a.solutions.equalUtility],
    ["egalitarian", a.solutions.egalitarian],
    ["max welfare", a.solutions.welfare],
  ];
  out.push(
    ...table(
      style,
      ["solution", "utilities", "outcome"],
      sol.map(([name, p]) => [
        name,
        p ? utilitiesText(p, utilityIds) : "none (empty zone)",
        p ? outcomeText(p) : "–",
      ]),
    ),
    "",
  );

  out.push(heading(style, "Metrics"));
  out.push(
    `opposition ${fixed(a.metrics.opposition, 4)} (GENIUS: equal-utility point to the ideal); min distance to ideal ${fixed(a.metrics.oppositionMinDistance, 4)}; welfare point to ideal ${fixed(a.metrics.oppositionWelfare, 4)}; distribution ${fixed(a.metrics.distribution, 4)}.`,
    "",
  );

  if (a.deadlock) {
    const d = a.deadlock;
    out.push(heading(style, "Deadlock diagnosis"));
    out.push(
      "Blocking sets (each set of commitments together rules out every outcome; drop one member of every set to open a zone):",
    );
    d.blockingSets.forEach((b, k) => {
      out.push(`  ${k + 1}. ${blockingSetText(d, b)}`);
    });
    if (!d.complete) out.push("  (search stopped at its budget: larger blocking sets may exist)");
    out.push("", "Smallest relaxations that open a zone:");
    d.relaxations.forEach((r, k) => {
      out.push(`  ${k + 1}. ${relaxationLine(d, r, utilityIds)}`);
      const widenings = wideningsText(r);
      if (widenings) out.push(`     ${widenings}`);
    });
    out.push("");
    out.push("Commitments:");
    for (const c of d.commitments) {
      const tag =
        c.kind === "redLine"
          ? ` [${c.status}${c.sources?.length ? `; ${c.sources.join(", ")}` : "; no source"}]`
          : "";
      out.push(`  - ${c.description}${c.statement ? `: "${c.statement}"` : ""}${tag}`);
    }
    out.push("");
  }

  if (a.assumptions.length > 0) {
    out.push(heading(style, "Assumptions (values no source backs)"));
    for (const x of a.assumptions) out.push(`  - ${x.what}${x.rationale ? `: ${x.rationale}` : ""}`);
    out.push("");
  }
  if (a.notes.length > 0) {
    out.push(heading(style, "Notes"));
    for (const n of a.notes) out.push(`  - ${n}`);
    out.push("");
  }
  return escapeRendering(`${out.join("\n").trimEnd()}\n`, style);
}
