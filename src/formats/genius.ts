/**
 * GENIUS XML (ANAC 2010–2018) → our scenario. A domain file (root `negotiation_template`, or a bare
 * `utility_space` without evaluations) declares the issues; each profile file (root `utility_space`) repeats
 * them with evaluations, weights, a reservation value and a discount factor. Files are told apart by their
 * root element and content, never by their name. See docs/formats.md for what is kept and what is lost.
 */

import { formatError } from "../errors.ts";
import type { Issue, Party, Preferences, ScenarioInput } from "../scenario/schema.ts";
import { baseName, categoricalIssue, IdAllocator, slugify } from "./ids.ts";
import { attr, childrenNamed, numberAttr, parseXml, where, type XmlElement } from "./xml.ts";

/** Why a nonlinear profile cannot become a scenario; `zopa analyze` analyses such scenarios approximately. */
export const NONLINEAR_UNSUPPORTED =
  "nonlinear (ANAC 2014 hyper-rectangle) utility functions are not supported here: Zopa's scenario model is linear additive; only `zopa analyze` supports them (an approximate analysis)";

/** Values enumerated for a real (continuous) GENIUS issue; the importer warns each time it applies. */
export const DEFAULT_REAL_RESOLUTION = 11;

export type GeniusIssue =
  | { index: number; name: string; type: "discrete"; values: string[]; el: XmlElement }
  | { index: number; name: string; type: "integer"; lower: number; upper: number; el: XmlElement }
  | { index: number; name: string; type: "real"; lower: number; upper: number; el: XmlElement };

/** A value function as written in a profile. */
export type GeniusEvaluator =
  | { kind: "discrete"; evaluations: Map<string, number> }
  | { kind: "linear"; slope: number; offset: number }
  | { kind: "real"; ftype: "linear" | "constant" | "triangular"; params: number[] };

export interface GeniusDomain {
  kind: "domain";
  file: string;
  name: string;
  issues: GeniusIssue[];
  /** Quirks tolerated while reading (duplicate items, …). */
  warnings: string[];
}

export interface GeniusProfile {
  kind: "profile";
  file: string;
  issues: GeniusIssue[];
  /** Issue index → evaluator. */
  evaluators: Map<number, GeniusEvaluator>;
  /** Issue index → effective weight (product along nested objectives). */
  weights: Map<number, number>;
  reservation: number | null;
  discount: number | null;
  /** Quirks tolerated while reading (duplicate items, …). */
  warnings: string[];
}

export type GeniusFile = GeniusDomain | GeniusProfile;

function walk(
  el: XmlElement,
  visit: (e: XmlElement, ancestors: XmlElement[]) => void,
  up: XmlElement[] = [],
) {
  visit(el, up);
  for (const c of el.children) walk(c, visit, [...up, el]);
}

function issueType(el: XmlElement): string {
  return (attr(el, "vtype") ?? attr(el, "type") ?? attr(el, "etype") ?? "discrete").trim().toLowerCase();
}

/** Issues of an objective tree, in document order; `<similarity_function>` items are not issue items. */
function readIssues(
  root: XmlElement,
  file: string,
  tolerateDuplicates = false,
  warnings: string[] = [],
): GeniusIssue[] {
  const out: GeniusIssue[] = [];
  walk(root, (el) => {
    if (el.name.toLowerCase() !== "issue") return;
    const index = numberAttr(el, "index");
    const name = attr(el, "name")?.trim();
    if (!name) throw formatError(file, where(el), "an issue needs a name attribute");
    if (!Number.isFinite(index)) throw formatError(file, where(el), "an issue needs a numeric index");
    const type = issueType(el);
    if (type === "discrete") {
      const values = childrenNamed(el, "item").map((item) => {
        const v = attr(item, "value");
        if (v === undefined) throw formatError(file, where(item), "an item needs a value attribute");
        return v;
      });
      if (values.length === 0) throw formatError(file, where(el), "a discrete issue needs <item> children");
      const dup = values.find((v, k) => values.indexOf(v) !== k);
      if (dup !== undefined) {
        warnings.push(
          `${file}: ${where(el)}: the value "${dup}" appears twice; kept once${tolerateDuplicates ? " (the last evaluation counts)" : ""}`,
        );
      }
      out.push({ index, name, type, values: [...new Set(values)], el });
    } else if (type === "integer" || type === "real") {
      const range = childrenNamed(el, "range")[0];
      let lower = numberAttr(el, "lowerbound");
      let upper = numberAttr(el, "upperbound");
      if (range && Number.isNaN(lower)) lower = numberAttr(range, "lowerbound");
      if (range && Number.isNaN(upper)) upper = numberAttr(range, "upperbound");
      if (!Number.isFinite(lower) || !Number.isFinite(upper))
        throw formatError(file, where(el), `a ${type} issue needs numeric lowerbound and upperbound`);
      if (upper < lower)
        throw formatError(file, where(el), `upperbound ${upper} is below lowerbound ${lower}`);
      if (type === "integer" && (!Number.isInteger(lower) || !Number.isInteger(upper)))
        throw formatError(file, where(el), "an integer issue needs integer bounds");
      out.push({ index, name, type, lower, upper, el });
    } else
      throw formatError(file, where(el), `unknown issue type "${type}" (expected discrete, integer or real)`);
  });
  const seen = new Map<number, GeniusIssue>();
  for (const issue of out) {
    if (seen.has(issue.index))
      throw formatError(file, where(issue.el), `issue index ${issue.index} is used twice`);
    seen.set(issue.index, issue);
  }
  return out;
}

/** Whether a `<utility_space>` root is an ANAC 2014 nonlinear (hyper-rectangle) profile. */
export function isNonlinear(root: XmlElement): boolean {
  if ((attr(root, "type") ?? "").toLowerCase() === "nonlinear") return true;
  let found = false;
  walk(root, (el) => {
    const n = el.name.toLowerCase();
    if (n === "hyperrectangle" || n === "ufun") found = true;
  });
  return found;
}

function readEvaluator(issue: GeniusIssue, file: string): GeniusEvaluator | null {
  const el = issue.el;
  if (issue.type === "discrete") {
    const evaluations = new Map<string, number>();
    let any = false;
    for (const item of childrenNamed(el, "item")) {
      const raw = attr(item, "evaluation");
      if (raw === undefined || raw.trim() === "" || raw.trim().toLowerCase() === "null") continue;
      const v = numberAttr(item, "evaluation");
      if (!Number.isFinite(v)) throw formatError(file, where(item), `evaluation "${raw}" is not a number`);
      if (v < 0) throw formatError(file, where(item), `evaluation ${v} is negative`);
      evaluations.set(attr(item, "value") ?? "", v);
      any = true;
    }
    return any ? { kind: "discrete", evaluations } : null;
  }
  const ev = childrenNamed(el, "evaluator")[0];
  if (!ev) return null;
  const ftype = (attr(ev, "ftype") ?? "linear").trim().toLowerCase();
  if (issue.type === "integer") {
    if (ftype !== "linear")
      throw formatError(file, where(ev), `integer evaluators are linear; got ftype "${ftype}"`);
    const slope = numberAttr(ev, "slope");
    const offset = numberAttr(ev, "offset");
    if (!Number.isFinite(slope) || !Number.isFinite(offset))
      throw formatError(file, where(ev), "a linear integer evaluator needs numeric slope and offset");
    return { kind: "linear", slope, offset };
  }
  if (ftype !== "linear" && ftype !== "constant" && ftype !== "triangular")
    throw formatError(
      file,
      where(ev),
      `real evaluator ftype "${ftype}" is not supported (linear, constant, triangular are)`,
    );
  const params = [0, 1, 2].map((k) => numberAttr(ev, `parameter${k}`));
  const needed = ftype === "linear" ? 2 : ftype === "constant" ? 1 : 1;
  for (let k = 0; k < needed; k++)
    if (!Number.isFinite(params[k]))
      throw formatError(file, where(ev), `a ${ftype} real evaluator needs a numeric parameter${k}`);
  return { kind: "real", ftype, params };
}

/** Weights per issue index; nested objectives multiply their own weight into their issues'. */
function readWeights(root: XmlElement, issues: GeniusIssue[], file: string): Map<number, number> {
  const out = new Map<number, number>();
  const visit = (objective: XmlElement, factor: number) => {
    const local = new Map<number, number>();
    for (const w of childrenNamed(objective, "weight")) {
      const index = numberAttr(w, "index");
      const value = numberAttr(w, "value");
      if (!Number.isFinite(index) || !Number.isFinite(value))
        throw formatError(file, where(w), "a weight needs a numeric index and value");
      if (value < 0) throw formatError(file, where(w), `weight ${value} is negative`);
      local.set(index, value);
    }
    for (const child of objective.children) {
      const n = child.name.toLowerCase();
      const index = numberAttr(child, "index");
      if (n === "issue") out.set(index, factor * (local.get(index) ?? 0));
      else if (n === "objective") visit(child, factor * (local.get(index) ?? 1));
    }
  };
  for (const top of childrenNamed(root, "objective")) visit(top, 1);
  for (const issue of issues) if (!out.has(issue.index)) out.set(issue.index, 0);
  return out;
}

function optionalValue(root: XmlElement, name: string, file: string): number | null {
  const el = childrenNamed(root, name)[0];
  if (!el) return null;
  const v = numberAttr(el, "value");
  if (!Number.isFinite(v)) throw formatError(file, where(el), "the value attribute is not a number");
  return v;
}

/** Reads one GENIUS XML file; `file` names it in errors. Throws FormatError on anything unusable. */
export function readGeniusXml(text: string, file: string): GeniusFile {
  return geniusFileOf(parseXml(text, file), file);
}

/** `readGeniusXml` on an already parsed root element (null: the file held no element). */
export function geniusFileOf(root: XmlElement | null, file: string): GeniusFile {
  if (!root) throw formatError(file, null, "no XML element found: is this a GENIUS file?");
  const rootName = root.name.toLowerCase();
  if (rootName === "negotiation_template") {
    const space = childrenNamed(root, "utility_space")[0];
    if (!space) throw formatError(file, where(root), "a GENIUS domain needs a <utility_space> element");
    const warnings: string[] = [];
    const issues = readIssues(space, file, false, warnings);
    if (issues.length === 0) throw formatError(file, where(space), "the domain declares no issues");
    const objective = childrenNamed(space, "objective")[0];
    return { kind: "domain", file, name: objective ? (attr(objective, "name") ?? "") : "", issues, warnings };
  }
  if (rootName !== "utility_space")
    throw formatError(
      file,
      where(root),
      "the root element is neither <negotiation_template> (a GENIUS domain) nor <utility_space> (a profile)",
    );
  if (isNonlinear(root)) throw formatError(file, where(root), NONLINEAR_UNSUPPORTED, "unsupported");
  const warnings: string[] = [];
  const issues = readIssues(root, file, true, warnings);
  if (issues.length === 0) throw formatError(file, where(root), "the profile declares no issues");
  const evaluators = new Map<number, GeniusEvaluator>();
  for (const issue of issues) {
    const ev = readEvaluator(issue, file);
    if (ev) evaluators.set(issue.index, ev);
  }
  const weights = readWeights(root, issues, file);
  // A utility_space without any evaluation or weight is a domain written without the template wrapper.
  if (
    evaluators.size === 0 &&
    childrenNamed(root, "reservation").length === 0 &&
    [...weights.values()].every((w) => w === 0)
  ) {
    const objective = childrenNamed(root, "objective")[0];
    return { kind: "domain", file, name: objective ? (attr(objective, "name") ?? "") : "", issues, warnings };
  }
  return {
    kind: "profile",
    file,
    issues,
    evaluators,
    weights,
    reservation: optionalValue(root, "reservation", file),
    discount: optionalValue(root, "discount_factor", file),
    warnings,
  };
}

/** Matches a profile's issue to the domain's: by index when the names agree, else by name. */
function matchIssue(domainIssue: GeniusIssue, profile: GeniusProfile): GeniusIssue | undefined {
  const byIndex = profile.issues.find((i) => i.index === domainIssue.index);
  if (byIndex && byIndex.name === domainIssue.name) return byIndex;
  return profile.issues.find((i) => i.name === domainIssue.name) ?? byIndex;
}

/** Piecewise points of clamp(f, 0, 1) for a linear f(x) = a + b·x on [lo, hi], with the clamp breakpoints. */
export function clampedLinear(a: number, b: number, lo: number, hi: number): [number, number][] {
  const xs = new Set<number>([lo, hi]);
  if (b !== 0)
    for (const level of [0, 1]) {
      const x = (level - a) / b;
      if (x > lo && x < hi) xs.add(x);
    }
  const clamp = (y: number) => Math.min(1, Math.max(0, y));
  const sorted = [...xs].sort((p, q) => p - q);
  if (sorted.length === 1) return [[lo, clamp(a + b * lo)]];
  return sorted.map((x) => [x, clamp(a + b * x)]);
}

export interface GeniusImport {
  scenario: ScenarioInput;
  warnings: string[];
}

export interface GeniusImportOptions {
  /** Values enumerated for each real issue (default DEFAULT_REAL_RESOLUTION). */
  realResolution?: number;
}

/** Translates a GENIUS domain and its profiles into a scenario (not yet validated). */
export function geniusToScenario(
  domain: GeniusDomain,
  profiles: GeniusProfile[],
  options: GeniusImportOptions = {},
): GeniusImport {
  const warnings: string[] = [...domain.warnings, ...profiles.flatMap((p) => p.warnings)];
  const resolution = options.realResolution ?? DEFAULT_REAL_RESOLUTION;
  const issueIds = new IdAllocator();
  const optionIds = new Map<number, Map<string, string>>();
  const issues: Issue[] = domain.issues.map((gi): Issue => {
    const id = issueIds.take(gi.name);
    const name = gi.name === id ? undefined : gi.name;
    if (gi.type === "discrete") {
      const made = categoricalIssue(id, name, gi.values);
      optionIds.set(gi.index, made.optionIds);
      return made.issue;
    }
    if (gi.type === "integer")
      return { id, ...(name ? { name } : {}), type: "integer", min: gi.lower, max: gi.upper, step: 1 };
    warnings.push(
      `${domain.file}: real issue "${gi.name}" is continuous in GENIUS; Zopa enumerates it at ${resolution} evenly spaced values (set resolution in the scenario to change this)`,
    );
    return { id, ...(name ? { name } : {}), type: "real", min: gi.lower, max: gi.upper, resolution };
  });

  const partyIds = new IdAllocator();
  const parties: Party[] = profiles.map((profile) => {
    const base = baseName(profile.file);
    const id = partyIds.take(base);
    const weights: Record<string, number> = {};
    const values: Preferences["values"] = {};
    domain.issues.forEach((gi, k) => {
      const issueId = issues[k].id;
      const pi = matchIssue(gi, profile);
      if (!pi)
        throw formatError(
          profile.file,
          null,
          `the profile has no issue "${gi.name}" (index ${gi.index}) of domain ${domain.file}`,
        );
      if (pi.type !== gi.type)
        throw formatError(
          profile.file,
          where(pi.el),
          `the issue is ${pi.type} here but ${gi.type} in domain ${domain.file}`,
        );
      const w = profile.weights.get(pi.index) ?? 0;
      weights[issueId] = w;
      const ev = profile.evaluators.get(pi.index);
      if (!ev) {
        if (w > 0)
          throw formatError(profile.file, where(pi.el), `the issue has weight ${w} but no evaluations`);
        return;
      }
      if (gi.type === "discrete" && ev.kind === "discrete") {
        const map = optionIds.get(gi.index)!;
        const max = Math.max(0, ...ev.evaluations.values());
        const table: Record<string, number> = {};
        for (const v of gi.values) {
          const e = ev.evaluations.get(v);
          if (e === undefined) {
            if (w > 0)
              warnings.push(
                `${profile.file}: issue "${gi.name}": value "${v}" has no evaluation; it scores 0`,
              );
            table[map.get(v)!] = 0;
          } else table[map.get(v)!] = max > 1 ? e / max : e;
        }
        for (const v of ev.evaluations.keys())
          if (!map.has(v))
            throw formatError(
              profile.file,
              where(pi.el),
              `value "${v}" is not a value of issue "${gi.name}" in domain ${domain.file}`,
            );
        values[issueId] = table;
      } else if (gi.type === "integer" && ev.kind === "linear") {
        // score = clamp(slope·(x − lowerbound) + offset, 0, 1)
        values[issueId] = {
          piecewise: clampedLinear(ev.offset - ev.slope * gi.lower, ev.slope, gi.lower, gi.upper),
        };
      } else if (gi.type === "real" && ev.kind === "real") {
        values[issueId] = { piecewise: realPoints(ev, gi.lower, gi.upper) };
      } else throw formatError(profile.file, where(pi.el), "the evaluator does not fit the issue type");
    });
    const sum = Object.values(weights).reduce((a, b) => a + b, 0);
    const asGiven = Math.abs(sum - 1) > 1e-9;
    if (asGiven)
      warnings.push(
        `${profile.file}: the weights sum to ${sum}; kept as given with utilities capped at 1, as GENIUS does (weightsAsGiven: true)`,
      );
    const party: Party = {
      id,
      name: base,
      role: "principal",
      preferences: {
        weights,
        values,
        normalize: false,
        ...(asGiven ? { weightsAsGiven: true } : {}),
      },
    };
    if (profile.reservation !== null) {
      if (profile.reservation < 0 || profile.reservation > 1) {
        warnings.push(
          `${profile.file}: reservation value ${profile.reservation} lies outside [0, 1]; clamped to ${Math.min(1, Math.max(0, profile.reservation))}`,
        );
      }
      const rv = Math.min(1, Math.max(0, profile.reservation));
      if (rv > 0) party.reservation = rv;
    }
    const d = profile.discount;
    if (d !== null && d > 0 && d < 1) party.discount = d;
    else if (d !== null && (d < 0 || d > 1))
      warnings.push(
        `${profile.file}: discount factor ${d} lies outside (0, 1]: no discounting, as in GENIUS`,
      );
    return party;
  });

  const title = domain.name && domain.name !== "root" ? domain.name : baseName(domain.file);
  return {
    scenario: {
      zopa: 1,
      meta: {
        id: slugify(baseName(domain.file)),
        title,
        summary: `Imported from GENIUS XML: ${[domain.file, ...profiles.map((p) => p.file)].map(baseName).join(", ")}.`,
      },
      issues,
      parties,
    },
    warnings,
  };
}

/** Piecewise points for a real evaluator on [lo, hi] (linear and constant exactly; triangular exactly). */
function realPoints(ev: GeniusEvaluator & { kind: "real" }, lo: number, hi: number): [number, number][] {
  const [p0, p1] = ev.params;
  if (ev.ftype === "linear") return clampedLinear(p0, p1, lo, hi);
  if (ev.ftype === "constant") return [[lo, Math.min(1, Math.max(0, p0))]];
  // triangular: 0 at the issue's bounds, 1 at the top (parameter0), linear in between.
  const top = Math.min(hi, Math.max(lo, p0));
  const pts: [number, number][] = [];
  if (top > lo) pts.push([lo, 0]);
  pts.push([top, 1]);
  if (top < hi) pts.push([hi, 0]);
  return pts;
}
