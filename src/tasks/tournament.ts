/**
 * The `tournament` task (run a tournament spec into a store; running again resumes) and the
 * `tournamentResults` task (the results JSON of a store: docs/tournament-json.md).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { LlmRun } from "../runtime/llm/connect.ts";
import { SqliteStore } from "../store/sqlite.ts";
import { applyPreset } from "../tournament/presets.ts";
import { ResultsBuilder, type TournamentResultsJson } from "../tournament/results.ts";
import { SCORINGS, TournamentSpec } from "../tournament/spec.ts";
import { parseRequest, type TaskOptions } from "./task.ts";
import { type PlanInfo, type RunSummary, runTournament } from "./tournamentEngine.ts";
import { loadTournamentFile, resolveTournament } from "./tournamentLoad.ts";

export const TournamentRequest = z.strictObject({
  /** The spec: a file path (YAML or JSON), or the spec object itself. */
  spec: z.union([z.string().min(1), z.looseObject({})]),
  /** Folder that an object spec's paths are relative to; defaults to the working folder. */
  baseDir: z.string().optional(),
  /** The SQLite file results go to (created if needed). */
  store: z.string().min(1),
  /** Worker threads (0 runs in this thread); defaults to one per CPU. */
  workers: z.int().min(0).optional(),
  /** Replace a different tournament held by the store (dropping its results). */
  force: z.boolean().default(false),
  /** Store every negotiation's trace. */
  traces: z.boolean().default(false),
  /** Negotiations per worker task; defaults to about 50 ms of work. */
  batchSize: z.int().positive().optional(),
  /** LLM agents: keep every model request and answer in this cassette file. */
  llmRecord: z.string().min(1).optional(),
  /** LLM agents: answer from this cassette only (no network). */
  llmReplay: z.string().min(1).optional(),
});
export type TournamentRequest = z.input<typeof TournamentRequest>;

export interface TournamentResult {
  plan: PlanInfo;
  summary: RunSummary;
}

/** Runs (or resumes) a tournament; progress counts negotiations; an aborted signal stops it, keeping results. */
export async function tournament(
  request: TournamentRequest,
  options: TaskOptions = {},
): Promise<TournamentResult> {
  const r = parseRequest("tournament", TournamentRequest, request);
  return new LlmRun({ record: r.llmRecord, replay: r.llmReplay }).using(() => run(r, options));
}

async function run(r: z.output<typeof TournamentRequest>, options: TaskOptions): Promise<TournamentResult> {
  let loaded: Awaited<ReturnType<typeof loadTournamentFile>>;
  if (typeof r.spec === "string") loaded = await loadTournamentFile(r.spec, { traces: r.traces });
  else {
    const parsed = TournamentSpec.safeParse(applyPreset(r.spec));
    if (!parsed.success)
      throw new ZopaError(
        "spec",
        `invalid tournament spec: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    loaded = await resolveTournament(parsed.data, { baseDir: resolve(r.baseDir ?? "."), traces: r.traces });
  }
  for (const w of loaded.warnings) options.onWarning?.(w);
  const store = new SqliteStore(r.store);
  let plan: PlanInfo | undefined;
  try {
    const summary = await runTournament(loaded, store, {
      // LLM agents run in this thread, where their connection (and cassette) is.
      workers: loaded.resolved.agents.some((a) => a.llm) ? 0 : r.workers,
      force: r.force,
      batchSize: r.batchSize,
      signal: options.signal,
      source: typeof r.spec === "string" ? r.spec : null,
      storeName: r.store,
      onPlan: (p) => {
        plan = p;
      },
      onProgress: (p) =>
        options.onProgress?.({ task: "tournament", done: p.done, total: p.total, message: "negotiations" }),
    });
    return { plan: plan!, summary };
  } finally {
    await store.close();
  }
}

export const TournamentResultsRequest = z.strictObject({
  /** A tournament's SQLite file. */
  store: z.string().min(1),
  /** Rank by another score than the spec's. */
  scoring: z.enum(SCORINGS).optional(),
  /** List every negotiation (default true). */
  negotiations: z.boolean().default(true),
  /** Include traces (stored with `traces: true`). */
  traces: z.boolean().default(false),
});
export type TournamentResultsRequest = z.input<typeof TournamentResultsRequest>;

/** The results of a tournament store as the documented JSON (docs/tournament-json.md). */
export async function tournamentResults(
  request: TournamentResultsRequest,
  options: TaskOptions = {},
): Promise<TournamentResultsJson> {
  const r = parseRequest("tournamentResults", TournamentResultsRequest, request);
  const hint = "run zopa tournament SPEC --store FILE first";
  if (r.store !== ":memory:" && !existsSync(r.store))
    throw new ZopaError("io", `no tournament store at ${r.store}`, { location: { file: r.store }, hint });
  const store = new SqliteStore(r.store);
  try {
    const held = await store.tournament();
    if (!held)
      throw new ZopaError("io", `${r.store} holds no tournament`, { location: { file: r.store }, hint });
    const builder = new ResultsBuilder(held, {
      scoring: r.scoring,
      negotiations: r.negotiations,
      traces: r.traces,
    });
    let n = 0;
    for await (const row of store.rows({ traces: r.traces })) {
      builder.add(row);
      if (++n % 10_000 === 0) {
        options.signal?.throwIfAborted();
        options.onProgress?.({
          task: "tournamentResults",
          done: n,
          total: held.planned,
          message: "negotiations read",
        });
      }
    }
    return builder.finish();
  } finally {
    await store.close();
  }
}
