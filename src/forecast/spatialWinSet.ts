/**
 * Multi-dimensional win-sets over the compiled outcome space. Each stakeholder's distance to an outcome is KTAB's
 * salience-weighted distance on issue scales normalised to [0, 1]: d(o) = sqrt(Σ_k s_k²(y_k(o) − p_k)² / Σ_k s_k²).
 * A member prefers o to the status quo q iff d(o) < d(q); constituencies ratify by unanimity or weighted quota;
 * the two-level zone is the set of outcomes every constituency ratifies. Only the issues with a status quo vary
 * (the others do not enter any distance); squared-distance terms are per-issue tables, so each outcome costs a
 * sum of lookups per member.
 */

import { ZopaError } from "../errors.ts";
import type { Scenario } from "../scenario/schema.ts";
import { compileScenario } from "../space/compile.ts";
import { scalePoints } from "./forecastProblem.ts";
import { nominalValue } from "./uncertain.ts";

export interface SpatialWinSets {
  /** The issues that vary (those with a status quo), in scenario order. */
  issues: string[];
  statusQuo: Record<string, string | number>;
  /** Outcomes considered: the product of those issues' value counts. */
  outcomes: number;
  /** The parties with at least one voting member (a stance on an issue that varies), and their win-set sizes. */
  parties: { party: string; winSet: number }[];
  /** Outcomes every constituency ratifies, as records (the first `limit` in outcome order). */
  zone: Record<string, string | number>[];
  zoneSize: number;
  /** When the zone is empty: per party, how many outcomes the other constituencies would ratify without it. */
  blocking?: { party: string; withoutIt: number }[];
}

/**
 * Win-sets over outcomes; throws a size-limit ZopaError above `maxOutcomes`. Undefined without constituencies, or when
 * no constituency has a member with a stance on an issue that varies.
 */
export function spatialWinSets(
  scenario: Scenario,
  options: { maxOutcomes?: number; limit?: number } = {},
): SpatialWinSets | undefined {
  const st = scenario.stakeholders;
  const constituencies = scenario.constituencies ?? [];
  if (!st || constituencies.length === 0) return undefined;
  const space = compileScenario(scenario);
  const varying = space.issues.flatMap((issue, k) => (st.statusQuo[issue.id] === undefined ? [] : [k]));
  if (varying.length === 0) return undefined;
  const outcomes = varying.reduce((s, k) => s * space.radix[k], 1);
  if (outcomes > (options.maxOutcomes ?? 2e6))
    throw new ZopaError(
      "size-limit",
      `${outcomes} outcomes over the issues with a status quo; the limit is ${options.maxOutcomes ?? 2e6}`,
    );
  // Scale point of each value of each varying issue, normalised to [0, 1].
  const points = varying.map((k) => {
    const issue = scenario.issues[k];
    const map = scalePoints(scenario, issue);
    const ys = space.issues[k].values.map((v) => (typeof v === "number" ? v : (map?.[v] ?? Number.NaN)));
    const finite = ys.filter(Number.isFinite);
    const lo = Math.min(...finite);
    const span = Math.max(...finite) - lo || 1;
    return { ys: ys.map((y) => (y - lo) / span), lo, span, map };
  });
  const toScale = (j: number, v: string | number) =>
    ((typeof v === "number" ? v : (points[j].map?.[v] ?? Number.NaN)) - points[j].lo) / points[j].span;
  // The status quo need not be an enumerated value (a share of 65 between options 60 and 70): use its scale point.
  const quo = varying.map((k, j) => toScale(j, st.statusQuo[scenario.issues[k].id]));
  const actors = new Map(st.actors.map((a) => [a.id, a]));
  // Per stakeholder: per varying issue, per value, s²(y − p)² / Σ s² (0 for issues without a stance), and the
  // same sum at the status quo.
  const tablesOf = (id: string): { tables: Float64Array[]; atQuo: number } => {
    const a = actors.get(id)!;
    const stances = varying.map((k) => a.stances[scenario.issues[k].id]);
    const s2 = stances.map((s) => (s ? nominalValue(s.salience) ** 2 : 0));
    const total = s2.reduce((x, y) => x + y, 0) || 1;
    let atQuo = 0;
    const tables = varying.map((_, j) => {
      const s = stances[j];
      if (!s) return new Float64Array(points[j].ys.length);
      const p =
        typeof s.position === "string" ? toScale(j, s.position) : toScale(j, nominalValue(s.position));
      atQuo += (s2[j] * (quo[j] - p) ** 2) / total;
      return Float64Array.from(points[j].ys, (y) => (s2[j] * (y - p) ** 2) / total);
    });
    return { tables, atQuo };
  };
  // Members without a stance on any varying issue do not vote (as in the 1-D zone, where members without a stance
  // on the issue are left out); a party left with no voting member is skipped, as forecastScenario does.
  const votes = (id: string) => {
    const a = actors.get(id);
    return a !== undefined && varying.some((k) => a.stances[scenario.issues[k].id] !== undefined);
  };
  const voting = constituencies
    .map((c) => ({ c, members: c.members.filter((m) => votes(m.stakeholder)) }))
    .filter((v) => v.members.length > 0);
  if (voting.length === 0) return undefined;
  const parties = voting.map(({ c, members }) => {
    return {
      party: c.party,
      unanimity: c.rule === "unanimity",
      quota: c.quota,
      ...(() => {
        const t = members.map((m) => tablesOf(m.stakeholder));
        return { tables: t.map((x) => x.tables), atQuo: t.map((x) => x.atQuo) };
      })(),
      weights: members.map((m) =>
        m.weight !== undefined ? nominalValue(m.weight) : nominalValue(actors.get(m.stakeholder)!.capability),
      ),
      veto: members.map((m) => c.rule === "unanimity" || m.veto === true),
    };
  });
  const distance = (tables: Float64Array[], digits: Int32Array) => {
    let d = 0;
    for (let j = 0; j < tables.length; j++) d += tables[j][digits[j]];
    return d;
  };
  const digits = new Int32Array(varying.length);
  const radix = varying.map((k) => space.radix[k]);
  const counts = new Array(parties.length).fill(0);
  const withoutIt = new Array(parties.length).fill(0);
  const ratifies = new Uint8Array(parties.length);
  const zone: Int32Array[] = [];
  let zoneSize = 0;
  const limit = options.limit ?? 20;
  for (let o = 0; o < outcomes; o++) {
    let rest = o;
    for (let j = varying.length - 1; j >= 0; j--) {
      digits[j] = rest % radix[j];
      rest = Math.floor(rest / radix[j]);
    }
    let all = 0;
    parties.forEach((p, i) => {
      let support = 0;
      let total = 0;
      let vetoed = false;
      p.tables.forEach((t, m) => {
        const prefers = distance(t, digits) < p.atQuo[m] - 1e-12;
        total += p.weights[m];
        if (prefers) support += p.weights[m];
        else if (p.veto[m]) vetoed = true;
      });
      const ok = !vetoed && (p.unanimity || support >= p.quota * total - 1e-12 * total);
      ratifies[i] = ok ? 1 : 0;
      if (ok) {
        counts[i]++;
        all++;
      }
    });
    if (all === parties.length) {
      zoneSize++;
      if (zone.length < limit) zone.push(Int32Array.from(digits));
    } else if (all === parties.length - 1) withoutIt[ratifies.indexOf(0)]++;
  }
  const record = (d: Int32Array) =>
    Object.fromEntries(varying.map((k, j) => [space.issues[k].id, space.issues[k].values[d[j]]]));
  const result: SpatialWinSets = {
    issues: varying.map((k) => space.issues[k].id),
    statusQuo: Object.fromEntries(
      varying.map((k) => [space.issues[k].id, st.statusQuo[scenario.issues[k].id]]),
    ),
    outcomes,
    parties: parties.map((p, i) => ({ party: p.party, winSet: counts[i] })),
    zone: zone.map(record),
    zoneSize,
  };
  if (zoneSize === 0) result.blocking = parties.map((p, i) => ({ party: p.party, withoutIt: withoutIt[i] }));
  return result;
}
