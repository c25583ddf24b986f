/**
 * Text → validated scenario. YAML and JSON both go through the YAML parser, which keeps node positions so
 * that every problem carries a line and column.
 */
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { closest } from "../util/suggest.ts";
import { defaultWarnings } from "./defaults.ts";
import { tooManyValues } from "./domain.ts";
import { hasErrors, type Problem } from "./problem.ts";
import { Scenario } from "./schema.ts";
import { checkScenario } from "./validate.ts";
import { applyVariant } from "./variants.ts";

export interface ParseResult {
  /** The scenario, with defaults filled in; undefined when any error was found. */
  scenario?: Scenario;
  /** Every error and warning, located. */
  problems: Problem[];
}

export interface ParseOptions {
  /** File name shown in problems. */
  file?: string;
  /**
   * Also warn about the silent defaults the scenario relies on (src/scenario/defaults.ts: a party without a
   * reservation value), as `zopa validate` does.
   */
  warnDefaults?: boolean;
}

/** Finds the deepest node along `path` and returns its start offset. */
function offsetOf(root: unknown, path: readonly (string | number)[]): number | undefined {
  let node: unknown = root;
  let offset: number | undefined = isNode(node) ? (node as Node).range?.[0] : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(key),
      );
      if (!pair) break;
      const keyNode = pair.key as Node;
      offset = keyNode.range?.[0] ?? offset;
      node = pair.value;
      if (isNode(node) && (node as Node).range) offset = (node as Node).range![0];
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (!isNode(item)) break;
      node = item;
      offset = (item as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Adds file, line and column to problems from their paths in the parsed YAML document (`doc.contents`). */
export function locate(
  problems: Problem[],
  root: unknown,
  lines: LineCounter,
  file: string | undefined,
): Problem[] {
  return problems.map((p) => {
    const offset = p.line === undefined ? offsetOf(root, p.path) : undefined;
    const pos = offset !== undefined ? lines.linePos(offset) : undefined;
    return {
      ...p,
      file: p.file ?? file,
      line: p.line ?? pos?.line,
      column: p.column ?? pos?.col,
    };
  });
}

interface ZodIssue {
  path: PropertyKey[];
  message: string;
  code: string;
  keys?: string[];
  expected?: string;
  errors?: ZodIssue[][];
  /** invalid_union over a discriminated union whose discriminator matched no alternative. */
  discriminator?: string;
}

/** zod issues as located-to-be problems, with readable messages; `prefix` is prepended to every path. */
export function zodProblems(error: { issues: ZodIssue[] }, prefix: (string | number)[] = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = [
      ...prefix,
      ...(issue.path.map((k) => (typeof k === "symbol" ? String(k) : k)) as (string | number)[]),
    ];
    let message = issue.message;
    if (issue.code === "unrecognized_keys" && issue.keys) {
      for (const key of issue.keys)
        out.push({ severity: "error", path: [...path, key], message: `unknown field "${key}"` });
      continue;
    }
    if (issue.code === "invalid_union" && issue.errors && issue.errors.length > 0) {
      out.push(...unionProblems(issue.errors, path));
      continue;
    }
    // A discriminated union whose discriminator (e.g. an issue's `type`) matched no alternative: zod lists
    // no alternatives, so say which field is wrong.
    if (issue.code === "invalid_union" && issue.discriminator) {
      out.push({
        severity: "error",
        path: path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator],
        message: `"${issue.discriminator}" is missing or not one of the allowed values (see docs/scenario-format.md)`,
      });
      continue;
    }
    // zod says "expected string, received undefined" for a field left out: say what to add instead.
    if (/received undefined$/.test(message) && typeof path[path.length - 1] === "string")
      message = `missing required field "${path[path.length - 1]}"`;
    out.push({ severity: "error", path, message: humanise(message) });
  }
  return out;
}

/**
 * A value that matches no alternative of a union (zod: "Invalid input"). Say why from the alternative that
 * got furthest: an unknown field every alternative rejects (with the closest field name any accepts), or the
 * problems inside the one alternative whose shape matched; otherwise the shapes that were expected.
 */
function unionProblems(branches: ZodIssue[][], path: (string | number)[]): Problem[] {
  const missing = (i: ZodIssue): boolean =>
    (i.code === "invalid_type" && /received undefined$/.test(i.message)) ||
    (i.code === "invalid_union" && (i.errors ?? []).every((b) => b.every(missing)));
  const unknownIn = (b: ZodIssue[]) =>
    b.flatMap((i) => (i.code === "unrecognized_keys" && i.path.length === 0 ? (i.keys ?? []) : []));
  const common = unknownIn(branches[0]).filter((k) => branches.every((b) => unknownIn(b).includes(k)));
  if (common.length > 0) {
    const fields = [
      ...new Set(
        branches.flatMap((b) =>
          b.filter((i) => missing(i) && i.path.length === 1).map((i) => String(i.path[0])),
        ),
      ),
    ];
    return common.map((key) => {
      const guess = closest(key, fields);
      return {
        severity: "error" as const,
        path: [...path, key],
        message: `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}`,
      };
    });
  }
  // An alternative whose shape matched fails only inside (no type mismatch at its top).
  const inside = branches.filter((b) => b.every((i) => i.path.length > 0 && !missing(i)));
  if (inside.length === 1) return zodProblems({ issues: inside[0] }, path);
  const expected = [
    ...new Set(
      branches.flatMap((b) => b.filter((i) => i.path.length === 0 && i.expected).map((i) => i.expected!)),
    ),
  ];
  const received = branches
    .flat()
    .find((i) => i.path.length === 0 && /received \w+$/.test(i.message))
    ?.message.match(/received (\w+)$/)?.[1];
  return [
    {
      severity: "error",
      path,
      message:
        expected.length > 0
          ? `expected ${expected.join(" or ")}${received ? `, received ${received}` : ""}`
          : "matches none of the forms allowed here (see docs/scenario-format.md)",
    },
  ];
}

function humanise(message: string): string {
  return message.replace(/^Invalid input: /, "").replace(/^Invalid option: /, "");
}

/**
 * Parser limits: what a scenario document may not exceed, so that hostile input (an alias bomb, a document
 * nested thousands deep, a huge file) is refused as bad input (a located problem, exit 2) in bounded time
 * and memory, never an internal error or a hang.
 */
export const PARSE_LIMITS = {
  /** Characters of text (the CLI also refuses files over 32 MiB before reading them: readInputText in src/scenario/load.ts). */
  maxChars: 32 * 1024 * 1024,
  /**
   * Nodes an alias may expand to (the yaml package's `maxAliasCount`): a billion-laughs document exceeds it
   * long before it costs memory. Real scenarios use a handful of aliases.
   */
  maxAliasCount: 1000,
  /** Levels of nesting (maps and lists); a scenario needs fewer than 20 (predicates nest a few deep). */
  maxDepth: 200,
} as const;

const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

/** The nesting depth of plain data, without recursion; stops counting past `limit`. */
function depthOf(data: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Where the document's first alias (`*name`) is, for the alias-bomb problem. */
function firstAliasOffset(text: string): number {
  const m = /(^|[\s[{,:-])\*[^\s,\]}]/m.exec(text);
  return m ? m.index + m[1].length : 0;
}

/** Parses and validates a scenario document (YAML or JSON text). Never throws on any input. */
export function parseScenario(text: string, options: ParseOptions = {}): ParseResult {
  const file = options.file;
  const kind = file?.endsWith(".json") ? "JSON" : "YAML";
  const refuse = (message: string, line = 1, column = 1): ParseResult => ({
    problems: [{ severity: "error", path: [], message, file, line, column }],
  });
  if (text.length > PARSE_LIMITS.maxChars)
    return refuse(
      `the document has ${text.length.toLocaleString("en-US")} characters, more than ${PARSE_LIMITS.maxChars.toLocaleString("en-US")} (the largest scenario Zopa reads)`,
    );
  const lines = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return refuse(
      `${kind} syntax: the document is nested too deeply (a scenario needs fewer than 20 levels)`,
    );
  }
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): Problem => {
      const pos = lines.linePos(e.pos[0]);
      const message = /call stack/i.test(e.message)
        ? `the document is nested too deeply (a scenario needs fewer than 20 levels)`
        : e.message.split("\n")[0];
      return {
        severity: "error",
        path: [],
        message: `${kind} syntax: ${message}`,
        file,
        line: pos.line,
        column: pos.col,
      };
    });
    return { problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount });
  } catch (e) {
    if (isStackOverflow(e))
      return refuse(`${kind}: the document is nested too deeply (a scenario needs fewer than 20 levels)`);
    // The yaml package refuses an alias bomb ("Excessive alias count indicates a resource exhaustion attack").
    if (e instanceof Error && /alias/i.test(e.message)) {
      const pos = lines.linePos(firstAliasOffset(text));
      return refuse(
        `${kind} aliases expand to more than ${PARSE_LIMITS.maxAliasCount} nodes (an alias bomb?): write the repeated values out, or use fewer aliases`,
        pos.line,
        pos.col,
      );
    }
    throw e;
  }
  if (depthOf(data, PARSE_LIMITS.maxDepth) > PARSE_LIMITS.maxDepth)
    return refuse(
      `the document is nested more than ${PARSE_LIMITS.maxDepth} levels deep (a scenario needs fewer than 20)`,
    );
  if (data === null || data === undefined || typeof data !== "object" || Array.isArray(data)) {
    return {
      problems: [
        {
          severity: "error",
          path: [],
          message: "the file is empty or not a mapping: a scenario starts with `meta:`",
          file,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const record = data as Record<string, unknown>;
  const parsed = Scenario.safeParse(record);
  if (!parsed.success) {
    const structural = zodProblems(parsed.error);
    return {
      problems: locate([...structural, ...bestEffortChecks(record, structural)], doc.contents, lines, file),
    };
  }
  const limits = limitProblems(parsed.data);
  if (limits.length > 0) return { problems: locate(limits, doc.contents, lines, file) };
  const problems = checkScenario(parsed.data);
  if (!hasErrors(problems)) problems.push(...checkVariants(parsed.data));
  if (options.warnDefaults) problems.push(...defaultWarnings(parsed.data));
  return {
    scenario: hasErrors(problems) ? undefined : parsed.data,
    problems: locate(problems, doc.contents, lines, file),
  };
}

/**
 * Numbers too large to work with, checked before anything is enumerated: an issue with more than
 * MAX_ISSUE_VALUES values (or a step below the numbers' precision), weights whose sum overflows.
 */
function limitProblems(scenario: Scenario): Problem[] {
  const out: Problem[] = [];
  scenario.issues.forEach((issue, k) => {
    const tooMany = tooManyValues(issue);
    if (tooMany) out.push({ severity: "error", path: ["issues", k], message: tooMany });
  });
  scenario.parties.forEach((p, k) => {
    const weights = Object.values(p.preferences?.weights ?? {});
    if (!Number.isFinite(weights.reduce((s, w) => s + Math.abs(w), 0)))
      out.push({
        severity: "error",
        path: ["parties", k, "preferences", "weights"],
        message: "the weights sum to more than the largest number: use weights that sum to 1",
      });
  });
  return out;
}

/** Applies each variant and re-checks the result, so a variant cannot produce an invalid scenario. */
function checkVariants(scenario: Scenario): Problem[] {
  const out: Problem[] = [];
  scenario.variants.forEach((variant, k) => {
    const applied = applyVariant(scenario, variant.id);
    // The timeline records what was said, in the base scenario's terms; a variant may remove options it uses.
    for (const p of checkScenario({
      ...applied,
      variants: [],
      timeline: undefined,
      stakeholders: undefined,
      constituencies: undefined,
    })) {
      if (p.severity !== "error") continue;
      out.push({
        ...p,
        path: ["variants", k],
        message: `applying variant "${variant.id}" gives: ${formatInner(p)}`,
      });
    }
  });
  return out;
}

function formatInner(p: Problem): string {
  return `${p.path
    .map((x) => (typeof x === "number" ? `[${x}]` : `.${x}`))
    .join("")
    .replace(/^\./, "")}: ${p.message}`;
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((k, j) => String(k) === String(path[j]));
}

/**
 * So that one run reports every problem: when the structure is wrong somewhere, the reference checks still
 * run on the raw document, and their findings are kept except inside the object a structural problem sits
 * in. Checks that trip over the broken structure are skipped silently.
 */
function bestEffortChecks(data: Record<string, unknown>, structural: Problem[]): Problem[] {
  const raw = { sources: [], variants: [], ...data } as unknown as Scenario;
  if (!Array.isArray(raw.issues) || !Array.isArray(raw.parties) || !Array.isArray(raw.sources)) return [];
  // The schema's defaults, which the checks rely on.
  raw.parties = raw.parties.map((p) =>
    p && typeof p === "object" ? Object.assign({ role: "principal" }, p) : p,
  ) as Scenario["parties"];
  let found: Problem[];
  try {
    found = checkScenario(raw);
  } catch {
    return [];
  }
  return found.filter(
    // A structural problem spoils the object it sits in: drop reference findings there and around it.
    (p) =>
      p.severity === "error" &&
      !structural.some((z) => startsWith(p.path, z.path.slice(0, -1)) || startsWith(z.path, p.path)),
  );
}
