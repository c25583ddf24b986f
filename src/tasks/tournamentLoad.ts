/**
 * From a tournament spec to a resolved tournament (Node: reads files): scenario paths resolve relative to the
 * spec file and load in every form `zopa analyze` takes; inline scenarios are validated in place; agents are
 * looked up in the catalog or hashed from their files. Every problem is located at the spec's YAML node.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isZopaError, type Problem, ZopaError } from "../errors.ts";
import { loadScenarioFromPaths } from "../formats/load.ts";
import { agentFromCatalog } from "../negotiation/catalog.ts";
import { llmAgentFactory } from "../negotiation/llm/connector.ts";
import { LlmOptions } from "../negotiation/llm/settings.ts";
import { sandboxedAgentFactory } from "../runtime/agentSandbox.ts";
import { zodProblems } from "../scenario/parse.ts";
import { hasErrors } from "../scenario/problem.ts";
import { Scenario } from "../scenario/schema.ts";
import { checkScenario } from "../scenario/validate.ts";
import type { StoredTournament } from "../store/store.ts";
import { anl2025Scenarios } from "../tournament/anl2025.ts";
import {
  assignmentCount,
  type ResolvedAgent,
  type ResolvedScenario,
  type ResolvedTournament,
  type RunSettings,
  scenarioKey,
} from "../tournament/plan.ts";
import { presetScenarios } from "../tournament/presets.ts";
import { prepareScenario } from "../tournament/run.ts";
import { canonicalJson, sha256Hex } from "../tournament/sha256.ts";
import { parseTournamentSpec, type TournamentSpec } from "../tournament/spec.ts";

export interface LoadedTournament {
  spec: TournamentSpec;
  resolved: ResolvedTournament;
  /** Warnings from loading scenarios (what an import could not keep exactly). */
  warnings: string[];
}

function specError(problems: Problem[], what: string): ZopaError {
  const errors = problems.filter((p) => p.severity === "error");
  const first = errors[0];
  return new ZopaError("spec", `${errors.length} problem${errors.length === 1 ? "" : "s"} in ${what}`, {
    problems,
    ...(first?.file ? { location: { file: first.file, line: first.line, column: first.column } } : {}),
  });
}

/** Reads, validates and resolves a spec file; throws a located `spec` ZopaError (exit 2) on any problem. */
export async function loadTournamentFile(
  file: string,
  options: { traces?: boolean } = {},
): Promise<LoadedTournament> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ZopaError(
      "io",
      `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
      {
        location: { file },
      },
    );
  }
  const parsed = parseTournamentSpec(text, file);
  if (!parsed.spec || hasErrors(parsed.problems))
    throw specError(parsed.problems, `the tournament spec ${file}`);
  return resolveTournament(parsed.spec, {
    baseDir: dirname(resolve(file)),
    locate: parsed.locate,
    what: `the tournament spec ${file}`,
    traces: options.traces,
  });
}

export interface ResolveOptions {
  /** Folder that scenario and agent paths are relative to (the spec file's). */
  baseDir: string;
  /** Locates problems at the spec's YAML nodes (from `parseTournamentSpec`). */
  locate?: (problems: Problem[]) => Problem[];
  what?: string;
  traces?: boolean;
}

/** Resolves a validated spec (the library's entry point: a spec object works as well as a file). */
export async function resolveTournament(
  spec: TournamentSpec,
  options: ResolveOptions,
): Promise<LoadedTournament> {
  const locate = options.locate ?? ((p: Problem[]) => p);
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const settings: RunSettings = {
    protocol: spec.protocol,
    mediator: spec.protocol === "mediated" ? (spec.mediator ?? "random-flip") : null,
    rounds: spec.rounds ?? (spec.timeMs === undefined ? 100 : null),
    timeMs: spec.timeMs ?? null,
    agentCallMs: spec.limits.agentCallMs,
    agentMemoryMb: spec.limits.agentMemoryMb,
    scoring: spec.scoring,
    traces: options.traces ?? false,
  };
  if (spec.preset === "anl2024") settings.information = "utilities";
  const scenarios: ResolvedScenario[] = [];
  const keys = new Map<string, number>();
  spec.scenarios.forEach((entry, i) => {
    const path = ["scenarios", i];
    let scenario: Scenario | undefined;
    let label: string;
    if (typeof entry === "string" || Array.isArray(entry)) {
      const paths = (Array.isArray(entry) ? entry : [entry]).map((p) => resolve(options.baseDir, p));
      label = Array.isArray(entry) ? entry.join(" + ") : entry;
      try {
        const loaded = loadScenarioFromPaths(paths);
        scenario = loaded.scenario;
        warnings.push(...loaded.warnings.map((w) => `${label}: ${w}`));
      } catch (e) {
        if (!isZopaError(e)) throw e;
        const inner = e.problems.filter((p) => p.severity === "error");
        problems.push({
          severity: "error",
          path,
          message: inner.length
            ? `scenario ${label} has ${inner.length} problem${inner.length === 1 ? "" : "s"}: ${inner
                .map(
                  (p) =>
                    `${p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ""}: ` : ""}${p.message}`,
                )
                .join("; ")}`
            : `scenario ${label}: ${e.message}`,
        });
        return;
      }
    } else {
      label =
        typeof (entry.meta as { id?: unknown })?.id === "string"
          ? String((entry.meta as { id: string }).id)
          : `scenarios[${i}]`;
      const parsed = Scenario.safeParse(entry);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error as never, path));
        return;
      }
      const found = checkScenario(parsed.data).map((p) => ({ ...p, path: [...path, ...p.path] }));
      problems.push(...found.filter((p) => p.severity === "error"));
      if (hasErrors(found)) return;
      scenario = parsed.data;
    }
    const key = scenarioKey(scenario);
    const before = keys.get(key);
    if (before !== undefined) {
      problems.push({
        severity: "error",
        path,
        message: `the same scenario as scenarios[${before}]; give each scenario once`,
      });
      return;
    }
    keys.set(key, i);
    let table: string[];
    try {
      const ctx = prepareScenario(scenario, settings);
      table = ctx.table.map((k) => ctx.space.parties[k].id);
    } catch (e) {
      if (!isZopaError(e)) throw e;
      problems.push({ severity: "error", path, message: `scenario ${label}: ${e.message}` });
      return;
    }
    if (table.length < 2) {
      problems.push({
        severity: "error",
        path,
        message: `scenario ${label} has ${table.length} part${table.length === 1 ? "y" : "ies"} at the table; a negotiation needs 2 or more`,
      });
      return;
    }
    scenarios.push({ key, label, scenario, table });
  });

  if (spec.preset === "anl2025")
    for (const g of anl2025Scenarios(spec.seed, spec.presetScenarios)) {
      const multideal = { kind: g.kind };
      const resolved: ResolvedScenario = {
        // The deadline and the centre's combination rule are part of what is played: both go into the key.
        key: sha256Hex(canonicalJson({ scenario: g.scenario, rounds: g.rounds, multideal })).slice(0, 16),
        label: `anl2025:${g.scenario.meta.id} (centre ${g.kind}, ${g.edges} edges of ${g.outcomes.join("/")} outcomes, ${g.rounds} rounds)`,
        scenario: g.scenario,
        table: g.scenario.parties.map((p) => p.id),
        multideal,
      };
      if (spec.rounds === undefined && spec.timeMs === undefined) resolved.rounds = g.rounds;
      scenarios.push(resolved);
    }
  if (spec.preset === "anl2024")
    for (const g of presetScenarios(spec.preset, spec.seed, spec.presetScenarios)) {
      const ctx = prepareScenario(g.scenario, settings);
      const resolved: ResolvedScenario = {
        // The deadline is part of what is played: it goes into the key (and so into negotiation ids).
        key: sha256Hex(canonicalJson({ scenario: g.scenario, rounds: g.rounds })).slice(0, 16),
        label: `${spec.preset}:${g.scenario.meta.id} (${g.family}, ${g.outcomes} outcomes, ${g.steps} steps)`,
        scenario: g.scenario,
        table: ctx.table.map((k) => ctx.space.parties[k].id),
      };
      if (spec.rounds === undefined && spec.timeMs === undefined) resolved.rounds = g.rounds;
      scenarios.push(resolved);
    }

  const agents: ResolvedAgent[] = [];
  for (const [k, entry] of spec.agents.entries()) {
    const path = ["agents", k];
    if (typeof entry === "string") {
      try {
        const agent = agentFromCatalog(entry)();
        if (agent.protocols && !agent.protocols.includes(settings.protocol)) {
          problems.push({
            severity: "error",
            path,
            message: `agent "${entry}" does not play the ${settings.protocol} protocol; it plays ${agent.protocols.join(", ")}`,
          });
          continue;
        }
      } catch (e) {
        // The catalog throws only for names and parameters it does not know (a CatalogError, or a ZopaError
        // "agent" once the catalog speaks ZopaError).
        if (!(e instanceof Error) || (isZopaError(e) && !isZopaError(e, "agent"))) throw e;
        problems.push({ severity: "error", path, message: e.message });
        continue;
      }
      agents.push(
        entry === "llm"
          ? { name: entry, catalog: entry, llm: LlmOptions.parse({}) }
          : { name: entry, catalog: entry },
      );
    } else if ("llm" in entry) {
      // The endpoint is checked now (a missing ZOPA_LLM_BASE_URL is a usage error before anything runs).
      llmAgentFactory(entry.llm, entry.name);
      agents.push({ name: entry.name, catalog: "llm", llm: entry.llm });
    } else {
      const file = resolve(options.baseDir, entry.file);
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch {
        problems.push({
          severity: "error",
          path: [...path, "file"],
          message: `cannot read agent file ${entry.file} (${file})`,
        });
        continue;
      }
      try {
        // Loaded in its sandbox (as it will run), never in this thread: a module's top-level code is user code.
        await (await sandboxedAgentFactory(file, { memoryMb: spec.limits.agentMemoryMb })).close();
      } catch (e) {
        problems.push({ severity: "error", path: [...path, "file"], message: (e as Error).message });
        continue;
      }
      agents.push({
        name: entry.name,
        file,
        fileHash: createHash("sha256").update(content).digest("hex").slice(0, 16),
      });
    }
  }
  if (problems.length === 0) {
    const total = scenarios.reduce(
      (n, s) => n + assignmentCount(agents.length, s.table.length, spec.selfPlay),
      0,
    );
    if (total === 0)
      problems.push({
        severity: "error",
        path: ["agents"],
        message: `${agents.length} agent${agents.length === 1 ? "" : "s"} cannot fill a table of ${Math.min(...scenarios.map((s) => s.table.length))} parties without self-play; add agents or set selfPlay: true`,
      });
  }
  if (problems.length) throw specError(locate(problems), options.what ?? "the tournament spec");
  return {
    spec,
    resolved: {
      name: spec.name,
      seed: spec.seed,
      repetitions: spec.repetitions,
      selfPlay: spec.selfPlay,
      settings,
      scenarios,
      agents,
    },
    warnings,
  };
}

/** The hash of everything that decides a tournament's plan and results (traces aside). */
export function tournamentHash(t: ResolvedTournament): string {
  const { traces: _traces, ...settings } = t.settings;
  return sha256Hex(
    canonicalJson({
      name: t.name,
      seed: t.seed,
      repetitions: t.repetitions,
      selfPlay: t.selfPlay,
      settings,
      scenarios: t.scenarios.map((s) => s.key),
      agents: t.agents.map((a) =>
        a.llm
          ? [a.name, a.catalog ?? null, a.fileHash ?? null, a.llm]
          : [a.name, a.catalog ?? null, a.fileHash ?? null],
      ),
    }),
  ).slice(0, 16);
}

/** What a store records about a resolved tournament. */
export function storedTournament(
  loaded: LoadedTournament,
  source: string | null,
  planned: number,
): StoredTournament {
  const t = loaded.resolved;
  return {
    hash: tournamentHash(t),
    name: t.name,
    source,
    spec: loaded.spec,
    settings: t.settings,
    seed: t.seed,
    agents: t.agents.map((a) => a.name),
    scenarios: t.scenarios.map((s) => ({ key: s.key, label: s.label })),
    planned,
  };
}
