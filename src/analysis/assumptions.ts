/** Values that no source backs: reports list them so a reader can see what rests on judgement alone. */
import type { Scenario } from "../scenario/schema.ts";

export interface Assumption {
  /** Where the value lives, e.g. `parties[0].preferences`. */
  path: string;
  party?: string;
  what: string;
  rationale?: string;
}

export function assumptionsOf(scenario: Scenario): Assumption[] {
  const out: Assumption[] = [];
  scenario.parties.forEach((p, k) => {
    const prefs = p.preferences;
    if (prefs && !(prefs.sources && prefs.sources.length > 0))
      out.push({
        path: `parties[${k}].preferences`,
        party: p.id,
        what: `${p.name}'s preferences (weights and values)`,
        rationale: prefs.rationale,
      });
    const res = p.reservation;
    // No reservation value: 0 is assumed (src/scenario/defaults.ts), an assumption like any unsourced value.
    if (res === undefined && prefs)
      out.push({
        path: `parties[${k}].reservation`,
        party: p.id,
        what: `${p.name}'s reservation value (none given: 0 assumed, so any outcome beats no deal)`,
      });
    if (res !== undefined && (typeof res === "number" || !(res.sources && res.sources.length > 0)))
      out.push({
        path: `parties[${k}].reservation`,
        party: p.id,
        what: `${p.name}'s reservation value`,
        rationale: typeof res === "number" ? undefined : res.rationale,
      });
    (p.redLines ?? []).forEach((rl, j) => {
      if (!(rl.sources && rl.sources.length > 0))
        out.push({
          path: `parties[${k}].redLines[${j}]`,
          party: p.id,
          what: `${p.name}'s red line "${rl.id}" (unsourced)`,
          rationale: rl.rationale,
        });
    });
  });
  return out;
}
