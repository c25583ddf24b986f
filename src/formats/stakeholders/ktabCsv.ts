/**
 * KTAB SMP CSV: line 1 `scenarioName, description, numActors, numDims, …`; line 2 the header `Actor, Description,
 * Power, Pstn1, Sal1, …`; then one line per actor. Fields may carry spaces and trailing commas.
 */

import { rounded } from "../../util/format.ts";
import { numberField, parseDelimited } from "./delimited.ts";
import { ProblemList } from "./formatError.ts";
import type { KtabActor, KtabScenario } from "./ktab.ts";

/** Parses a KTAB CSV; throws StakeholderFormatError listing every malformed line. */
export function parseKtabCsv(text: string, options: { file?: string } = {}): KtabScenario {
  const problems = new ProblemList(options.file);
  const rows = parseDelimited(text, ",").map((r) => {
    const fields = r.fields.map((f) => ({
      text: f.text.trim(),
      column: f.column + (f.text.length - f.text.trimStart().length),
    }));
    while (fields.length > 0 && fields[fields.length - 1].text === "") fields.pop();
    return { line: r.line, fields };
  });
  if (rows.length < 3) {
    problems.add(1, 1, undefined, "expected a scenario line, a header line and at least one actor line");
    problems.throwIfAny();
  }
  const [top, header, ...body] = rows;
  const nActors = integerAt(top.fields[2], top.line, "numActors", problems);
  const nDims = integerAt(top.fields[3], top.line, "numDims", problems);
  problems.throwIfAny();
  const width = 3 + 2 * nDims;
  if (header.fields.length < width)
    problems.add(
      header.line,
      1,
      undefined,
      `the header has ${header.fields.length} columns; ${nDims} dimension(s) need ${width} (Actor, Description, Power, then a position and a salience per dimension)`,
    );
  problems.throwIfAny();
  const dimensions = Array.from({ length: nDims }, (_, d) => {
    const name = header.fields[3 + 2 * d].text.replace(/\s*(Position|Pstn\d*)\s*$/i, "").trim();
    return name === "" ? `dim${d + 1}` : name;
  });
  const actors: KtabActor[] = [];
  for (const row of body) {
    const f = row.fields;
    if (f.length !== width) {
      problems.add(
        row.line,
        1,
        undefined,
        `expected ${width} fields for ${nDims} dimension(s), found ${f.length}`,
      );
      continue;
    }
    const nums: number[] = [];
    for (let k = 2; k < width; k++) {
      const col = header.fields[k]?.text || `field ${k + 1}`;
      const v = numberField(f[k].text);
      if (typeof v !== "number") {
        problems.add(
          row.line,
          f[k].column,
          col,
          v === "empty" ? `${col} is empty` : `${col} "${f[k].text}" is not a number`,
        );
        nums.push(Number.NaN);
        continue;
      }
      if (v < 0) problems.add(row.line, f[k].column, col, `${col} cannot be negative (got ${v})`);
      else if (k > 2 && v > 100) problems.add(row.line, f[k].column, col, `${col} ${v} is outside 0–100`);
      nums.push(v);
    }
    const saliences = Array.from({ length: nDims }, (_, d) => nums[2 + 2 * d]);
    const total = saliences.reduce((a, b) => a + b, 0);
    if (total > 100 + 1e-6)
      problems.add(
        row.line,
        f[4].column,
        "saliences",
        `the saliences sum to ${rounded(total, 3)}, more than 100`,
      );
    actors.push({
      name: f[0].text,
      description: f[1].text,
      capability: nums[0],
      positions: Array.from({ length: nDims }, (_, d) => nums[1 + 2 * d]),
      saliences,
    });
  }
  if (actors.length !== nActors && problems.problems.length === 0)
    problems.add(
      top.line,
      top.fields[2].column,
      "numActors",
      `declares ${nActors} actors but ${actors.length} follow`,
    );
  problems.throwIfAny();
  return { name: top.fields[0]?.text ?? "", description: top.fields[1]?.text ?? "", dimensions, actors };
}

function integerAt(
  field: { text: string; column: number } | undefined,
  line: number,
  name: string,
  problems: ProblemList,
): number {
  const v = field ? numberField(field.text) : "empty";
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    problems.add(
      line,
      field?.column ?? 1,
      name,
      `${name} must be a positive integer (got "${field?.text ?? ""}")`,
    );
    return 0;
  }
  return v;
}
