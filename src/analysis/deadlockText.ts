/**
 * The words for a deadlock diagnosis: commitments, relaxations and what they open. Pure strings, shared by the
 * verdict (written here, in the Analysis) and by every rendering (src/report/analysisText.ts re-exports them),
 * so the verdict and the report's diagnosis word a relaxation the same way.
 */
import { count, fixed } from "../util/format.ts";
import type { Deadlock, Relaxation } from "./deadlock.ts";

/** A commitment's description, e.g. `Seller's red line "floor"` or `Seller's reservation value 0.9`. */
export function commitmentText(d: Deadlock, key: string): string {
  return d.commitments.find((c) => c.key === key)?.description ?? key;
}

/**
 * What a relaxation gives up: "drop <red line>" for a red line, "lower <reservation value> to x (−y)" for a
 * reservation value (lowered only as far as needed), joined by " and ".
 */
export function relaxationText(d: Deadlock, r: Relaxation): string {
  return r.relax
    .map((key) => {
      const drop = r.reservationDrops.find((x) => `${x.party}/reservation` === key);
      return drop
        ? `lower ${commitmentText(d, key)} to ${fixed(drop.to, 4)} (−${fixed(drop.drop, 4)})`
        : `drop ${commitmentText(d, key)}`;
    })
    .join(" and ");
}

/**
 * "opens 3 outcomes" (or "opens a zone" when not counted); with the space's size, "opens 3 of 24 outcomes",
 * so the count says what it is a share of.
 */
export function opensText(r: Relaxation, spaceSize?: number): string {
  const n = r.opens.zoneSize;
  if (n === null) return "opens a zone";
  const of = spaceSize !== undefined && Number.isFinite(spaceSize) ? ` of ${count(spaceSize)}` : "";
  return `opens ${count(n)}${of} outcome${n === 1 && !of ? "" : "s"}`;
}

/** Commitment descriptions joined as a list: "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
