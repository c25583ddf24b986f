/**
 * The scenario format reference (docs/scenario-format.md), rendered from the JSON Schema that the zod schema
 * produces, so the docs cannot drift from the validator.
 */
type Json = Record<string, unknown>;

const ID_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_.-]*$";

interface Section {
  title: string;
  description?: string;
  rows: string[][];
}

function resolve(node: Json, root: Json): Json {
  const ref = node.$ref as string | undefined;
  if (ref?.startsWith("#/$defs/")) return (root.$defs as Record<string, Json>)[ref.slice(8)];
  if (ref === "#") return root;
  return node;
}

function variantsOf(node: Json): Json[] | undefined {
  return (node.oneOf ?? node.anyOf) as Json[] | undefined;
}

function typeOf(node: Json, root: Json): string {
  node = resolve(node, root);
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return (node.enum as unknown[]).map((e) => `\`${JSON.stringify(e)}\``).join(" \\| ");
  const alts = variantsOf(node);
  if (alts) return [...new Set(alts.map((a) => typeOf(a, root)))].join(" or ");
  switch (node.type) {
    case "array":
      return `list of ${typeOf((node.items as Json) ?? {}, root)}`;
    case "object":
      if (node.properties) return "object";
      if (node.additionalProperties && typeof node.additionalProperties === "object")
        return `map of id → ${typeOf(node.additionalProperties as Json, root)}`;
      return "object";
    case "integer":
      return "integer";
    case "number": {
      const lo = node.minimum;
      const hi = node.maximum;
      return lo !== undefined && hi !== undefined ? `number in [${lo}, ${hi}]` : "number";
    }
    case "string":
      return node.pattern === ID_PATTERN
        ? "id"
        : node.pattern
          ? `string matching \`${node.pattern}\``
          : "string";
    case "boolean":
      return "boolean";
    default:
      return node.items ? "tuple" : "any";
  }
}

function describe(node: Json): string {
  const parts: string[] = [];
  if (typeof node.description === "string") parts.push(node.description);
  if (node.default !== undefined && !String(node.description ?? "").includes("efault"))
    parts.push(`Default: \`${JSON.stringify(node.default)}\`.`);
  return parts.join(" ").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function collect(node: Json, title: string, root: Json, out: Section[], seen: Set<Json>): void {
  node = resolve(node, root);
  if (seen.has(node)) return;
  const alts = variantsOf(node);
  if (alts) {
    for (const alt of alts) {
      const r = resolve(alt, root);
      if (r.type !== "object" || !r.properties) {
        if (r.type === "array" && r.items) collect(r.items as Json, `${title}[]`, root, out, seen);
        continue;
      }
      const props = r.properties as Record<string, Json>;
      const tag = Object.entries(props).find(([, p]) => p.const !== undefined);
      const label = tag
        ? `${title} (${tag[0]}: ${JSON.stringify(tag[1].const)})`
        : `${title} (${Object.keys(props).join(", ")})`;
      collect(r, label, root, out, seen);
    }
    return;
  }
  if (node.type === "array" && node.items) {
    collect(node.items as Json, `${title}[]`, root, out, seen);
    return;
  }
  if (
    node.type === "object" &&
    node.additionalProperties &&
    typeof node.additionalProperties === "object" &&
    !node.properties
  ) {
    collect(node.additionalProperties as Json, `${title}.*`, root, out, seen);
    return;
  }
  if (node.type !== "object" || !node.properties) return;
  seen.add(node);
  const required = new Set((node.required as string[]) ?? []);
  const props = node.properties as Record<string, Json>;
  const rows = Object.entries(props)
    .filter(([name]) => name !== "$schema")
    .map(([name, p]) => [
      `\`${name}\``,
      typeOf(p, root),
      required.has(name) ? "yes" : "",
      describe(resolve(p, root)) || describe(p),
    ]);
  out.push({ title, description: typeof node.description === "string" ? node.description : undefined, rows });
  for (const [name, p] of Object.entries(props))
    collect(p, title === "(top level)" ? name : `${title}.${name}`, root, out, seen);
}

/** Markdown reference of every object in the scenario format. */
export function scenarioFormatMarkdown(schema: Json): string {
  const sections: Section[] = [];
  collect(schema, "(top level)", schema, sections, new Set());
  const lines = [
    "# Scenario format reference",
    "",
    "Generated from the zod schema (`src/scenario/schema.ts`) by `npm run schema`; do not edit by hand.",
    "Files are YAML or JSON. Editors validate them with `schema/scenario.schema.json`",
    "(add `# yaml-language-server: $schema=<path>/scenario.schema.json` at the top of a YAML file).",
    "Beyond the structure below, `zopa validate` checks references between ids, duplicates, ranges,",
    "weights (they must sum to 1 within 0.01, or set `normalize: true`) and values (in [0, 1]).",
    "",
  ];
  for (const s of sections) {
    lines.push(`## ${s.title}`, "");
    if (s.description) lines.push(s.description, "");
    lines.push("| field | type | required | meaning |", "|---|---|---|---|");
    for (const r of s.rows) lines.push(`| ${r.join(" | ")} |`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
