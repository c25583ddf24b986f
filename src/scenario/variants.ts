/** What-if overlays: a variant's changes applied to a copy of the base scenario. */
import type { Issue, Party, Scenario, VariantChange } from "./schema.ts";

function clone<T>(x: T): T {
  return structuredClone(x);
}

function partyOf(s: Scenario, id: string): Party {
  const p = s.parties.find((q) => q.id === id);
  if (!p) throw new Error(`unknown party "${id}"`);
  return p;
}

function issueOf(s: Scenario, id: string): Issue {
  const i = s.issues.find((q) => q.id === id);
  if (!i) throw new Error(`unknown issue "${id}"`);
  return i;
}

function applyChange(s: Scenario, c: VariantChange): void {
  switch (c.op) {
    case "dropRedLine": {
      const p = partyOf(s, c.party);
      p.redLines = (p.redLines ?? []).filter((r) => r.id !== c.redLine);
      return;
    }
    case "addRedLine": {
      const p = partyOf(s, c.party);
      p.redLines = [...(p.redLines ?? []).filter((r) => r.id !== c.redLine.id), clone(c.redLine)];
      return;
    }
    case "setReservation":
      partyOf(s, c.party).reservation = clone(c.reservation);
      return;
    case "setVeto":
      partyOf(s, c.party).veto = c.veto;
      return;
    case "setWeight": {
      const p = partyOf(s, c.party);
      if (p.preferences) p.preferences.weights[c.issue] = c.weight;
      return;
    }
    case "setValue": {
      const prefs = partyOf(s, c.party).preferences;
      if (!prefs) return;
      const table = (prefs.values[c.issue] ?? {}) as Record<string, number>;
      table[String(c.option)] = c.value;
      prefs.values[c.issue] = table;
      return;
    }
    case "restrictOptions": {
      const issue = issueOf(s, c.issue);
      if (issue.type === "categorical" || issue.type === "ordinal")
        issue.options = issue.options.filter((o) => c.options.includes(o.id));
      return;
    }
    case "addOption": {
      const issue = issueOf(s, c.issue);
      if (issue.type !== "categorical" && issue.type !== "ordinal") return;
      const at =
        c.after === undefined ? issue.options.length : issue.options.findIndex((o) => o.id === c.after) + 1;
      issue.options.splice(at, 0, clone(c.option));
      for (const p of s.parties) {
        const v = c.values[p.id];
        if (p.preferences && v !== undefined) {
          const table = (p.preferences.values[c.issue] ?? {}) as Record<string, number>;
          table[c.option.id] = v;
          p.preferences.values[c.issue] = table;
        } else if (p.preferences && (p.preferences.weights[c.issue] ?? 0) > 0) {
          // A party that cares about the issue and was given no value for the new option values it at 0.
          const table = (p.preferences.values[c.issue] ?? {}) as Record<string, number>;
          table[c.option.id] = 0;
        }
      }
      return;
    }
  }
}

/** The scenario with the named variant's changes applied, in order. The base is not modified. */
export function applyVariant(scenario: Scenario, variantId: string): Scenario {
  const variant = scenario.variants.find((v) => v.id === variantId);
  if (!variant) {
    const ids = scenario.variants.map((v) => v.id);
    throw new Error(
      `unknown variant "${variantId}"${ids.length ? ` (the scenario defines ${ids.map((i) => `"${i}"`).join(", ")})` : " (the scenario defines none)"}`,
    );
  }
  const out = clone(scenario);
  for (const c of variant.changes) applyChange(out, c);
  return out;
}
