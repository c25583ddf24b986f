/**
 * Count flags (`--repeat`, `--rounds`, `--samples`, …): whole numbers with a minimum and the maximum of
 * src/util/limits.ts, refused at once otherwise (exit 2, naming the maximum), before any work.
 */
import { LIMITS, type LimitName, overLimitMessage } from "../util/limits.ts";
import { usageError } from "./io.ts";

/** The flag's value as a whole number in [min, the limit's max]; undefined when the flag was not given. */
export function countFlag(
  flag: string,
  text: string | undefined,
  limit: LimitName,
  min = 1,
): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min)
    throw usageError(
      `${flag} must be a whole number ≥ ${min}, at most ${LIMITS[limit].max.toLocaleString("en-US")} (got "${text}")`,
    );
  if (n > LIMITS[limit].max) throw usageError(overLimitMessage(flag, limit, n));
  return n;
}
