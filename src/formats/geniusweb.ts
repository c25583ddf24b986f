/**
 * GeniusWeb JSON (ANAC 2019+, ANL 2022–23) → our scenario. A domain (`{name, issuesValues}`) and profiles
 * (`{"LinearAdditiveUtilitySpace": {...}}`, which embed their domain). Discrete utilities come as
 * `DiscreteValueSetUtilities` or the older `discreteutils`; numeric ones as `NumberValueSetUtilities` /
 * `numberutils` (linear between low and high, 0 outside). The reservation is a bid.
 */

import { formatError } from "../errors.ts";
import { MAX_ISSUE_VALUES } from "../scenario/domain.ts";
import type { Issue, IssueValue, Party, Preferences, ScenarioInput } from "../scenario/schema.ts";
import { WEIGHT_SUM_TOLERANCE } from "../scenario/validate.ts";
import { baseName, categoricalIssue, IdAllocator, slugify } from "./ids.ts";

export type WebIssue =
  | { name: string; kind: "discrete"; values: string[] }
  | { name: string; kind: "number"; low: number; high: number; step: number };

export interface WebDomain {
  kind: "domain";
  file: string;
  name: string;
  issues: WebIssue[];
}

export type WebUtility =
  | { kind: "discrete"; valueUtilities: Record<string, number> }
  | { kind: "number"; lowValue: number; lowUtility: number; highValue: number; highUtility: number };

export interface WebProfile {
  kind: "profile";
  file: string;
  name: string;
  domain: WebDomain;
  utilities: Record<string, WebUtility>;
  weights: Record<string, number>;
  reservationBid: Record<string, string | number> | null;
}

export type WebFile = WebDomain | WebProfile;

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function num(x: unknown, file: string, at: string): number {
  const v = typeof x === "string" ? Number(x) : x;
  if (typeof v !== "number" || !Number.isFinite(v))
    throw formatError(file, at, `expected a number, got ${JSON.stringify(x)}`);
  return v;
}

/** Reads `{name, issuesValues}`. */
export function readWebDomain(data: unknown, file: string, at = "(document)"): WebDomain {
  if (!isObject(data) || !isObject(data.issuesValues))
    throw formatError(file, at, 'a GeniusWeb domain needs an "issuesValues" object');
  const issues: WebIssue[] = Object.entries(data.issuesValues).map(([name, spec]): WebIssue => {
    const where = `${at === "(document)" ? "" : `${at}.`}issuesValues["${name}"]`;
    if (!isObject(spec)) throw formatError(file, where, "expected an object with values or range");
    if (Array.isArray(spec.values)) {
      const values = spec.values.map((v) => String(v));
      if (values.length === 0) throw formatError(file, where, "an issue needs at least one value");
      const dup = values.find((v, k) => values.indexOf(v) !== k);
      if (dup !== undefined) throw formatError(file, where, `the value "${dup}" appears twice`);
      return { name, kind: "discrete", values };
    }
    const range = spec.range;
    let low: number;
    let high: number;
    let step: number;
    if (Array.isArray(range) && range.length >= 2) {
      low = num(range[0], file, `${where}.range[0]`);
      high = num(range[1], file, `${where}.range[1]`);
      step = range.length > 2 ? num(range[2], file, `${where}.range[2]`) : 1;
    } else if (isObject(range)) {
      low = num(range.low, file, `${where}.range.low`);
      high = num(range.high, file, `${where}.range.high`);
      step = range.step === undefined ? 1 : num(range.step, file, `${where}.range.step`);
    } else throw formatError(file, where, 'expected "values" (a list) or "range" ([low, high, step])');
    if (high < low) throw formatError(file, where, `the range's high ${high} is below its low ${low}`);
    if (!(step > 0)) throw formatError(file, where, `the range's step must be positive (got ${step})`);
    const count = Math.floor((high - low) / step + 1e-9) + 1;
    if (!(count <= MAX_ISSUE_VALUES) || low + step === low)
      throw formatError(
        file,
        where,
        `the range [${low}, ${high}] in steps of ${step} has ${Number.isFinite(count) ? count.toLocaleString("en-US") : "too many"} values, more than ${MAX_ISSUE_VALUES.toLocaleString("en-US")} (the most one issue may take)`,
      );
    return { name, kind: "number", low, high, step };
  });
  if (issues.length === 0) throw formatError(file, at, "the domain declares no issues");
  return { kind: "domain", file, name: typeof data.name === "string" ? data.name : "", issues };
}

function readUtility(spec: unknown, file: string, where: string): WebUtility {
  if (!isObject(spec)) throw formatError(file, where, "expected a value-set utilities object");
  const discrete = spec.DiscreteValueSetUtilities ?? spec.discreteutils;
  if (discrete !== undefined) {
    const vu = isObject(discrete) ? discrete.valueUtilities : undefined;
    if (!isObject(vu)) throw formatError(file, where, 'expected "valueUtilities": { value: utility, … }');
    const valueUtilities: Record<string, number> = {};
    for (const [v, u] of Object.entries(vu))
      valueUtilities[v] = num(u, file, `${where}.valueUtilities["${v}"]`);
    return { kind: "discrete", valueUtilities };
  }
  const numeric = spec.NumberValueSetUtilities ?? spec.numberutils;
  if (isObject(numeric))
    return {
      kind: "number",
      lowValue: num(numeric.lowValue, file, `${where}.lowValue`),
      lowUtility: num(numeric.lowUtility, file, `${where}.lowUtility`),
      highValue: num(numeric.highValue, file, `${where}.highValue`),
      highUtility: num(numeric.highUtility, file, `${where}.highUtility`),
    };
  throw formatError(
    file,
    where,
    `unknown value-set utilities ${Object.keys(spec)
      .map((k) => `"${k}"`)
      .join(
        ", ",
      )} (expected DiscreteValueSetUtilities, NumberValueSetUtilities, discreteutils or numberutils)`,
  );
}

/** Reads any GeniusWeb JSON document: a domain or a LinearAdditiveUtilitySpace profile. */
export function readGeniusWebJson(data: unknown, file: string): WebFile {
  if (!isObject(data)) throw formatError(file, null, "expected a JSON object");
  if ("issuesValues" in data) return readWebDomain(data, file);
  const space = data.LinearAdditiveUtilitySpace;
  if (!isObject(space)) {
    const key = Object.keys(data).find((k) => /UtilitySpace|Profile/i.test(k));
    if (key)
      throw formatError(
        file,
        key,
        `GeniusWeb profile type "${key}" is not supported (only LinearAdditiveUtilitySpace is)`,
        "unsupported",
      );
    throw formatError(
      file,
      null,
      'neither a GeniusWeb domain ("issuesValues") nor a profile ("LinearAdditiveUtilitySpace")',
    );
  }
  const at = "LinearAdditiveUtilitySpace";
  const domain = readWebDomain(space.domain, file, `${at}.domain`);
  if (!isObject(space.issueUtilities)) throw formatError(file, at, 'missing "issueUtilities"');
  if (!isObject(space.issueWeights)) throw formatError(file, at, 'missing "issueWeights"');
  const utilities: Record<string, WebUtility> = {};
  for (const [issue, spec] of Object.entries(space.issueUtilities))
    utilities[issue] = readUtility(spec, file, `${at}.issueUtilities["${issue}"]`);
  const weights: Record<string, number> = {};
  for (const [issue, w] of Object.entries(space.issueWeights)) {
    weights[issue] = num(w, file, `${at}.issueWeights["${issue}"]`);
    if (weights[issue] < 0)
      throw formatError(file, `${at}.issueWeights["${issue}"]`, "weights cannot be negative");
  }
  let reservationBid: Record<string, string | number> | null = null;
  if (space.reservationBid !== undefined && space.reservationBid !== null) {
    const bid = isObject(space.reservationBid) ? space.reservationBid.issuevalues : undefined;
    if (!isObject(bid)) throw formatError(file, `${at}.reservationBid`, 'expected { "issuevalues": { … } }');
    reservationBid = {};
    for (const [k, v] of Object.entries(bid)) {
      if (typeof v !== "string" && typeof v !== "number")
        throw formatError(file, `${at}.reservationBid.issuevalues["${k}"]`, "expected a value or a number");
      reservationBid[k] = v;
    }
  }
  return {
    kind: "profile",
    file,
    name: typeof space.name === "string" ? space.name : "",
    domain,
    utilities,
    weights,
    reservationBid,
  };
}

/** GeniusWeb's number utility: linear between low and high, 0 outside, rounded to 8 decimals. */
export function numberUtility(u: WebUtility & { kind: "number" }, x: number): number {
  if (x < u.lowValue || x > u.highValue) return 0;
  if (u.highValue === u.lowValue) return round8(u.lowUtility);
  return round8(
    u.lowUtility + ((u.highUtility - u.lowUtility) * (x - u.lowValue)) / (u.highValue - u.lowValue),
  );
}

function round8(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

/** The values a numeric range enumerates: low, low + step, …, up to high. */
export function rangeValues(issue: WebIssue & { kind: "number" }): number[] {
  const n = Math.floor((issue.high - issue.low) / issue.step + 1e-9) + 1;
  return Array.from({ length: n }, (_, k) => issue.low + k * issue.step);
}

export interface WebImport {
  scenario: ScenarioInput;
  warnings: string[];
}

/** Translates a GeniusWeb domain and its profiles into a scenario (not yet validated). */
export function geniusWebToScenario(domain: WebDomain, profiles: WebProfile[]): WebImport {
  const warnings: string[] = [];
  const issueIds = new IdAllocator();
  const optionIds = new Map<string, Map<string, string>>();
  const issues: Issue[] = domain.issues.map((wi): Issue => {
    const id = issueIds.take(wi.name);
    const name = wi.name === id ? undefined : wi.name;
    if (wi.kind === "discrete") {
      const made = categoricalIssue(id, name, wi.values);
      optionIds.set(wi.name, made.optionIds);
      return made.issue;
    }
    const values = rangeValues(wi);
    const last = values[values.length - 1];
    if (Math.abs(last - wi.high) > 1e-9)
      warnings.push(
        `${domain.file}: issue "${wi.name}": the range [${wi.low}, ${wi.high}] step ${wi.step} stops at ${last}`,
      );
    if ([wi.low, wi.step].every(Number.isInteger))
      return { id, ...(name ? { name } : {}), type: "integer", min: wi.low, max: last, step: wi.step };
    return { id, ...(name ? { name } : {}), type: "real", min: wi.low, max: last, resolution: values.length };
  });
  const issueIdOf = new Map(domain.issues.map((wi, k) => [wi.name, issues[k].id]));

  const partyIds = new IdAllocator();
  const parties: Party[] = profiles.map((profile) => {
    const base = baseName(profile.file);
    const id = partyIds.take(base);
    const weights: Record<string, number> = {};
    const values: Preferences["values"] = {};
    for (const key of [...Object.keys(profile.weights), ...Object.keys(profile.utilities)])
      if (!issueIdOf.has(key))
        throw formatError(profile.file, `issue "${key}"`, `not an issue of domain ${domain.file}`);
    domain.issues.forEach((wi, k) => {
      const issueId = issues[k].id;
      const w = profile.weights[wi.name] ?? 0;
      weights[issueId] = w;
      const u = profile.utilities[wi.name];
      if (!u) {
        if (w > 0)
          throw formatError(
            profile.file,
            `issueUtilities["${wi.name}"]`,
            `missing, but the issue has weight ${w}`,
          );
        return;
      }
      if (wi.kind === "discrete") {
        if (u.kind !== "discrete")
          throw formatError(
            profile.file,
            `issueUtilities["${wi.name}"]`,
            "a discrete issue needs discrete utilities",
          );
        const map = optionIds.get(wi.name)!;
        const table: Record<string, number> = {};
        for (const [v, x] of Object.entries(u.valueUtilities)) {
          if (!map.has(v))
            throw formatError(
              profile.file,
              `issueUtilities["${wi.name}"].valueUtilities["${v}"]`,
              `"${v}" is not a value of the issue`,
            );
          if (x < 0 || x > 1)
            throw formatError(
              profile.file,
              `issueUtilities["${wi.name}"].valueUtilities["${v}"]`,
              `utility ${x} lies outside [0, 1]`,
            );
        }
        for (const v of wi.values) table[map.get(v)!] = u.valueUtilities[v] ?? 0;
        values[issueId] = table;
      } else {
        if (u.kind !== "number")
          throw formatError(
            profile.file,
            `issueUtilities["${wi.name}"]`,
            "a numeric issue needs number utilities",
          );
        values[issueId] = { piecewise: numberPoints(u, rangeValues(wi)) };
      }
    });
    const sum = Object.values(weights).reduce((a, b) => a + b, 0);
    // Beyond the validator's tolerance the scenario must say normalize, or it would not validate.
    const normalize = Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE;
    if (Math.abs(sum - 1) > 1e-9)
      warnings.push(`${profile.file}: the weights sum to ${sum}; Zopa divides each by the sum`);
    const party: Party = {
      id,
      name: profile.name || base,
      role: "principal",
      preferences: { weights, values, normalize },
    };
    if (profile.reservationBid) {
      const outcome: Record<string, IssueValue> = {};
      for (const [key, v] of Object.entries(profile.reservationBid)) {
        const wi = domain.issues.find((i) => i.name === key);
        if (!wi)
          throw formatError(
            profile.file,
            `reservationBid.issuevalues["${key}"]`,
            "not an issue of the domain",
          );
        if (wi.kind === "discrete") {
          const oid = optionIds.get(wi.name)!.get(String(v));
          if (oid === undefined)
            throw formatError(
              profile.file,
              `reservationBid.issuevalues["${key}"]`,
              `"${v}" is not a value of the issue`,
            );
          outcome[issueIdOf.get(key)!] = oid;
        } else outcome[issueIdOf.get(key)!] = Number(v);
      }
      if (Object.keys(outcome).length === domain.issues.length) party.reservation = { outcome };
      else {
        const rv = webUtility(profile, domain, profile.reservationBid);
        warnings.push(
          `${profile.file}: the reservation bid is partial; kept as its utility ${rv} (the bid itself is lost)`,
        );
        if (rv > 0) party.reservation = Math.min(1, rv);
      }
    }
    return party;
  });

  return {
    scenario: {
      zopa: 1,
      meta: {
        id: slugify(domain.name || baseName(domain.file)),
        title: domain.name || baseName(domain.file),
        summary: `Imported from GeniusWeb JSON: ${[domain.file, ...profiles.map((p) => p.file)].map(baseName).join(", ")}.`,
      },
      issues,
      parties,
    },
    warnings,
  };
}

/**
 * Piecewise points reproducing the number utility at every enumerated value: the low–high segment, with a
 * drop to 0 just outside it when the range extends beyond [lowValue, highValue].
 */
function numberPoints(u: WebUtility & { kind: "number" }, grid: number[]): [number, number][] {
  const inside = grid.filter((x) => x >= u.lowValue && x <= u.highValue);
  if (inside.length === grid.length && u.highValue > u.lowValue)
    return [
      [u.lowValue, round8(u.lowUtility)],
      [u.highValue, round8(u.highUtility)],
    ];
  return grid.map((x) => [x, numberUtility(u, x)]);
}

/** A profile's utility of a (possibly partial) bid, as GeniusWeb computes it. */
export function webUtility(
  profile: WebProfile,
  domain: WebDomain,
  bid: Record<string, string | number>,
): number {
  let total = 0;
  for (const wi of domain.issues) {
    const v = bid[wi.name];
    const u = profile.utilities[wi.name];
    if (v === undefined || !u) continue;
    const w = profile.weights[wi.name] ?? 0;
    total += w * (u.kind === "discrete" ? (u.valueUtilities[String(v)] ?? 0) : numberUtility(u, Number(v)));
  }
  return total;
}
