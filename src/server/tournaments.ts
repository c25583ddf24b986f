/**
 * Tournaments over HTTP (`/api/v1/tournaments`): a posted spec (scenarios inline or by stored id, agents by
 * catalog name) is resolved like a spec file, recorded in the library, and run in the background by the
 * tournament engine (the tournament task's) into its own results store. Progress goes to server-sent-event
 * listeners; DELETE aborts the run (finished negotiations are kept).
 */
import { availableParallelism } from "node:os";
import { parse as parseYaml } from "yaml";
import { ZopaError } from "../errors.ts";
import type { Library, TournamentRecord } from "../store/library.ts";
import { runTournament } from "../tasks/tournamentEngine.ts";
import { resolveTournament } from "../tasks/tournamentLoad.ts";
import { ResultsBuilder, type TournamentResultsJson } from "../tournament/results.ts";
import { checkSpec, type Scoring, TournamentSpec } from "../tournament/spec.ts";
import { opaqueId, type ServerContext, scenarioTextById } from "./context.ts";
import { HttpProblem } from "./problem.ts";

export type TournamentEvent =
  | { event: "progress"; data: { id: string; status: string; done: number; total: number } }
  | { event: "done"; data: TournamentRecord };

interface Running {
  controller: AbortController;
  record: TournamentRecord;
  finished: Promise<void>;
}

const FINAL = new Set(["done", "cancelled", "failed", "interrupted"]);

export class Tournaments {
  private running = new Map<string, Running>();
  private listeners = new Map<string, Set<(e: TournamentEvent) => void>>();
  private closing = false;
  /** The end of the last tournament started: the next one runs after it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ServerContext,
    private readonly workers = Math.max(1, availableParallelism() - 1),
  ) {}

  /** Runs left `running` or `queued` by a server that stopped are marked interrupted. */
  async recover(): Promise<void> {
    for (const r of await this.ctx.library.tournaments())
      if (!FINAL.has(r.status) && !this.running.has(r.id))
        await this.ctx.library.putTournament({ ...r, status: "interrupted" });
  }

  /** The spec with stored scenarios inlined; paths, folders and agent files refused. */
  private async inlined(body: unknown): Promise<Record<string, unknown>> {
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new HttpProblem(400, "the body is a tournament spec (a JSON object)");
    const spec = { ...(body as Record<string, unknown>) };
    const errors: { path: (string | number)[]; message: string }[] = [];
    if (Array.isArray(spec.scenarios))
      spec.scenarios = await Promise.all(
        spec.scenarios.map(async (entry: unknown, i: number) => {
          if (Array.isArray(entry)) {
            errors.push({
              path: ["scenarios", i],
              message: "scenarios over HTTP are inline or a stored id, never paths",
            });
            return entry;
          }
          if (typeof entry !== "string") return entry;
          const id = entry;
          try {
            const content = parseYaml(await scenarioTextById(this.ctx, id));
            return content;
          } catch (e) {
            if (e instanceof HttpProblem) {
              errors.push({
                path: ["scenarios", i],
                message: `no stored scenario "${id}" (scenarios over HTTP are inline or a stored id)`,
              });
              return entry;
            }
            throw e;
          }
        }),
      );
    if (Array.isArray(spec.agents))
      spec.agents.forEach((a: unknown, i: number) => {
        if (a !== null && typeof a === "object")
          errors.push({ path: ["agents", i], message: "agents over HTTP are catalog names, never code" });
      });
    if (errors.length)
      throw new HttpProblem(
        errors.some((e) => e.message.startsWith("no stored")) ? 404 : 400,
        errors[0].message,
        { errors },
      );
    return spec;
  }

  /** Checks and records a posted spec and starts it; the record comes back at once (status queued). */
  async create(body: unknown): Promise<TournamentRecord> {
    const raw = await this.inlined(body);
    const parsed = TournamentSpec.safeParse(raw);
    if (!parsed.success)
      throw new ZopaError("spec", "invalid tournament spec", {
        problems: parsed.error.issues.map((i) => ({
          severity: "error",
          path: i.path.map((k) => (typeof k === "symbol" ? String(k) : k)) as (string | number)[],
          message: i.message,
        })),
      });
    const problems = checkSpec(parsed.data);
    if (problems.length) throw new ZopaError("spec", "invalid tournament spec", { problems });
    // Inline scenarios and catalog agents only: nothing is read from disk (baseDir is never used).
    const loaded = await resolveTournament(parsed.data, { baseDir: "/nonexistent", traces: true });
    const record: TournamentRecord = {
      id: opaqueId("t"),
      name: parsed.data.name,
      status: "queued",
      spec: raw,
      createdAt: new Date().toISOString(),
      done: 0,
      total: 0,
      error: null,
    };
    await this.ctx.library.putTournament(record);
    const controller = new AbortController();
    const running: Running = { controller, record, finished: Promise.resolve() };
    this.running.set(record.id, running);
    // One tournament at a time (each one uses the worker threads it is given); the others wait, queued.
    running.finished = this.queue = this.queue.then(() => this.run(running, loaded));
    return { ...record };
  }

  private async run(r: Running, loaded: Awaited<ReturnType<typeof resolveTournament>>): Promise<void> {
    const { record } = r;
    // Cancelled (or the server stopping) while queued: cancel() has recorded it; nothing to run.
    if (r.controller.signal.aborted) return;
    const store = await this.ctx.library.openResults(record.id);
    let lastSaved = 0;
    try {
      record.status = "running";
      this.progress(record);
      const summary = await runTournament(loaded, store, {
        workers: this.workers,
        signal: r.controller.signal,
        source: null,
        storeName: `tournament ${record.id}`,
        onPlan: (p) => {
          record.total = p.planned;
          record.done = p.stored;
        },
        onProgress: (p) => {
          record.done = Math.min(record.total, p.done);
          this.progress(record);
          // The record in the library follows at most every second (the events carry every step).
          if (Date.now() - lastSaved > 1000) {
            lastSaved = Date.now();
            this.ctx.library.putTournament({ ...record }).catch(() => {});
          }
        },
      });
      record.done = summary.stored;
      record.status = summary.stopped ? (this.closing ? "interrupted" : "cancelled") : "done";
    } catch (e) {
      record.status = "failed";
      record.error = e instanceof ZopaError ? e.message : "an internal error stopped the tournament";
      if (!(e instanceof ZopaError)) console.error(e);
    } finally {
      await store.close();
      await this.ctx.library.putTournament({ ...record }).catch(() => {});
      this.running.delete(record.id);
      for (const f of this.listeners.get(record.id) ?? []) f({ event: "done", data: { ...record } });
    }
  }

  private progress(record: TournamentRecord): void {
    const e: TournamentEvent = {
      event: "progress",
      data: { id: record.id, status: record.status, done: record.done, total: record.total },
    };
    for (const f of this.listeners.get(record.id) ?? []) f(e);
  }

  async get(id: string): Promise<TournamentRecord> {
    const live = this.running.get(id);
    if (live) return { ...live.record };
    const record = await this.ctx.library.tournament(id);
    if (!record) throw new HttpProblem(404, `no tournament "${id}"`);
    return record;
  }

  list(): Promise<TournamentRecord[]> {
    return this.ctx.library.tournaments();
  }

  /** Listens to a tournament's events; returns the unsubscribe function. */
  listen(id: string, f: (e: TournamentEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(f);
    return () => {
      set.delete(f);
      if (!set.size) this.listeners.delete(id);
    };
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Cancels a queued or running tournament (409 once it has ended). */
  async cancel(id: string): Promise<TournamentRecord> {
    const live = this.running.get(id);
    if (!live) {
      const record = await this.get(id);
      throw new HttpProblem(409, `tournament "${id}" has ended (${record.status}); nothing to cancel`);
    }
    live.controller.abort(new Error("cancelled"));
    if (live.record.status === "queued") {
      // Not started: it ends here, without waiting for the tournaments before it.
      live.record.status = "cancelled";
      this.running.delete(id);
      await this.ctx.library.putTournament({ ...live.record });
      for (const f of this.listeners.get(id) ?? []) f({ event: "done", data: { ...live.record } });
      return { ...live.record };
    }
    await live.finished;
    return this.get(id);
  }

  private async withStore<T>(
    id: string,
    f: (store: Awaited<ReturnType<Library["openResults"]>>) => Promise<T>,
  ) {
    const record = await this.get(id);
    const store = await this.ctx.library.openResults(record.id);
    try {
      const held = await store.tournament();
      if (!held) throw new HttpProblem(409, `tournament "${id}" has not started yet`);
      return await f(store);
    } finally {
      await store.close();
    }
  }

  /** The results JSON (docs/tournament-json.md) of what is stored so far. */
  results(
    id: string,
    options: { scoring?: Scoring; negotiations?: boolean },
  ): Promise<TournamentResultsJson> {
    return this.withStore(id, async (store) => {
      const held = (await store.tournament())!;
      const builder = new ResultsBuilder(held, {
        scoring: options.scoring,
        negotiations: options.negotiations ?? true,
      });
      for await (const row of store.rows()) builder.add(row);
      return builder.finish();
    });
  }

  /** One negotiation with its trace. */
  negotiation(id: string, nid: string) {
    return this.withStore(id, async (store) => {
      const held = (await store.tournament())!;
      const labels = new Map(held.scenarios.map((s) => [s.key, s.label]));
      for await (const row of store.rows({ traces: true }))
        if (row.id === nid) {
          const { index: _i, ...rest } = row;
          return { ...rest, scenario: labels.get(row.scenario) ?? row.scenario, trace: row.trace ?? [] };
        }
      throw new HttpProblem(404, `no negotiation "${nid}" in tournament "${id}"`);
    });
  }

  /** Stops every run (their records say interrupted) and waits for them to end. */
  async close(): Promise<void> {
    this.closing = true;
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort(new Error("server stopping"));
    await Promise.all(all.map((r) => r.finished));
  }
}
