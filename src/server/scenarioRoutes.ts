/**
 * `/api/v1/scenarios`: the library. Every version is kept; reads carry an `ETag` (the version) and writes
 * need `If-Match` with the current one (412 when stale, 428 without), so two editors never overwrite each
 * other silently. The bundled examples are listed and read under their meta.id and are read-only.
 */
import type { Context, Hono } from "hono";
import { scenarioError } from "../errors.ts";
import { hasErrors } from "../scenario/problem.ts";
import { VersionConflict } from "../store/library.ts";
import { parseGiven } from "../tasks/input.ts";
import { checked, jsonBody, opaqueId, type ServerContext } from "./context.ts";
import { HttpProblem } from "./problem.ts";
import { ScenarioBody } from "./schemas.ts";

const etag = (version: number) => `"v${version}"`;

/** The version an If-Match names; 428 without one, 412 when it is not one of ours. */
function ifMatch(c: Context, current: () => Promise<number | null>): Promise<number> | number {
  const header = c.req.header("if-match");
  if (!header)
    throw new HttpProblem(428, "send If-Match with the ETag of the version you edited (GET it first)");
  const m = /^(?:W\/)?"v(\d+)"$/.exec(header.trim());
  if (m) return Number(m[1]);
  if (header.trim() === "*")
    return current().then((v) => {
      if (v === null) throw new HttpProblem(404, `no scenario "${c.req.param("id")}"`);
      return v;
    });
  throw new HttpProblem(412, `If-Match ${header} names no version of this scenario`);
}

/** The scenario text as stored (a string as given; an object as indented JSON), checked, and its title. */
function storedText(scenario: string | Record<string, unknown>): { text: string; title: string | null } {
  const text = typeof scenario === "string" ? scenario : `${JSON.stringify(scenario, null, 2)}\n`;
  const { scenario: parsed, problems } = parseGiven(scenario);
  if (!parsed || hasErrors(problems)) throw scenarioError(problems);
  return { text, title: parsed.meta.title ?? parsed.meta.id };
}

function readOnly(ctx: ServerContext, id: string): void {
  if (ctx.examples.has(id))
    throw new HttpProblem(409, `"${id}" is a bundled example and read-only; POST a copy to edit it`);
}

export function scenarioRoutes(app: Hono, ctx: ServerContext): void {
  app.get("/api/v1/scenarios", async (c) => {
    const examples = [...ctx.examples.values()].map((e) => ({
      id: e.id,
      version: 1,
      title: e.title,
      example: true,
      savedAt: null,
    }));
    const stored = (await ctx.library.scenarios()).map((s) => ({ ...s, example: false }));
    return c.json({ scenarios: [...examples, ...stored] });
  });

  app.post("/api/v1/scenarios", async (c) => {
    const { scenario } = checked(ScenarioBody, await jsonBody(c), "scenario body");
    const { text, title } = storedText(scenario);
    const saved = await ctx.library.createScenario(opaqueId("s"), text, title);
    c.header("etag", etag(saved.version));
    c.header("location", `/api/v1/scenarios/${saved.id}`);
    return c.json(
      { id: saved.id, version: saved.version, scenario: saved.text, savedAt: saved.savedAt },
      201,
    );
  });

  app.get("/api/v1/scenarios/:id", async (c) => {
    const id = c.req.param("id");
    const example = ctx.examples.get(id);
    if (example) {
      c.header("etag", etag(1));
      return c.json({ id, version: 1, scenario: example.text, example: true });
    }
    const q = c.req.query("version");
    const version = q === undefined ? undefined : Number(q);
    if (version !== undefined && !(Number.isInteger(version) && version > 0))
      throw new HttpProblem(400, `version must be a positive whole number (got "${q}")`);
    const saved = await ctx.library.scenario(id, version);
    if (!saved) throw new HttpProblem(404, `no scenario "${id}"${version ? ` at version ${version}` : ""}`);
    if (c.req.header("if-none-match") === etag(saved.version)) return c.body(null, 304);
    c.header("etag", etag(saved.version));
    return c.json({ id, version: saved.version, scenario: saved.text, savedAt: saved.savedAt });
  });

  app.get("/api/v1/scenarios/:id/versions", async (c) => {
    const id = c.req.param("id");
    if (ctx.examples.has(id)) return c.json({ versions: [{ version: 1, savedAt: null, deleted: false }] });
    const all = await ctx.library.versions(id);
    if (!all.length) throw new HttpProblem(404, `no scenario "${id}"`);
    return c.json({
      versions: all.map((v, k) => ({
        version: v.version,
        savedAt: v.savedAt,
        deleted: k === all.length - 1 && v.text === "",
      })),
    });
  });

  const current = (id: string) => async () => (await ctx.library.scenario(id))?.version ?? null;

  app.put("/api/v1/scenarios/:id", async (c) => {
    const id = c.req.param("id");
    readOnly(ctx, id);
    const expected = await ifMatch(c, current(id));
    const { scenario } = checked(ScenarioBody, await jsonBody(c), "scenario body");
    const { text, title } = storedText(scenario);
    let saved: Awaited<ReturnType<typeof ctx.library.replaceScenario>>;
    try {
      saved = await ctx.library.replaceScenario(id, text, title, expected);
    } catch (e) {
      if (e instanceof VersionConflict)
        throw new HttpProblem(
          412,
          `scenario "${id}" changed: it is at version ${e.actual}, you edited version ${e.expected}`,
          {
            currentVersion: e.actual,
          },
        );
      throw e;
    }
    if (!saved) throw new HttpProblem(404, `no scenario "${id}"`);
    c.header("etag", etag(saved.version));
    return c.json({ id, version: saved.version, scenario: saved.text, savedAt: saved.savedAt });
  });

  app.delete("/api/v1/scenarios/:id", async (c) => {
    const id = c.req.param("id");
    readOnly(ctx, id);
    const expected = await ifMatch(c, current(id));
    try {
      if (!(await ctx.library.deleteScenario(id, expected)))
        throw new HttpProblem(404, `no scenario "${id}"`);
    } catch (e) {
      if (e instanceof VersionConflict)
        throw new HttpProblem(
          412,
          `scenario "${id}" changed: it is at version ${e.actual}, not ${e.expected}`,
          {
            currentVersion: e.actual,
          },
        );
      throw e;
    }
    return c.body(null, 204);
  });
}
