/**
 * The parts of an Analysis every rendering words the same way (terminal text, Markdown, HTML): the agreement
 * zone's size, blocking sets and relaxations. Plain strings: callers escape them for their format.
 */
import type { Analysis } from "../analysis/analyze.ts";
import type { BlockingSet, Deadlock, Relaxation } from "../analysis/deadlock.ts";
import { commitmentText, opensText, relaxationText } from "../analysis/deadlockText.ts";
import type { Point } from "../analysis/point.ts";
import { count, fixed } from "../util/format.ts";

export { commitmentText, opensText, relaxationText };

/**
 * The agreement zone's size: "0" when empty, the exact count, "about 1.23e+5 (estimated)" from a sample, or
 * "not empty (not counted)" when the space was too large to count it.
 */
export function zoneText(a: Analysis): string {
  const z = a.agreementZone;
  if (z.empty) return "0";
  if (z.exact) return count(z.size);
  return z.size !== null && Number.isFinite(z.size)
    ? `about ${z.size.toExponential(2)} (estimated)`
    : "not empty (not counted)";
}

/** The commitments of a blocking set, joined by " + ". */
export function blockingSetText(d: Deadlock, b: BlockingSet): string {
  return b.commitments.map((key) => commitmentText(d, key)).join(" + ");
}

/** A point's utilities, e.g. "seller 0.563, buyer 0.550". */
export function utilitiesText(p: Point, ids: readonly string[], digits = 3): string {
  return ids.map((id) => `${id} ${fixed(p.utilities[id] ?? Number.NaN, digits)}`).join(", ");
}

/** An outcome as issue=value pairs. */
export function outcomeText(p: Point): string {
  return Object.entries(p.outcome)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/** The whole relaxation on one line: what it gives up, what it opens and the Nash point then. */
export function relaxationLine(d: Deadlock, r: Relaxation, ids: readonly string[]): string {
  const nash = r.opens.nash
    ? `; Nash then ${utilitiesText(r.opens.nash, ids)} at ${outcomeText(r.opens.nash)}`
    : "";
  return `${relaxationText(d, r)}: ${opensText(r)}${nash}`;
}

/**
 * The finer alternative to dropping a single-issue red line: the single options whose admission alone opens
 * the zone (at most `max` of them), or null when there is none.
 */
export function wideningsText(r: Relaxation, max = 5): string | null {
  if (r.widenings.length === 0) return null;
  const shown = r.widenings
    .slice(0, max)
    .map((w) => `${w.issue}=${w.option}${w.opens === null ? "" : ` (opens ${w.opens})`}`);
  const more = r.widenings.length > max ? `, … ${r.widenings.length - max} more` : "";
  return `or keep it but allow one more option: ${shown.join(", ")}${more}`;
}

/** A count, the question it answers, and what it is out of. */
export interface CountAnswer {
  question: string;
  answer: string;
}

/**
 * The report's headline counts side by side, each with the question it answers: the agreement zone (red lines
 * and reservation values of the parties that must agree) and, when there are constituencies, the two-level zone
 * over all issues (what every constituency ratifies instead of the status quo; red lines do not enter).
 */
export function headlineCounts(
  a: Analysis,
  spatial?: { outcomes: number; zoneSize: number } | null,
): CountAnswer[] {
  const of = a.agreementZone.exact && Number.isFinite(a.space.size) ? ` of ${count(a.space.size)}` : "";
  const rows: CountAnswer[] = [
    {
      question:
        "How many outcomes does every party that must agree accept, with every red line and reservation value holding? (the agreement zone)",
      answer: `${zoneText(a)}${of} outcomes`,
    },
  ];
  if (spatial)
    rows.push({
      question:
        "How many outcomes does every party's constituency ratify instead of the status quo, from the stakeholders' positions and salience, red lines not applied? (the two-level zone over all issues)",
      answer: `${count(spatial.zoneSize)} of ${count(spatial.outcomes)} outcomes`,
    });
  return rows;
}
