/**
 * Our scenario → GeniusWeb JSON: a domain file (`<id>.json`) and a LinearAdditiveUtilitySpace profile per
 * party with preferences (`<party id>.json`, embedding the domain). Numeric issues become ranges with
 * NumberValueSetUtilities when every value function is a line over the range; others become discrete issues.
 * The reservation is a bid: an outcome reservation is written as is; a reservation number only when some
 * outcome has exactly that utility. Returns the files and warnings; writes nothing.
 */
import type { Scenario } from "../scenario/schema.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { decodeOutcome } from "../space/outcome.ts";
import { utilityOf } from "../space/utility.ts";
import { type ExportFile, exportModel } from "./exportModel.ts";

export interface GeniusWebExport {
  files: ExportFile[];
  warnings: string[];
}

/** Spaces up to this size are searched for a bid whose utility is the reservation value. */
const RESERVATION_SEARCH_LIMIT = 2_000_000;

function isLine(xs: number[], v: ArrayLike<number>): boolean {
  const n = xs.length;
  if (n === 1) return true;
  const slope = (v[n - 1] - v[0]) / (xs[n - 1] - xs[0]);
  for (let k = 0; k < n; k++) if (Math.abs(v[0] + slope * (xs[k] - xs[0]) - v[k]) > 1e-12) return false;
  return true;
}

export function exportGeniusWeb(scenario: Scenario): GeniusWebExport {
  const model = exportModel(scenario, "GeniusWeb");
  const warnings = [...model.warnings];
  const numeric = model.issues.map((ei, i) => {
    if (ei.issue.type !== "integer" && ei.issue.type !== "real") return false;
    const xs = ei.values as number[];
    if (model.parties.every((p) => isLine(xs, p.values[i]))) return true;
    warnings.push(
      `issue "${ei.issue.id}" written as a discrete issue of its ${xs.length} values: a value function is not linear over the range (GeniusWeb number utilities are)`,
    );
    return false;
  });
  const issuesValues: Record<string, unknown> = {};
  model.issues.forEach((ei, i) => {
    if (!numeric[i]) {
      issuesValues[ei.name] = { values: ei.labels };
      return;
    }
    const xs = ei.values as number[];
    const step = xs.length > 1 ? (xs[xs.length - 1] - xs[0]) / (xs.length - 1) : 1;
    issuesValues[ei.name] = { range: [xs[0], xs[xs.length - 1], step] };
  });
  const domain = { name: model.id, issuesValues };
  const files: ExportFile[] = [{ name: `${model.id}.json`, text: `${JSON.stringify(domain, null, 2)}\n` }];
  const space = model.space;

  for (const party of model.parties) {
    const issueUtilities: Record<string, unknown> = {};
    const issueWeights: Record<string, number> = {};
    model.issues.forEach((ei, i) => {
      const v = party.values[i];
      issueWeights[ei.name] = party.weights[i];
      if (numeric[i]) {
        const xs = ei.values as number[];
        issueUtilities[ei.name] = {
          NumberValueSetUtilities: {
            lowValue: xs[0],
            lowUtility: v[0],
            highValue: xs[xs.length - 1],
            highUtility: v[v.length - 1],
          },
        };
        if ([v[0], v[v.length - 1]].some((u) => Math.abs(Math.round(u * 1e8) / 1e8 - u) > 1e-15))
          warnings.push(
            `party "${party.id}", issue "${ei.issue.id}": GeniusWeb rounds number utilities to 8 decimals`,
          );
      } else {
        const valueUtilities: Record<string, number> = {};
        ei.labels.forEach((l, k) => {
          valueUtilities[l] = v[k];
        });
        issueUtilities[ei.name] = { DiscreteValueSetUtilities: { valueUtilities } };
      }
    });
    if (party.weightsAsGiven) {
      const sum = party.weights.reduce((a, b) => a + b, 0);
      const scaled = sum > 0 ? party.weights.map((w) => w / sum) : party.weights;
      model.issues.forEach((ei, i) => {
        issueWeights[ei.name] = scaled[i];
      });
      if (Math.abs(sum - 1) > 1e-12)
        warnings.push(
          `party "${party.id}": weights summing to ${sum} (used as given, capped at 1) are rescaled to sum 1: GeniusWeb weights must sum to 1, so utilities change`,
        );
    }
    if (party.discount !== null)
      warnings.push(
        `party "${party.id}": discount factor ${party.discount} not written (GeniusWeb linear additive profiles have none)`,
      );
    const profile: Record<string, unknown> = { issueUtilities, issueWeights, domain, name: party.id };
    const bid = reservationBid(party, model, space, numeric, warnings);
    if (bid) profile.reservationBid = { issuevalues: bid };
    files.push({
      name: `${party.id}.json`,
      text: `${JSON.stringify({ LinearAdditiveUtilitySpace: profile }, null, 2)}\n`,
    });
  }
  return { files, warnings };
}

function reservationBid(
  party: ReturnType<typeof exportModel>["parties"][number],
  model: ReturnType<typeof exportModel>,
  space: CompiledSpace,
  numeric: boolean[],
  warnings: string[],
): Record<string, string | number> | null {
  const bidValue = (i: number, k: number): string | number =>
    numeric[i] ? (model.issues[i].values[k] as number) : model.issues[i].labels[k];
  if (party.reservationOutcome) {
    const out: Record<string, string | number> = {};
    model.issues.forEach((ei, i) => {
      const v = party.reservationOutcome![ei.issue.id];
      const k = ei.values.findIndex(
        (x) => x === v || (typeof x === "number" && typeof v === "number" && Math.abs(x - v) < 1e-9),
      );
      out[ei.name] = k >= 0 ? bidValue(i, k) : (v as number);
    });
    return out;
  }
  if (party.reservation <= 0) return null;
  const compiled = space.parties.find((p) => p.id === party.id)!;
  if (!(space.size <= RESERVATION_SEARCH_LIMIT)) {
    warnings.push(
      `party "${party.id}": reservation value ${party.reservation} not written: GeniusWeb needs a reservation bid, and the space is too large to search for one`,
    );
    return null;
  }
  const digits = new Int32Array(space.issues.length);
  for (let x = 0; x < space.size; x++) {
    decodeOutcome(space, x, digits);
    if (Math.abs(utilityOf(compiled, digits) - party.reservation) <= 1e-12) {
      const out: Record<string, string | number> = {};
      model.issues.forEach((ei, i) => {
        out[ei.name] = bidValue(i, digits[i]);
      });
      return out;
    }
  }
  warnings.push(
    `party "${party.id}": reservation value ${party.reservation} not written: no outcome has exactly that utility, and GeniusWeb stores the reservation as a bid`,
  );
  return null;
}
