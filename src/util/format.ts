/**
 * Every number Zopa shows a person is formatted here: reports (text, Markdown, HTML), forecasts, verdicts and
 * commitment descriptions. A missing number (null, undefined, NaN) reads "–" everywhere.
 */

/** What a missing number reads as. */
export const MISSING = "–";

function missing(x: number | null | undefined): x is null | undefined {
  return x === null || x === undefined || Number.isNaN(x);
}

/** `digits` decimals (`0.5000`); "–" when missing. */
export function fixed(x: number | null | undefined, digits: number): string {
  return missing(x) ? MISSING : x.toFixed(digits);
}

/** `digits` decimals with "+" before a positive number (`+0.125`, `-0.250`, `0.000`); "–" when missing. */
export function signed(x: number | null | undefined, digits: number): string {
  const s = fixed(x, digits);
  return x !== null && x !== undefined && x > 0 ? `+${s}` : s;
}

/** Rounded to `digits` decimals, then the shortest form (`0.5`, `0.125`, `1`): for numbers inside sentences. */
export function rounded(x: number, digits: number): string {
  const scale = 10 ** digits;
  return (Math.round(x * scale) / scale).toString();
}

/**
 * Fewer decimals for larger numbers: `digits[k]` decimals when |x| has k + 1 digits before the point (the last
 * entry for anything larger); "–" when missing or not finite. `byMagnitude(x, [3, 2, 1])`: 0.125, 12.50, 125.0.
 */
export function byMagnitude(x: number | null | undefined, digits: readonly number[]): string {
  if (missing(x) || !Number.isFinite(x)) return MISSING;
  let k = 0;
  for (let a = Math.abs(x); a >= 10 && k < digits.length - 1; a /= 10) k++;
  return x.toFixed(digits[k]);
}

/** An integer count with thousands separators (`12,345`). */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A share in [0, 1] as a percentage with `digits` decimals, without the sign (`12.5`). */
export function percent(share: number, digits: number): string {
  return (100 * share).toFixed(digits);
}

/** A union of intervals: `(0.10, 0.45) ∪ (0.60, 0.80)`, or `∅` when empty. */
export function intervals(set: readonly { lo: number; hi: number }[], digits = 2): string {
  return set.length === 0
    ? "∅"
    : set.map((i) => `(${i.lo.toFixed(digits)}, ${i.hi.toFixed(digits)})`).join(" ∪ ");
}

/** A position, weight or distance on an issue's scale: 3 decimals below 10, 2 below 100, 1 above; "–" if missing. */
export function onScale(x: number | null | undefined): string {
  return byMagnitude(x, [3, 2, 1]);
}

/** `digits` significant digits (`12.3`, `0.0123`): for estimates whose scale varies. */
export function significant(x: number, digits: number): string {
  return x.toPrecision(digits);
}
