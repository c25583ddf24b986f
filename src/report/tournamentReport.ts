/**
 * Renderings of tournament results: the ranking as text or Markdown, and GENIUS's tournament log (CSV with
 * `sep=;`). Pure functions of the results JSON.
 */
import type { NegotiationJson, TournamentResultsJson } from "../tournament/results.ts";
import { escapeRendering } from "./escape.ts";
import { heading, type Style, table } from "./textTable.ts";

const fixed = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits);
const percent = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)} %`);
const pValue = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

/** The ranking, per-agent statistics and pairwise comparisons. */
export function renderTournament(results: TournamentResultsJson, style: Style = "text"): string {
  const t = results.tournament;
  const md = style === "markdown";
  const lines: string[] = [];
  lines.push(md ? `# Tournament ${t.name}` : `Tournament "${t.name}"`);
  lines.push("");
  lines.push(
    `${t.completed} of ${t.negotiations} negotiations finished${t.completed < t.negotiations ? " (run the tournament again to finish it)" : ""}; ${t.agreements} agreements (${percent(t.completed ? t.agreements / t.completed : Number.NaN)}), ${t.failures} failures.`,
  );
  lines.push(
    `${t.scenarios.length} scenario${t.scenarios.length === 1 ? "" : "s"}, ${t.agents.length} agents, ${t.protocol}${t.rounds !== null ? `, ${t.rounds} rounds` : ""}${t.timeMs !== null ? `, ${t.timeMs} ms` : ""}, ${t.repetitions} repetition${t.repetitions === 1 ? "" : "s"}${t.selfPlay ? ", self-play" : ""}, seed ${t.seed}.`,
  );
  lines.push(
    `Ranked by mean ${t.scoring} (${t.lowerIsBetter ? "lower" : "higher"} is better), with 95 % bootstrap intervals over each agent's negotiations.`,
  );
  lines.push("");
  lines.push(heading(style, "Ranking"));
  if (md) lines.push("");
  lines.push(
    ...table(
      style,
      [
        "rank",
        "agent",
        `mean ${t.scoring}`,
        "95 % CI",
        "utility",
        "advantage",
        "agreements",
        "rounds",
        "failures",
        "seats",
      ],
      results.agents.map((a) => [
        String(a.rank),
        a.agent,
        fixed(a.meanScore),
        a.ci95 ? `[${fixed(a.ci95[0])}, ${fixed(a.ci95[1])}]` : "–",
        fixed(a.meanUtility),
        fixed(a.meanAdvantage),
        percent(a.agreementRate),
        fixed(a.meanRounds, 1),
        String(a.failures),
        String(a.negotiations),
      ]),
    ),
  );
  if (results.comparisons.length) {
    lines.push("");
    lines.push(heading(style, "Pairwise comparisons"));
    if (md) lines.push("");
    lines.push(
      "Wilcoxon signed-rank tests of each pair's mean scores, paired by scenario, role and repetition; p-values two-sided, Holm-corrected over all pairs.",
    );
    if (md) lines.push("");
    lines.push(
      ...table(
        style,
        ["agents", "mean difference", "pairs", "test", "p", "Holm p", "verdict"],
        results.comparisons.map((c) => [
          `${c.a} vs ${c.b}`,
          `${c.meanDifference >= 0 ? "+" : ""}${fixed(c.meanDifference)}`,
          String(c.pairs),
          c.method,
          pValue(c.p),
          pValue(c.pHolm),
          c.better ? `${c.better} better` : "no significant difference",
        ]),
      ),
    );
  }
  // Names are user text: control and bidi characters escaped, and HTML too in Markdown (src/report/escape.ts).
  return escapeRendering(`${lines.join("\n")}\n`, style);
}

/** A CSV field for a `;`-separated file: quoted when it holds the separator, a quote or a line break. */
function field(x: string | number | null): string {
  if (x === null) return "";
  const s = String(x);
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * GENIUS's tournament log: `sep=;`, a header, one row per negotiation. Columns in GENIUS's order: run time,
 * round, exception, deadline, agreement, discounted, #agreeing, min/max utility, distances to Pareto and Nash,
 * social welfare, then per party i = 1..n blocks of Agent i, Utility i, Disc. Util. i, Perceived. Util. i,
 * User Bothers i, User Util. i, Profile i. Tournaments do not discount, so the discounted, perceived and user
 * utilities equal the utility and User Bothers is 0.
 */
export function renderGeniusLog(results: TournamentResultsJson): string {
  const rows = results.negotiations ?? [];
  const n = Math.max(2, ...rows.map((r) => Object.keys(r.agents).length));
  return `${geniusLogHeader(n)}${rows.map((r) => geniusLogLine(results.tournament, n, r)).join("")}`;
}

/** The log's first two lines, for tables of up to `n` parties (at least 2). */
export function geniusLogHeader(n: number): string {
  n = Math.max(2, n);
  const blocks = [
    "Agent",
    "Utility",
    "Disc. Util.",
    "Perceived. Util.",
    "User Bothers",
    "User Util.",
    "Profile",
  ];
  const header = [
    "Run time (s)",
    "Round",
    "Exception",
    "deadline",
    "Agreement",
    "Discounted",
    "#agreeing",
    "min.util.",
    "max.util.",
    "Dist. to Pareto",
    "Dist. to Nash",
    "Social Welfare",
    ...blocks.flatMap((b) => Array.from({ length: n }, (_, i) => `${b} ${i + 1}`)),
  ];
  return `sep=;\n${header.map(field).join(";")}\n`;
}

/** One negotiation's line of the log (with its line break), for tables of up to `n` parties. */
export function geniusLogLine(
  t: Pick<TournamentResultsJson["tournament"], "rounds" | "timeMs">,
  n: number,
  r: NegotiationJson,
): string {
  n = Math.max(2, n);
  const deadline = t.rounds !== null ? `${t.rounds} rounds` : `${(t.timeMs ?? 0) / 1000}s`;
  const parties = Object.keys(r.agents);
  const us = parties.map((p) => r.utilities[p]);
  const per = (value: (party: string) => string | number) =>
    Array.from({ length: n }, (_, i) => (i < parties.length ? value(parties[i]) : null));
  return `${[
    r.timeMs / 1000,
    r.rounds,
    r.error ? `${r.error.agent ?? "mediator"} (${r.status}): ${r.error.message}` : "",
    deadline,
    r.status === "agreement" ? "Yes" : "No",
    "No",
    r.status === "agreement" ? parties.length : 0,
    Math.min(...us),
    Math.max(...us),
    r.paretoDistance,
    r.nashDistance,
    r.welfare,
    ...per((p) => r.agents[p]),
    ...per((p) => r.utilities[p]),
    ...per((p) => r.utilities[p]),
    ...per((p) => r.utilities[p]),
    ...per(() => 0),
    ...per((p) => r.utilities[p]),
    ...per((p) => p),
  ]
    .map(field)
    .join(";")}\n`;
}
