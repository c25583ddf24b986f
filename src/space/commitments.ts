/**
 * Commitments: the hard conditions that decide whether an outcome is in the agreement zone. Each veto party
 * contributes its red lines and its reservation value. The deadlock diagnosis reasons over these.
 */

import { rounded } from "../util/format.ts";
import type { CompiledRedLine, CompiledSpace } from "./compile.ts";

/** Utilities within this distance below a reservation value still count as reaching it (float rounding). */
export const UTILITY_EPSILON = 1e-9;

export type Commitment =
  | { key: string; kind: "redLine"; party: string; partyIndex: number; redLine: CompiledRedLine }
  | { key: string; kind: "reservation"; party: string; partyIndex: number; value: number };

/** The commitments of the parties an agreement needs: red lines first, then positive reservation values. */
export function commitmentsOf(
  space: CompiledSpace,
  parties: readonly number[] = space.negotiators,
): Commitment[] {
  const out: Commitment[] = [];
  for (const k of parties) {
    const party = space.parties[k];
    for (const redLine of party.redLines)
      out.push({ key: redLine.key, kind: "redLine", party: party.id, partyIndex: k, redLine });
  }
  for (const k of parties) {
    const party = space.parties[k];
    if (party.reservation > 0)
      out.push({
        key: `${party.id}/reservation`,
        kind: "reservation",
        party: party.id,
        partyIndex: k,
        value: party.reservation,
      });
  }
  return out;
}

/** A one-line description: `Israel's red line "no-withdrawal"` or `Syria's reservation value 0.6`. */
export function describeCommitment(space: CompiledSpace, c: Commitment): string {
  const name = space.parties[c.partyIndex].name;
  return c.kind === "redLine"
    ? `${name}'s red line "${c.redLine.id}"`
    : `${name}'s reservation value ${rounded(c.value, 4)}`;
}
