/**
 * What both exporters need from a scenario: per issue its enumerated values and display names, and per party
 * with preferences its weights (as the analysis uses them), value tables, reservation value and discount,
 * plus warnings for everything the field's linear additive formats cannot carry.
 */

import { issueDomain } from "../scenario/domain.ts";
import type { Issue, IssueValue, Scenario } from "../scenario/schema.ts";
import { type CompiledSpace, compileScenario, valueTable } from "../space/compile.ts";
import { exportError } from "./formatError.ts";

export interface ExportIssue {
  issue: Issue;
  /** The name written to the file: the issue's name, or its id. */
  name: string;
  values: IssueValue[];
  /** The value names written for discrete issues: option labels (the imported originals) or ids. */
  labels: string[];
}

export interface ExportParty {
  id: string;
  name: string;
  /** Weights as the analysis uses them (rescaled to sum 1 unless weightsAsGiven). */
  weights: number[];
  /** Per issue, per enumerated value, the value in [0, 1]. */
  values: Float64Array[];
  reservation: number;
  /** The reservation as an outcome, when the scenario gives it so. */
  reservationOutcome: Record<string, IssueValue> | null;
  discount: number | null;
  weightsAsGiven: boolean;
}

export interface ExportModel {
  id: string;
  title: string;
  issues: ExportIssue[];
  parties: ExportParty[];
  /** The compiled scenario, for exporters that evaluate outcomes (GeniusWeb's reservation bid). */
  space: CompiledSpace;
  warnings: string[];
}

/** A file to write: a name relative to the output folder, and its text. */
export interface ExportFile {
  name: string;
  text: string;
}

/** Throws ExportError when the format cannot carry the scenario at all. */
export function exportModel(scenario: Scenario, format: string): ExportModel {
  const warnings: string[] = [];
  const space = compileScenario(scenario);
  const issues: ExportIssue[] = scenario.issues.map((issue) => ({
    issue,
    name: issue.name ?? issue.id,
    values: issueDomain(issue),
    labels:
      issue.type === "categorical" || issue.type === "ordinal"
        ? issue.options.map((o) => o.label ?? o.id)
        : issueDomain(issue).map((v) => String(v)),
  }));
  issues.forEach((ei) => {
    // The first label seen twice (a Set: an issue may take 10^6 values).
    const seen = new Set<string>();
    const dup = ei.labels.find((l) => seen.size === seen.add(l).size);
    if (dup !== undefined)
      throw exportError(
        format,
        `issue "${ei.issue.id}" has two options labelled "${dup}": ${format} names values by label (give them distinct labels)`,
      );
  });
  const parties: ExportParty[] = [];
  scenario.parties.forEach((party, k) => {
    const prefs = party.preferences;
    if (!prefs) {
      warnings.push(
        `party "${party.id}" has no preferences: not written (${format} profiles are utility functions)`,
      );
      return;
    }
    if ((party.veto ?? party.role === "principal") === false)
      warnings.push(
        `party "${party.id}" does not need to agree (${party.role}); ${format} has no such notion: written as an ordinary profile`,
      );
    if (party.redLines?.length)
      warnings.push(
        `party "${party.id}": ${party.redLines.length} red line${party.redLines.length === 1 ? "" : "s"} (${party.redLines.map((r) => r.id).join(", ")}) cannot be written: ${format} has no hard constraints`,
      );
    const compiled = space.parties[k];
    const res = party.reservation;
    const reservationOutcome =
      res !== undefined && typeof res !== "number" && res.outcome
        ? (res.outcome as Record<string, IssueValue>)
        : null;
    parties.push({
      id: party.id,
      name: party.name,
      weights: Array.from(compiled.weights),
      values: scenario.issues.map((issue, i) => valueTable(issue, issues[i].values, prefs)),
      reservation: compiled.reservation,
      reservationOutcome,
      discount: party.discount ?? null,
      weightsAsGiven: prefs.weightsAsGiven === true,
    });
  });
  if (parties.length === 0)
    throw exportError(format, `no party has preferences: there is nothing to write as ${format} profiles`);
  if (scenario.variants.length)
    warnings.push(
      `${scenario.variants.length} variant(s) not written: ${format} has no what-if overlays (export each with --variant)`,
    );
  if (scenario.sources.length)
    warnings.push(`${scenario.sources.length} source(s) not written: ${format} has no provenance`);
  return { id: scenario.meta.id, title: scenario.meta.title, issues, parties, space, warnings };
}

/**
 * slope and offset with clamp(offset + slope·(x − x0), 0, 1) = values[k] at every x = xs[k], or null when the
 * values are not such a clamped line.
 */
export function fitClampedLine(
  xs: number[],
  values: ArrayLike<number>,
): { slope: number; offset: number } | null {
  const n = xs.length;
  const clamp = (y: number) => Math.min(1, Math.max(0, y));
  const fits = (slope: number, offset: number) => {
    for (let k = 0; k < n; k++)
      if (Math.abs(clamp(offset + slope * (xs[k] - xs[0])) - values[k]) > 1e-12) return false;
    return true;
  };
  if (n === 1) return { slope: 0, offset: values[0] };
  const candidates: [number, number][] = [[0, n - 1]];
  for (let k = 0; k + 1 < n; k++)
    if (values[k] > 0 && values[k] < 1 && values[k + 1] > 0 && values[k + 1] < 1) {
      candidates.unshift([k, k + 1]);
      break;
    }
  for (const [a, b] of candidates) {
    const slope = (values[b] - values[a]) / (xs[b] - xs[a]);
    const offset = values[a] - slope * (xs[a] - xs[0]);
    if (fits(slope, offset)) return { slope, offset };
  }
  return null;
}

/** Shortest decimal that reads back as the same double. */
export function num(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}
