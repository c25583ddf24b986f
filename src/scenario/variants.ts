/** What-if overlays: a variant's changes applied to a copy of the base scenario. */
import type { Issue, IssueValue, Party, Predicate, Scenario, VariantChange } from "./schema.ts";

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
      if (issue.type !== "categorical" && issue.type !== "ordinal") return;
      const before = issue.options.map((o) => o.id);
      issue.options = issue.options.filter((o) => c.options.includes(o.id));
      // Values and red-line conditions on removed options no longer refer to anything: drop them.
      for (const p of s.parties) {
        const table = p.preferences?.values[c.issue];
        if (table && !("piecewise" in table))
          for (const id of Object.keys(table)) if (!c.options.includes(id)) delete table[id];
        for (const rl of p.redLines ?? [])
          rl.requires = restrictPredicate(rl.requires, c.issue, before, c.options);
      }
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

/**
 * A predicate rewritten for an issue whose options were cut to `kept`: removed options leave `in`/`notIn`
 * lists, and `atLeast`/`atMost` on a removed option move to the nearest kept option on the same side
 * (or become a condition no kept option meets).
 */
function restrictPredicate(pred: Predicate, issueId: string, before: string[], kept: string[]): Predicate {
  if ("all" in pred) return { all: pred.all.map((p) => restrictPredicate(p, issueId, before, kept)) };
  if ("any" in pred) return { any: pred.any.map((p) => restrictPredicate(p, issueId, before, kept)) };
  if ("not" in pred) return { not: restrictPredicate(pred.not, issueId, before, kept) };
  if (pred.issue !== issueId) return pred;
  if ("in" in pred) return { issue: issueId, in: pred.in.filter((v) => kept.includes(String(v))) };
  if ("notIn" in pred) return { issue: issueId, notIn: pred.notIn.filter((v) => kept.includes(String(v))) };
  const up = "atLeast" in pred;
  const bound = String(up ? pred.atLeast : (pred as { atMost: IssueValue }).atMost);
  if (kept.includes(bound)) return pred;
  const at = before.indexOf(bound);
  const side = before.filter((id, k) => kept.includes(id) && (up ? k > at : k < at));
  if (side.length === 0) return { issue: issueId, in: [] };
  return up ? { issue: issueId, atLeast: side[0] } : { issue: issueId, atMost: side[side.length - 1] };
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
