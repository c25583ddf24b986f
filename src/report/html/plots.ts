/**
 * Plots as inline SVG strings: Observable Plot rendered into a linkedom document, so the report needs no
 * script and no network. Each function returns the markup of one figure.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { Analysis } from "../../analysis/analyze.ts";
import { scalePoints } from "../../forecast/forecastProblem.ts";
import type { IssueForecast } from "../../forecast/scenarioForecast.ts";
import type { History } from "../../history/history.ts";
import type { Scenario } from "../../scenario/schema.ts";
import { fixed } from "../../util/format.ts";
import { MOVE_COLOURS, OTHER_COLOUR, partyColours, ZONE_PALETTE } from "../palette.ts";
import type { UtilitySpace } from "./data.ts";

export function render(options: Record<string, unknown>): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const el = Plot.plot({
    document,
    style: { fontSize: "11px", background: "white" },
    ...options,
  } as Plot.PlotOptions);
  return (el as unknown as { outerHTML: string }).outerHTML;
}

/** One label per distinct point: labels of points at the same place are joined. */
function mergeLabels<T extends { x: number; y: number; label: string }>(points: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const p of points) {
    const key = `${p.x.toFixed(4)},${p.y.toFixed(4)}`;
    const seen = byKey.get(key);
    if (seen) seen.label = `${seen.label}, ${p.label}`;
    else byKey.set(key, { ...p });
  }
  return [...byKey.values()];
}

/** A box in the SVG's pixels. */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The frame of a plot and its linear scales: data → pixels. */
interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  x: [number, number];
  y: [number, number];
}

function px(f: Frame, x: number): number {
  return f.margin.left + ((x - f.x[0]) / (f.x[1] - f.x[0])) * (f.width - f.margin.left - f.margin.right);
}

function py(f: Frame, y: number): number {
  return f.margin.top + (1 - (y - f.y[0]) / (f.y[1] - f.y[0])) * (f.height - f.margin.top - f.margin.bottom);
}

/**
 * The parts of a plot's margins that hold axes: the left and bottom margins (tick labels), the y-axis label at the
 * top left and the x-axis label at the bottom right, each `yLabel`/`xLabel` characters long at 11px.
 */
function axisObstacles(f: Frame, yLabel: string, xLabel: string): Box[] {
  const w = (t: string) => t.length * 11 * 0.62 + 8;
  return [
    { x0: 0, y0: 0, x1: f.margin.left, y1: f.height },
    { x0: 0, y0: f.height - f.margin.bottom, x1: f.width, y1: f.height },
    { x0: 0, y0: 0, x1: w(yLabel), y1: f.margin.top },
    { x0: f.width - w(xLabel), y0: f.height - f.margin.bottom, x1: f.width, y1: f.height },
  ];
}

/** Where a label may go around its point: offset and text anchor, in order of preference (then farther out). */
const NEAR = [
  { dx: 8, dy: 0, anchor: "start" },
  { dx: 0, dy: -1, anchor: "middle" },
  { dx: 0, dy: 1, anchor: "middle" },
  { dx: -8, dy: 0, anchor: "end" },
  { dx: 6, dy: -1, anchor: "start" },
  { dx: 6, dy: 1, anchor: "start" },
  { dx: -6, dy: -1, anchor: "end" },
  { dx: -6, dy: 1, anchor: "end" },
] as const;
const PLACEMENTS = [1, 2.5, 4].flatMap((far) =>
  NEAR.map((p) => ({ dx: p.dx * far, dy: p.dy, anchor: p.anchor, far })),
);

function intersects(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/**
 * Text marks for labels placed so that they do not overlap each other, the obstacles (axis labels, other text)
 * or the edge of the SVG: each label takes the first placement around its point that is free (a label's width is
 * estimated from its characters, generously). Labels of points at the same place are listed one per line. A label
 * that fits nowhere keeps the first placement inside the SVG. Returns the marks, one per placement used, and the
 * boxes taken (so later labels can avoid them).
 */
function placedLabels(
  points: { x: number; y: number; label: string }[],
  frame: Frame,
  style: { fontSize: number; fontWeight?: string; fill?: string; gap?: number },
  obstacles: Box[] = [],
): { marks: unknown[]; boxes: Box[] } {
  const taken = [...obstacles];
  const boxes: Box[] = [];
  const charWidth = style.fontSize * (style.fontWeight === "bold" ? 0.68 : 0.62);
  const lineHeight = style.fontSize * 1.25;
  const gap = style.gap ?? 6;
  const groups = new Map<number, { x: number; y: number; label: string }[]>();
  for (const p of mergeLabels(points).map((q) => ({ ...q, label: q.label.split(", ").join("\n") }))) {
    const cx = px(frame, p.x);
    const cy = py(frame, p.y);
    const lines = p.label.split("\n");
    const w = Math.max(...lines.map((l) => l.length)) * charWidth;
    const h = lines.length * lineHeight;
    const candidates = PLACEMENTS.map((pl, k) => {
      const dy = pl.dy === 0 ? 0 : pl.dy * (h / 2 + gap * pl.far);
      const x0 = pl.anchor === "start" ? cx + pl.dx : pl.anchor === "end" ? cx + pl.dx - w : cx - w / 2;
      return { k, dx: pl.dx, dy, box: { x0, y0: cy + dy - h / 2, x1: x0 + w, y1: cy + dy + h / 2 } };
    });
    const inside = (b: Box) => b.x0 >= 1 && b.y0 >= 1 && b.x1 <= frame.width - 1 && b.y1 <= frame.height - 1;
    const chosen =
      candidates.find((c) => inside(c.box) && !taken.some((t) => intersects(t, c.box))) ??
      candidates.find((c) => inside(c.box)) ??
      candidates[0];
    taken.push(chosen.box);
    boxes.push(chosen.box);
    const group = groups.get(chosen.k) ?? [];
    group.push(p);
    groups.set(chosen.k, group);
  }
  const marks = [...groups.entries()].map(([k, data]) => {
    const pl = PLACEMENTS[k];
    return Plot.text(data, {
      x: "x",
      y: "y",
      text: "label",
      textAnchor: pl.anchor,
      lineAnchor: pl.dy < 0 ? "bottom" : pl.dy > 0 ? "top" : "middle",
      dx: pl.dx,
      dy: pl.dy * gap * pl.far,
      fontSize: style.fontSize,
      fontWeight: style.fontWeight,
      fill: style.fill ?? "currentColor",
    });
  });
  return { marks, boxes };
}

function nameOf(names: Record<string, string>, id: string): string {
  return names[id] ?? id;
}

/**
 * The two principals' utility space: the outcome cloud, every non-empty zone (by variant), the Pareto
 * frontier, the reservation values, the base analysis's solutions and the positions of the rounds.
 */
export function utilitySpacePlot(
  u: UtilitySpace,
  analyses: Analysis[],
  history: History | null,
  names: Record<string, string>,
  colours: Record<string, string> = partyColours(Object.keys(names)),
): string {
  const [ax, ay] = u.axes;
  const marks: unknown[] = [
    Plot.dot(u.cloud, { x: "x", y: "y", r: 1.2, fill: "#c8c8c8" }),
    Plot.ruleX([u.reservation.x], { stroke: "#888", strokeDasharray: "4,3" }),
    Plot.ruleY([u.reservation.y], { stroke: "#888", strokeDasharray: "4,3" }),
  ];
  u.zones.forEach((z, k) => {
    const label = `zone: ${z.variant ?? "base"}`;
    marks.push(
      Plot.dot(
        z.points.map((p) => ({ ...p, series: label })),
        { x: "x", y: "y", r: 2.5, fill: "series", fillOpacity: 0.8 },
      ),
    );
    void k;
  });
  marks.push(
    Plot.line(u.frontier, { x: "x", y: "y", stroke: "black", strokeWidth: 1.5, curve: "step-before" }),
  );
  marks.push(Plot.dot(u.frontier, { x: "x", y: "y", r: 2, fill: "black" }));
  const solutions: { x: number; y: number; label: string }[] = [];
  for (const a of analyses) {
    const nash = a.solutions.nash;
    if (nash)
      solutions.push({
        x: nash.utilities[ax],
        y: nash.utilities[ay],
        label: `Nash (${a.scenario.variant ?? "base"})`,
      });
  }
  const xLabel = `${nameOf(names, ax)}'s utility →`;
  const yLabel = `↑ ${nameOf(names, ay)}'s utility`;
  const frame: Frame = {
    width: 720,
    height: 520,
    margin: { top: 30, right: 140, bottom: 40, left: 50 },
    x: [0, 1],
    y: [0, 1],
  };
  const labels: unknown[] = [];
  let taken = axisObstacles(frame, yLabel, xLabel);
  const place = (
    points: { x: number; y: number; label: string }[],
    style: Parameters<typeof placedLabels>[2],
  ) => {
    const placed = placedLabels(points, frame, style, taken);
    labels.push(...placed.marks);
    taken = [...taken, ...placed.boxes];
  };
  if (solutions.length > 0) {
    marks.push(
      Plot.dot(solutions, { x: "x", y: "y", r: 6, symbol: "star", fill: "#ff7f0e", stroke: "black" }),
    );
    place(solutions, { fontSize: 11, fontWeight: "bold", gap: 9 });
  }
  if (history) {
    const pts = history.positions.map((p) => ({
      x: p.utilities[ax],
      y: p.utilities[ay],
      party: `${nameOf(names, p.party)}'s positions`,
      label: p.round,
    }));
    marks.push(
      Plot.dot(pts, {
        x: "x",
        y: "y",
        r: 4,
        symbol: "square",
        stroke: "party",
        fill: "white",
        strokeWidth: 2,
      }),
    );
    const results = history.results.filter((r) => r.utilities);
    const rp = results.map((r) => ({
      x: r.utilities![ax],
      y: r.utilities![ay],
      label: `agreed: ${r.round}`,
    }));
    if (rp.length > 0) {
      marks.push(Plot.dot(rp, { x: "x", y: "y", r: 6, symbol: "diamond", fill: "#2ca02c", stroke: "black" }));
      place(rp, { fontSize: 9, fontWeight: "bold", gap: 8 });
    }
    place(pts, { fontSize: 9, fill: "#333", gap: 6 });
  }
  marks.push(...labels);
  const zoneLabels = u.zones.map((z) => `zone: ${z.variant ?? "base"}`);
  const positionParties = history ? [...new Set(history.positions.map((p) => p.party))] : [];
  const colourDomain = [...zoneLabels, ...positionParties.map((id) => `${nameOf(names, id)}'s positions`)];
  const colourRange = [
    ...zoneLabels.map((_, k) => ZONE_PALETTE[k % ZONE_PALETTE.length]),
    ...positionParties.map((id) => colours[id] ?? OTHER_COLOUR),
  ];
  return render({
    width: frame.width,
    height: frame.height,
    marginTop: frame.margin.top,
    marginRight: frame.margin.right,
    marginBottom: frame.margin.bottom,
    marginLeft: frame.margin.left,
    grid: true,
    x: { domain: frame.x, label: xLabel },
    y: { domain: frame.y, label: yLabel },
    color: { domain: colourDomain, range: colourRange, legend: true },
    marks,
  });
}

/**
 * Each party's positions over the rounds: the utility of each position to the party itself (solid) and to
 * the other side (dashed), by date, with the rounds marked.
 */
export function positionsOverTimePlot(
  h: History,
  names: Record<string, string>,
  colours: Record<string, string> = partyColours(Object.keys(names)),
): string {
  const date = (d: string) => new Date(`${d}T00:00:00Z`);
  const rows = h.positions.map((p) => {
    const others = h.negotiators.filter((id) => id !== p.party);
    const toOther = others.reduce((s, id) => s + (p.utilities[id] ?? 0), 0) / Math.max(others.length, 1);
    return {
      date: date(p.date),
      self: p.utilities[p.party],
      other: toOther,
      party: `${nameOf(names, p.party)}'s positions`,
    };
  });
  const rounds = [
    ...new Map(h.positions.map((p) => [p.round, { date: date(p.date), round: p.round }])).values(),
  ];
  const parties = [...new Set(h.positions.map((p) => p.party))];
  // Round labels above the frame, in as many rows as it takes for no two to overlap (a label goes to the first
  // row where it clears the labels already there), each kept inside the SVG by its anchor.
  const width = 720;
  const margin = { left: 56, right: 40 };
  const times = rounds.map((r) => r.date.getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const xOf = (t: number) =>
    t1 > t0 ? margin.left + ((t - t0) / (t1 - t0)) * (width - margin.left - margin.right) : width / 2;
  const rowEnds: number[] = [];
  const placed = [...rounds]
    .sort((a, b) => a.date.getTime() - b.date.getTime())
    .map((r) => {
      const w = r.round.length * 9 * 0.62 + 6;
      const x = xOf(r.date.getTime());
      const anchor: "start" | "end" | "middle" =
        x - w / 2 < 2 ? "start" : x + w / 2 > width - 2 ? "end" : "middle";
      const x0 = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      let row = rowEnds.findIndex((end) => end <= x0);
      if (row < 0) row = rowEnds.push(0) - 1;
      rowEnds[row] = x0 + w;
      return { ...r, row, anchor };
    });
  const rowCount = Math.max(1, rowEnds.length);
  const labelGroups = new Map<string, typeof placed>();
  for (const p of placed) {
    const key = `${p.row}:${p.anchor}`;
    labelGroups.set(key, [...(labelGroups.get(key) ?? []), p]);
  }
  return render({
    width,
    height: 340 + 12 * rowCount,
    marginTop: 20 + 12 * rowCount,
    marginRight: margin.right,
    marginLeft: margin.left,
    marginBottom: 60,
    grid: true,
    x: { type: "utc", domain: [new Date(t0), new Date(t1)], label: "date of the round →", labelOffset: 52 },
    y: {
      domain: [0, 1],
      label: "utility (solid: to itself; dashed: to the other side) →",
      labelAnchor: "center",
      labelOffset: 44,
    },
    color: {
      legend: true,
      domain: parties.map((id) => `${nameOf(names, id)}'s positions`),
      range: parties.map((id) => colours[id] ?? OTHER_COLOUR),
    },
    marks: [
      Plot.ruleX(rounds, { x: "date", stroke: "#ddd" }),
      ...[...labelGroups.values()].map((group) =>
        Plot.text(group, {
          x: "date",
          text: "round",
          frameAnchor: "top",
          textAnchor: group[0].anchor,
          dy: -(10 + 12 * (rowCount - 1 - group[0].row)),
          fontSize: 9,
        }),
      ),
      Plot.line(rows, { x: "date", y: "self", stroke: "party", strokeWidth: 2.5, marker: "circle" }),
      Plot.line(rows, {
        x: "date",
        y: "other",
        stroke: "party",
        strokeWidth: 2,
        strokeDasharray: "5,4",
        marker: "circle-stroke",
      }),
    ],
  });
}

/** The moves in the DANS plane: Δ own utility against Δ the other side's, one arrow per move. */
export function movesPlot(h: History, names: Record<string, string>): string {
  const rows = h.positions
    .filter((p) => p.move)
    .map((p) => {
      const others = h.negotiators.filter((id) => id !== p.party);
      const dOther =
        others.reduce((s, id) => s + (p.move!.deltaOthers[id] ?? 0), 0) / Math.max(others.length, 1);
      return {
        dSelf: p.move!.deltaSelf,
        dOther,
        cls: p.move!.class,
        label: `${nameOf(names, p.party)} ${p.round}`,
        x: dOther,
        y: p.move!.deltaSelf,
      };
    });
  const extent = Math.max(0.05, ...rows.flatMap((r) => [Math.abs(r.dSelf), Math.abs(r.dOther)])) * 1.2;
  const xLabel = "Δ other side's utility →";
  const yLabel = "↑ Δ own utility";
  const frame: Frame = {
    width: 720,
    height: 420,
    margin: { top: 30, right: 150, bottom: 40, left: 56 },
    x: [-extent, extent],
    y: [-extent, extent],
  };
  const quadrants = [
    { x: extent * 0.6, y: -extent * 0.9, t: "concession" },
    { x: -extent * 0.6, y: extent * 0.9, t: "selfish" },
    { x: extent * 0.6, y: extent * 0.9, t: "fortunate" },
    { x: -extent * 0.6, y: -extent * 0.9, t: "unfortunate" },
  ];
  const quadrantBoxes = quadrants.map((q) => {
    const w = q.t.length * 12 * 0.62;
    return {
      x0: px(frame, q.x) - w / 2,
      y0: py(frame, q.y) - 9,
      x1: px(frame, q.x) + w / 2,
      y1: py(frame, q.y) + 9,
    };
  });
  const labels = placedLabels(rows, frame, { fontSize: 9, gap: 6 }, [
    ...axisObstacles(frame, yLabel, xLabel),
    ...quadrantBoxes,
  ]);
  return render({
    width: frame.width,
    height: frame.height,
    marginTop: frame.margin.top,
    marginRight: frame.margin.right,
    marginBottom: frame.margin.bottom,
    marginLeft: frame.margin.left,
    grid: true,
    x: { domain: frame.x, label: xLabel },
    y: { domain: frame.y, label: yLabel },
    color: { legend: true, domain: Object.keys(MOVE_COLOURS), range: Object.values(MOVE_COLOURS) },
    marks: [
      Plot.ruleX([0], { stroke: "#444" }),
      Plot.ruleY([0], { stroke: "#444" }),
      Plot.text(quadrants, { x: "x", y: "y", text: "t", fill: "#999", fontSize: 12 }),
      Plot.arrow(rows, { x1: 0, y1: 0, x2: "dOther", y2: "dSelf", stroke: "cls", strokeWidth: 2 }),
      Plot.dot(rows, { x: "dOther", y: "dSelf", fill: "cls", r: 4 }),
      ...labels.marks,
    ],
  });
}

/** The forecasts the chart marks, with their symbols. */
const FORECAST_MARKS = [
  { key: "compromise", label: "compromise", symbol: "diamond" },
  { key: "weighted-median", label: "weighted median", symbol: "triangle" },
  { key: "bdm", label: "BDM (10 rounds)", symbol: "square" },
  { key: "nash", label: "Nash (in the zone)", symbol: "star" },
] as const;

/**
 * Stakeholder forecasts, one row per issue on its own scale (0 = the scale's low end, 1 = its high end; the
 * options are written under the row): each stakeholder's ideal point as a disc sized by capability and coloured
 * by the side it ratifies for, the status quo (q), the two-level zone (green band) and the models' forecasts.
 */
export function stakeholderForecastPlot(
  forecasts: readonly IssueForecast[],
  scenario: Scenario,
  names: Record<string, string>,
  colours: Record<string, string> = partyColours(scenario.parties.map((p) => p.id)),
): string {
  const issueName = (id: string) => scenario.issues.find((i) => i.id === id)?.name ?? id;
  const label = (id: string) => {
    const n = issueName(id);
    return n.length > 34 ? `${n.slice(0, 33)}…` : n;
  };
  const sideOf = new Map<string, string>();
  for (const c of scenario.constituencies ?? [])
    for (const m of c.members) sideOf.set(m.stakeholder, nameOf(names, c.party));
  for (const a of scenario.stakeholders?.actors ?? [])
    if (a.party !== undefined) sideOf.set(a.id, nameOf(names, a.party));
  const other = "other stakeholders";
  const actorName = new Map((scenario.stakeholders?.actors ?? []).map((a) => [a.id, a.name]));
  const unit = (f: IssueForecast, x: number) => {
    const span = f.scale.max - f.scale.min;
    return span > 0 ? (x - f.scale.min) / span : 0.5;
  };
  const actors = forecasts.flatMap((f) =>
    f.actors.map((a) => ({
      issue: label(f.issue),
      x: unit(f, a.position),
      capability: a.capability,
      side: sideOf.get(a.name) ?? other,
      title: `${actorName.get(a.name) ?? a.name}: position ${a.position}, capability ${a.capability}, salience ${a.salience}`,
    })),
  );
  const options = forecasts.flatMap((f) => {
    const issue = scenario.issues.find((i) => i.id === f.issue);
    const points = issue ? scalePoints(scenario, issue) : undefined;
    if (!issue || !points)
      return [
        { issue: label(f.issue), x: 0, text: String(f.scale.min) },
        { issue: label(f.issue), x: 1, text: String(f.scale.max) },
      ];
    const labelOf = (id: string) =>
      (issue.type === "ordinal" || issue.type === "categorical"
        ? issue.options.find((o) => o.id === id)?.label
        : undefined) ?? id;
    return Object.entries(points).map(([id, p]) => ({
      issue: label(f.issue),
      x: unit(f, p),
      text: labelOf(id),
    }));
  });
  const zones = forecasts.flatMap((f) =>
    (f.zone?.zone ?? []).map((i) => ({
      issue: label(f.issue),
      x1: Math.max(0, unit(f, i.lo)),
      x2: Math.min(1, unit(f, i.hi)),
    })),
  );
  const quo = forecasts
    .filter((f) => f.statusQuo !== undefined)
    .map((f) => ({ issue: label(f.issue), x: unit(f, f.statusQuo!) }));
  const marks = forecasts.flatMap((f) =>
    FORECAST_MARKS.flatMap((m) => {
      const x = m.key === "nash" ? f.nash : f.forecasts[m.key];
      return x === undefined || !Number.isFinite(x)
        ? []
        : [{ issue: label(f.issue), x: unit(f, x), model: m.label, title: `${m.label}: ${fixed(x, 2)}` }];
    }),
  );
  const sideIds = scenario.parties
    .map((p) => p.id)
    .filter((id) => [...sideOf.values()].includes(nameOf(names, id)));
  const sides = sideIds.map((id) => nameOf(names, id));
  return render({
    width: 900,
    height: 70 * forecasts.length + 70,
    marginLeft: 240,
    marginRight: 40,
    marginBottom: 36,
    x: {
      domain: [-0.02, 1.02],
      label: "position on the issue's scale (its options written under each row) →",
      ticks: [],
    },
    y: { domain: forecasts.map((f) => label(f.issue)), label: null, padding: 0 },
    r: { range: [2, 13] },
    color: {
      domain: [...sides, other],
      range: [...sideIds.map((id) => colours[id] ?? OTHER_COLOUR), OTHER_COLOUR],
      legend: true,
    },
    symbol: {
      domain: FORECAST_MARKS.map((m) => m.label),
      range: FORECAST_MARKS.map((m) => m.symbol),
      legend: true,
    },
    marks: [
      Plot.barX(zones, { x1: "x1", x2: "x2", y: "issue", fill: "#cfe9cf", insetTop: 6, insetBottom: 6 }),
      Plot.ruleY(
        forecasts.map((f) => label(f.issue)),
        { stroke: "#bbb", dy: 0 },
      ),
      Plot.tickX(options, { x: "x", y: "issue", stroke: "#999", insetTop: 22, insetBottom: 22 }),
      Plot.text(options, {
        x: "x",
        y: "issue",
        text: "text",
        dy: 22,
        fontSize: 8,
        fill: "#555",
        lineWidth: 9,
      }),
      Plot.tickX(quo, { x: "x", y: "issue", stroke: "black", strokeWidth: 2, insetTop: 10, insetBottom: 10 }),
      Plot.text(quo, { x: "x", y: "issue", text: () => "q", dy: -22, fontWeight: "bold" }),
      Plot.dot(actors, {
        x: "x",
        y: "issue",
        r: "capability",
        fill: "side",
        fillOpacity: 0.35,
        stroke: "side",
        dy: -6,
        title: "title",
      }),
      Plot.dot(marks, {
        x: "x",
        y: "issue",
        symbol: "model",
        r: 5,
        fill: "white",
        stroke: "black",
        strokeWidth: 1.5,
        dy: 8,
        title: "title",
      }),
    ],
  });
}
