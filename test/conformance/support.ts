/** Helpers for the conformance suite: loading shared scenarios and reading their outcomes in original names. */
import { join } from "node:path";
import type { Point } from "../../src/analysis/point.ts";
import { loadScenarioFromPaths } from "../../src/formats/index.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { sharedDataDir } from "../support/shared.ts";

export function shared(...parts: string[]): string {
  return join(sharedDataDir() ?? "", ...parts);
}

export function load(...paths: string[]): Scenario {
  return loadScenarioFromPaths(paths).scenario;
}

/** A GENIUS scenario from one folder: the domain and named profiles. */
export function genius(folder: string, domain: string, ...profiles: string[]): Scenario {
  return load(...[domain, ...profiles].map((f) => shared("genius", folder, f)));
}

/** An outcome in the file's own names: original issue names and value labels. */
export function originalBid(scenario: Scenario, outcome: Point["outcome"]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const issue of scenario.issues) {
    const v = outcome[issue.id];
    const name = issue.name ?? issue.id;
    if (issue.type === "categorical" || issue.type === "ordinal") {
      const option = issue.options.find((o) => o.id === v);
      out[name] = option?.label ?? String(v);
    } else out[name] = v;
  }
  return out;
}

export function bidKey(bid: Record<string, string | number>): string {
  return JSON.stringify(
    Object.keys(bid)
      .sort()
      .map((k) => [k, bid[k]]),
  );
}

/** Utilities of a point in the order of the given party ids. */
export function utilities(point: Point | null, parties: string[]): number[] {
  if (!point) throw new Error("no point");
  return parties.map((p) => point.utilities[p]);
}

/** Distinct utility vectors (to 1e-9) among points. */
export function distinctVectors(points: Point[], parties: string[]): number {
  return new Set(points.map((p) => parties.map((id) => p.utilities[id].toFixed(9)).join(","))).size;
}
