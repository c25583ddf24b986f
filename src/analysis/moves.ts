/**
 * Move analysis (Hindriks, Jonker & Tykhonov, "Let's DANS!", 2007): a party's step from its previous offer
 * to its new one, classified by the change in its own utility (Δself) and the other side's (Δother).
 * The same classification serves simulated traces and real histories of public proposals.
 */

export type MoveClass = "silent" | "nice" | "fortunate" | "concession" | "selfish" | "unfortunate";

/** Changes smaller than this count as zero. */
export const MOVE_EPSILON = 1e-9;

/**
 * silent: both ≈ 0; nice: Δself ≈ 0, Δother > 0; fortunate: both > 0; concession: Δself < 0, Δother ≥ 0;
 * selfish: Δself > 0, Δother ≤ 0; unfortunate: both ≤ 0 and not silent.
 */
export function classifyMove(deltaSelf: number, deltaOther: number, epsilon = MOVE_EPSILON): MoveClass {
  const s = Math.abs(deltaSelf) <= epsilon ? 0 : Math.sign(deltaSelf);
  const o = Math.abs(deltaOther) <= epsilon ? 0 : Math.sign(deltaOther);
  if (s === 0 && o === 0) return "silent";
  if (s === 0 && o > 0) return "nice";
  if (s > 0 && o > 0) return "fortunate";
  if (s < 0 && o >= 0) return "concession";
  if (s > 0 && o <= 0) return "selfish";
  return "unfortunate";
}
