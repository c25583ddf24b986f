/**
 * The utility plane drawn with Observable Plot in the page: every outcome (grey; the agreement zone in the
 * zone colour), the Pareto frontier, the reservation values, the solution points and, when given, each party's
 * path of offers in its colour. Hovering a point shows its outcome. Colours from the report's palette.
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "react";
import { OTHER_COLOUR, ZONE_PALETTE } from "../../report/palette.ts";
import type { Plane } from "../plane.ts";
import { pathsByParty } from "../tracePlane.ts";
import { makeAccessible } from "./accessible.ts";

export interface PlanePoint {
  x: number;
  y: number;
  label: string;
}

export interface PathPoint {
  x: number;
  y: number;
  /** The party whose offer it is (its colour). */
  party: string;
  label: string;
}

export interface PlanePlotProps {
  plane: Plane;
  names: Record<string, string>;
  colours: Record<string, string>;
  /** Outcome text of a cell's outcome, for the hover tip. */
  describe: (outcome: number) => string;
  solutions?: PlanePoint[];
  path?: PathPoint[];
  /** The agreement or another highlighted point. */
  highlight?: PlanePoint | null;
  width?: number;
  caption?: string;
}

export function PlanePlot(props: PlanePlotProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { plane, names, colours } = props;
    const [ax, ay] = plane.axes;
    const xLabel = `${names[ax] ?? ax}'s utility →`;
    const yLabel = `↑ ${names[ay] ?? ay}'s utility`;
    const cells = plane.cells.map((c) => ({ ...c, status: c.zone ? "agreement zone" : "outside the zone" }));
    const marks: Plot.Markish[] = [
      Plot.dot(cells, {
        x: "x",
        y: "y",
        r: (d: { zone: boolean }) => (d.zone ? 2.6 : 1.6),
        fill: (d: { zone: boolean }) => (d.zone ? ZONE_PALETTE[0] : "#b8b8b8"),
      }),
      Plot.ruleX([plane.reservation.x], { stroke: colours[ax] ?? OTHER_COLOUR, strokeDasharray: "4,3" }),
      Plot.ruleY([plane.reservation.y], { stroke: colours[ay] ?? OTHER_COLOUR, strokeDasharray: "4,3" }),
      Plot.line(plane.frontier, { x: "x", y: "y", stroke: "black", strokeWidth: 1.5, curve: "step-before" }),
    ];
    // Each party's offers: its own path (line and dots) in its colour, one mark of each per party, in the order
    // the parties first offered; the marks carry the party's id (data-party) for tests and styles.
    const byParty = pathsByParty(props.path ?? []);
    for (const [party, points] of byParty) {
      const colour = colours[party] ?? OTHER_COLOUR;
      marks.push(
        Plot.line(points, { x: "x", y: "y", stroke: colour, strokeWidth: 1.5, className: "offer-path" }),
        Plot.dot(points, {
          x: "x",
          y: "y",
          r: 4.5,
          fill: colour,
          stroke: "white",
          title: "label",
          className: "offer-points",
        }),
      );
    }
    const solutions = props.solutions ?? [];
    if (solutions.length > 0) {
      marks.push(
        Plot.dot(solutions, { x: "x", y: "y", r: 6, symbol: "star", fill: "#ff7f0e", stroke: "black" }),
      );
      marks.push(
        Plot.text(solutions, {
          x: "x",
          y: "y",
          text: "label",
          dx: 9,
          textAnchor: "start",
          fontWeight: "bold",
        }),
      );
    }
    if (props.highlight)
      marks.push(
        Plot.dot([props.highlight], {
          x: "x",
          y: "y",
          r: 8,
          symbol: "diamond",
          fill: "#2ca02c",
          stroke: "black",
        }),
        Plot.text([props.highlight], { x: "x", y: "y", text: "label", dy: -12, fontWeight: "bold" }),
      );
    marks.push(
      Plot.tip(
        cells,
        Plot.pointer({
          x: "x",
          y: "y",
          title: (d: (typeof cells)[number]) =>
            `${props.describe(d.outcome)}\n${names[ax] ?? ax} ${d.x.toFixed(2)}, ${names[ay] ?? ay} ${d.y.toFixed(2)} (${d.status}${d.count > 1 ? `; ${d.count} outcomes here` : ""})`,
          maxRadius: 20,
        }),
      ),
    );
    const width = props.width ?? 640;
    const svg = Plot.plot({
      width,
      height: Math.round(width * 0.72),
      marginRight: 30,
      marginTop: 28,
      grid: true,
      style: { fontSize: "12px", background: "white", overflow: "visible" },
      x: { domain: [0, 1], label: xLabel },
      y: { domain: [0, 1], label: yLabel },
      marks,
    });
    const parties = [...byParty.keys()];
    for (const cls of ["offer-path", "offer-points"])
      svg.querySelectorAll(`g.${cls}`).forEach((g, k) => {
        if (parties[k] !== undefined) g.setAttribute("data-party", parties[k]);
      });
    makeAccessible(svg, `Utility plane of ${names[ax] ?? ax} and ${names[ay] ?? ay}`);
    ref.current?.replaceChildren(svg);
    return () => svg.remove();
  }, [props]);
  return (
    <figure>
      <div ref={ref} />
      {props.caption && <figcaption>{props.caption}</figcaption>}
    </figure>
  );
}
