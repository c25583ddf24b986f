/** The shareable report in Markdown: the same sections as the HTML page, with text charts instead of plots. */
import type { Analysis } from "../../analysis/analyze.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { count, intervals } from "../../util/format.ts";
import {
  blockingSetText,
  headlineCounts,
  relaxationLine,
  utilitiesText,
  wideningsText,
  zoneText,
} from "../analysisText.ts";
import { escapeMarkdown } from "../escape.ts";
import { renderIssueForecast, renderSpatialWinSets } from "../forecastReport.ts";
import { renderHistory } from "../historyReport.ts";
import { markdownLink, webLink } from "../links.ts";
import { forecastValueText, predicateText, uncertainText } from "../scenarioText.ts";
import { table } from "../textTable.ts";
import type { ForecastReport, ReportData } from "./data.ts";

function refs(ids: readonly string[] | undefined): string {
  return ids && ids.length > 0 ? `[${ids.join(", ")}]` : "_(no source)_";
}

const bracketsEscaped = (t: string) => t.replace(/[[\]]/g, (c) => `\\${c}`);

/** Source ids, each a link to its address when it has a web address: "[[a](https://…), b]". */
function linkedRefs(s: Scenario, ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return refs(ids);
  const linked = ids.map((id) => {
    const href = webLink(s.sources.find((x) => x.id === id)?.url);
    return href ? `[${bracketsEscaped(id)}](${href.replace(/\(/g, "%28").replace(/\)/g, "%29")})` : id;
  });
  return `[${linked.join(", ")}]`;
}

function nash(a: Analysis): string {
  const p = a.solutions.nash;
  return p ? utilitiesText(p, a.negotiators) : "–";
}

function forecastMarkdown(s: Scenario, base: Analysis, fr: ForecastReport): string[] {
  const name = (id: string) => s.issues.find((i) => i.id === id)?.name ?? id;
  const out: string[] = [
    "## Stakeholder forecasts and two-level zones",
    "",
    "At nominal inputs. compromise: capability × salience weighted mean; weighted median: the Condorcet winner in 1-D; BDM: Bueno de Mesquita's model after 10 rounds (presets scholz and jmckib); two-level zone: what every party's constituency would ratify instead of the status quo; Nash: asymmetric Nash bargaining among the party stakeholders inside it. One issue at a time: red lines and links between issues do not enter.",
    "",
    ...table(
      "markdown",
      [
        "issue",
        "status quo",
        "compromise",
        "weighted median",
        "BDM",
        "BDM (jmckib)",
        "two-level zone",
        "win-sets",
        "Nash",
      ],
      fr.issues.map((f) => [
        name(f.issue),
        forecastValueText(s, f, f.statusQuo),
        ...(["compromise", "weighted-median", "bdm", "bdm-jmckib"] as const).map((m) =>
          forecastValueText(s, f, f.forecasts[m], m),
        ),
        f.zone ? (f.zone.zone.length === 0 ? "**empty**" : intervals(f.zone.zone)) : "–",
        f.zone ? f.zone.parties.map((p) => `${p.party} ${intervals(p.winSet)}`).join("; ") : "–",
        forecastValueText(s, f, f.nash),
      ]),
    ),
    "",
  ];
  const empty = fr.issues.filter((f) => f.zone?.diagnosis);
  if (empty.length > 0) {
    out.push("Why the empty zones are empty:", "");
    for (const f of empty)
      for (const dg of f.zone!.diagnosis!)
        out.push(
          `- ${name(f.issue)}: a move ${dg.direction} is blocked by ${dg.blockers.map((b) => `${b.party} (${b.reason})`).join(" and ")}`,
        );
    out.push("");
  }
  out.push(
    "Per issue (letters: stakeholders, q: status quo, =: two-level zone, ◆: forecasts):",
    "",
    "```text",
  );
  for (const f of fr.issues) out.push(renderIssueForecast(f, ["compromise", "weighted-median", "bdm"]));
  out.push("```", "");
  if (fr.spatial)
    out.push(
      `All issues at once (red lines do not enter; with the red lines and reservation values holding, the agreement zone has ${zoneText(base)} of ${count(base.space.size)}):`,
      "",
      "```text",
      renderSpatialWinSets(fr.spatial).trimEnd(),
      "```",
      "",
    );
  else if (fr.spatialNote) out.push(fr.spatialNote, "");
  if (s.constituencies?.length) {
    out.push("Constituencies:", "");
    for (const c of s.constituencies)
      out.push(
        `- **${c.party}**: ${c.rule === "unanimity" ? "unanimity" : `quota ${c.quota}`}; members ${c.members.map((m) => `${m.stakeholder}${m.weight !== undefined ? ` (weight ${uncertainText(m.weight)})` : ""}${m.veto ? " (veto)" : ""}`).join(", ")}. ${c.description ?? ""} ${c.sources?.length ? refs(c.sources) : "_(assumption)_"}${c.rationale ? ` ${c.rationale}` : ""}`,
      );
    out.push("");
  }
  out.push("Stakeholder inputs:", "");
  out.push(
    ...table(
      "markdown",
      ["stakeholder", "capability", "basis", "stances (position, salience, basis)"],
      (s.stakeholders?.actors ?? []).map((a) => [
        `${a.name}${a.party ? ` (party ${a.party})` : ""}`,
        uncertainText(a.capability),
        `${a.sources?.length ? refs(a.sources) : "_(assumption)_"} ${a.rationale ?? ""}`.trim(),
        Object.entries(a.stances)
          .map(
            ([issue, st]) =>
              `${issue}: ${typeof st.position === "string" ? st.position : uncertainText(st.position)}, ${uncertainText(st.salience)} ${st.sources?.length ? refs(st.sources) : "_(assumption)_"}${st.rationale ? ` ${st.rationale}` : ""}`,
          )
          .join("; "),
      ]),
    ),
    "",
  );
  return out;
}

export function renderMarkdownReport(d: ReportData): string {
  const s: Scenario = d.scenario;
  const base = d.analyses[0];
  const out: string[] = [`# ${s.meta.title}`, "", `**${base.verdict}**`, ""];
  const counts = headlineCounts(base, d.forecast?.spatial);
  if (counts.length > 1)
    out.push(
      ...table(
        "markdown",
        ["question", "answer"],
        counts.map((c) => [c.question, c.answer]),
      ),
      "",
    );
  if (s.meta.summary) out.push(s.meta.summary, "");

  out.push("## Variants side by side", "");
  out.push(
    ...table(
      "markdown",
      ["variant", "zone size", "blocking sets", "Nash point"],
      d.analyses.map((a) => [
        a.scenario.variant ?? "base (as stated)",
        zoneText(a),
        a.deadlock ? a.deadlock.blockingSets.map((b) => blockingSetText(a.deadlock!, b)).join("; ") : "–",
        nash(a),
      ]),
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
  const dl = base.deadlock;
  if (dl) {
    dl.blockingSets.forEach((b, k) => out.push(`${k + 1}. ${blockingSetText(dl, b)}`));
    if (!dl.complete) out.push("", "(search stopped at its budget: larger blocking sets may exist)");
    out.push("", "Smallest relaxations that open a zone:", "");
    for (const r of dl.relaxations) {
      out.push(`- ${relaxationLine(dl, r, base.negotiators)}`);
      const widenings = wideningsText(r);
      if (widenings) out.push(`  - ${widenings}`);
    }
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
  const roundNotes = (s.timeline ?? []).filter((r) => r.note);
  if (d.history && roundNotes.length > 0) {
    out.push("Notes on the rounds:", "");
    for (const r of roundNotes) out.push(`- **${r.id}**: ${r.note} ${refs(r.sources)}`);
    out.push("");
  }

  if (d.forecast) out.push(...forecastMarkdown(s, base, d.forecast));

  if (s.claims?.length) {
    out.push("## Claims ledger", "");
    out.push(
      ...table(
        "markdown",
        ["claim", "by", "status", "what the sources show"],
        s.claims.map((c) => [
          `“${c.claim}” ${linkedRefs(s, c.claimedIn)}`,
          c.by,
          c.status,
          `${c.note ?? ""} ${linkedRefs(s, c.sources)}`,
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
      `- **${x.id}**: ${x.title}${x.publisher ? `. _${x.publisher}_` : ""}${x.date ? `, ${x.date}` : ""}${x.url ? `. ${markdownLink(x.url, bracketsEscaped)}` : ""}${x.quote ? ` — “${x.quote}”` : ""}`,
    );
  return escapeMarkdown(`${out.join("\n").trimEnd()}\n`);
}
