/**
 * The tournament report with plots: one self-contained HTML page (inline CSS and SVG, no script, no network)
 * and its Markdown twin (text charts instead of plots). The ranking with 95 % intervals, the pairwise
 * comparisons, each agent's score distribution, agreement rates, and the outcomes of one bilateral scenario on
 * its utility plane. Every agent keeps one colour in every plot (palette.ts). Pure: returns strings.
 */
import * as Plot from "@observablehq/plot";
import type { PlaneOutcome, TournamentPlotData } from "../tournament/plotData.ts";
import type { TournamentResultsJson } from "../tournament/results.ts";
import { escapeMarkdown } from "./escape.ts";
import type { UtilitySpace } from "./html/data.ts";
import { render } from "./html/plots.ts";
import { CSS, esc } from "./html/report.ts";
import { agentColours } from "./palette.ts";
import { table } from "./textTable.ts";
import { renderTournament } from "./tournamentReport.ts";

export interface TournamentReportData {
  results: TournamentResultsJson;
  plots: TournamentPlotData;
  /** The plotted scenario's outcome cloud and frontier (null when it is too large to enumerate). */
  space: UtilitySpace | null;
  /** When the page was made (ISO), shown in the footer. */
  generated?: string;
}

const fixed = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits);
const percent = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)} %`);
const pValue = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

function colourScale(agents: readonly string[]) {
  const colours = agentColours(agents);
  return { domain: [...agents], range: agents.map((a) => colours[a]) };
}

/**
 * Mean score and its 95 % bootstrap interval per agent, in ranking order (the workbench draws it too, `width`
 * wide). Each mark says its numbers on hover.
 */
export function rankingPlot(r: TournamentResultsJson, width = 640): string {
  const t = r.tournament;
  const rows = r.agents.filter((a) => a.meanScore !== null && a.ci95 !== null);
  const title = (a: (typeof rows)[number]) =>
    `${a.agent}: mean ${fixed(a.meanScore)}, 95 % interval [${fixed(a.ci95?.[0])}, ${fixed(a.ci95?.[1])}]`;
  return render({
    width,
    height: 40 + 28 * Math.max(1, rows.length),
    marginLeft: Math.min(120, Math.round(width / 4)),
    x: { label: `mean ${t.scoring} (${t.lowerIsBetter ? "lower" : "higher"} is better) →`, grid: true },
    y: { label: null, domain: rows.map((a) => a.agent) },
    color: colourScale(t.agents),
    marks: [
      Plot.ruleY(rows, {
        y: "agent",
        x1: (a) => a.ci95[0],
        x2: (a) => a.ci95[1],
        stroke: "agent",
        strokeWidth: 3,
        title,
        className: "ranking-interval",
      }),
      Plot.dot(rows, {
        y: "agent",
        x: "meanScore",
        fill: "agent",
        r: 5,
        stroke: "white",
        title,
        className: "ranking-mean",
      }),
    ],
  });
}

/** Each agent's score distribution: a histogram over shared bins (share of its scores), one row per agent. */
export function distributionPlot(d: TournamentPlotData, agents: readonly string[]): string {
  const bars = d.distributions.flatMap((x) => x.bins.map((b) => ({ ...b, agent: x.agent })));
  return render({
    width: 640,
    height: 30 + 70 * Math.max(1, d.distributions.length),
    marginLeft: 40,
    marginRight: 120,
    x: { label: `${d.scoring} →` },
    y: { label: "share", percent: true, ticks: 2 },
    fy: { label: null, domain: d.distributions.map((x) => x.agent) },
    color: colourScale(agents),
    marks: [
      Plot.rectY(bars, { x1: "x0", x2: "x1", y: "share", fy: "agent", fill: "agent", insetLeft: 0.5 }),
      Plot.ruleY([0]),
    ],
  });
}

/** The share of each agent's negotiations that ended in agreement. */
export function agreementPlot(r: TournamentResultsJson): string {
  return render({
    width: 640,
    height: 40 + 28 * Math.max(1, r.agents.length),
    marginLeft: 120,
    x: { label: "agreement rate (%) →", domain: [0, 100], percent: true, grid: true },
    y: { label: null, domain: r.agents.map((a) => a.agent) },
    color: colourScale(r.tournament.agents),
    marks: [
      Plot.barX(
        r.agents.filter((a) => !Number.isNaN(a.agreementRate)),
        { y: "agent", x: "agreementRate", fill: "agent" },
      ),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * One scenario's outcomes on its utility plane: the outcome cloud, the Pareto frontier and the reservation
 * values, then where the tournament's negotiations ended: each dot filled with the colour of the agent in the x
 * role and ringed with the y role's, its area proportional to the negotiations that ended there.
 */
export function planePlot(
  d: TournamentPlotData,
  space: UtilitySpace | null,
  agents: readonly string[],
): string {
  const plane = d.plane;
  if (!plane) return "";
  const colours = agentColours(agents);
  const [ax, ay] = plane.axes;
  const marks: unknown[] = [];
  if (space) {
    marks.push(
      Plot.dot(space.cloud, { x: "x", y: "y", r: 1.2, fill: "#c8c8c8" }),
      Plot.ruleX([space.reservation.x], { stroke: "#888", strokeDasharray: "4,3" }),
      Plot.ruleY([space.reservation.y], { stroke: "#888", strokeDasharray: "4,3" }),
      Plot.line(space.frontier, { x: "x", y: "y", stroke: "black", strokeWidth: 1.2, curve: "step-before" }),
    );
  }
  marks.push(
    Plot.dot(plane.outcomes, {
      x: "x",
      y: "y",
      r: "count",
      fill: (o: PlaneOutcome) => colours[o.agentX],
      stroke: (o: PlaneOutcome) => colours[o.agentY],
      strokeWidth: 2,
      fillOpacity: 0.75,
      symbol: (o: PlaneOutcome) => (o.agreement ? "circle" : "times"),
      title: (o: PlaneOutcome) => `${o.agentX} (${ax}) vs ${o.agentY} (${ay}): ${o.count}`,
    }),
  );
  return render({
    width: 560,
    height: 460,
    x: { label: `${ax}'s utility →`, domain: [0, 1] },
    y: { label: `↑ ${ay}'s utility`, domain: [0, 1] },
    r: { range: [2.5, 11] },
    color: { type: "identity" },
    symbol: { type: "identity" },
    marks,
  });
}

function legend(agents: readonly string[]): string {
  const colours = agentColours(agents);
  return `<p class="legend">${agents
    .map((a) => `<span class="swatch" style="background:${colours[a]}"></span>${esc(a)}`)
    .join(" &nbsp; ")}</p>`;
}

const EXTRA_CSS = `
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.legend { margin: 4px 0 8px; }
`;

export function renderTournamentHtml(data: TournamentReportData): string {
  const r = data.results;
  const t = r.tournament;
  const colours = agentColours(t.agents);
  const swatch = (a: string) => `<span class="swatch" style="background:${colours[a] ?? "#888"}"></span>`;
  const ranking = r.agents
    .map(
      (a) =>
        `<tr><td class="num">${a.rank}</td><td>${swatch(a.agent)}${esc(a.agent)}</td><td class="num">${fixed(a.meanScore)}</td><td class="num">${a.ci95 ? `[${fixed(a.ci95[0])}, ${fixed(a.ci95[1])}]` : "–"}</td><td class="num">${fixed(a.meanUtility)}</td><td class="num">${fixed(a.meanAdvantage)}</td><td class="num">${percent(a.agreementRate)}</td><td class="num">${fixed(a.meanRounds, 1)}</td><td class="num">${a.failures}</td><td class="num">${a.negotiations}</td></tr>`,
    )
    .join("\n");
  const comparisons = r.comparisons
    .map(
      (c) =>
        `<tr><td>${esc(c.a)} vs ${esc(c.b)}</td><td class="num">${c.meanDifference >= 0 ? "+" : ""}${fixed(c.meanDifference)}</td><td class="num">${c.pairs}</td><td>${c.method}</td><td class="num">${pValue(c.p)}</td><td class="num">${pValue(c.pHolm)}</td><td>${c.better ? `<b>${esc(c.better)} better</b>` : "no significant difference"}</td></tr>`,
    )
    .join("\n");
  const plane = data.plots.plane;
  const quantiles = data.plots.distributions
    .map(
      (d) =>
        `<tr><td>${swatch(d.agent)}${esc(d.agent)}</td><td class="num">${d.n}</td>${(d.quantiles ?? [null, null, null, null, null]).map((q) => `<td class="num">${fixed(q)}</td>`).join("")}<td class="num">${fixed(d.mean)}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.name)} — Zopa tournament</title><style>${CSS}${EXTRA_CSS}</style></head>
<body>
<h1>Tournament ${esc(t.name)}</h1>
<p class="meta">${t.completed} of ${t.negotiations} negotiations finished${t.completed < t.negotiations ? " (run the tournament again to finish it)" : ""}; ${t.agreements} agreements (${percent(t.completed ? t.agreements / t.completed : Number.NaN)}), ${t.failures} failures. ${t.scenarios.length} scenario${t.scenarios.length === 1 ? "" : "s"} (${t.scenarios.map((s) => esc(s.label)).join(", ")}), ${t.agents.length} agents, ${esc(t.protocol)}${t.rounds !== null ? `, ${t.rounds} rounds` : ""}${t.timeMs !== null ? `, ${t.timeMs} ms` : ""}, ${t.repetitions} repetition${t.repetitions === 1 ? "" : "s"}${t.selfPlay ? ", self-play" : ""}, seed ${t.seed}.</p>
<h2>Ranking</h2>
<p>Ranked by mean ${esc(t.scoring)} (${t.lowerIsBetter ? "lower" : "higher"} is better), with 95 % bootstrap intervals over each agent's negotiations.</p>
<table><thead><tr><th>rank</th><th>agent</th><th>mean ${esc(t.scoring)}</th><th>95 % CI</th><th>utility</th><th>advantage</th><th>agreements</th><th>rounds</th><th>failures</th><th>seats</th></tr></thead>
<tbody>
${ranking}
</tbody></table>
<figure class="plot-ranking">${rankingPlot(r)}<figcaption>Mean ${esc(t.scoring)} per agent (dot) and its 95 % bootstrap interval (bar).</figcaption></figure>
<h2>Pairwise comparisons</h2>
<p>Wilcoxon signed-rank tests of each pair's mean scores, paired by scenario, role and repetition; p-values two-sided, Holm-corrected over all pairs.</p>
${
  r.comparisons.length
    ? `<table><thead><tr><th>agents</th><th>mean difference</th><th>pairs</th><th>test</th><th>p</th><th>Holm p</th><th>verdict</th></tr></thead>
<tbody>
${comparisons}
</tbody></table>`
    : '<p class="muted">No pair of agents met in the same slots.</p>'
}
<h2>Score distributions</h2>
${legend(t.agents)}
<figure class="plot-distribution">${distributionPlot(data.plots, t.agents)}<figcaption>Share of each agent's scores (${esc(data.plots.scoring)}) in each of 20 bins shared by all agents.</figcaption></figure>
<table><thead><tr><th>agent</th><th>scores</th><th>5 %</th><th>25 %</th><th>median</th><th>75 %</th><th>95 %</th><th>mean</th></tr></thead>
<tbody>
${quantiles}
</tbody></table>
<h2>Agreement rate</h2>
<figure class="plot-agreement">${agreementPlot(r)}<figcaption>Share of each agent's negotiations that ended in agreement.</figcaption></figure>
${
  plane
    ? `<h2>Outcomes on the utility plane of ${esc(plane.scenario)}</h2>
${legend(t.agents)}
<figure class="plot-plane">${planePlot(data.plots, data.space, t.agents)}<figcaption>Where the negotiations on ${esc(plane.scenario)} ended: filled with the colour of the agent playing ${esc(plane.axes[0])} (x), ringed with the colour of the agent playing ${esc(plane.axes[1])} (y); × marks no agreement; area grows with the number of negotiations. ${data.space ? "Grey: every outcome; black: the Pareto frontier; dashed: reservation values." : "The outcome space is too large to draw."}</figcaption></figure>`
    : ""
}
<p class="meta">Made by Zopa${data.generated ? ` on ${esc(data.generated)}` : ""}; tournament ${esc(t.hash)}.</p>
</body></html>
`;
}

const SPARK = "▁▂▃▄▅▆▇█";

/**
 * The Markdown report: the text ranking and comparisons, then text charts of the same plots. The whole
 * document is escaped (HTML special characters, terminal-unsafe characters; table cells' pipes by `table`).
 */
export function renderTournamentMarkdown(data: TournamentReportData): string {
  const r = data.results;
  const d0 = data.plots.distributions[0];
  const lines = [
    renderTournament(r, "markdown").trimEnd(),
    "",
    "## Score distributions",
    "",
    `Histogram of each agent's ${data.plots.scoring} over 20 bins shared by all agents (from ${fixed(d0?.bins[0]?.x0)} to ${fixed(d0?.bins.at(-1)?.x1)}), and its percentiles.`,
    "",
    ...table(
      "markdown",
      ["agent", "histogram", "scores", "5 %", "25 %", "median", "75 %", "95 %", "mean"],
      data.plots.distributions.map((d) => {
        const top = Math.max(...d.bins.map((b) => b.share), 0);
        const spark = d.bins
          .map((b) => (b.count === 0 ? " " : SPARK[Math.min(7, Math.floor((b.share / (top || 1)) * 7.999))]))
          .join("");
        return [
          d.agent,
          `\`${spark}\``,
          String(d.n),
          ...(d.quantiles ?? [null, null, null, null, null]).map((q) => fixed(q)),
          fixed(d.mean),
        ];
      }),
    ),
    "",
    "## Agreement rate",
    "",
    ...table(
      "markdown",
      ["agent", "agreement rate", "bar"],
      r.agents.map((a) => [
        a.agent,
        percent(a.agreementRate),
        `\`${"█".repeat(Number.isNaN(a.agreementRate) ? 0 : Math.round(a.agreementRate * 30))}\``,
      ]),
    ),
  ];
  const plane = data.plots.plane;
  if (plane) {
    const [ax, ay] = plane.axes;
    lines.push(
      "",
      `## Outcomes on the utility plane of ${plane.scenario}`,
      "",
      `The most frequent final utilities (${ax}, ${ay}) by pairing of agents (${plane.outcomes.length} distinct in all).`,
      "",
      ...table(
        "markdown",
        [ax, ay, `agent as ${ax}`, `agent as ${ay}`, "agreement", "negotiations"],
        plane.outcomes
          .slice(0, 20)
          .map((o) => [
            fixed(o.x),
            fixed(o.y),
            o.agentX,
            o.agentY,
            o.agreement ? "yes" : "no",
            String(o.count),
          ]),
      ),
    );
  }
  return escapeMarkdown(`${lines.join("\n")}\n`);
}
