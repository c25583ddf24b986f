/**
 * The JSON Schema editors use: schema/scenario.schema.json is exactly what the zod schema generates (run
 * `npm run schema` after changing src/scenario/schema.ts), and the example files and the `zopa init` template
 * satisfy it, checked by a small independent JSON Schema validator (the keywords the file uses).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { INIT_TEMPLATE } from "../../src/cli/commands/init.ts";
import { scenarioJsonSchema } from "../../src/scenario/schema.ts";
import { REPO_ROOT } from "../support/shared.ts";

/** The JSON Schema keywords the checked-in file uses. */
interface Schema {
  $ref?: string;
  $defs?: Record<string, Schema>;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  prefixItems?: Schema[];
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  [keyword: string]: unknown;
}
const checkedIn = readFileSync(join(REPO_ROOT, "schema", "scenario.schema.json"), "utf8");
const root: Schema = JSON.parse(checkedIn);

const TYPES: Record<string, (x: unknown) => boolean> = {
  string: (x) => typeof x === "string",
  number: (x) => typeof x === "number" && Number.isFinite(x),
  integer: (x) => Number.isInteger(x),
  boolean: (x) => typeof x === "boolean",
  null: (x) => x === null,
  array: (x) => Array.isArray(x),
  object: (x) => typeof x === "object" && x !== null && !Array.isArray(x),
};

/** Paths and reasons where `value` breaks `schema` (draft 2020-12, the subset the file uses). */
function violations(schema: Schema, value: unknown, path = "$"): string[] {
  if (schema.$ref) {
    const name = String(schema.$ref).replace("#/$defs/", "");
    assert.ok(root.$defs?.[name], `unresolved $ref ${schema.$ref}`);
    return violations(root.$defs[name], value, path);
  }
  const out: string[] = [];
  const fail = (why: string) => out.push(`${path}: ${why}`);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => TYPES[t](value))) return [`${path}: not of type ${types.join("|")}`];
  }
  if ("const" in schema && value !== schema.const) fail(`not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) fail("too short");
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value))
      fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      fail(`not above ${schema.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail("too few items");
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail("too many items");
    const prefix: Schema[] = schema.prefixItems ?? [];
    value.forEach((item, k) => {
      const s = k < prefix.length ? prefix[k] : schema.items;
      if (s && typeof s === "object") out.push(...violations(s, item, `${path}[${k}]`));
    });
  }
  if (TYPES.object(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) fail(`missing "${key}"`);
    for (const [key, v] of Object.entries(obj)) {
      const p = `${path}.${key}`;
      if (schema.propertyNames) out.push(...violations(schema.propertyNames, key, `${p} (name)`));
      if (schema.properties && key in schema.properties)
        out.push(...violations(schema.properties[key], v, p));
      else if (schema.additionalProperties === false) fail(`unknown property "${key}"`);
      else if (typeof schema.additionalProperties === "object")
        out.push(...violations(schema.additionalProperties, v, p));
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => violations(s, value, path).length === 0))
    fail("matches none of anyOf");
  if (
    schema.oneOf &&
    schema.oneOf.filter((s: Schema) => violations(s, value, path).length === 0).length !== 1
  )
    fail("does not match exactly one of oneOf");
  return out;
}

function example(name: string): unknown {
  return parse(readFileSync(join(REPO_ROOT, "examples", name), "utf8"));
}

describe("JSON Schema", () => {
  it("schema/scenario.schema.json equals what the zod schema generates (run `npm run schema` if not)", () => {
    assert.equal(checkedIn, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

  it("is draft 2020-12 and describes a scenario object that needs meta, issues and parties", () => {
    assert.equal(root.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.equal(root.type, "object");
    for (const key of ["meta", "issues", "parties"]) assert.ok(root.required?.includes(key), key);
    assert.equal(root.additionalProperties, false);
  });

  for (const name of ["car-purchase.yaml", "river-basin.yaml"])
    it(`accepts examples/${name}`, () => {
      assert.deepEqual(violations(root, example(name)), []);
    });

  it("accepts the `zopa init` template", () => {
    assert.deepEqual(violations(root, parse(INIT_TEMPLATE)), []);
  });

  it("rejects broken copies of an example, so the checks above can fail", () => {
    type Doc = Record<string, Record<string, unknown> & Record<string, unknown>[]>;
    const car = example("car-purchase.yaml") as Doc;
    const parties = car.parties as unknown as Record<string, unknown>[];
    const issues = car.issues as unknown as Record<string, unknown>[];
    car.meta.titel = car.meta.title; // unknown field
    parties[0].role = "buyer"; // not an allowed role
    (parties[1].reservation as Record<string, unknown>).value = 1.5; // above 1
    issues[0].type = "ordered"; // no such issue type
    delete parties[1].name; // required
    const found = violations(root, car);
    for (const where of [
      "$.meta",
      "$.parties[0].role",
      "$.parties[1].reservation",
      "$.issues[0]",
      "$.parties[1]",
    ])
      assert.ok(
        found.some((v) => v.startsWith(`${where}:`)),
        `nothing reported at ${where}:\n${found.join("\n")}`,
      );
  });
});
