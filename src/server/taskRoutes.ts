/**
 * `POST /api/v1/{analyze,history,forecast,simulate,validate,import,export,report}`: the body is the task's
 * request (validated by its zod schema), the answer the JSON `zopa <task> --format json` prints (report: the
 * HTML page, or Markdown with `format: "markdown"`). Tasks whose estimated cost is small run inline; the rest
 * go to the worker pool. Answers of deterministic requests are kept in a small LRU cache keyed by the request.
 */
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import { estimateAnalysisCost } from "../analysis/cost.ts";
import { isZopaError } from "../errors.ts";
import { compileScenario } from "../space/compile.ts";
import { type TaskName, tasks } from "../tasks/index.ts";
import { resolveAnalysisInput } from "../tasks/input.ts";
import { parseRequest } from "../tasks/task.ts";
import {
  jsonText,
  parsedJson,
  refuseSpecFields,
  type ServerContext,
  withoutServerFields,
} from "./context.ts";
import { HttpProblem } from "./problem.ts";
import { poolable } from "./taskPool.ts";

/** The task endpoints, in the order of the documentation. */
export const TASK_ENDPOINTS = [
  "analyze",
  "history",
  "forecast",
  "simulate",
  "validate",
  "import",
  "export",
  "report",
] as const satisfies readonly TaskName[];
export type TaskEndpoint = (typeof TASK_ENDPOINTS)[number];

/** Estimated analysis steps above which a request goes to the pool (about 15 ms at 1.4e8 steps/s). */
const HEAVY_WORK = 2e6;

/** Rounds × negotiations above which a simulation goes to the pool. */
const HEAVY_NEGOTIATION_ROUNDS = 2000;

/** Whether an analysis-based request (analyze, report, history) is worth a worker thread. */
function heavyAnalysis(r: Record<string, unknown>): boolean {
  let loaded: ReturnType<typeof resolveAnalysisInput>;
  try {
    loaded = resolveAnalysisInput(r);
  } catch {
    return false; // the task reports the problem, at once
  }
  if (loaded.kind === "nonlinear") return true;
  const scenario = loaded.scenario;
  const variants =
    r.allVariants === true
      ? [null, ...scenario.variants.map((v) => v.id)]
      : [typeof r.variant === "string" ? r.variant : null];
  let work = 0;
  for (const variant of variants) {
    try {
      const space = compileScenario(scenario, variant);
      work += estimateAnalysisCost(space, {
        enumerationLimit: typeof r.enumerationLimit === "number" ? r.enumerationLimit : undefined,
        sample: typeof r.sample === "number" ? r.sample : undefined,
      }).work;
    } catch {
      return false;
    }
    if (work > HEAVY_WORK) return true;
  }
  return false;
}

/** Estimates already made, by the fields that decide them (a scenario sent again is not parsed twice). */
const estimates = new Map<string, boolean>();
const ESTIMATES_KEPT = 256;

function heavyAnalysisMemo(r: Record<string, unknown>): boolean {
  const { scenario, files, name, variant, allVariants, enumerationLimit, sample, format, variants } = r;
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        scenario,
        files,
        name,
        variant,
        allVariants,
        enumerationLimit,
        sample,
        format,
        variants,
      ]),
    )
    .digest("base64url");
  let heavy = estimates.get(key);
  if (heavy === undefined) {
    heavy = heavyAnalysis(r);
    if (estimates.size >= ESTIMATES_KEPT) estimates.delete(estimates.keys().next().value!);
    estimates.set(key, heavy);
  }
  return heavy;
}

/** Whether a (checked) request should run on a worker thread, by the cost estimate. */
export function isHeavy(name: TaskEndpoint, r: Record<string, unknown>): boolean {
  switch (name) {
    case "analyze":
      return heavyAnalysisMemo(r);
    case "history":
      // The history evaluates every round under the base and each variant (or the variants it names).
      return heavyAnalysisMemo({ ...r, allVariants: true });
    case "report":
      // The report analyses the base and every variant, plots and forecasts.
      return r.format === "markdown" ? heavyAnalysisMemo({ ...r, allVariants: true }) : true;
    case "forecast":
      return typeof r.samples === "number" && r.samples > 0;
    case "simulate": {
      const rounds = typeof r.rounds === "number" ? r.rounds : 100;
      const repeat = typeof r.repeat === "number" ? r.repeat : 1;
      return r.timeMs != null || rounds * repeat > HEAVY_NEGOTIATION_ROUNDS;
    }
    default:
      return false;
  }
}

/** The answer body as the CLI prints it with --format json. */
function rendered(name: TaskEndpoint, result: unknown): { body: string; type: string } {
  if (name === "report") {
    const r = result as { format: string; report: string };
    return {
      body: r.report,
      type: r.format === "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8",
    };
  }
  let json = result;
  if (name === "forecast") {
    const { outcomeSpaceNote: _n, ...rest } = result as Record<string, unknown>;
    json = rest;
  }
  return { body: `${JSON.stringify(json, null, 2)}\n`, type: "application/json; charset=utf-8" };
}

/** A small LRU of answers to deterministic requests, keyed by task and request: at most 32 MB of text. */
class AnswerCache {
  private entries = new Map<string, { body: string; type: string }>();
  private chars = 0;
  constructor(private readonly maxChars = 16 * 2 ** 20) {}
  get(key: string) {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: { body: string; type: string }) {
    if (value.body.length > this.maxChars / 16 || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.chars += value.body.length;
    for (const [oldest, v] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= v.body.length;
    }
  }
}

/**
 * The cache key of a request's text, or null when its answer may change: a stored scenario by id (it may get
 * a new version), a time deadline. A report without `generated` is dated today: the day is in the key.
 */
function cacheKey(
  name: TaskEndpoint,
  text: string,
  r: Record<string, unknown>,
  byId: boolean,
): string | null {
  if (byId || (name === "simulate" && r.timeMs != null)) return null;
  const day = name === "report" && r.generated === undefined ? new Date().toISOString().slice(0, 10) : "";
  return keyOf(name, day, text);
}

function keyOf(name: string, day: string, text: string): string {
  return createHash("sha256").update(`${name}\0${day}\0${text}`).digest("base64url");
}

export function taskRoutes(app: Hono, ctx: ServerContext): void {
  const cache = new AnswerCache();
  for (const name of TASK_ENDPOINTS) {
    app.post(`/api/v1/${name}`, async (c: Context) => {
      const text = await jsonText(c);
      // The same text as an earlier deterministic request: its answer, without parsing anything.
      const day = name === "report" ? new Date().toISOString().slice(0, 10) : "";
      const hit = cache.get(keyOf(name, "", text)) ?? (day ? cache.get(keyOf(name, day, text)) : undefined);
      if (hit) return c.body(hit.body, 200, { "content-type": hit.type });
      const given = parsedJson(text);
      const byId = given !== null && typeof given === "object" && "scenarioId" in given;
      const body = await withoutServerFields(ctx, given);
      if (name === "simulate") refuseSpecFields(body);
      const key = cacheKey(name, text, body, byId);
      // Checked here, so that a bad request is a 400 at once whatever thread would run it.
      parseRequest(name, tasks[name].request, body);
      const request = name === "forecast" ? { ...body, threads: 1 } : body;
      const signal = c.req.raw.signal;
      let result: unknown;
      try {
        result =
          isHeavy(name, body) && poolable(name)
            ? await ctx.pool.run(name, request, signal)
            : // biome-ignore lint/suspicious/noExplicitAny: checked against the task's schema above
              await tasks[name].run(request as any, { signal });
      } catch (e) {
        if (!isZopaError(e) && signal.aborted) throw new HttpProblem(499 as 400, "the client went away");
        throw e;
      }
      const answer = rendered(name, result);
      if (key) cache.set(key, answer);
      return c.body(answer.body, 200, { "content-type": answer.type });
    });
  }
}
