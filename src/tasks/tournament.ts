/**
 * The `tournament` task (run a tournament spec into a store; running again resumes) and the
 * `tournamentResults` task (the results JSON of a store: docs/tournament-json.md).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { utilitySpaceOf } from "../report/html/data.ts";
import { renderTournamentHtml, renderTournamentMarkdown } from "../report/tournamentPlots.ts";
import { LlmRun } from "../runtime/llm/connect.ts";
import type { Scenario } from "../scenario/schema.ts";
import { SqliteStore } from "../store/sqlite.ts";
import type { StoredTournament } from "../store/store.ts";
import { PlotDataBuilder } from "../tournament/plotData.ts";
import { applyPreset } from "../tournament/presets.ts";
import {
  type NegotiationJson,
  negotiationJson,
  ResultsBuilder,
  type TournamentResultsJson,
} from "../tournament/results.ts";
import type { NegotiationRow } from "../tournament/row.ts";
import { prepareScenario } from "../tournament/run.ts";
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
  /** Run on queue workers (`zopa worker`) over this Redis (redis://HOST:PORT) instead of local threads. */
  queue: z.string().min(1).optional(),
  /** The key prefix in Redis (queue runs; workers must use the same). */
  prefix: z.string().min(1).optional(),
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
    const engine =
      r.queue === undefined
        ? runTournament
        : (...[l, s, o]: Parameters<typeof runTournament>) =>
            // BullMQ and ioredis load only for queue runs.
            import("./tournamentQueue.ts").then((m) =>
              m.runTournamentOnQueue(l, s, { ...o, queue: r.queue as string, prefix: r.prefix }),
            );
    // LLM agents run in this thread, where their connection (and cassette) is: not on queue workers.
    const llm = loaded.resolved.agents.some((a) => a.llm);
    if (llm && r.queue !== undefined)
      throw new ZopaError("usage", "llm agents run in this process, not on queue workers: leave out queue");
    const summary = await engine(loaded, store, {
      workers: llm ? 0 : r.workers,
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

/** Opens a results store, refusing a path without one or a store without a tournament. */
async function openResults(path: string): Promise<{ store: SqliteStore; held: StoredTournament }> {
  const hint = "run zopa tournament SPEC --store FILE first";
  if (path !== ":memory:" && !existsSync(path))
    throw new ZopaError("io", `no tournament store at ${path}`, { location: { file: path }, hint });
  const store = new SqliteStore(path);
  const held = await store.tournament();
  if (!held) {
    await store.close();
    throw new ZopaError("io", `${path} holds no tournament`, { location: { file: path }, hint });
  }
  return { store, held };
}

/** One pass over the stored rows: each to `add`, with progress every 10,000 and the signal checked. */
async function readRows(
  store: SqliteStore,
  held: StoredTournament,
  traces: boolean,
  add: (row: NegotiationRow) => void,
  options: TaskOptions,
): Promise<void> {
  let n = 0;
  for await (const row of store.rows({ traces })) {
    add(row);
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
}

/** The results of a tournament store as the documented JSON (docs/tournament-json.md). */
export async function tournamentResults(
  request: TournamentResultsRequest,
  options: TaskOptions = {},
): Promise<TournamentResultsJson> {
  const r = parseRequest("tournamentResults", TournamentResultsRequest, request);
  const { store, held } = await openResults(r.store);
  try {
    const builder = new ResultsBuilder(held, {
      scoring: r.scoring,
      negotiations: r.negotiations,
      traces: r.traces,
    });
    await readRows(store, held, r.traces, (row) => builder.add(row), options);
    return builder.finish();
  } finally {
    await store.close();
  }
}

export interface StreamedResults {
  /** The results without `negotiations`. */
  summary: TournamentResultsJson;
  /** Most parties at one table. */
  maxParties: number;
  /** Every negotiation in plan order, read from the store as it is iterated (once). */
  negotiations: AsyncIterable<NegotiationJson>;
}

/**
 * The results in two passes over the store, so that memory does not grow with the negotiations: the summary
 * first, then the negotiations one at a time (what `zopa results --format json` streams out).
 */
export async function streamTournamentResults(
  request: TournamentResultsRequest,
  options: TaskOptions = {},
): Promise<StreamedResults> {
  const r = parseRequest("tournamentResults", TournamentResultsRequest, request);
  const { store, held } = await openResults(r.store);
  let summary: TournamentResultsJson;
  let maxParties = 0;
  try {
    const builder = new ResultsBuilder(held, { scoring: r.scoring, negotiations: false });
    await readRows(
      store,
      held,
      false,
      (row) => {
        builder.add(row);
        maxParties = Math.max(maxParties, Object.keys(row.agents).length);
      },
      options,
    );
    summary = builder.finish();
  } finally {
    await store.close();
  }
  const labels = new Map(held.scenarios.map((s) => [s.key, s.label]));
  return {
    summary,
    maxParties,
    negotiations: {
      async *[Symbol.asyncIterator]() {
        const again = new SqliteStore(r.store);
        try {
          for await (const row of again.rows({ traces: r.traces }))
            yield negotiationJson(row, labels, r.traces);
        } finally {
          await again.close();
        }
      },
    },
  };
}

export const TournamentReportRequest = z.strictObject({
  /** A tournament's SQLite file. */
  store: z.string().min(1),
  /** "html" (default) or "markdown". */
  format: z.enum(["html", "markdown"]).default("html"),
  /** Rank by another score than the spec's. */
  scoring: z.enum(SCORINGS).optional(),
  /** The scenario whose outcomes are plotted (as the spec names it); defaults to the first bilateral one. */
  scenario: z.string().min(1).optional(),
});
export type TournamentReportRequest = z.input<typeof TournamentReportRequest>;

/** Outcome spaces up to this size are enumerated for the plane's cloud and frontier. */
const PLANE_LIMIT = 2e6;

/** The tournament report with plots (HTML or Markdown), from one pass over the store. */
export async function tournamentReport(
  request: TournamentReportRequest,
  options: TaskOptions = {},
): Promise<{ format: "html" | "markdown"; text: string }> {
  const r = parseRequest("tournamentReport", TournamentReportRequest, request);
  const { store, held } = await openResults(r.store);
  try {
    // The plotted scenario: the one named, else the first with two parties at the table.
    let plane: { key: string; label: string; axes: [string, string]; scenario: Scenario } | null = null;
    for (const s of held.scenarios) {
      if (r.scenario !== undefined && s.label !== r.scenario) continue;
      const scenario = await store.scenario(s.key);
      if (!scenario) continue;
      const { table, space } = prepareScenario(scenario, held.settings);
      if (table.length !== 2) continue;
      plane = {
        key: s.key,
        label: s.label,
        axes: [space.parties[table[0]].id, space.parties[table[1]].id],
        scenario,
      };
      break;
    }
    if (r.scenario !== undefined && plane === null)
      throw new ZopaError(
        "usage",
        `no bilateral scenario "${r.scenario}" in ${r.store}; it holds ${held.scenarios.map((s) => `"${s.label}"`).join(", ")}`,
      );
    const results = new ResultsBuilder(held, { scoring: r.scoring, negotiations: false });
    const plots = new PlotDataBuilder({
      scoring: r.scoring ?? held.settings.scoring,
      agents: held.agents,
      plane,
    });
    await readRows(
      store,
      held,
      false,
      (row) => {
        results.add(row);
        plots.add(row);
      },
      options,
    );
    let space = plane ? utilitySpaceOf(plane.scenario, 0.01, PLANE_LIMIT) : null;
    // The cloud is drawn with the plane's axes as x and y.
    if (space && plane && space.axes[0] !== plane.axes[0]) space = null;
    const data = {
      results: results.finish(),
      plots: plots.finish(),
      space,
      generated: new Date().toISOString(),
    };
    return r.format === "html"
      ? { format: "html", text: renderTournamentHtml(data) }
      : { format: "markdown", text: renderTournamentMarkdown(data) };
  } finally {
    await store.close();
  }
}
