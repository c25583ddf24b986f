/**
 * The shareable report: one self-contained HTML page (inline CSS and SVG, no script, no network) with the
 * verdict first, then parties, issues, red lines, the deadlock diagnosis, variants side by side, the
 * history of the rounds with move classes, the claims ledger, assumptions and sources. Pure: returns a string.
 */
import type { Analysis } from "../../analysis/analyze.ts";
import type { Point } from "../../analysis/point.ts";
import type { History } from "../../history/history.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { count, fixed, intervals, signed } from "../../util/format.ts";
import { blockingSetText, headlineCounts, relaxationText, wideningsText, zoneText } from "../analysisText.ts";
import { escapeText } from "../escape.ts";
import { selectedForecastText } from "../forecastReport.ts";
import { acceptabilityText, variantLabel } from "../historyReport.ts";
import { webLink } from "../links.ts";
import { partyColours } from "../palette.ts";
import { forecastValueText, issueName, optionLabel, predicateText, uncertainText } from "../scenarioText.ts";
import type { ForecastReport, ReportData } from "./data.ts";
import { movesPlot, positionsOverTimePlot, stakeholderForecastPlot, utilitySpacePlot } from "./plots.ts";

/**
 * User text for HTML: the markup characters as entities, and control and bidirectional characters as visible
 * `\uXXXX` (an entity would still reorder the text: src/report/escape.ts).
 */
export function esc(s: unknown): string {
  return escapeText(
    String(s ?? "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;"),
  );
}

/** Source references as links to the source list at the end of the page. */
function refs(ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return '<span class="assumption">no source</span>';
  return `<span class="refs">[${ids.map((id) => `<a href="#src-${esc(id)}">${esc(id)}</a>`).join(", ")}]</span>`;
}

function outcomeList(s: Scenario, outcome: Record<string, unknown>): string {
  return Object.entries(outcome)
    .map(([k, v]) => `<span class="kv"><b>${esc(issueName(s, k))}</b>: ${esc(optionLabel(s, k, v))}</span>`)
    .join("; ");
}

function pointText(a: Analysis, p: Point | null, names: Record<string, string>): string {
  if (!p) return "–";
  return a.negotiators.map((id) => `${esc(names[id] ?? id)} ${fixed(p.utilities[id], 3)}`).join(", ");
}

export const CSS = `
:root { --ink: #1b1b1b; --muted: #666; --rule: #ddd; --accent: #8a1c1c; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1000px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 3px; margin-top: 32px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .muted { color: var(--muted); }
.verdict { font-size: 18px; font-weight: 600; border-left: 6px solid var(--accent); background: #f8f1f1; padding: 10px 14px; margin: 16px 0; }
.verdict.open { border-color: #2c7a2c; background: #eff7ef; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.refs, .refs a { color: #555; font-size: 12px; }
.assumption { color: #9a5b00; font-style: italic; }
blockquote { margin: 4px 0; padding: 2px 10px; border-left: 3px solid #bbb; color: #333; }
.tag { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #eee; margin-right: 4px; }
.tag.stated, .tag.supported, .tag.high { background: #dff0d8; }
.tag.reported, .tag.partly, .tag.medium { background: #fcf3cf; }
.tag.inferred, .tag.unsupported, .tag.low { background: #f2dede; }
.tag.contradicted { background: #e8c3c3; font-weight: 600; }
.move { font-weight: 600; }
.move.concession { color: #2c7a2c; } .move.selfish { color: #b22222; } .move.silent { color: #777; }
figure { margin: 10px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
.kv { white-space: normal; }
ul.tight { margin: 4px 0; padding-left: 20px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, blockquote, .verdict { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 14mm; }
}
`;

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;
}

function verdictBlock(a: Analysis): string {
  return `<p class="verdict${a.agreementZone.empty ? "" : " open"}">${esc(a.verdict)}</p>`;
}

/** The headline counts side by side, each with the question it answers. */
function countsTable(a: Analysis, d: ReportData): string {
  const rows = headlineCounts(a, d.forecast?.spatial);
  if (rows.length < 2) return "";
  return `<table class="counts"><thead><tr><th>question</th><th>answer</th></tr></thead><tbody>${rows.map((r) => `<tr><td>${esc(r.question)}</td><td class="num">${esc(r.answer)}</td></tr>`).join("")}</tbody></table>`;
}

function variantsTable(d: ReportData, names: Record<string, string>): string {
  const s = d.scenario;
  const rows = d.analyses.map((a) => {
    const v = a.scenario.variant;
    const variant = v ? s.variants.find((x) => x.id === v) : null;
    const zone = `${esc(zoneText(a))}${a.agreementZone.exact ? ` of ${count(a.space.size)}` : ""}`;
    const dl = a.deadlock;
    const blocking = dl
      ? `<ul class="tight">${dl.blockingSets.map((b) => `<li>${esc(blockingSetText(dl, b))}</li>`).join("")}</ul>`
      : "–";
    return `<tr><td><b>${esc(v ?? "base (red lines as stated)")}</b><div class="muted">${esc(variant?.description ?? "The red lines as the parties stated them.")}</div>${variant ? refs(variant.sources) : ""}</td><td class="num">${zone}</td><td>${blocking}</td><td>${pointText(a, a.solutions.nash, names)}</td></tr>`;
  });
  return `<table><thead><tr><th>variant</th><th>agreement zone (outcomes)</th><th>blocking sets (minimal sets of commitments that together rule out every outcome)</th><th>Nash point</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function partiesSection(s: Scenario): string {
  const rows = s.parties.map((p) => {
    const delegation = (p.delegation ?? [])
      .map(
        (m) =>
          `<li>${esc(m.name)}${m.title ? `, <span class="muted">${esc(m.title)}</span>` : ""} ${refs(m.sources)}</li>`,
      )
      .join("");
    const veto = p.veto ?? p.role === "principal";
    return `<tr><td><b>${esc(p.name)}</b><div class="muted">${esc(p.role)}${veto ? ", must agree" : ""}</div></td><td>${esc(p.description ?? "")} ${p.sources?.length ? refs(p.sources) : ""}${delegation ? `<ul class="tight">${delegation}</ul>` : ""}</td></tr>`;
  });
  return `<table><thead><tr><th>party</th><th>description and delegation</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function issuesSection(s: Scenario): string {
  const items = s.issues.map((i) => {
    const options =
      i.type === "categorical" || i.type === "ordinal"
        ? `<ol class="tight">${i.options.map((o) => `<li><b>${esc(o.label ?? o.id)}</b>${o.description ? ` — ${esc(o.description)}` : ""} ${o.sources?.length ? refs(o.sources) : ""}</li>`).join("")}</ol>`
        : `<p>${esc(i.type)} from ${i.min} to ${i.max}</p>`;
    return `<h3>${esc(i.name ?? i.id)} <span class="muted">(${esc(i.type)})</span></h3>${i.description ? `<p>${esc(i.description)}</p>` : ""}${options}`;
  });
  const oos = (s.outOfScope ?? [])
    .map((o) => `<li><b>${esc(o.topic)}</b>: ${esc(o.description ?? "")} ${refs(o.sources)}</li>`)
    .join("");
  return `${items.join("")}${oos ? `<h3>Outside the talks' scope (not modelled)</h3><ul>${oos}</ul>` : ""}`;
}

function redLinesSection(s: Scenario): string {
  const out: string[] = [];
  for (const p of s.parties) {
    if (!p.redLines?.length) continue;
    out.push(`<h3>${esc(p.name)}</h3>`);
    for (const rl of p.redLines)
      out.push(
        `<div><blockquote>“${esc(rl.statement)}”</blockquote><p><span class="tag ${rl.status}">${rl.status}</span>${rl.confidence ? `<span class="tag ${rl.confidence}">confidence ${rl.confidence}</span>` : ""} <b>${esc(rl.id)}</b>: requires ${esc(predicateText(s, rl.requires))}. ${refs(rl.sources)}${rl.rationale ? `<br><span class="muted">${esc(rl.rationale)}</span>` : ""}</p></div>`,
      );
  }
  return out.join("");
}

function deadlockSection(a: Analysis, names: Record<string, string>): string {
  const d = a.deadlock;
  if (!d) return `<p>The zone is not empty: no deadlock to diagnose.</p>`;
  const blocking = d.blockingSets.map((b) => `<li>${esc(blockingSetText(d, b))}</li>`).join("");
  const relax = d.relaxations
    .map((r) => {
      const widenings = wideningsText(r);
      return `<tr><td>${esc(relaxationText(d, r))}${widenings ? `<div class="muted">${esc(widenings)}</div>` : ""}</td><td class="num">${r.opens.zoneSize === null ? "–" : count(r.opens.zoneSize)}</td><td>${pointText(a, r.opens.nash, names)}</td></tr>`;
    })
    .join("");
  return `<p>Blocking sets: each set of commitments together rules out every outcome; a zone opens only if one member of every set gives way.</p><ol>${blocking}</ol>${d.complete ? "" : "<p class='muted'>(search stopped at its budget: larger blocking sets may exist)</p>"}<h3>Smallest relaxations that open a zone</h3><table><thead><tr><th>relaxation</th><th>outcomes it opens</th><th>Nash point then</th></tr></thead><tbody>${relax}</tbody></table>`;
}

function historySection(s: Scenario, h: History, names: Record<string, string>, plots: string[]): string {
  const party = (id: string) => esc(names[id] ?? id);
  const rounds = h.rounds
    .map((r) => {
      const round = s.timeline!.find((x) => x.id === r.id)!;
      return `<tr><td class="num">${r.approximate ? "≈" : ""}${esc(r.date)}${r.endDate ? `–${esc(r.endDate.slice(5))}` : ""}</td><td><b>${esc(r.venue)}</b><div class="muted">${esc(r.level ?? "")}</div></td><td>${r.attendees.map((a) => `${esc(a.name)} (${party(a.party)})`).join("; ") || "–"}</td><td>${r.mediators.map(party).join(", ") || "–"}</td><td>${esc(round.result?.summary ?? "")} ${refs(round.result?.sources ?? r.sources)}${round.note ? `<div class="muted">${esc(round.note)}</div>` : ""}</td></tr>`;
    })
    .join("");
  const ids = h.negotiators;
  const positions = h.positions
    .map((p) => {
      const others = ids.filter((id) => id !== p.party);
      const stated = Object.entries(p.basis)
        .filter(([, b]) => b === "stated")
        .map(([k]) => k);
      const statedOutcome = Object.fromEntries(stated.map((k) => [k, p.outcome[k]]));
      const base = p.variants[0];
      return `<tr><td>${esc(p.round)}</td><td>${party(p.party)}</td><td>${esc(p.summary ?? "")}<div class="muted">stated: ${outcomeList(s, statedOutcome)}</div>${p.status ? `<span class="tag ${p.status}">${p.status}</span>` : ""} ${refs(p.sources)}</td>${ids.map((id) => `<td class="num">${fixed(p.utilities[id], 3)}</td>`).join("")}<td>${p.move ? `<span class="move ${p.move.class}">${p.move.class}</span><div class="muted">Δself ${signed(p.move.deltaSelf, 3)}, Δother ${others.map((o) => signed(p.move!.deltaOthers[o] ?? 0, 3)).join("/")}</div>` : '<span class="muted">first</span>'}</td><td>${others.map((o) => esc(acceptabilityText(base, o))).join("; ")}</td></tr>`;
    })
    .join("");
  const aggregates = h.aggregates
    .map((a) => {
      const ever = Object.entries(a.everAcceptableTo)
        .map(
          ([v, m]) =>
            `${esc(v || "base")}: ${Object.values(m)
              .map((b) => (b === null ? "n/a" : b ? "<b>yes</b>" : "no"))
              .join("/")}`,
        )
        .join("; ");
      return `<tr><td>${party(a.party)}</td><td class="num">${a.positions}</td><td>${Object.entries(a.moves)
        .filter(([, n]) => n > 0)
        .map(([c, n]) => `<span class="move ${c}">${c}</span> ${n}`)
        .join(
          ", ",
        )}</td><td class="num">${fixed(a.netConcession, 3)}</td><td class="num">${fixed(a.grossConcession, 3)}</td><td>${Object.entries(
        a.otherGain,
      )
        .map(([id, g]) => `${party(id)} ${signed(g, 3)}`)
        .join(", ")}</td><td>${ever}</td></tr>`;
    })
    .join("");
  const results = h.results
    .filter((r) => r.outcome)
    .map(
      (r) =>
        `<li><b>${esc(r.round)}</b>: ${esc(r.summary)}<br>utilities ${Object.entries(r.utilities ?? {})
          .map(([id, u]) => `${party(id)} ${fixed(u, 3)}`)
          .join(
            ", ",
          )}; ${r.variants.map((v) => `${esc(variantLabel(v.variant))}: ${v.inZone ? "<b>in the zone</b>" : v.inSpace ? "not in the zone" : "outside scope"}`).join("; ")}</li>`,
    )
    .join("");
  return `<p>Partial positions are completed issue by issue: the value stated at the round; else the party's last stated value (a position stands until restated); else the option best for the proposer. Utilities use the base scenario's preferences (assumptions). Moves are DANS classes (Hindriks, Jonker &amp; Tykhonov 2007) from the party's previous position.</p>
<h3>Rounds</h3><table><thead><tr><th>date</th><th>venue</th><th>attendees</th><th>mediators</th><th>result</th></tr></thead><tbody>${rounds}</tbody></table>
<h3>Positions and moves</h3><table><thead><tr><th>round</th><th>party</th><th>position</th>${ids.map((id) => `<th>U ${party(id)}</th>`).join("")}<th>move</th><th>to the other side (base)</th></tr></thead><tbody>${positions}</tbody></table>
${results ? `<h3>Agreed results</h3><ul>${results}</ul>` : ""}
<h3>Per party</h3><table><thead><tr><th>party</th><th>positions</th><th>moves</th><th>net concession</th><th>gross concession</th><th>other side's gain</th><th>any position acceptable to the other side (per variant)</th></tr></thead><tbody>${aggregates}</tbody></table>
${plots.join("")}`;
}

/** A link to a source's web address (https:// added when the scheme is missing), or the address as plain text. */
function urlLink(url: string): string {
  const href = webLink(url);
  return href ? `<a href="${esc(href)}" rel="noopener noreferrer">${esc(url)}</a>` : esc(url);
}

/** Source references as in `refs`, each followed by a link (↗) to the source's web address when it has one. */
function refsWithLinks(s: Scenario, ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return refs(ids);
  return `<span class="refs">[${ids
    .map((id) => {
      const href = webLink(s.sources.find((x) => x.id === id)?.url);
      return `<a href="#src-${esc(id)}">${esc(id)}</a>${href ? ` <a href="${esc(href)}" rel="noopener noreferrer" title="${esc(href)}">↗</a>` : ""}`;
    })
    .join(", ")}]</span>`;
}

function claimsSection(s: Scenario): string {
  const rows = (s.claims ?? []).map(
    (c) =>
      `<tr><td>“${esc(c.claim)}”<div class="muted">${esc(c.by)} ${refsWithLinks(s, c.claimedIn)}</div></td><td><span class="tag ${c.status}">${c.status}</span></td><td>${esc(c.note ?? "")} ${refsWithLinks(s, c.sources)}</td></tr>`,
  );
  return `<table><thead><tr><th>claim and who made it</th><th>status</th><th>what the sources show</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function assumptionsSection(a: Analysis): string {
  if (a.assumptions.length === 0) return "<p>None.</p>";
  return `<p>These values rest on the analyst's judgement, not on a source. Change them in the scenario file and re-run.</p><ul>${a.assumptions.map((x) => `<li><span class="assumption">${esc(x.what)}</span>${x.rationale ? `: ${esc(x.rationale)}` : ""}</li>`).join("")}</ul>`;
}

function sourcesSection(s: Scenario): string {
  const items = s.sources.map(
    (x) =>
      `<li id="src-${esc(x.id)}"><b>${esc(x.id)}</b>: ${esc(x.title)}${x.publisher ? `. <i>${esc(x.publisher)}</i>` : ""}${x.date ? `, ${esc(x.date)}` : ""}${x.url ? `. <span class="muted">${urlLink(x.url)}</span>` : ""}${x.quote ? `<blockquote>“${esc(x.quote)}”</blockquote>` : ""}</li>`,
  );
  return `<ul>${items.join("")}</ul>`;
}

function forecastSection(
  s: Scenario,
  base: Analysis,
  fr: ForecastReport,
  names: Record<string, string>,
  plot: string,
): string {
  const party = (id: string) => esc(names[id] ?? id);
  const rows = fr.issues
    .map((f) => {
      const zone = f.zone
        ? `${f.zone.zone.length === 0 ? "<b>empty</b>" : esc(intervals(f.zone.zone))}<div class="muted">${f.zone.parties.map((p) => `${party(p.party)}: ${esc(intervals(p.winSet))}`).join("; ")}</div>`
        : '<span class="muted">no constituencies or status quo</span>';
      const q = f.statusQuo === undefined ? "–" : esc(forecastValueText(s, f, f.statusQuo));
      return `<tr><td><b>${esc(issueName(s, f.issue))}</b></td><td class="num">${q}</td>${(["compromise", "weighted-median", "bdm", "bdm-jmckib"] as const).map((m) => `<td>${esc(forecastValueText(s, f, f.forecasts[m], m))}</td>`).join("")}<td>${zone}</td><td>${esc(forecastValueText(s, f, f.nash))}</td><td>${esc(selectedForecastText(f))}</td></tr>`;
    })
    .join("");
  const diagnoses = fr.issues
    .filter((f) => f.zone?.diagnosis)
    .map(
      (f) =>
        `<li><b>${esc(issueName(s, f.issue))}</b>: ${f.zone!.diagnosis!.map((d) => `a move ${d.direction} is blocked by ${d.blockers.map((b) => `${party(b.party)} (${esc(b.reason)})`).join(" and ")}`).join("; ")}</li>`,
    )
    .join("");
  const actors = (s.stakeholders?.actors ?? [])
    .map((a) => {
      const stances = Object.entries(a.stances)
        .map(([issue, st]) => {
          const pos =
            typeof st.position === "string" ? optionLabel(s, issue, st.position) : uncertainText(st.position);
          const basis = st.sources?.length ? refs(st.sources) : '<span class="assumption">assumption</span>';
          return `<li><b>${esc(issueName(s, issue))}</b>: ${esc(pos)}, salience ${esc(uncertainText(st.salience))} ${basis}${st.rationale ? ` <span class="muted">${esc(st.rationale)}</span>` : ""}</li>`;
        })
        .join("");
      return `<tr><td><b>${esc(a.name)}</b>${a.party ? `<div class="muted">party: ${party(a.party)}</div>` : ""}</td><td class="num">${esc(uncertainText(a.capability))}</td><td><span class="assumption">${a.sources?.length ? "" : "assumption. "}</span>${a.rationale ? esc(a.rationale) : ""} ${a.sources?.length ? refs(a.sources) : ""}<ul class="tight">${stances}</ul></td></tr>`;
    })
    .join("");
  const constituencies = (s.constituencies ?? [])
    .map(
      (c) =>
        `<li><b>${party(c.party)}</b>: ${c.rule === "unanimity" ? "unanimity (every member a veto player)" : `quota ${c.quota} of the weight`}; members ${c.members.map((m) => `${esc(m.stakeholder)}${m.weight !== undefined ? ` (weight ${esc(uncertainText(m.weight))})` : ""}${m.veto ? " (veto)" : ""}`).join(", ")}. ${esc(c.description ?? "")} ${c.sources?.length ? refs(c.sources) : '<span class="assumption">assumption</span>'}${c.rationale ? ` <span class="muted">${esc(c.rationale)}</span>` : ""}</li>`,
    )
    .join("");
  const sp = fr.spatial;
  // Only what changes from the status quo: the packages differ on a few issues.
  const fmtOutcome = (o: Record<string, string | number>) =>
    Object.entries(o)
      .filter(([k, v]) => !sp || String(v) !== String(sp.statusQuo[k]))
      .map(([k, v]) => `<span class="kv"><b>${esc(issueName(s, k))}</b>: ${esc(optionLabel(s, k, v))}</span>`)
      .join("; ");
  const spatial = sp
    ? `<h3>All issues at once (outcome space)</h3><p>Over ${count(sp.outcomes)} outcomes (${esc(sp.issues.join(" × "))}), each member prefers an outcome to the status quo when its salience-weighted distance is smaller; ${sp.parties.map((p) => `${party(p.party)} ratifies ${count(p.winSet)}`).join(", ")}; <b>${count(sp.zoneSize)}</b> outcome(s) every constituency ratifies (listed below by their changes from the status quo).${sp.blocking ? ` Without ${sp.blocking.map((b) => `${party(b.party)}'s constituency the others would ratify ${count(b.withoutIt)}`).join("; without ")}.` : ""} Red lines do not enter this computation: with the red lines and reservation values holding, the agreement zone has ${esc(zoneText(base))} of ${count(base.space.size)}.</p>${sp.zone.length > 0 ? `<ol class="tight">${sp.zone.map((o) => `<li>${fmtOutcome(o)}</li>`).join("")}</ol>${sp.zoneSize > sp.zone.length ? `<p class="muted">… and ${count(sp.zoneSize - sp.zone.length)} more (first ones in outcome order).</p>` : ""}` : ""}`
    : fr.spatialNote
      ? `<p class="muted">${esc(fr.spatialNote)}</p>`
      : "";
  return `<p>Forecasts from the stakeholders' capability, position and salience, at nominal inputs (the midpoint of a range, the mode of a triangle); see docs/forecasting.md. <b>compromise</b>: the capability × salience weighted mean; <b>weighted median</b>: where half of that weight lies on each side (the Condorcet winner in 1-D); <b>BDM</b>: Bueno de Mesquita's expected-utility model after 10 rounds (preset scholz; the jmckib preset beside it); <b>Nash</b>: the asymmetric Nash bargaining solution among the party stakeholders inside the two-level zone. The <b>two-level zone</b> is the intersection of the parties' domestic win-sets: the points on the issue's scale that every constituency ratifies instead of the status quo. One issue at a time, these models ignore red lines and the links between issues. The <b>selected model</b> is the one an honest protocol (cross-validation grouped by proposal on 196 EU decisions, DEU III) chose among these models, with its expected error and 50 % / 80 % intervals from its cross-validated errors there, scaled to each issue's scale: a rough guide outside EU legislation.</p>
${plot}
<table><thead><tr><th>issue</th><th>status quo</th><th>compromise</th><th>weighted median</th><th>BDM</th><th>BDM (jmckib)</th><th>two-level zone <span class="muted">(win-set per party)</span></th><th>Nash</th><th>selected model <span class="muted">(expected error, intervals)</span></th></tr></thead><tbody>${rows}</tbody></table>
${diagnoses ? `<h3>Why the empty zones are empty</h3><ul class="tight">${diagnoses}</ul>` : ""}
${spatial}
${constituencies ? `<h3>Constituencies (who ratifies)</h3><ul class="tight">${constituencies}</ul>` : ""}
<h3>Stakeholder inputs</h3><table><thead><tr><th>stakeholder</th><th>capability</th><th>basis and stances (position, salience)</th></tr></thead><tbody>${actors}</tbody></table>`;
}

function figure(svg: string, caption: string): string {
  return `<figure class="zopa-plot">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/** The whole report as one HTML document. `generated` is printed in the footer (pass a date for reproducible output). */
export function renderHtmlReport(d: ReportData, options: { generated?: string } = {}): string {
  const s = d.scenario;
  const base = d.analyses[0];
  const names = Object.fromEntries(s.parties.map((p) => [p.id, p.name]));
  const colours = partyColours(s.parties.map((p) => p.id));
  const spacePlot = d.utilitySpace
    ? figure(
        utilitySpacePlot(d.utilitySpace, d.analyses, d.history, names, colours),
        `The principals' utility space. Grey: every outcome (rounded to ${d.utilitySpace.grid}); black: the Pareto frontier; dashed: reservation values; coloured dots: the agreement zone of each variant that has one; stars: Nash points; squares: the parties' positions in the rounds; diamond: what was agreed.`,
      )
    : `<p class="muted">The utility-space plot needs exactly two principals and an enumerable space.</p>`;
  const historyPlots = d.history
    ? [
        figure(
          positionsOverTimePlot(d.history, names, colours),
          "Each side's positions over the rounds: the utility of each position to each side. A side that concedes moves its own line down and the other's up.",
        ),
        figure(
          movesPlot(d.history, names),
          "The moves (DANS): each arrow goes from the party's previous position (origin) to its new one, in the change of the other side's utility (x) and of its own (y).",
        ),
      ]
    : [];
  const forecastPlot = d.forecast
    ? figure(
        stakeholderForecastPlot(d.forecast.issues, s, names, colours),
        "Stakeholder forecasts per issue. Discs: each stakeholder's ideal point, sized by capability, coloured by the party it ratifies for; black tick q: the status quo; green band: the two-level zone (what every constituency would ratify instead of the status quo); open symbols: the models' forecasts.",
      )
    : "";
  const toc = [
    ["verdict", "Verdict"],
    ["variants", "Variants side by side"],
    ["space", "Utility space"],
    ["parties", "Parties and delegations"],
    ["issues", "Issues"],
    ["redlines", "Red lines"],
    ["deadlock", "Deadlock diagnosis"],
    ...(d.history ? [["history", "History of the rounds"]] : []),
    ...(d.forecast ? [["forecast", "Stakeholder forecasts"]] : []),
    ...(s.claims?.length ? [["claims", "Claims ledger"]] : []),
    ["assumptions", "Assumptions"],
    ["sources", "Sources"],
  ];
  const body = [
    `<header><h1>${esc(s.meta.title)}</h1><p class="meta">${esc(s.meta.summary ?? "")}${s.meta.asOf ? ` As of ${esc(s.meta.asOf)}.` : ""}</p></header>`,
    `<section id="verdict">${verdictBlock(base)}${countsTable(base, d)}<ul class="tight">${d.analyses
      .slice(1)
      .map((a) => `<li><b>${esc(a.scenario.variant)}</b>: ${esc(a.verdict)}</li>`)
      .join("")}</ul></section>`,
    `<nav class="muted">${toc.map(([id, t]) => `<a href="#${id}">${esc(t)}</a>`).join(" · ")}</nav>`,
    section("variants", "Variants side by side", variantsTable(d, names)),
    section("space", "Utility space", spacePlot),
    section("parties", "Parties and delegations", partiesSection(s)),
    section("issues", "Issues and options", issuesSection(s)),
    section("redlines", "Red lines", redLinesSection(s)),
    section("deadlock", "Deadlock diagnosis (red lines as stated)", deadlockSection(base, names)),
    d.history
      ? section("history", "History of the rounds", historySection(s, d.history, names, historyPlots))
      : "",
    d.forecast
      ? section(
          "forecast",
          "Stakeholder forecasts and two-level zones",
          forecastSection(s, base, d.forecast, names, forecastPlot),
        )
      : "",
    s.claims?.length ? section("claims", "Claims ledger", claimsSection(s)) : "",
    section("assumptions", "Assumptions", assumptionsSection(base)),
    section("sources", "Sources", sourcesSection(s)),
    `<footer class="muted"><p>Generated by Zopa${options.generated ? ` on ${esc(options.generated)}` : ""} from scenario “${esc(s.meta.id)}”. Every number above is computed from the scenario file; nothing is written by hand.</p></footer>`,
  ];
  // The plots' labels (party and issue names) come from Observable Plot, which escapes markup only: control
  // and bidi characters are made visible here, in the whole page (escapeText leaves what esc did alone).
  return escapeText(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(s.meta.title)} — Zopa report</title><style>${CSS}</style></head>
<body>
${body.join("\n")}
</body></html>
`);
}
