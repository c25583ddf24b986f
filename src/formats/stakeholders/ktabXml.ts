/**
 * KTAB SMP XML (smpSchema.xsd): `<Scenario><name/><desc/>…<Dimensions><dName/>…</Dimensions><Actors><Actor><name/>
 * <description/><capability/><Position><dCoord/>…</Position><Salience><dSal/>…</Salience></Actor>…</Actors>`.
 * Model parameters and the accommodation matrix are ignored.
 */
import { parseDocument } from "htmlparser2";
import { numberField } from "./delimited.ts";
import { ProblemList } from "./formatError.ts";
import type { KtabActor, KtabScenario } from "./ktab.ts";

interface Node {
  type: string;
  name?: string;
  data?: string;
  children?: Node[];
  startIndex?: number | null;
}

const elements = (n: Node | undefined, name?: string): Node[] =>
  (n?.children ?? []).filter((c) => (c.type === "tag" || c.type === "script") && (!name || c.name === name));
const child = (n: Node | undefined, name: string): Node | undefined => elements(n, name)[0];
const text = (n: Node | undefined): string =>
  (n?.children ?? [])
    .map((c) => (c.type === "text" || c.type === "cdata" ? (c.data ?? text(c)) : ""))
    .join("")
    .trim();

/** Parses a KTAB XML scenario; throws StakeholderFormatError listing every malformed element. */
export function parseKtabXml(source: string, options: { file?: string } = {}): KtabScenario {
  const problems = new ProblemList(options.file);
  const doc = parseDocument(source, { xmlMode: true, withStartIndices: true }) as unknown as Node;
  const lineStarts = [0];
  for (let k = 0; k < source.length; k++) if (source.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const where = (n: Node | undefined): { line: number; column: number } => {
    const offset = n?.startIndex ?? 0;
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return { line: line + 1, column: offset - lineStarts[line] + 1 };
  };
  const add = (n: Node | undefined, field: string | (string | number)[], message: string) => {
    const { line, column } = where(n);
    problems.add(line, column, field, message);
  };
  const root = elements(doc).find((n) => n.name === "Scenario");
  if (!root) {
    add(undefined, "Scenario", "no <Scenario> element: is this a KTAB SMP file?");
    problems.throwIfAny();
  }
  const dimensions = elements(child(root, "Dimensions"), "dName").map((d, k) => text(d) || `dim${k + 1}`);
  if (dimensions.length === 0) add(root, "Dimensions", "no <Dimensions><dName> entries");
  const actors: KtabActor[] = [];
  for (const a of elements(child(root, "Actors"), "Actor")) {
    const name = text(child(a, "name"));
    const label = name || "(unnamed actor)";
    if (!name) add(a, "name", "an actor has no <name>");
    const number = (
      n: Node | undefined,
      field: string,
      lo: number,
      hi: number,
      path: (string | number)[] = [field],
    ): number => {
      const v = numberField(text(n));
      if (typeof v !== "number") {
        add(
          n ?? a,
          path,
          `${label}: ${field} ${v === "empty" ? "is empty" : `"${text(n)}" is not a number`}`,
        );
        return Number.NaN;
      }
      if (v < lo || v > hi)
        add(n, path, `${label}: ${field} ${v} is outside ${lo}–${hi === Infinity ? "∞" : hi}`);
      return v;
    };
    const capability = number(child(a, "capability"), "capability", 0, Infinity);
    const coords = elements(child(a, "Position"), "dCoord");
    const sals = elements(child(a, "Salience"), "dSal");
    if (coords.length !== dimensions.length)
      add(
        child(a, "Position") ?? a,
        "Position",
        `${label}: ${coords.length} <dCoord> for ${dimensions.length} dimension(s)`,
      );
    if (sals.length !== dimensions.length)
      add(
        child(a, "Salience") ?? a,
        "Salience",
        `${label}: ${sals.length} <dSal> for ${dimensions.length} dimension(s)`,
      );
    actors.push({
      name,
      description: text(child(a, "description")),
      capability,
      positions: coords.map((c, d) => number(c, `dCoord ${d + 1}`, 0, 100, ["dCoord", d + 1])),
      saliences: sals.map((s, d) => number(s, `dSal ${d + 1}`, 0, 100, ["dSal", d + 1])),
    });
  }
  if (actors.length === 0) add(root, "Actors", "no <Actors><Actor> entries");
  problems.throwIfAny();
  return { name: text(child(root, "name")), description: text(child(root, "desc")), dimensions, actors };
}
