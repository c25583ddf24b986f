/** The shareable report in Markdown: the same sections as the HTML page, without the plots. */
import type { Analysis } from "../../analysis/analyze.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { renderHistory } from "../historyReport.ts";
import type { ReportData } from "./data.ts";
import { predicateText } from "./report.ts";

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function refs(ids: readonly string[] | undefined): string {
  return ids && ids.length > 0 ? `[${ids.join(", ")}]` : "_(no source)_";
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(" | ")} |`;
}

function tableMd(header: string[], rows: string[][]): string[] {
  return [row(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(row)];
}

function nash(a: Analysis): string {
  const p = a.solutions.nash;
  return p ? a.negotiators.map((id) => `${id} ${p.utilities[id].toFixed(3)}`).join(", ") : "–";
}

export function renderMarkdownReport(d: ReportData): string {
  const s: Scenario = d.scenario;
  const base = d.analyses[0];
  const out: string[] = [`# ${s.meta.title}`, "", `**${base.verdict}**`, ""];
  if (s.meta.summary) out.push(s.meta.summary, "");

  out.push("## Variants side by side", "");
  out.push(
    ...tableMd(
      ["variant", "zone", "blocking sets", "Nash point"],
      d.analyses.map((a) => {
        const desc = (k: string) => a.deadlock?.commitments.find((c) => c.key === k)?.description ?? k;
        return [
          a.scenario.variant ?? "base (as stated)",
          a.agreementZone.empty ? "empty" : String(a.agreementZone.size),
          a.deadlock
            ? a.deadlock.blockingSets.map((b) => b.commitments.map(desc).join(" + ")).join("; ")
            : "–",
          nash(a),
        ];
      }),
    ),
    "",
  );
  for (const v of s.variants) out.push(`- **${v.id}**: ${v.description} ${refs(v.sources)}`);
  out.push("");

  out.push("## Parties and delegations", "");
  for (const p of s.parties) {
    out.push(
      `- **${p.name}** (${p.role}): ${p.description ?? ""} ${p.sources?.length ? refs(p.sources) : ""}`.trimEnd(),
    );
    for (const m of p.delegation ?? [])
      out.push(`  - ${m.name}${m.title ? `, ${m.title}` : ""} ${refs(m.sources)}`);
  }
  out.push("");

  out.push("## Issues and options", "");
  for (const i of s.issues) {
    out.push(`### ${i.name ?? i.id}`, "");
    if (i.type === "categorical" || i.type === "ordinal")
      for (const o of i.options)
        out.push(
          `- **${o.label ?? o.id}**${o.description ? `: ${o.description}` : ""} ${o.sources?.length ? refs(o.sources) : ""}`.trimEnd(),
        );
    out.push("");
  }
  if (s.outOfScope?.length) {
    out.push("### Outside the talks' scope (not modelled)", "");
    for (const o of s.outOfScope) out.push(`- **${o.topic}**: ${o.description ?? ""} ${refs(o.sources)}`);
    out.push("");
  }

  out.push("## Red lines", "");
  for (const p of s.parties)
    for (const rl of p.redLines ?? [])
      out.push(
        `- **${p.name} — ${rl.id}** (${rl.status}${rl.confidence ? `, confidence ${rl.confidence}` : ""}): “${rl.statement}” Requires ${predicateText(s, rl.requires)}. ${refs(rl.sources)}`,
      );
  out.push("");

  out.push("## Deadlock diagnosis (red lines as stated)", "");
  if (base.deadlock) {
    const desc = (k: string) => base.deadlock!.commitments.find((c) => c.key === k)?.description ?? k;
    base.deadlock.blockingSets.forEach((b, k) =>
      out.push(`${k + 1}. ${b.commitments.map(desc).join(" + ")}`),
    );
    out.push("", "Smallest relaxations that open a zone:", "");
    for (const r of base.deadlock.relaxations)
      out.push(`- drop ${r.relax.map(desc).join(" and ")}: opens ${r.opens.zoneSize ?? "–"} outcomes`);
  } else out.push("The zone is not empty.");
  out.push("");

  if (d.history)
    out.push(
      "## History of the rounds",
      renderHistory(d.history, "markdown")
        .replace(/^# .*\n/, "")
        .replace(/^## /gm, "### "),
      "",
    );

  if (s.claims?.length) {
    out.push("## Claims ledger", "");
    out.push(
      ...tableMd(
        ["claim", "by", "status", "what the sources show"],
        s.claims.map((c) => [
          `“${c.claim}” ${refs(c.claimedIn)}`,
          c.by,
          c.status,
          `${c.note ?? ""} ${refs(c.sources)}`,
        ]),
      ),
      "",
    );
  }

  out.push("## Assumptions", "");
  for (const x of base.assumptions) out.push(`- ${x.what}${x.rationale ? `: ${x.rationale}` : ""}`);
  out.push("", "## Sources", "");
  for (const x of s.sources)
    out.push(
      `- **${x.id}**: ${x.title}${x.publisher ? `. _${x.publisher}_` : ""}${x.date ? `, ${x.date}` : ""}${x.url ? `. ${x.url}` : ""}${x.quote ? ` — “${x.quote}”` : ""}`,
    );
  return `${out.join("\n").trimEnd()}\n`;
}
