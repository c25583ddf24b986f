/**
 * The `simulate` task and its session companions: negotiations between agents as a simulation spec describes
 * them (src/negotiation/spec.ts). The request is the spec, whose scenario is given by reference (`{ content }`
 * or `{ path }`, as in a saved spec) or as every task takes one (`scenario` as an object or its YAML/JSON
 * text, `files` by name, `paths`). User agents are `{ file }` (imported from the path) or `{ file, content }`
 * (imported from the embedded source), so a server can run specs that carry their agents.
 *
 * - `simulate`: one negotiation, or `repeat` of them with seeds seed, seed + 1, …; the result is the JSON
 *   `zopa simulate --format json` prints.
 * - `snapshot`: runs `stopAfter` party actions of one negotiation and returns the session snapshot (the spec
 *   with its scenario and agent files embedded, the actions so far, the clock readings).
 * - `resume`: continues a snapshot to its end; the result is that of the uninterrupted negotiation.
 * - `standaloneSpec`: the spec with its scenario and agent files embedded, its table checked, nothing run.
 *
 * Shells that render more than JSON (the CLI's text and NDJSON) call `simulationRuns` / `resumeRuns`, which
 * return the compiled space and the raw results.
 */
import { setImmediate } from "node:timers/promises";
import { z } from "zod";
import { ZopaError } from "../errors.ts";
import { addResult, emptySummary, type RepeatSummary } from "../negotiation/repeatSummary.ts";
import type { NegotiationResult } from "../negotiation/result.ts";
import { type ResultJson, resultToJson } from "../negotiation/serialize.ts";
import { isThenable, type Session } from "../negotiation/session.ts";
import { createSession, runSessionAsync } from "../negotiation/simulate.ts";
import {
  type AgentSpec,
  agentLimitsOf,
  embeddedScenario,
  type ResolvedSpec,
  resolveSpec,
  ScenarioRef,
  SessionSnapshot,
  SimulationSpec,
} from "../negotiation/spec.ts";
import { type AgentOutput, type AgentSandbox, sandboxedAgentFactory } from "../runtime/agentSandbox.ts";
import { LlmRun, type LlmRunOptions } from "../runtime/llm/connect.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { CompiledSpace } from "../space/compile.ts";
import { LIMITS, overLimitMessage } from "../util/limits.ts";
import { embedFileAgent, resolveFrom } from "./agentModule.ts";
import { oneInput, resolveScenario, scenarioInputFields } from "./input.ts";
import { Progress, parseRequest, type TaskOptions } from "./task.ts";

const { scenario: _scenario, version: _version, ...specFields } = SimulationSpec.shape;

/** The spec's fields, with the scenario given by reference or as every task takes one. */
const requestFields = {
  /** The spec format's version; defaults to 1. */
  version: z.literal(1).default(1),
  /**
   * The scenario: `{ content }` (a Zopa scenario object) or `{ path }` (paths, as a saved spec has them), or
   * a scenario object or its YAML / JSON text. (Second, as in the spec: saved specs keep the spec's order.)
   */
  scenario: z.union([ScenarioRef, scenarioInputFields.scenario.unwrap()]).optional(),
  ...specFields,
  name: scenarioInputFields.name,
  files: scenarioInputFields.files,
  paths: scenarioInputFields.paths,
};

export const SimulateRequest = z.strictObject(requestFields).superRefine(oneInput);
export type SimulateRequest = z.input<typeof SimulateRequest>;

export const SnapshotRequest = z
  .strictObject({
    ...requestFields,
    /** Party actions to run before stopping (fewer when the negotiation ends first). */
    stopAfter: z.number().int().min(0),
  })
  .superRefine(oneInput);
export type SnapshotRequest = z.input<typeof SnapshotRequest>;

/** `resume` takes a session snapshot as `snapshot` writes it. */
export const ResumeRequest = SessionSnapshot;
export type ResumeRequest = z.input<typeof SessionSnapshot>;

/** What `zopa simulate --format json` prints: one result, or every run's with `repeat` > 1. */
export type SimulateResult = ResultJson | { version: 2; runs: ResultJson[] };

/** What `snapshot` returns: the snapshot, the number of party actions taken, and whether the negotiation is over. */
export interface SnapshotResult {
  snapshot: SessionSnapshot;
  actions: number;
  over: boolean;
}

/** The negotiations run, before serialisation: what the CLI renders as text or NDJSON. */
export interface SimulationRuns {
  space: CompiledSpace;
  results: NegotiationResult[];
}

/**
 * Where a spec came from, for the shell that read it from a file: `base` is the folder its relative paths
 * resolve against (the working directory by default), `file` names it in messages.
 */
export interface SpecContext {
  base?: string;
  file?: string;
  /** Where user agents' stdout and stderr go (the CLI: its stderr, prefixed); dropped without one. */
  agentOutput?: AgentOutput;
  /** LLM agents: record their exchanges into a cassette, or answer from one (src/runtime/llm/connect.ts). */
  llm?: Pick<LlmRunOptions, "record" | "replay" | "env" | "backoffMs">;
}

/** Runs `fn` with LLM agents connected (live from the environment, recording, or replaying: ctx.llm). */
function withLlm<T>(ctx: SpecContext, fn: () => Promise<T>): Promise<T> {
  return new LlmRun(ctx.llm).using(fn);
}

/** `details.kind` of the usage errors a shell may word with its own flags. */
export const NO_AGENTS = "noAgents";
export const OUTSIDE_PARTY = "outsideParty";
export const SNAPSHOT_REPEAT = "snapshotRepeat";

type ParsedRequest = z.output<typeof SimulateRequest>;

/** A spec, with what it describes loaded and resolved. */
interface Prepared extends ResolvedSpec {
  spec: SimulationSpec;
  scenario: Scenario;
  base: string;
  /** The sandboxes of the spec's user agents: released between negotiations, closed at the end. */
  sandboxes: AgentSandbox[];
}

/** The pure spec of a request (its scenario as content when given as an input) and the scenario it names. */
function specOf(
  r: ParsedRequest,
  progress: Progress,
  ctx: SpecContext,
): { spec: SimulationSpec; scenario: Scenario } {
  // Keys in the spec's order (version, scenario, …), so that a saved spec reads as the schema lists it.
  const { version, scenario, name, files, paths, ...rest } = r;
  if (scenario !== undefined && ScenarioRef.safeParse(scenario).success) {
    const spec: SimulationSpec = { version, scenario: scenario as ScenarioRef, ...rest };
    return { spec, scenario: scenarioOfRef(spec, progress, ctx) };
  }
  const loaded = resolveScenario({
    scenario: scenario as string | Record<string, unknown>,
    name,
    files,
    paths,
  });
  for (const w of loaded.warnings) progress.warn(w);
  return {
    spec: { version, scenario: { content: JSON.parse(JSON.stringify(loaded.scenario)) }, ...rest },
    scenario: loaded.scenario,
  };
}

/** The spec's scenario: embedded, or loaded from its paths (relative to the spec's folder). */
function scenarioOfRef(spec: SimulationSpec, progress: Progress, ctx: SpecContext): Scenario {
  if ("content" in spec.scenario) return embeddedScenario(spec, ctx.file);
  const base = ctx.base ?? process.cwd();
  const paths = Array.isArray(spec.scenario.path) ? spec.scenario.path : [spec.scenario.path];
  const loaded = resolveScenario({ paths: paths.map((p) => resolveFrom(base, p)) });
  for (const w of loaded.warnings) progress.warn(w);
  return loaded.scenario;
}

/**
 * Loads the spec's agent files, each in its sandbox (a worker thread with the spec's limits: see
 * src/runtime/agentSandbox.ts), and resolves the spec; refuses a spec without agents. The caller closes the
 * sandboxes (`closePrepared`), whatever happens.
 */
async function prepare(
  spec: SimulationSpec,
  scenario: Scenario,
  progress: Progress,
  ctx: SpecContext,
): Promise<Prepared> {
  const base = ctx.base ?? process.cwd();
  const limits = agentLimitsOf(spec);
  const fileAgents = new Map<string, AgentSandbox>();
  const sandboxes: AgentSandbox[] = [];
  try {
    for (const [party, agent] of Object.entries(spec.agents)) {
      if (agent === "human" || !("file" in agent)) continue;
      const source =
        agent.content === undefined
          ? resolveFrom(base, agent.file)
          : { content: agent.content, name: agent.file };
      const sandbox = await sandboxedAgentFactory(source, {
        callMs: limits.agentCallMs,
        memoryMb: limits.agentMemoryMb,
        output: ctx.agentOutput,
      }).catch((e: unknown) => {
        throw e instanceof ZopaError
          ? new ZopaError(e.code, e.message.replace(String(resolveFrom(base, agent.file)), agent.file), {
              location: { path: ["agents", party] },
              hint: e.hint,
              cause: e,
            })
          : e;
      });
      sandboxes.push(sandbox);
      fileAgents.set(party, sandbox);
    }
    progress.check();
    const resolved = resolveSpec(spec, scenario, (_agent, party) => fileAgents.get(party)!);
    if (Object.keys(spec.agents).length === 0) {
      const parties = resolved.options.order ?? [];
      throw new ZopaError(
        "usage",
        `give an agent to every party at the table (${parties.map((id) => `"${id}"`).join(", ")}) in \`agents\`, e.g. ${JSON.stringify(Object.fromEntries(parties.map((id) => [id, { name: "boulware" }])))}`,
        { details: { kind: NO_AGENTS, parties } },
      );
    }
    return { ...resolved, spec, scenario, base, sandboxes };
  } catch (e) {
    await Promise.all(sandboxes.map((x) => x.close()));
    throw e;
  }
}

/** Ends every worker of the prepared spec's user agents. */
function closePrepared(p: Prepared): Promise<unknown> {
  return Promise.all(p.sandboxes.map((x) => x.close()));
}

/** Runs `work` on the prepared spec, then closes its sandboxes (also when work fails). */
async function usingPrepared<T>(prepared: Promise<Prepared>, work: (p: Prepared) => Promise<T>): Promise<T> {
  const p = await prepared;
  try {
    return await work(p);
  } finally {
    await closePrepared(p);
  }
}

function sessionOf(p: Prepared, seed: number, clock?: readonly number[]): Session {
  return createSession(p.space, { ...p.options, seed, ...(clock ? { replayClock: clock } : {}) });
}

/** Refuses a session waiting for a party played from outside: a task cannot take its actions. */
function outsideParty(session: Session): void {
  const p = session.pending();
  if (p !== null && session.isOutside(p.slot))
    throw new ZopaError(
      "usage",
      `party "${p.party}" is played by a human: a simulation cannot take its actions; give it an agent`,
      { details: { kind: OUTSIDE_PARTY, party: p.party } },
    );
}

/** Longest a repeat runs without giving the event loop a turn (ms). */
const TURN_MS = 50;

/** Actions between yields to the event loop when the run can be cancelled (so an abort can arrive). */
const YIELD_EVERY = 256;

/**
 * Runs a session's agents for up to `n` more actions (all when n is undefined). With a signal, the signal is
 * checked between actions and the event loop gets a turn every few hundred actions.
 */
async function runFor(session: Session, n: number | undefined, progress: Progress, cancellable: boolean) {
  session.async = true;
  await session.open();
  if (n === undefined && !cancellable) {
    await session.advance();
    return;
  }
  for (let k = 0; n === undefined || k < n; k++) {
    if (cancellable) {
      if (k > 0 && k % YIELD_EVERY === 0) await setImmediate();
      progress.check();
    }
    const stepped = session.step();
    if (!(isThenable(stepped) ? await stepped : stepped)) break;
  }
}

/** The spec with its scenario and agent files embedded, so that it stands alone. */
function embedded(p: Prepared): SimulationSpec {
  const agents: Record<string, AgentSpec> = {};
  for (const [party, agent] of Object.entries(p.spec.agents))
    agents[party] = agent !== "human" && "file" in agent ? embedFileAgent(agent, p.base) : agent;
  return { ...p.spec, scenario: { content: JSON.parse(JSON.stringify(p.scenario)) }, agents };
}

/** The parsed request's scenario and agents loaded, ready to run. */
function preparedOf(r: ParsedRequest, progress: Progress, ctx: SpecContext): Promise<Prepared> {
  progress.check();
  const { spec, scenario } = specOf(r, progress, ctx);
  return prepare(spec, scenario, progress, ctx);
}

/**
 * Runs the negotiations the request describes one after the other, giving each result to `onResult` as it
 * comes (then dropping it), and returns their summary: constant memory whatever `repeat`, so that a shell can
 * stream a million negotiations. User agents run sandboxed; their workers go back to the sandbox between
 * negotiations and are all ended before this returns. Progress: negotiations done of `repeat`; cancellation
 * is checked between negotiations and between actions.
 */
export async function streamSimulation(
  request: SimulateRequest,
  options: TaskOptions = {},
  ctx: SpecContext = {},
  onResult: (result: NegotiationResult, run: number, space: CompiledSpace) => void | Promise<void> = () => {},
): Promise<{ space: CompiledSpace; summary: RepeatSummary }> {
  return withLlm(ctx, () => {
    const progress = new Progress("simulate", options);
    const prepared = preparedOf(parseRequest("simulate", SimulateRequest, request), progress, ctx);
    return usingPrepared(prepared, (p) => runAll(p, progress, options, onResult));
  });
}

/** The runs of a prepared spec, one after the other (see streamSimulation). */
async function runAll(
  p: Prepared,
  progress: Progress,
  options: TaskOptions,
  onResult: (result: NegotiationResult, run: number, space: CompiledSpace) => void | Promise<void>,
): Promise<{ space: CompiledSpace; summary: RepeatSummary }> {
  const cancellable = options.signal !== undefined;
  const summary = emptySummary();
  const total = p.runs;
  let lastTurn = performance.now();
  progress.report(0, total, "negotiations");
  for (let run = 0; run < total; run++) {
    const session = sessionOf(p, p.seed + run);
    try {
      await runFor(session, undefined, progress, cancellable);
    } finally {
      for (const sandbox of p.sandboxes) sandbox.releaseAll();
    }
    outsideParty(session);
    const result = session.result();
    addResult(summary, result);
    await onResult(result, run, p.space);
    // The event loop gets a turn between negotiations (every one when cancellable, else every 50 ms), so
    // that a shell's signal handlers and timers run during a long repeat.
    if (cancellable || performance.now() - lastTurn >= TURN_MS) {
      await setImmediate();
      lastTurn = performance.now();
    }
    progress.report(run + 1, total, "negotiations");
  }
  return { space: p.space, summary };
}

/**
 * Runs the negotiations the request describes and returns them unserialised, every result kept (the library's
 * and the server's JSON; `streamSimulation` keeps none).
 */
export async function simulationRuns(
  request: SimulateRequest,
  options: TaskOptions = {},
  ctx: SpecContext = {},
): Promise<SimulationRuns> {
  const repeat = (request as { repeat?: number }).repeat ?? 1;
  if (repeat > LIMITS.keptRuns.max)
    throw new ZopaError(
      "size-limit",
      `repeat ${repeat}: ${overLimitMessage("the results kept in memory", "keptRuns", repeat)}`,
      {
        location: { path: ["repeat"] },
        hint: "stream them instead: streamSimulation(request, options, ctx, onResult), or zopa simulate --repeat N --format ndjson",
      },
    );
  const results: NegotiationResult[] = [];
  const { space } = await streamSimulation(request, options, ctx, (r) => {
    results.push(r);
  });
  return { space, results };
}

/** The JSON `zopa simulate --format json` prints for these runs. */
export function simulationJson({ space, results }: SimulationRuns): SimulateResult {
  return results.length === 1
    ? resultToJson(space, results[0])
    : { version: 2, runs: results.map((r) => resultToJson(space, r)) };
}

/**
 * The negotiations a simulation spec describes: one result, or `{ version: 2, runs }` with `repeat` > 1 (the
 * JSON `zopa simulate --format json` prints). A negotiation in which an agent failed is a result; an invalid
 * spec is a `usage` ZopaError with the path of every bad field, a spec that does not fit its scenario a
 * `spec`, `simulation` or `agent` ZopaError.
 */
export async function simulate(request: SimulateRequest, options: TaskOptions = {}): Promise<SimulateResult> {
  return simulationJson(await simulationRuns(request, options));
}

/**
 * The spec with its scenario and agent files embedded (it runs anywhere, as it is), after checking its table
 * (parties, agents, protocol) without running it.
 */
export async function standaloneSpec(
  request: SimulateRequest,
  options: TaskOptions = {},
  ctx: SpecContext = {},
): Promise<SimulationSpec> {
  const progress = new Progress("simulate", options);
  return withLlm(ctx, () => {
    const prepared = preparedOf(parseRequest("simulate", SimulateRequest, request), progress, ctx);
    return usingPrepared(prepared, async (p) => {
      outsideParty(sessionOf(p, p.seed));
      return embedded(p);
    });
  });
}

/**
 * Runs `stopAfter` party actions of one negotiation (fewer when it ends first) and returns its snapshot, which
 * `resume` continues. Progress: actions taken of `stopAfter`, once at the start and once at the end.
 */
export async function snapshot(
  request: SnapshotRequest,
  options: TaskOptions = {},
  ctx: SpecContext = {},
): Promise<SnapshotResult> {
  const progress = new Progress("snapshot", options);
  const { stopAfter, ...r } = parseRequest("snapshot", SnapshotRequest, request);
  return withLlm(ctx, () =>
    usingPrepared(preparedOf(r, progress, ctx), async (p) => {
      if (p.spec.repeat > 1)
        throw new ZopaError("usage", "a snapshot stops one negotiation: it takes no repeat", {
          details: { kind: SNAPSHOT_REPEAT },
        });
      progress.report(0, stopAfter, "actions");
      const session = sessionOf(p, p.seed);
      await runFor(session, stopAfter, progress, options.signal !== undefined);
      outsideParty(session);
      const saved: SessionSnapshot = {
        version: 1,
        kind: "zopa-session",
        spec: embedded(p),
        log: session.log,
        clock: [...session.clockLog],
      };
      progress.report(session.actions, stopAfter, "actions");
      return { snapshot: saved, actions: session.actions, over: session.over };
    }),
  );
}

/** A snapshot continued to its end, unserialised (the CLI renders text and NDJSON from it). */
export async function resumeRuns(
  request: ResumeRequest,
  options: TaskOptions = {},
  ctx: SpecContext = {},
): Promise<SimulationRuns> {
  const progress = new Progress("resume", options);
  const saved = parseRequest("resume", ResumeRequest, request);
  progress.check();
  const scenario = scenarioOfRef(saved.spec, progress, ctx);
  return withLlm(ctx, () =>
    usingPrepared(prepare(saved.spec, scenario, progress, ctx), async (p) => {
      progress.report(0, 1, "negotiations");
      const session = sessionOf(p, p.seed, saved.clock);
      session.async = true;
      await session.replay(saved.log);
      outsideParty(session);
      progress.check();
      const result = await runSessionAsync(session);
      progress.report(1, 1, "negotiations");
      return { space: p.space, results: [result] };
    }),
  );
}

/**
 * Continues a session snapshot to its end: the result of the uninterrupted negotiation (the JSON `zopa
 * simulate --resume FILE --format json` prints). A log the agents no longer replay is a `spec` ZopaError.
 */
export async function resume(request: ResumeRequest, options: TaskOptions = {}): Promise<SimulateResult> {
  return simulationJson(await resumeRuns(request, options));
}
