/**
 * The scenario format conformance suite. An importer/exporter pair (`ScenarioFormat { read, write }`) must, for
 * every scenario it is given (seeded generated ones: 2 and 3 parties, reservation values, red lines; plus any
 * the caller adds): write the same files each time; read back the same outcome space and every party's utility of
 * every outcome to the format's documented precision, and every reservation value too unless a write warning
 * names it (GeniusWeb stores a reservation as a bid, which not every value has); give every warning as a
 * string; and refuse malformed input (a file cut short, emptied or replaced by text of another kind) with a
 * `format` ZopaError naming the file. `checkFormat` returns the checks as data. Pure: no I/O, no test runner.
 */
import { isZopaError } from "../errors.ts";
import type { ScenarioFile, ScenarioFormat } from "../formats/scenarioFormats.ts";
import type { Scenario } from "../scenario/schema.ts";
import { compileScenario } from "../space/compile.ts";
import { enumerateSpace } from "../space/enumerate.ts";
import { firstDifference } from "./equal.ts";
import { CheckList, type CheckReport, errorText } from "./report.ts";
import { registerChecks, type TestFunction } from "./runner.ts";
import { syntheticScenario } from "./scenarios.ts";

export type { ScenarioFile, ScenarioFormat } from "../formats/scenarioFormats.ts";

/** The checks of the format suite, in the order reported. */
export const FORMAT_CHECKS = {
  writes: "writes every scenario, the same files each time",
  reads: "reads back every scenario it wrote",
  space: "reads back the same outcome space",
  utilities: "reads back every party's utility of every outcome, to the format's precision",
  reservations: "reads back every reservation value to the format's precision, or warns that it cannot",
  warnings: "gives every warning as a non-empty string",
  malformed: "refuses malformed input with a format error naming the file",
} as const;

export interface FormatSuiteOptions {
  /** Number of generated scenarios; defaults to 6. */
  scenarios?: number;
  /** Seed of the generated scenarios; defaults to 0. */
  seed?: number;
  /** More scenarios to round-trip, by name (e.g. fixtures the format reads). */
  extra?: readonly { name: string; scenario: Scenario }[];
}

/** Every party's (capped) utility of every outcome, by party id, in outcome order. */
export function utilityColumns(scenario: Scenario): Map<string, Float64Array> {
  const space = compileScenario(scenario);
  const e = enumerateSpace(space);
  const out = new Map<string, Float64Array>();
  e.parties.forEach((k, slot) => {
    const cap = space.parties[k].cap;
    out.set(
      space.parties[k].id,
      e.utilities[slot].map((u) => Math.min(u, cap)),
    );
  });
  return out;
}

/**
 * How far `b`'s utilities are from `a`'s: null when the parties (ids, in order) or the outcome counts differ,
 * else the largest difference per party id.
 */
export function utilityGaps(a: Scenario, b: Scenario): { problem: string } | Map<string, number> {
  const ua = utilityColumns(a);
  const ub = utilityColumns(b);
  const diff = firstDifference([...ub.keys()], [...ua.keys()], "party ids");
  if (diff) return { problem: diff };
  const gaps = new Map<string, number>();
  for (const [id, col] of ua) {
    const other = ub.get(id)!;
    if (other.length !== col.length) return { problem: `outcome count ${other.length} vs ${col.length}` };
    let worst = 0;
    for (let x = 0; x < col.length; x++) worst = Math.max(worst, Math.abs(col[x] - other[x]));
    gaps.set(id, worst);
  }
  return gaps;
}

/** Each party of `b` with its reservation value in `b` and in `a` (undefined when `a` has no such party). */
export function reservationPairs(a: Scenario, b: Scenario): { id: string; before?: number; after: number }[] {
  const ra = new Map(compileScenario(a).parties.map((p) => [p.id, p.reservation]));
  return compileScenario(b).parties.map((p) => ({ id: p.id, before: ra.get(p.id), after: p.reservation }));
}

function generated(options: FormatSuiteOptions): { name: string; scenario: Scenario }[] {
  const base = options.seed ?? 0;
  const out = Array.from({ length: options.scenarios ?? 6 }, (_, s) => {
    const parties = s % 3 === 2 ? 3 : 2;
    return {
      name: `scenario ${s} (${parties} parties, seed ${300 + base + s})`,
      scenario: syntheticScenario([2 + (s % 3), 3, 2 + ((s + 1) % 3)], 300 + base + s, {
        parties,
        maxReservation: 0.6,
        redLines: s % 2 === 1,
      }),
    };
  });
  return [...out, ...(options.extra ?? [])];
}

/** Malformed variants of one file: cut short, emptied, replaced by text of another kind. */
function malformed(file: ScenarioFile): { how: string; text: string }[] {
  const other = file.text.trimStart().startsWith("<") ? '{ "issuesValues": 3 ' : "<utility_space><issue";
  return [
    { how: "cut in half", text: file.text.slice(0, Math.floor(file.text.length / 2)) },
    { how: "emptied", text: "" },
    { how: "replaced by broken text of another kind", text: other },
  ];
}

/** Runs the format suite. Never throws for a misbehaving format: every problem is a failed check. */
export async function checkFormat(
  format: ScenarioFormat,
  options: FormatSuiteOptions = {},
): Promise<CheckReport> {
  const C = FORMAT_CHECKS;
  const list = new CheckList(Object.values(C));
  const tol = format.precision;
  let written = 0;
  let refused = 0;
  let uncarried = 0;
  const checkWarnings = (where: string, warnings: unknown) => {
    if (!Array.isArray(warnings))
      list.fail(C.warnings, `${where}: warnings is ${typeof warnings}, not a list`);
    else {
      const bad = warnings.findIndex((w) => typeof w !== "string" || w.trim() === "");
      if (bad >= 0) list.fail(C.warnings, `${where}: warning ${bad} is ${JSON.stringify(warnings[bad])}`);
    }
  };
  for (const { name, scenario } of generated(options)) {
    let files: ScenarioFile[];
    let writeWarnings: string[] = [];
    try {
      const out = format.write(scenario);
      checkWarnings(`${name}, write`, out.warnings);
      writeWarnings = Array.isArray(out.warnings) ? out.warnings.filter((w) => typeof w === "string") : [];
      files = out.files;
      const again = format.write(scenario).files;
      const diff = firstDifference(files, again, "files");
      if (diff) list.fail(C.writes, `${name}: two writes differ at ${diff}`);
    } catch (e) {
      if (isZopaError(e, "export")) continue; // the format cannot carry this scenario, and says so
      list.fail(C.writes, `${name}: write threw ${errorText(e)}`);
      continue;
    }
    written++;
    let back: Scenario;
    try {
      const read = format.read(files);
      checkWarnings(`${name}, read`, read.warnings);
      back = read.scenario;
    } catch (e) {
      list.fail(C.reads, `${name}: reading back what was written threw ${errorText(e)}`);
      continue;
    }
    const [sa, sb] = [compileScenario(scenario), compileScenario(back)];
    const shape = (s: typeof sa) => s.issues.map((issue, i) => ({ issue: issue.id, options: s.radix[i] }));
    const spaceDiff = firstDifference(shape(sb), shape(sa), "issues");
    if (spaceDiff) list.fail(C.space, `${name}: read back ${spaceDiff} (read vs written)`);
    else {
      const gaps = utilityGaps(scenario, back);
      if ("problem" in gaps) list.fail(C.utilities, `${name}: ${gaps.problem}`);
      else
        for (const [id, gap] of gaps)
          if (!(gap <= tol))
            list.fail(
              C.utilities,
              `${name}: party ${id}'s utilities differ by up to ${gap} (precision ${tol})`,
            );
    }
    for (const r of reservationPairs(scenario, back)) {
      if (r.before !== undefined && Math.abs(r.before - r.after) <= tol) continue;
      // What a format cannot carry it must name: a warning about this party's reservation value.
      if (writeWarnings.some((w) => w.includes(`"${r.id}"`) && /reservation/i.test(w))) {
        uncarried++;
        continue;
      }
      list.fail(
        C.reservations,
        `${name}: reservation value of ${r.id}: ${r.before} written, ${r.after} read back, and no warning says so`,
      );
    }
    for (let f = 0; f < files.length; f++)
      for (const bad of malformed(files[f])) {
        const input = files.map((g, k) => (k === f ? { name: g.name, text: bad.text } : g));
        const where = `${name}: ${files[f].name} ${bad.how}`;
        try {
          format.read(input);
          list.fail(C.malformed, `${where}: read without an error`);
        } catch (e) {
          refused++;
          if (!isZopaError(e, "format"))
            list.fail(C.malformed, `${where}: threw ${errorText(e)}, not a format ZopaError`);
          else if (!e.message.includes(files[f].name) && e.location?.file !== files[f].name)
            list.fail(C.malformed, `${where}: the error does not name the file: ${e.message}`);
        }
      }
  }
  for (const name of Object.values(C))
    if (!list.hasFailed(name))
      list.note(name, name === C.malformed ? `${refused} malformed inputs` : `${written} scenarios`);
  if (uncarried && !list.hasFailed(C.reservations))
    list.note(
      C.reservations,
      `${written} scenarios; ${uncarried} reservation values not carried, each named in a warning`,
    );
  return list.report(format.name);
}

/** Registers the format suite with a test runner, one test per check. */
export function testFormat(
  test: TestFunction,
  format: ScenarioFormat,
  options: FormatSuiteOptions = {},
): void {
  registerChecks(test, format.name, Object.values(FORMAT_CHECKS), () => checkFormat(format, options));
}
