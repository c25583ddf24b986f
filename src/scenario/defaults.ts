/**
 * Defaults that change results but that a scenario can leave out silently. Stated, not hidden: `zopa validate`
 * warns about each (a warning, exit 0) and reports list them among the assumptions (src/analysis/assumptions.ts).
 *
 * Stated: a party with preferences and no `reservation` gets 0, i.e. it prefers any outcome to no deal; that
 * decides the agreement zone (and the simulations' acceptance), so it must not go unnoticed.
 * Not stated (visible in every report, or harmless): `role` (principal by default) and `veto` (true for
 * principals) are printed in the parties table ("must agree"); an issue left out of a party's weights gets
 * weight 0 (the party does not care about it), which the preferences table shows; option values missing under
 * a positive weight are errors already. Pure: runs in a browser.
 */
import type { Problem } from "./problem.ts";
import type { Scenario } from "./schema.ts";

export interface DefaultedValue {
  /** Path of the element the default applies to, e.g. ["parties", 1]. */
  path: (string | number)[];
  party: string;
  /** What was assumed, one sentence fragment: "no reservation value: 0 assumed (…)". */
  what: string;
}

/** The silent defaults a scenario relies on (see the module comment for the ones stated). */
export function defaultedValues(scenario: Scenario): DefaultedValue[] {
  const out: DefaultedValue[] = [];
  scenario.parties.forEach((p, k) => {
    if (p.preferences && p.reservation === undefined)
      out.push({
        path: ["parties", k],
        party: p.id,
        what: `no reservation value: 0 assumed (any outcome beats no deal for ${p.id}); give \`reservation\` to state it`,
      });
  });
  return out;
}

/** The same as warnings (for `zopa validate`). */
export function defaultWarnings(scenario: Scenario): Problem[] {
  return defaultedValues(scenario).map((d) => ({
    severity: "warning" as const,
    path: d.path,
    message: `party "${d.party}": ${d.what}`,
  }));
}
