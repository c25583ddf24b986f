/**
 * What every route shares: the library (scenarios, tournaments), the worker pool, the bundled examples, and
 * the small helpers that turn a request into checked data (JSON bodies, stored scenarios by id).
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Context } from "hono";
import type { z } from "zod";
import { parseScenario } from "../scenario/parse.ts";
import type { Library } from "../store/library.ts";
import { HttpProblem } from "./problem.ts";
import type { TaskPool } from "./taskPool.ts";

export interface Example {
  id: string;
  title: string | null;
  text: string;
}

export interface ServerContext {
  library: Library;
  pool: TaskPool;
  examples: Map<string, Example>;
  /** Called on shutdown, after in-flight requests. */
  onClose: (() => Promise<void> | void)[];
}

/** An opaque id: a prefix and 128 random bits in base64url (no path characters, nothing to guess). */
export function opaqueId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString("base64url")}`;
}

let bundled: Map<string, Example> | null = null;

/** The bundled examples, read once per process. */
export function bundledExamples(): Map<string, Example> {
  bundled ??= loadExamples();
  return bundled;
}

/** The bundled examples (examples/*.yaml and examples/<folder>/scenario.yaml) by their meta.id. */
export function loadExamples(
  dir = fileURLToPath(new URL("../../examples/", import.meta.url)),
): Map<string, Example> {
  const out = new Map<string, Example>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    const file = statSync(path).isDirectory() ? join(path, "scenario.yaml") : path;
    if (!/\.(ya?ml|json)$/.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const { scenario } = parseScenario(text);
    if (scenario)
      out.set(scenario.meta.id, { id: scenario.meta.id, title: scenario.meta.title ?? null, text });
  }
  return out;
}

/** The request body's text: 415 unless it says JSON. */
export async function jsonText(c: Context): Promise<string> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type))
    throw new HttpProblem(
      415,
      `send the body as application/json (got ${type ? `"${type}"` : "no content type"})`,
    );
  return c.req.text();
}

/** JSON text parsed: 400 when it does not parse. */
export function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpProblem(400, `the body is not valid JSON: ${(e as Error).message}`);
  }
}

/** The request body as JSON: 415 unless it says JSON, 400 when it does not parse. */
export async function jsonBody(c: Context): Promise<unknown> {
  return parsedJson(await jsonText(c));
}

/** Checks data against a server schema: 400 with every bad field's path. */
export function checked<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new HttpProblem(400, `invalid ${what}`, {
    errors: parsed.error.issues.map((i) => ({
      path: i.path.map((k) => (typeof k === "symbol" ? String(k) : k)) as (string | number)[],
      message: i.message,
    })),
  });
}

/** The text of a stored scenario or bundled example by id; 404 when there is none. */
export async function scenarioTextById(ctx: ServerContext, id: string): Promise<string> {
  const example = ctx.examples.get(id);
  if (example) return example.text;
  const stored = await ctx.library.scenario(id);
  if (!stored)
    throw new HttpProblem(404, `no scenario "${id}"`, {
      errors: [{ path: ["scenarioId"], message: `no scenario "${id}"` }],
    });
  return stored.text;
}

/**
 * Request fields that would name a server path or run code: refused before anything else. `paths`,
 * `baseDir` and `store` are paths; `threads` is the server's to choose.
 */
const SERVER_FIELDS = ["paths", "baseDir", "store", "threads"];

/** Refuses server-side fields and replaces `scenarioId` by the stored scenario's text. */
export async function withoutServerFields(
  ctx: ServerContext,
  body: unknown,
): Promise<Record<string, unknown>> {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new HttpProblem(400, "the body is a JSON object", {
      errors: [{ path: [], message: "expected an object" }],
    });
  const out = { ...(body as Record<string, unknown>) };
  const refused = SERVER_FIELDS.filter((k) => k in out);
  if (refused.length)
    throw new HttpProblem(
      400,
      `the API takes scenario content or a stored id, never server paths or settings`,
      {
        errors: refused.map((k) => ({ path: [k], message: `\`${k}\` is not accepted over HTTP` })),
      },
    );
  if ("scenarioId" in out) {
    if (typeof out.scenarioId !== "string" || out.scenario !== undefined || out.files !== undefined)
      throw new HttpProblem(400, "give `scenarioId` (a string) alone, without `scenario` or `files`", {
        errors: [{ path: ["scenarioId"], message: "expected a stored scenario id, alone" }],
      });
    out.scenario = await scenarioTextById(ctx, out.scenarioId);
    delete out.scenarioId;
  }
  return out;
}

/**
 * A simulation spec's scenario and agents as the API allows them: content, catalog names and `"human"` only.
 * Refused with 400: a scenario by path, agent code (`file`), and an agent's own `llm` settings (an endpoint
 * and the name of an environment variable holding a key: the server would call any address with its
 * secrets; the llm agent over HTTP uses the server's ZOPA_LLM_* settings).
 */
export function refuseSpecFields(r: Record<string, unknown>): void {
  const errors: { path: (string | number)[]; message: string }[] = [];
  const scenario = r.scenario;
  if (scenario && typeof scenario === "object" && "path" in scenario)
    errors.push({
      path: ["scenario", "path"],
      message: "a scenario by path is not accepted over HTTP; send its content",
    });
  const agents = r.agents;
  if (agents && typeof agents === "object")
    for (const [party, a] of Object.entries(agents)) {
      if (a && typeof a === "object" && "file" in a)
        errors.push({
          path: ["agents", party],
          message: 'agents over HTTP are catalog names or "human", never code',
        });
      if (a && typeof a === "object" && "llm" in a)
        errors.push({
          path: ["agents", party, "llm"],
          message: "LLM settings are the server's (ZOPA_LLM_*), not a request's",
        });
    }
  if (errors.length) throw new HttpProblem(400, errors[0].message, { errors });
}
