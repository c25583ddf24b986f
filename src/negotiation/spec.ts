/**
 * The simulation spec: one serialisable description of a negotiation (scenario, variant, protocol, agents,
 * deadline, discount, information, seed) and the session snapshot (a spec plus its action log). Both are
 * zod schemas with the TypeScript types derived from them; `parseSpec` and `parseSnapshot` turn any problem
 * into a ZopaError("spec") with the path of the bad field. Pure: a scenario given by path and agents given by
 * file are resolved by the shell that reads files (`resolveSpec` takes what it loaded).
 */
import { z } from "zod";
import { type Problem, ZopaError } from "../errors.ts";
import { parseScenario } from "../scenario/parse.ts";
import type { Scenario } from "../scenario/schema.ts";
import { applyVariant } from "../scenario/variants.ts";
import { type CompiledSpace, compileScenario } from "../space/compile.ts";
import { LIMITS, type LimitName } from "../util/limits.ts";
import type { AgentFactory } from "./agent.ts";
import { protocolAlternatingOffers } from "./alternatingOffers.ts";
import { agentFromCatalog, mediatorFromCatalog } from "./catalog.ts";
import { llmAgentFactory } from "./llm/connector.ts";
import { LlmOptions } from "./llm/settings.ts";
import type { Protocol } from "./protocol.ts";
import type { SimulationOptions } from "./simulate.ts";
import { protocolSingleText } from "./singleText.ts";

const PositiveInt = z.number().int().min(1);

/** A positive integer up to a limit of src/util/limits.ts. */
const upTo = (name: LimitName) => PositiveInt.max(LIMITS[name].max);

/** What user agents may take (they run sandboxed: src/runtime/agentSandbox.ts); the defaults. */
export const DEFAULT_AGENT_LIMITS = { agentCallMs: 1000, agentMemoryMb: 256 } as const;

/**
 * The limits of user agents, the same object in a simulation spec and a tournament spec (`limits`): each call
 * is stopped from outside past `agentCallMs`, the agent's heap past `agentMemoryMb`. Built-in agents are not
 * limited (they run in Zopa's thread at full speed).
 */
export const AgentLimits = z
  .object({
    agentCallMs: upTo("agentCallMs")
      .default(DEFAULT_AGENT_LIMITS.agentCallMs)
      .describe("A user agent's call taking longer is stopped and fails the negotiation; defaults to 1000."),
    agentMemoryMb: upTo("agentMemoryMb")
      .default(DEFAULT_AGENT_LIMITS.agentMemoryMb)
      .describe("A user agent's heap limit in MB; past it the agent is stopped; defaults to 256."),
  })
  .strict();
export type AgentLimits = z.infer<typeof AgentLimits>;

/** A scenario by content (a Zopa scenario object) or by reference (paths, relative to the spec file). */
export const ScenarioRef = z.union([
  z.strictObject({ content: z.record(z.string(), z.unknown()) }),
  z.strictObject({ path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) }),
]);

/**
 * An agent: a catalog name with its parameter (`{ name: "time-dependent", parameter: 0.5 }`), a user agent
 * module (`{ file }`, with its source in `content` once saved, so that the spec stands alone), or `"human"`:
 * a party whose actions come from outside the session (`session.submit`).
 */
export const AgentSpec = z.union([
  z.literal("human"),
  z.strictObject({
    name: z.string().min(1),
    parameter: z.number().optional(),
    /** The settings of the `llm` agent (docs/llm.md). */
    llm: LlmOptions.optional(),
  }),
  z.strictObject({ file: z.string().min(1), content: z.string().optional() }),
]);

export const ProtocolSpec = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("saop") }),
  z.strictObject({
    kind: z.literal("mediated"),
    /** random-flip (default), hill-climbing, nash or party:ID. */
    mediator: z.string().min(1).default("random-flip"),
  }),
]);

export const SimulationSpec = z.strictObject({
  version: z.literal(1),
  scenario: ScenarioRef,
  /** A variant of the scenario to apply first; null for the base scenario. */
  variant: z.string().min(1).nullable().default(null),
  protocol: ProtocolSpec.default({ kind: "saop" }),
  /** Party id → agent, for every party at the table. */
  agents: z.record(z.string(), AgentSpec),
  /** Deadline in rounds; with neither rounds nor timeMs, 100 rounds. */
  rounds: upTo("rounds").nullable().default(null),
  /** Deadline in milliseconds of wall-clock time. */
  timeMs: upTo("timeMs").nullable().default(null),
  /** Party id → discount factor in (0, 1]; defaults to each party's `discount` in the scenario. */
  discount: z.record(z.string(), z.number().gt(0).max(1)).optional(),
  /** Defaults to the scenario's `information`, else private. */
  information: z.enum(["private", "complete", "utilities"]).optional(),
  seed: z.number().int().default(1),
  /** Negotiations run with seeds seed, seed + 1, … */
  repeat: upTo("repeat").default(1),
  /** User agents' limits (they run sandboxed); built-in agents run unlimited, at full speed. */
  limits: AgentLimits.default(DEFAULT_AGENT_LIMITS),
  /**
   * Older specs' per-call limit (checked after the call returned): read as `limits.agentCallMs` when given
   * (null: the default).
   */
  agentTimeoutMs: upTo("agentCallMs").nullable().optional(),
});

/** The limits a spec gives its user agents (an older spec's `agentTimeoutMs` as the call limit). */
export function agentLimitsOf(spec: SimulationSpec): AgentLimits {
  return spec.agentTimeoutMs == null ? spec.limits : { ...spec.limits, agentCallMs: spec.agentTimeoutMs };
}

export type ScenarioRef = z.infer<typeof ScenarioRef>;
export type AgentSpec = z.infer<typeof AgentSpec>;
export type ProtocolSpec = z.infer<typeof ProtocolSpec>;
export type SimulationSpec = z.infer<typeof SimulationSpec>;
export type SimulationSpecInput = z.input<typeof SimulationSpec>;

/** Text a party sent with an action (kept in the log, so that a resumed session has it). */
const Message = z.string().optional();

export const LoggedActionSchema = z.union([
  z.strictObject({
    party: z.string(),
    type: z.literal("offer"),
    outcome: z.number().int().min(0),
    message: Message,
  }),
  z.strictObject({ party: z.string(), type: z.enum(["accept", "reject"]), message: Message }),
  z.strictObject({
    party: z.string(),
    type: z.literal("end"),
    reason: z.string().optional(),
    message: Message,
  }),
]);

/** A session stopped part-way: its spec (self-contained) and every party action so far. */
export const SessionSnapshot = z.strictObject({
  version: z.literal(1),
  kind: z.literal("zopa-session"),
  spec: SimulationSpec,
  log: z.array(LoggedActionSchema),
  /** Clock readings (ms since the start) for an exact replay of time deadlines and agent time limits. */
  clock: z.array(z.number()).default([]),
});
export type SessionSnapshot = z.infer<typeof SessionSnapshot>;

function zodProblems(error: z.ZodError, prefix: (string | number)[]): Problem[] {
  return error.issues.map((issue) => ({
    severity: "error" as const,
    path: [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    message: issue.message,
  }));
}

function specError(what: string, problems: Problem[], file?: string): ZopaError {
  const first = problems[0];
  const where = (p: Problem) => (p.path.length ? p.path.join(".") : "(document)");
  return new ZopaError(
    "spec",
    `${file ? `${file}: ` : ""}${what}: ${problems.map((p) => `${where(p)}: ${p.message}`).join("; ")}`,
    {
      problems: problems.map((p) => (file ? { ...p, file } : p)),
      location: { ...(file ? { file } : {}), path: first?.path ?? [] },
    },
  );
}

/** A simulation spec from parsed JSON; every problem located (ZopaError "spec"). */
export function parseSpec(json: unknown, file?: string): SimulationSpec {
  const parsed = SimulationSpec.safeParse(json);
  if (!parsed.success) throw specError("invalid simulation spec", zodProblems(parsed.error, []), file);
  return parsed.data;
}

/** A session snapshot from parsed JSON; every problem located (ZopaError "spec"). */
export function parseSnapshot(json: unknown, file?: string): SessionSnapshot {
  const parsed = SessionSnapshot.safeParse(json);
  if (!parsed.success) throw specError("invalid session snapshot", zodProblems(parsed.error, []), file);
  return parsed.data;
}

/** The scenario embedded in a spec, validated like a scenario file (problems located under scenario.content). */
export function embeddedScenario(spec: SimulationSpec, file?: string): Scenario {
  if (!("content" in spec.scenario)) throw new ZopaError("spec", "the spec refers to its scenario by path");
  const parsed = parseScenario(JSON.stringify(spec.scenario.content));
  if (!parsed.scenario)
    throw specError(
      "invalid embedded scenario",
      parsed.problems
        .filter((p) => p.severity === "error")
        .map((p) => ({ severity: p.severity, path: ["scenario", "content", ...p.path], message: p.message })),
      file,
    );
  return parsed.scenario;
}

/** What a spec describes, ready to run: the compiled space and the options of every run but its seed. */
export interface ResolvedSpec {
  space: CompiledSpace;
  options: Omit<SimulationOptions, "seed">;
  /** The seed of the first run; run k (from 0) has seed `seed + k`. */
  seed: number;
  /** The number of runs. */
  runs: number;
}

/**
 * Builds what a spec describes. `scenario` is the spec's scenario, loaded by the shell when given by path;
 * `fileAgent` turns a `{ file }` agent into a factory (the shell imports the module). Problems with the spec
 * itself are ZopaError("spec") located at the field; catalog problems are ZopaError("agent").
 */
export function resolveSpec(
  spec: SimulationSpec,
  scenario: Scenario,
  fileAgent: (agent: { file: string; content?: string }, party: string) => AgentFactory,
): ResolvedSpec {
  if (spec.variant !== null && !scenario.variants.some((v) => v.id === spec.variant)) {
    const ids = scenario.variants.map((v) => `"${v.id}"`);
    throw new ZopaError(
      "spec",
      `unknown variant "${spec.variant}": ${ids.length ? `the scenario defines ${ids.join(", ")}` : "the scenario defines no variants"}`,
      { location: { path: ["variant"] } },
    );
  }
  const applied = spec.variant !== null ? applyVariant(scenario, spec.variant) : scenario;
  const space = compileScenario(applied, spec.variant);
  let protocol: Protocol;
  let mediatorParty: string | undefined;
  if (spec.protocol.kind === "mediated") {
    const mediator = mediatorFromCatalog(spec.protocol.mediator);
    mediatorParty = mediator.party;
    protocol = protocolSingleText(mediator);
  } else protocol = protocolAlternatingOffers();
  const agents: Record<string, AgentFactory | "human"> = {};
  for (const [party, agent] of Object.entries(spec.agents)) {
    if (party === mediatorParty)
      throw new ZopaError("spec", `party "${party}" is the mediator and takes no agent`, {
        location: { path: ["agents", party] },
      });
    if (agent === "human") agents[party] = "human";
    else if ("file" in agent) agents[party] = fileAgent(agent, party);
    else {
      try {
        if (agent.llm !== undefined && agent.name !== "llm")
          throw new ZopaError(
            "spec",
            `llm settings apply to the agent "llm" only (this one is "${agent.name}")`,
          );
        agents[party] =
          agent.name === "llm" && agent.parameter === undefined
            ? llmAgentFactory(agent.llm ?? {})
            : agentFromCatalog(
                agent.parameter === undefined ? agent.name : `${agent.name}:${agent.parameter}`,
              );
      } catch (e) {
        if (e instanceof ZopaError)
          throw new ZopaError(e.code, e.message, { location: { path: ["agents", party] }, cause: e });
        throw e;
      }
    }
  }
  const order = space.negotiators.map((k) => space.parties[k].id).filter((id) => id !== mediatorParty);
  let discount = spec.discount;
  if (discount === undefined) {
    discount = {};
    for (const p of applied.parties) if (p.discount !== undefined) discount[p.id] = p.discount;
  }
  return {
    space,
    options: {
      agents,
      order,
      protocol,
      rounds: spec.rounds ?? (spec.timeMs === null ? undefined : null),
      timeMs: spec.timeMs,
      discount,
      information: spec.information ?? scenario.information ?? "private",
      // Built-in agents are trusted: untimed, at full speed. The llm agent answers with Promises in this
      // thread: its calls are raced against the limit. User agents time themselves (their sandbox).
      agentTimeoutMs: Object.values(spec.agents).some((a) => a !== "human" && "name" in a && a.name === "llm")
        ? agentLimitsOf(spec).agentCallMs
        : null,
    },
    seed: spec.seed,
    runs: spec.repeat,
  };
}
