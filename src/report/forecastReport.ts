/**
 * Text renderings of forecasts: a compact chart per issue (actors, forecasts, agreement zone on one axis), Monte
 * Carlo distributions as a histogram row, and backtest tables. Pure functions returning strings.
 */
import type { BdmResult } from "../forecast/bdmModel.ts";
import type { HonestBacktest } from "../forecast/honestBacktest.ts";
import type { ModelName } from "../forecast/models.ts";
import type { MonteCarloSummary } from "../forecast/monteCarlo.ts";
import type { IssueForecast } from "../forecast/scenarioForecast.ts";
import { SCENARIO_SELECTION } from "../forecast/scenarioSelection.ts";
import type { SpatialWinSets } from "../forecast/spatialWinSet.ts";
import { fixed, intervals, onScale, percent } from "../util/format.ts";
import { escapeText } from "./escape.ts";

const WIDTH = 51;
const LABEL = 16;
const BLOCKS = " ▁▂▃▄▅▆▇█";

function column(x: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  return Math.max(0, Math.min(WIDTH - 1, Math.round(((x - min) / (max - min)) * (WIDTH - 1))));
}

/** One row: `marker` at each x on the issue's axis. */
function axisRow(points: { x: number; mark: string }[], min: number, max: number, fill = " "): string {
  const row = Array.from({ length: WIDTH }, () => fill);
  const used = new Set<number>();
  for (const p of points) {
    if (!Number.isFinite(p.x)) continue;
    const c = column(p.x, min, max);
    // Several actors in one column show as "+"; the key lists their positions.
    row[c] = used.has(c) ? "+" : p.mark;
    used.add(c);
  }
  return row.join("");
}

/** The chart of one issue: actors (letters), the status quo (q), the zone (=), and one row per model. */
export function renderIssueForecast(f: IssueForecast, models: readonly ModelName[]): string {
  const { min, max } = f.scale;
  const lines: string[] = [];
  lines.push(
    `${f.issue}: scale ${onScale(min)} … ${onScale(max)}${f.statusQuo !== undefined ? `, status quo ${onScale(f.statusQuo)}` : ""}`,
  );
  const letters = f.actors.map((a, k) => ({
    ...a,
    mark: String.fromCharCode(k < 26 ? 97 + k : 65 + ((k - 26) % 26)),
  }));
  lines.push(
    `  ${"actors".padEnd(LABEL)}|${axisRow(
      letters.map((a) => ({ x: a.position, mark: a.mark })),
      min,
      max,
      "·",
    )}|`,
  );
  if (f.statusQuo !== undefined)
    lines.push(`  ${"status quo".padEnd(LABEL)}|${axisRow([{ x: f.statusQuo, mark: "q" }], min, max)}|`);
  if (f.zone) {
    const row = Array.from({ length: WIDTH }, () => " ");
    for (const i of f.zone.zone) {
      const lo = column(Math.max(i.lo, min), min, max);
      const hi = column(Math.min(i.hi, max), min, max);
      for (let c = lo; c <= hi; c++) row[c] = "=";
    }
    lines.push(`  ${"zone".padEnd(LABEL)}|${row.join("")}| ${intervals(f.zone.zone)}`);
  }
  if (f.selected) {
    const s = f.selected;
    lines.push(
      `  ${"selected".padEnd(LABEL)}|${axisRow([{ x: s.forecast, mark: "◆" }], min, max)}| ${onScale(s.forecast)} (${s.model})`,
    );
    const band = (i: [number, number], mark: string) => {
      const row = Array.from({ length: WIDTH }, () => " ");
      for (let c = column(i[0], min, max); c <= column(i[1], min, max); c++) row[c] = mark;
      return row.join("");
    };
    lines.push(
      `  ${"80 % interval".padEnd(LABEL)}|${band(s.interval80, "─")}| ${onScale(s.interval80[0])} … ${onScale(s.interval80[1])}`,
    );
    lines.push(
      `  ${"50 % interval".padEnd(LABEL)}|${band(s.interval50, "━")}| ${onScale(s.interval50[0])} … ${onScale(s.interval50[1])}`,
    );
    lines.push(
      `  expected error ±${onScale(s.expectedError)} on this scale (the actors stand ${fixed(s.spread, 0)} % of the scale apart, weighted SD): ${s.model} was selected by grouped cross-validation on ${SCENARIO_SELECTION.basis.issues} EU decisions (DEU III), and its errors there relative to the actors' spread set the error and the intervals; a rough guide outside EU legislation`,
    );
  }
  for (const m of models) {
    const x = f.forecasts[m];
    const option = f.nearestOption ? ` (${f.nearestOption[m]})` : "";
    lines.push(`  ${m.padEnd(LABEL)}|${axisRow([{ x, mark: "◆" }], min, max)}| ${onScale(x)}${option}`);
  }
  if (f.nash !== undefined)
    lines.push(
      `  ${"nash".padEnd(LABEL)}|${axisRow([{ x: f.nash, mark: "◆" }], min, max)}| ${onScale(f.nash)}`,
    );
  else if (f.statusQuo !== undefined && f.zone)
    lines.push(
      `  ${"nash".padEnd(LABEL)}|${" ".repeat(WIDTH)}| none: no point in the zone gains every party`,
    );
  lines.push(
    letters.length === 0
      ? "  no actor takes a position on this issue: no model can forecast it (–)"
      : `  key: ${letters.map((a) => `${a.mark} ${a.name} (c ${onScale(a.capability)}, s ${onScale(a.salience)}, x ${onScale(a.position)})`).join("; ")}`,
  );
  if (models.some((m) => m.startsWith("bdm"))) {
    const medians = [f.bdm.initial.median, ...f.bdm.rounds.map((r) => r.median)];
    const moves = f.bdm.rounds.reduce((s, r) => s + r.moves.length, 0);
    lines.push(`  BDM rounds (median): ${medians.map(onScale).join(" → ")}  (${moves} moves)`);
  }
  if (f.zone) {
    for (const p of f.zone.parties) lines.push(`  win-set of ${p.party}: ${intervals(p.winSet)}`);
    if (f.zone.diagnosis) {
      lines.push("  no ratifiable agreement: the two-level zone is empty.");
      for (const d of f.zone.diagnosis)
        for (const b of d.blockers)
          lines.push(
            `    a move ${d.direction} is blocked by ${b.party}: ${b.reason} (by ${onScale(b.by)} ${b.unit === "weight" ? "weight" : "on the scale"})`,
          );
    }
  }
  return escapeText(`${lines.join("\n")}\n`);
}

/** The selected model's forecast in one line: value, expected error, 50 % and 80 % intervals ("–" without one). */
export function selectedForecastText(f: IssueForecast): string {
  const s = f.selected;
  if (!s) return "–";
  return `${onScale(s.forecast)} (${s.model}), expected error ±${onScale(s.expectedError)}; 50 %: ${onScale(s.interval50[0])} … ${onScale(s.interval50[1])}; 80 %: ${onScale(s.interval80[0])} … ${onScale(s.interval80[1])}`;
}

/** The distribution of a Monte Carlo forecast and the inputs that move it most. */
export function renderMonteCarlo(s: MonteCarloSummary, top = 5): string {
  const peak = Math.max(...s.histogram.counts, 1);
  const bars = s.histogram.counts.map((c) => BLOCKS[Math.round((c / peak) * (BLOCKS.length - 1))]).join("");
  const q = s.quantiles;
  const lines = [
    `  Monte Carlo (${s.model}, ${s.samples} samples): mean ${onScale(s.mean)}, sd ${onScale(s.sd)}, nominal ${onScale(s.nominal)}`,
    `    ${onScale(s.histogram.lo)} ${bars} ${onScale(s.histogram.hi)}`,
    `    5% ${onScale(q.p5)} · 25% ${onScale(q.p25)} · median ${onScale(q.p50)} · 75% ${onScale(q.p75)} · 95% ${onScale(q.p95)}`,
  ];
  if (s.zone)
    lines.push(
      `    two-level zone open in ${percent(s.zone.probabilityOpen, 1)} % of samples (mean width when open ${onScale(s.zone.meanWidth)})`,
    );
  const moving = s.sensitivity.filter((x) => Math.abs(x.correlation) > 1e-9).slice(0, top);
  if (moving.length > 0) {
    lines.push("    inputs that move it most (correlation; forecast change per sd of the input):");
    for (const x of moving)
      lines.push(
        `      ${x.input.padEnd(32)} ${x.correlation >= 0 ? "+" : ""}${fixed(x.correlation, 2)}  ${x.swing >= 0 ? "+" : ""}${onScale(x.swing)}`,
      );
  }
  return escapeText(`${lines.join("\n")}\n`);
}

const intervalRule = (r: { p50: number; p80: number }) =>
  `± ${fixed(r.p50, 3)} (50 %) or ${fixed(r.p80, 3)} (80 %) × (spread of the positions + 5)`;
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : "–");
const pm = (mae: number, se: number) => `${fixed(mae, 2)}${Number.isFinite(se) ? ` ± ${fixed(se, 2)}` : ""}`;

/**
 * The honest backtest: what the protocol did, which model it selected and why, its error and intervals, then every
 * model's scored MAE beside its cross-validated MAE ± SE.
 */
export function renderHonestBacktest(r: HonestBacktest & { file: string; train?: string }): string {
  const s = r.selected;
  const cv = `${r.folds}-fold cross-validation grouped by proposal, repeated with ${r.seeds.length} seed(s)`;
  const lines =
    r.mode === "train-test"
      ? [
          `Protocol: every parameter and the choice of model made on TRAIN (${r.train}) by ${cv}; scored on TEST (${r.file}), whose outcomes nothing saw before scoring.`,
          `Selected: ${s.name}: ${s.why}.`,
          `  TEST MAE ${pm(s.mae, s.maeSe)}; cross-validated MAE on TRAIN ${pm(s.cvMae, s.cvSe)}.`,
          `  Intervals from its cross-validated errors on TRAIN, ${intervalRule(s.interval.ratio)}: on TEST on average 50 % ±${fixed(s.interval.meanHalfWidth.p50, 1)}, 80 % ±${fixed(s.interval.meanHalfWidth.p80, 1)}; coverage on TEST ${pct(s.coverage.p50)} and ${pct(s.coverage.p80)}.`,
        ]
      : [
          `Protocol: no --train file, so everything is cross-validated within ${r.file} (${cv}); the MAE column is each model's grouped cross-validated MAE.`,
          `Selected on the whole file: ${s.name}: ${s.why}.`,
          `  The protocol's own error (selection redone inside each outer fold, nested cross-validation): MAE ${pm(s.mae, s.maeSe)}; picked ${Object.entries(
            s.picks ?? {},
          )
            .map(([name, n]) => `${name} ×${n}`)
            .join(", ")}.`,
          `  Intervals ${intervalRule(s.interval.ratio)}: on the outer folds on average 50 % ±${fixed(s.interval.meanHalfWidth.p50, 1)}, 80 % ±${fixed(s.interval.meanHalfWidth.p80, 1)}; coverage ${pct(s.coverage.p50)} and ${pct(s.coverage.p80)}.`,
        ];
  const nameWidth = Math.max(20, ...r.models.map((m) => m.name.length + 2));
  lines.push(
    "",
    `${"model".padEnd(nameWidth)} ${"issues".padStart(6)} ${(r.mode === "train-test" ? "TEST MAE" : "CV MAE").padStart(9)}  ${"CV MAE ± SE (TRAIN)".padStart(20)}`,
  );
  for (const m of r.models)
    lines.push(
      `${(m.name === s.name ? `${m.name} *` : m.eligible ? m.name : `${m.name} †`).padEnd(nameWidth)} ${String(m.issues).padStart(6)} ${fixed(m.mae, 2).padStart(9)}  ${pm(m.cvMae, m.cvSe).padStart(20)}`,
    );
  lines.push(
    "",
    "* selected; † not selectable (forecasts only some issues, or designed on deu3-train.tsv). MAE on the 0–100 scale.",
    "",
  );
  for (const m of r.models) lines.push(`${m.name}: ${m.description}`);
  return escapeText(`${lines.join("\n")}\n`);
}

/** The two-level zone over the outcome space (all issues with a status quo at once). */
export function renderSpatialWinSets(w: SpatialWinSets, show = 5): string {
  const fmtOutcome = (o: Record<string, string | number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
  const lines = [
    `Outcome space (${w.issues.join(" × ")}: ${w.outcomes} outcomes; status quo ${fmtOutcome(w.statusQuo)}):`,
    ...w.parties.map((p) => `  win-set of ${p.party}: ${p.winSet} outcome(s)`),
    `  two-level zone: ${w.zoneSize} outcome(s)`,
    ...w.zone.slice(0, show).map((o) => `    ${fmtOutcome(o)}`),
  ];
  if (w.zoneSize > show) lines.push(`    … and ${w.zoneSize - show} more`);
  if (w.blocking)
    for (const b of w.blocking)
      lines.push(`  without ${b.party}'s constituency the others would ratify ${b.withoutIt} outcome(s)`);
  return escapeText(`${lines.join("\n")}\n`);
}

/** Bueno de Mesquita's model round by round: the median and mean, the offers made, and every accepted move. */
export function renderBdmRounds(result: BdmResult): string {
  const lines = [
    `  BDM round by round (round 0: median ${onScale(result.initial.median)}, mean ${onScale(result.initial.mean)}):`,
  ];
  for (const r of result.rounds) {
    const offers = r.offers ? `, ${r.offers.length} offers` : "";
    lines.push(
      `    round ${r.round}: median ${onScale(r.median)}, mean ${onScale(r.mean)}${offers}, ${r.moves.length} moves`,
    );
    for (const m of r.moves)
      lines.push(
        `      ${m.actor} ${m.kind === "confrontation" ? "loses a confrontation to" : m.kind === "compromise" ? "compromises with" : "capitulates to"} ${m.towards}: ${onScale(m.from)} → ${onScale(m.to)}  (E ${fixed(m.utilities[0], 4)} vs ${fixed(m.utilities[1], 4)})`,
      );
  }
  return escapeText(`${lines.join("\n")}\n`);
}
