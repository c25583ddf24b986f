/**
 * The tournament spec: the zod schema (the same object through the library and in YAML files) and its
 * parser, which locates every problem at the YAML node (file:line:column) as scenarios are located.
 */
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import type { Problem } from "../errors.ts";
import { LlmOptions } from "../negotiation/llm/settings.ts";
import { AgentLimits, DEFAULT_AGENT_LIMITS } from "../negotiation/spec.ts";
import { locate, zodProblems } from "../scenario/parse.ts";
import { LIMITS } from "../util/limits.ts";
import { applyPreset, PRESETS } from "./presets.ts";

export const SCORINGS = ["advantage", "utility", "welfare", "nash-distance", "anl2025"] as const;
export type Scoring = (typeof SCORINGS)[number];

/** A scenario: a path (file or folder, relative to the spec file), several paths (a domain and its profiles), or inline. */
export const ScenarioEntry = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z.looseObject({ meta: z.unknown() }),
]);
export type ScenarioEntry = z.infer<typeof ScenarioEntry>;

/**
 * An agent: a catalog name (`boulware`, `aspiration:2`, `llm`), a user agent module `{ name, file }`, or a
 * language model `{ name, llm: { model, baseUrl, … } }` (docs/llm.md).
 */
export const AgentEntry = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), file: z.string().min(1) }).strict(),
  z.object({ name: z.string().min(1), llm: LlmOptions }).strict(),
]);
export type AgentEntry = z.infer<typeof AgentEntry>;

/** User agents' limits: the simulation spec's schema (one definition for both). */
export const Limits = AgentLimits;

export const TournamentSpec = z
  .object({
    name: z.string().min(1).describe("The tournament's name (shown in results)."),
    preset: z
      .enum(PRESETS)
      .optional()
      .describe(
        "A competition's rule set (anl2024, anl2025): generated scenarios, deadlines, information, scoring.",
      ),
    presetScenarios: z
      .int()
      .positive()
      .optional()
      .describe("Scenarios the preset generates; defaults to 50."),
    scenarios: z.array(ScenarioEntry).default([]),
    agents: z.array(AgentEntry).min(1, "give at least one agent"),
    protocol: z.enum(["saop", "mediated"]).default("saop").describe("Defaults to saop."),
    mediator: z.string().min(1).optional().describe("Mediated protocol only; defaults to random-flip."),
    rounds: z
      .int()
      .positive()
      .max(LIMITS.rounds.max)
      .optional()
      .describe("Deadline in rounds; defaults to 100 unless timeMs is given."),
    timeMs: z
      .int()
      .positive()
      .max(LIMITS.timeMs.max)
      .optional()
      .describe("Deadline in milliseconds (results then depend on timing)."),
    repetitions: z
      .int()
      .positive()
      .max(LIMITS.repetitions.max)
      .default(1)
      .describe("Runs of each pairing; defaults to 1."),
    selfPlay: z.boolean().default(false).describe("Whether an agent also meets itself; defaults to false."),
    seed: z.int().min(0).max(0xffffffff).default(1).describe("Seed of the whole tournament; defaults to 1."),
    scoring: z
      .enum(SCORINGS)
      .default("advantage")
      .describe("The score agents are ranked by; defaults to advantage."),
    limits: Limits.default(DEFAULT_AGENT_LIMITS),
  })
  .strict();

export type TournamentSpec = z.infer<typeof TournamentSpec>;
export type TournamentSpecInput = z.input<typeof TournamentSpec>;

export interface SpecParseResult {
  spec?: TournamentSpec;
  problems: Problem[];
  /** Locates problems found later (a scenario file that fails, an unknown agent) at the spec's YAML nodes. */
  locate(problems: Problem[]): Problem[];
}

/** Parses and validates a tournament spec (YAML or JSON text). Never throws. */
export function parseTournamentSpec(text: string, file?: string): SpecParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (problems: Problem[]) => locate(problems, doc.contents, lines, file);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e): Problem => {
        const pos = lines.linePos(e.pos[0]);
        return {
          severity: "error",
          path: [],
          message: `YAML syntax: ${e.message.split("\n")[0]}`,
          file,
          line: pos.line,
          column: pos.col,
        };
      }),
      locate: at,
    };
  }
  const data = doc.toJS({ maxAliasCount: 1000 });
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return {
      problems: at([
        { severity: "error", path: [], message: "a tournament spec is a mapping that starts with `name:`" },
      ]),
      locate: at,
    };
  const parsed = TournamentSpec.safeParse(applyPreset(data));
  if (!parsed.success) return { problems: at(zodProblems(parsed.error as never)), locate: at };
  return { spec: parsed.data, problems: at(checkSpec(parsed.data)), locate: at };
}

/** Checks across fields: unique agent names, a mediator only with the mediated protocol. */
export function checkSpec(spec: TournamentSpec): Problem[] {
  const problems: Problem[] = [];
  if (spec.scenarios.length === 0 && spec.preset === undefined)
    problems.push({ severity: "error", path: ["scenarios"], message: "give at least one scenario" });
  if (spec.presetScenarios !== undefined && spec.preset === undefined)
    problems.push({
      severity: "error",
      path: ["presetScenarios"],
      message: "presetScenarios applies with a preset only",
    });
  if (spec.preset === "anl2025" && spec.scenarios.length > 0)
    problems.push({
      severity: "error",
      path: ["scenarios"],
      message: "preset anl2025 generates its multi-deal scenarios: leave out scenarios",
    });
  if (spec.preset === "anl2025" && !spec.selfPlay)
    problems.push({
      severity: "error",
      path: ["selfPlay"],
      message:
        "preset anl2025 seats every agent in every role with copies of the others: selfPlay must stay true",
    });
  if ((spec.scoring === "anl2025") !== (spec.preset === "anl2025"))
    problems.push({
      severity: "error",
      path: ["scoring"],
      message: "scoring anl2025 goes with preset anl2025 (and that preset with that scoring) only",
    });
  const seen = new Map<string, number>();
  spec.agents.forEach((a, k) => {
    const name = agentName(a);
    const before = seen.get(name);
    if (before !== undefined)
      problems.push({
        severity: "error",
        path: ["agents", k],
        message: `agent "${name}" is listed twice (also agents[${before}]); give each agent once`,
      });
    else seen.set(name, k);
  });
  if (spec.mediator !== undefined && spec.protocol !== "mediated")
    problems.push({
      severity: "error",
      path: ["mediator"],
      message: "mediator applies to protocol: mediated only",
    });
  return problems;
}

/** The name an agent goes by in plans and results. */
export function agentName(entry: AgentEntry): string {
  return typeof entry === "string" ? entry : entry.name;
}
