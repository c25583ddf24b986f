/**
 * `zopa simulate`: turns the flags (or a spec or snapshot file) into a simulation spec, runs the `simulate`,
 * `snapshot` or `resume` task (src/tasks/simulate.ts), and renders the result as text, JSON or NDJSON. Paths
 * in a spec file are relative to it; on the command line, to the working directory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Command, CommanderError } from "commander";
import { ZopaError } from "../../errors.ts";
import { AGENTS, agentsFor, MEDIATORS, rangeText } from "../../negotiation/catalog.ts";
import {
  failureCount,
  failureKinds,
  type RepeatSummary,
  summaryJson,
} from "../../negotiation/repeatSummary.ts";
import type { NegotiationResult } from "../../negotiation/result.ts";
import { actionToJson, resultToJson } from "../../negotiation/serialize.ts";
import {
  type AgentLimits,
  type AgentSpec,
  agentLimitsOf,
  parseSnapshot,
  parseSpec,
  type SessionSnapshot,
  type SimulationSpec,
  type SimulationSpecInput,
} from "../../negotiation/spec.ts";
import { escapeText } from "../../report/escape.ts";
import { renderRepeated, renderRepeatSummary, renderSimulation } from "../../report/simulationReport.ts";
import { prefixedLines } from "../../runtime/agentSandbox.ts";
import type { CompiledSpace } from "../../space/compile.ts";
import { resolveFrom } from "../../tasks/agentModule.ts";
import type { ScenarioInput } from "../../tasks/input.ts";
import {
  NO_AGENTS,
  OUTSIDE_PARTY,
  resumeRuns,
  type SimulationRuns,
  type SpecContext,
  simulationJson,
  snapshot,
  standaloneSpec,
  streamSimulation,
} from "../../tasks/simulate.ts";
import type { ProgressEvent, TaskOptions } from "../../tasks/task.ts";
import { maxText } from "../../util/limits.ts";
import { countFlag } from "../counts.ts";
import { choice, EXIT_STOPPED, emit, openOutput, type StreamedOutput, stderr, usageError } from "../io.ts";
import { warningsPrinted, withInputErrors } from "../scenarioInput.ts";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The user agents' limits the flags give (only those given: the rest come from the spec or the defaults). */
function limitFlags(opts: Record<string, unknown>): Partial<AgentLimits> {
  const agentCallMs = countFlag("--agent-timeout", opts.agentTimeout as string | undefined, "agentCallMs");
  const agentMemoryMb = countFlag("--agent-memory", opts.agentMemory as string | undefined, "agentMemoryMb");
  return {
    ...(agentCallMs !== undefined ? { agentCallMs } : {}),
    ...(agentMemoryMb !== undefined ? { agentMemoryMb } : {}),
  };
}

/** A spec (from a file) with the limits the flags give in place of its own. */
function withLimits(spec: SimulationSpec, flags: Partial<AgentLimits>): SimulationSpec {
  if (Object.keys(flags).length === 0) return spec;
  const { agentTimeoutMs: _older, ...rest } = spec;
  return { ...rest, limits: { ...agentLimitsOf(spec), ...flags } };
}

/** `party=name,party=name` → pairs, with a clear error for a malformed entry. */
function parsePairs(flag: string, text: string): [string, string][] {
  return text
    .split(",")
    .filter((s) => s.trim() !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0 || at === pair.length - 1)
        throw usageError(`${flag} takes PARTY=AGENT pairs separated by commas (got "${pair}")`);
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
}

const isPath = (s: string) => /[/\\]|\.(ts|js|mjs|mts)$/.test(s);

function readJson(flag: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw usageError(`${flag}: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw usageError(`${flag}: ${file} is not JSON: ${(e as Error).message}`);
  }
}

function writeJson(flag: string, file: string, value: unknown): void {
  try {
    writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  } catch (e) {
    throw usageError(`${flag}: cannot write ${file}: ${(e as Error).message}; nothing was written`);
  }
}

/** The spec the command line describes (scenario by path, relative to the working directory). */
function specFromFlags(files: string[], opts: Record<string, unknown>): SimulationSpecInput {
  const protocol = choice("--protocol", opts.protocol as string, ["saop", "mediated"] as const);
  const information =
    opts.information === undefined
      ? undefined
      : choice("--information", opts.information as string, ["private", "complete"] as const);
  const rounds = countFlag("--rounds", opts.rounds as string | undefined, "rounds");
  const timeMs = countFlag("--time", opts.time as string | undefined, "timeMs");
  const repeat = countFlag("--repeat", opts.repeat as string, "repeat")!;
  // Number("") is 0: a blank seed is refused rather than read as 0.
  const seedText = opts.seed as string;
  const seed = /^\s*-?\d+\s*$/.test(seedText) ? Number(seedText) : Number.NaN;
  if (!Number.isSafeInteger(seed))
    throw usageError(`--seed must be an integer, e.g. --seed 1 (got "${seedText}")`);
  if (opts.mediator && protocol !== "mediated")
    throw usageError("--mediator applies to --protocol mediated only");
  if (files.length === 0)
    throw usageError(
      "give a scenario (a file, a folder, or a domain and its profiles), or --spec / --resume",
    );
  const pairs = [
    ...parsePairs("--agents", opts.agents as string),
    ...(opts.agent as string[]).flatMap((p) => parsePairs("--agent", p)),
  ];
  const agents: Record<string, AgentSpec> = {};
  for (const [party, text] of pairs) {
    if (agents[party]) throw usageError(`party "${party}" was given two agents`);
    if (text === "human") agents[party] = "human";
    else if (isPath(text)) agents[party] = { file: resolve(text) };
    else {
      const at = text.indexOf(":");
      const parameter = at < 0 ? undefined : Number(text.slice(at + 1));
      if (at >= 0 && (text.slice(at + 1).trim() === "" || !Number.isFinite(parameter)))
        throw usageError(`--agents ${party}=${text}: "${text}": the part after ":" must be a number`);
      agents[party] = at < 0 ? { name: text } : { name: text.slice(0, at), parameter };
    }
  }
  return {
    version: 1,
    scenario: { path: files.length === 1 ? resolve(files[0]) : files.map((f) => resolve(f)) },
    variant: (opts.variant as string | undefined) ?? null,
    protocol:
      protocol === "mediated"
        ? { kind: "mediated", mediator: (opts.mediator as string | undefined) ?? "random-flip" }
        : { kind: "saop" },
    agents,
    rounds: rounds ?? null,
    timeMs: timeMs ?? null,
    ...(information ? { information } : {}),
    seed,
    repeat,
    limits: limitFlags(opts),
  };
}

/** A ZopaError of the core with the CLI's advice added (the agents that play the protocol, the flag at fault). */
function withAdvice(e: unknown, spec: SimulationSpec | undefined): unknown {
  if (!(e instanceof ZopaError)) return e;
  let message = e.message;
  if (e.code === "usage" && e.details?.kind === NO_AGENTS)
    message = `give an agent to every party at the table with --agents, e.g. --agents ${(e.details.parties as string[]).map((id) => `${id}=boulware`).join(",")}`;
  if (e.code === "usage" && e.details?.kind === OUTSIDE_PARTY)
    message = `party "${e.details.party}" is played by a human: zopa simulate cannot take its actions; give it an agent`;
  const protocol = spec?.protocol.kind ?? "saop";
  if (e.code === "simulation" && e.details?.kind === "agentProtocol")
    message = `${message}. Agents for ${protocol}: ${agentsFor(protocol).join(", ")}`;
  const path = e.location?.path;
  if (e.code === "agent" && path?.[0] === "agents") {
    const agent = spec?.agents[String(path[1])];
    if (agent && agent !== "human" && "file" in agent)
      message = `--agent ${path[1]}=${agent.file}: ${message}`;
    else {
      const text =
        agent && agent !== "human" && "name" in agent
          ? `${agent.name}${agent.parameter === undefined ? "" : `:${agent.parameter}`}`
          : "";
      message = `--agents ${path[1]}=${text}: ${message}`;
    }
  }
  if (message === e.message) return e;
  return new ZopaError(e.code, message, {
    location: e.location,
    hint: e.hint,
    problems: e.problems,
    details: e.details,
    cause: e,
  });
}

function render(format: "text" | "json" | "ndjson", runs: SimulationRuns): string {
  const { space, results } = runs;
  if (format === "text")
    // User text (names, labels) escaped for the terminal (src/report/escape.ts).
    return escapeText(
      results.length === 1 ? renderSimulation(space, results[0]) : renderRepeated(space, results),
    );
  if (format === "json") return `${JSON.stringify(simulationJson(runs), null, 2)}\n`;
  return results.map((r, run) => ndjsonOf(space, r, run, true)).join("");
}

/** One negotiation's NDJSON lines: its actions (with `traces`), then its result. */
function ndjsonOf(space: CompiledSpace, r: NegotiationResult, run: number, traces: boolean): string {
  const lines = traces
    ? r.trace.map((e) => JSON.stringify({ type: "action", run, ...actionToJson(space, r, e) }))
    : [];
  lines.push(JSON.stringify({ type: "result", run, ...resultToJson(space, r, { trace: false }) }));
  return `${lines.join("\n")}\n`;
}

/** `text` indented by `pad` spaces on every line (a run inside the pretty-printed `runs` array). */
function indented(text: string, pad: string): string {
  return pad + text.replaceAll("\n", `\n${pad}`);
}

/**
 * Runs the negotiations and writes them as they come, so that memory stays flat whatever `--repeat`: NDJSON
 * lines per negotiation (actions with `traces`) and a summary line; JSON's `runs` one by one (the same bytes as
 * `JSON.stringify(…, null, 2)`); text from a summary kept as the runs come (one negotiation: its full report).
 */
/** Ctrl-C (or SIGTERM) during a run: the negotiations done before it. */
class Stopped extends Error {
  constructor(readonly done: number) {
    super("stopped");
  }
}

/**
 * Ctrl-C and SIGTERM while `work` runs stop it between two negotiations (the task gives the event loop a turn
 * at least every 50 ms), so that an output file's temporary copy is removed and the old file stays.
 */
async function stoppable<T>(work: (stop: { stopped: boolean }) => Promise<T>): Promise<T> {
  const stop = { stopped: false };
  const onSignal = () => {
    stop.stopped = true;
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await work(stop);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

async function streamRuns(
  format: "text" | "json" | "ndjson",
  spec: SimulationSpec,
  traces: boolean,
  out: StreamedOutput,
  options: TaskOptions,
  ctx: SpecContext,
  stop: { stopped: boolean },
): Promise<RepeatSummary> {
  const single = spec.repeat === 1;
  let only: NegotiationResult | null = null;
  const { space, summary } = await streamSimulation(spec, options, ctx, (r, k, space) => {
    if (stop.stopped) throw new Stopped(k);
    if (single) only = r;
    if (format === "ndjson") out.write(ndjsonOf(space, r, k, traces));
    else if (format === "json" && !single) {
      const text = indented(JSON.stringify(resultToJson(space, r), null, 2), "    ");
      out.write(k === 0 ? `{\n  "version": 2,\n  "runs": [\n${text}` : `,\n${text}`);
    }
  });
  if (format === "ndjson") {
    if (!single) out.write(`${JSON.stringify({ type: "summary", ...summaryJson(summary) })}\n`);
  } else if (format === "json")
    out.write(single ? `${JSON.stringify(resultToJson(space, only!), null, 2)}\n` : "\n  ]\n}\n");
  else out.write(escapeText(single ? renderSimulation(space, only!) : renderRepeatSummary(space, summary)));
  return summary;
}

/** The stderr line of a run whose negotiations failed on an agent (the exit code stays 0: see --help). */
function failureNote(summary: RepeatSummary): string | null {
  const n = failureCount(summary);
  if (n === 0) return null;
  const e = summary.firstFailure?.error;
  return `zopa: ${n} of ${summary.runs} negotiation(s) failed on an agent (${failureKinds(summary)})${e ? `; first: agent ${e.agent} (${e.party}), ${e.step} in round ${e.round}: ${e.message}` : ""}\n`;
}

/** The spec's scenario paths as the input errors name them (resolved against the spec's folder). */
function inputOf(spec: SimulationSpec, ctx: SpecContext): ScenarioInput {
  if ("content" in spec.scenario) return {};
  const paths = Array.isArray(spec.scenario.path) ? spec.scenario.path : [spec.scenario.path];
  return { paths: paths.map((p) => resolveFrom(ctx.base ?? process.cwd(), p)) };
}

/** `simulated K/N` on a terminal, every 50 negotiations and at the end; `shown` once the run began. */
function progressOnTerminal(): { onProgress: (e: ProgressEvent) => void; shown: () => boolean } {
  let shown = false;
  return {
    onProgress: (e) => {
      shown = true;
      if (e.done > 0 && (e.done % 50 === 0 || e.done === e.total))
        stderr().write(`\rsimulated ${e.done}/${e.total}`);
    },
    shown: () => shown,
  };
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("Simulate negotiations between agents under SAOP or a mediated single-text protocol.")
    .argument(
      "[scenario...]",
      "a scenario file (YAML or JSON), a GENIUS or GeniusWeb domain and its profiles, or a folder holding one domain and its profiles (GENIUS XML, GeniusWeb/ANL JSON)",
    )
    .option(
      "--agents <list>",
      "agents per party: PARTY=AGENT,PARTY=AGENT (built-in name, NAME:NUMBER, or a file)",
      "",
    )
    .option("--agent <party=path>", "a user agent from a .ts/.js file (repeatable)", collect, [])
    .option("--protocol <protocol>", "saop | mediated", "saop")
    .option("--mediator <mediator>", "mediated protocol: random-flip | hill-climbing | nash | party:ID")
    .option("--rounds <n>", `deadline in rounds (default 100 unless --time is given) ${maxText("rounds")}`)
    .option("--time <ms>", `deadline in milliseconds (traces then depend on timing) ${maxText("timeMs")}`)
    .option("--seed <s>", "seed for every random choice", "1")
    .option("--variant <name>", "apply a named variant of the scenario")
    .option("--repeat <k>", `run K negotiations with seeds S, S+1, … ${maxText("repeat")}`, "1")
    .option(
      "--information <kind>",
      "private | complete (agents see every party's utilities); defaults to the scenario's `information`, else private",
    )
    .option(
      "--agent-timeout <ms>",
      `a user agent's call taking longer is stopped and fails the negotiation (default 1000) ${maxText("agentCallMs")}`,
    )
    .option(
      "--agent-memory <mb>",
      `a user agent's heap limit; past it the agent is stopped (default 256) ${maxText("agentMemoryMb")}`,
    )
    .option("--format <format>", "text | json | ndjson", "text")
    .option("--traces", "ndjson with --repeat: each negotiation's actions too (always with one negotiation)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option(
      "--save-spec <file>",
      "write the spec this command line describes (scenario and agent files embedded) and exit",
    )
    .option("--spec <file>", "run a saved simulation spec (JSON)")
    .option("--stop-after <n>", `stop after N party actions (with --snapshot) ${maxText("stopAfter")}`)
    .option("--snapshot <file>", "with --stop-after: write the session (spec and actions so far) and exit")
    .option("--resume <file>", "continue a session snapshot to its end")
    .option(
      "--llm-record <cassette>",
      "llm agents: keep every model request and answer in this cassette (JSON)",
    )
    .option("--llm-replay <cassette>", "llm agents: answer from this cassette only, without any network")
    .addHelpText(
      "after",
      `\nBuilt-in agents:\n${AGENTS.map((a) => `  ${a.name.padEnd(24)} ${a.description}${a.parameter ? ` [:${a.parameter}${a.range ? `; ${rangeText(a.range)}` : ""}]` : ""}`).join("\n")}\n\nMediators:\n${MEDIATORS.map((m) => `  ${m.name.padEnd(24)} ${m.description}`).join("\n")}\n\nExamples:\n  zopa simulate examples/car-purchase.yaml --agents buyer=boulware,dealer=conceder\n  zopa simulate examples/car-purchase.yaml --agents buyer=aspiration,dealer=hardliner --rounds 50 --format json\n  zopa simulate examples/car-purchase.yaml --agents buyer=boulware --agent dealer=./my-agent.ts --repeat 100\n  zopa simulate examples/river-basin.yaml --protocol mediated --mediator party:bank --agents upstream=conceder,downstream=conceder\n  zopa simulate examples/car-purchase.yaml --agents buyer=boulware,dealer=conceder --save-spec run.json\n  zopa simulate --spec run.json --stop-after 10 --snapshot session.json\n  zopa simulate --resume session.json\n\nUser agents (--agent, { file } in a spec) run sandboxed in worker threads: a call past --agent-timeout or a heap past\n--agent-memory stops the agent, and process.exit ends its worker only. The negotiation then ends with status\ntimeout, memory or error naming the agent, the call and the reason; the run goes on with the next negotiation.\nBuilt-in agents run in Zopa's thread at full speed. See docs/sandbox.md.\n\nExit codes: 0 done (negotiations that failed on an agent included: their status says so, and a line on stderr\ncounts them), 2 bad input (an agent module that does not load included; nothing written), 1 internal error,\n130 stopped by Ctrl-C (an output file is left as it was).`,
    )
    .action(async (files: string[], opts) => {
      const format = choice("--format", opts.format, ["text", "json", "ndjson"] as const);
      const stopAfter = countFlag("--stop-after", opts.stopAfter, "stopAfter", 0);
      const limits = limitFlags(opts);
      if ((stopAfter === undefined) !== (opts.snapshot === undefined))
        throw usageError("--stop-after and --snapshot go together: --stop-after N --snapshot FILE");
      const sources = [opts.spec && "--spec", opts.resume && "--resume"].filter(Boolean);
      if (sources.length > 1) throw usageError("give either --spec or --resume, not both");
      if (sources.length && files.length)
        throw usageError(`${sources[0]} takes the scenario from its file; give no scenario argument`);
      if (opts.resume && (stopAfter !== undefined || opts.saveSpec))
        throw usageError(
          "--resume runs a session to its end; it takes no --stop-after, --snapshot or --save-spec",
        );

      let spec: SimulationSpec | undefined;
      try {
        let saved: SessionSnapshot | undefined;
        const ctx: SpecContext = {};
        if (opts.llmRecord || opts.llmReplay) ctx.llm = { record: opts.llmRecord, replay: opts.llmReplay };
        if (opts.resume) {
          saved = parseSnapshot(readJson("--resume", opts.resume), opts.resume);
          saved = { ...saved, spec: withLimits(saved.spec, limits) };
          spec = saved.spec;
          ctx.file = opts.resume;
          ctx.base = dirname(resolve(opts.resume));
        } else if (opts.spec) {
          spec = withLimits(parseSpec(readJson("--spec", opts.spec), opts.spec), limits);
          ctx.file = opts.spec;
          ctx.base = dirname(resolve(opts.spec));
        } else spec = parseSpec(specFromFlags(files, opts));
        if (stopAfter !== undefined && spec.repeat > 1)
          throw usageError("--stop-after stops one negotiation: it takes no --repeat");
        const request = spec;
        const input = inputOf(spec, ctx);
        const warnings = warningsPrinted();
        // A user agent's console output: Zopa's stderr, each line prefixed [agent NAME].
        const context: SpecContext = {
          ...ctx,
          agentOutput: prefixedLines((line) => void stderr().write(escapeText(line))),
        };

        if (opts.saveSpec) {
          const standalone = await withInputErrors(input, "written", () =>
            standaloneSpec(request, warnings, context),
          );
          writeJson("--save-spec", opts.saveSpec, standalone);
          return;
        }
        if (saved) {
          const snapshotted = saved;
          const runs = await withInputErrors(input, "written", () =>
            resumeRuns(snapshotted, warnings, context),
          );
          emit(render(format, runs), opts.output);
          return;
        }
        if (stopAfter !== undefined) {
          const stopped = await withInputErrors(input, "written", () =>
            snapshot({ ...request, stopAfter }, warnings, context),
          );
          writeJson("--snapshot", opts.snapshot, stopped.snapshot);
          stderr().write(
            `stopped after ${stopped.actions} action(s)${stopped.over ? " (the negotiation is over)" : ""}; session written to ${opts.snapshot}\n`,
          );
          return;
        }

        const terminal = spec.repeat > 1 && stderr().isTTY ? progressOnTerminal() : undefined;
        const traces = opts.traces === true || spec.repeat === 1;
        // The output is checked (and its temporary file opened) before any work.
        const out = openOutput(opts.output);
        let summary: RepeatSummary | undefined;
        try {
          summary = await stoppable((stop) =>
            withInputErrors(input, "written", () =>
              streamRuns(
                format,
                request,
                traces,
                out,
                { ...warnings, onProgress: terminal?.onProgress },
                context,
                stop,
              ),
            ),
          );
          out.close();
        } catch (e) {
          out.abort();
          if (!(e instanceof Stopped)) throw e;
          stderr().write(
            `\nstopped after ${e.done} of ${spec.repeat} negotiation(s)${opts.output ? `; ${escapeText(opts.output)} was left as it was` : ""}\n`,
          );
          throw new CommanderError(EXIT_STOPPED, "zopa.stopped", "stopped");
        } finally {
          if (terminal?.shown()) stderr().write("\n");
        }
        const note = summary && failureNote(summary);
        if (note) stderr().write(note);
      } catch (e) {
        throw withAdvice(e, spec);
      }
    });
}
