import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import type { Agent, AgentFactory } from "../../negotiation/agent.ts";
import { protocolAlternatingOffers } from "../../negotiation/alternatingOffers.ts";
import {
  AGENTS,
  agentFromCatalog,
  agentsFor,
  CatalogError,
  MEDIATORS,
  mediatorFromCatalog,
  rangeText,
} from "../../negotiation/catalog.ts";
import type { Protocol } from "../../negotiation/protocol.ts";
import { renderRepeated, renderSimulation } from "../../negotiation/report.ts";
import type { NegotiationResult } from "../../negotiation/result.ts";
import { actionToJson, resultToJson } from "../../negotiation/serialize.ts";
import { SimulationError, simulate } from "../../negotiation/simulate.ts";
import { protocolSingleText } from "../../negotiation/singleText.ts";
import { escapeText } from "../../report/escape.ts";
import { applyVariant } from "../../scenario/variants.ts";
import { compileScenario } from "../../space/compile.ts";
import { choice, emit, stderr, usageError } from "../io.ts";
import { loadScenarioArg } from "../scenarioInput.ts";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(`${name} must be a positive integer (got "${value}")`);
  return n;
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

/** A user agent module: its default export (or `createAgent`) is a function returning a fresh Agent. */
async function loadAgentModule(path: string): Promise<AgentFactory> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (e) {
    throw usageError(`cannot load agent module ${path}: ${(e as Error).message}`);
  }
  const factory = (mod.createAgent ?? mod.default) as unknown;
  if (typeof factory !== "function")
    throw usageError(
      `${path} must export a function returning an agent (export default function createAgent() { return { name, propose, respond } })`,
    );
  return () => {
    const agent = (factory as () => Agent)();
    if (!agent || typeof agent.propose !== "function" || typeof agent.respond !== "function")
      throw usageError(`${path}: the exported function must return an object with propose() and respond()`);
    return agent;
  };
}

const isPath = (s: string) => /[/\\]|\.(ts|js|mjs|mts)$/.test(s);

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("Simulate negotiations between agents under SAOP or a mediated single-text protocol.")
    .argument(
      "<scenario>",
      "a scenario file (YAML or JSON), or a folder holding one GENIUS or GeniusWeb domain and its profiles (GENIUS XML, GeniusWeb/ANL JSON)",
    )
    .option(
      "--agents <list>",
      "agents per party: PARTY=AGENT,PARTY=AGENT (built-in name, NAME:NUMBER, or a file)",
      "",
    )
    .option("--agent <party=path>", "a user agent from a .ts/.js file (repeatable)", collect, [])
    .option("--protocol <protocol>", "saop | mediated", "saop")
    .option("--mediator <mediator>", "mediated protocol: random-flip | hill-climbing | nash | party:ID")
    .option("--rounds <n>", "deadline in rounds (default 100 unless --time is given)")
    .option("--time <ms>", "deadline in milliseconds (traces then depend on timing)")
    .option("--seed <s>", "seed for every random choice", "1")
    .option("--variant <name>", "apply a named variant of the scenario")
    .option("--repeat <k>", "run K negotiations with seeds S, S+1, …", "1")
    .option(
      "--information <kind>",
      "private | complete (agents see every party's utilities); defaults to the scenario's `information`, else private",
    )
    .option("--agent-timeout <ms>", "an agent call taking longer fails the negotiation", "10000")
    .option("--format <format>", "text | json | ndjson", "text")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addHelpText(
      "after",
      `\nBuilt-in agents:\n${AGENTS.map((a) => `  ${a.name.padEnd(24)} ${a.description}${a.parameter ? ` [:${a.parameter}${a.range ? `; ${rangeText(a.range)}` : ""}]` : ""}`).join("\n")}\n\nMediators:\n${MEDIATORS.map((m) => `  ${m.name.padEnd(24)} ${m.description}`).join("\n")}\n\nExamples:\n  zopa simulate examples/car-purchase.yaml --agents buyer=boulware,dealer=conceder\n  zopa simulate examples/car-purchase.yaml --agents buyer=aspiration,dealer=hardliner --rounds 50 --format json\n  zopa simulate examples/car-purchase.yaml --agents buyer=boulware --agent dealer=./my-agent.ts --repeat 100\n  zopa simulate examples/river-basin.yaml --protocol mediated --mediator party:bank --agents upstream=conceder,downstream=conceder\n\nExit codes: 0 done, 2 bad input (nothing written), 1 internal error.`,
    )
    .action(async (file: string, opts) => {
      const format = choice("--format", opts.format, ["text", "json", "ndjson"] as const);
      const protocolName = choice("--protocol", opts.protocol, ["saop", "mediated"] as const);
      const informationFlag =
        opts.information === undefined
          ? undefined
          : choice("--information", opts.information, ["private", "complete"] as const);
      const rounds = positiveInt("--rounds", opts.rounds);
      const timeMs = positiveInt("--time", opts.time);
      const repeat = positiveInt("--repeat", opts.repeat)!;
      const agentTimeoutMs = positiveInt("--agent-timeout", opts.agentTimeout)!;
      // Number("") is 0: a blank seed is refused rather than read as 0.
      const seed = /^\s*-?\d+\s*$/.test(opts.seed) ? Number(opts.seed) : Number.NaN;
      if (!Number.isSafeInteger(seed))
        throw usageError(`--seed must be an integer, e.g. --seed 1 (got "${opts.seed}")`);
      if (opts.mediator && protocolName !== "mediated")
        throw usageError("--mediator applies to --protocol mediated only");

      const scenario = loadScenarioArg(file);
      if (opts.variant && !scenario.variants.some((v) => v.id === opts.variant)) {
        const ids = scenario.variants.map((v) => `"${v.id}"`);
        throw usageError(
          `unknown variant "${opts.variant}": ${ids.length ? `the scenario defines ${ids.join(", ")}` : "the scenario defines no variants"}`,
        );
      }
      const applied = opts.variant ? applyVariant(scenario, opts.variant) : scenario;
      const information = informationFlag ?? scenario.information ?? "private";
      const space = compileScenario(applied, opts.variant ?? null);

      // One protocol (and mediator) for every run: a mediator resets its state in init.
      let protocol: Protocol;
      let mediatorParty: string | undefined;
      try {
        if (protocolName === "mediated") {
          const mediator = mediatorFromCatalog(opts.mediator ?? "random-flip");
          mediatorParty = mediator.party;
          protocol = protocolSingleText(mediator);
        } else protocol = protocolAlternatingOffers();
      } catch (e) {
        if (e instanceof CatalogError) throw usageError(e.message);
        throw e;
      }

      const pairs = [
        ...parsePairs("--agents", opts.agents),
        ...(opts.agent as string[]).flatMap((p) => parsePairs("--agent", p)),
      ];
      if (pairs.length === 0)
        throw usageError(
          `give an agent to every party at the table with --agents, e.g. --agents ${space.negotiators.map((k) => `${space.parties[k].id}=boulware`).join(",")}`,
        );
      const agents: Record<string, AgentFactory> = {};
      for (const [party, spec] of pairs) {
        if (agents[party]) throw usageError(`party "${party}" was given two agents`);
        if (party === mediatorParty) throw usageError(`party "${party}" is the mediator and takes no agent`);
        try {
          agents[party] = isPath(spec) ? await loadAgentModule(spec) : agentFromCatalog(spec);
        } catch (e) {
          if (e instanceof CatalogError) throw usageError(`--agents ${party}=${spec}: ${e.message}`);
          throw e;
        }
      }
      const order = space.negotiators.map((k) => space.parties[k].id).filter((id) => id !== mediatorParty);
      const discount: Record<string, number> = {};
      for (const p of applied.parties) {
        if (p.discount !== undefined) discount[p.id] = p.discount;
      }

      const results: NegotiationResult[] = [];
      const progress = repeat > 1 && stderr().isTTY;
      try {
        for (let k = 0; k < repeat; k++) {
          results.push(
            simulate(space, {
              agents,
              order,
              protocol,
              rounds: rounds ?? (timeMs === undefined ? undefined : null),
              timeMs: timeMs ?? null,
              seed: seed + k,
              discount,
              information,
              agentTimeoutMs,
            }),
          );
          if (progress && (k % 50 === 49 || k === repeat - 1))
            stderr().write(`\rsimulated ${k + 1}/${repeat}`);
        }
      } catch (e) {
        if (e instanceof SimulationError)
          throw usageError(
            e.kind === "agentProtocol"
              ? `${e.message}. Agents for ${protocolName}: ${agentsFor(protocolName).join(", ")}`
              : e.message,
          );
        throw e;
      } finally {
        if (progress) stderr().write("\n");
      }

      let text: string;
      if (format === "text")
        // User text (names, labels) escaped for the terminal (src/report/escape.ts).
        text = escapeText(
          repeat === 1 ? renderSimulation(space, results[0]) : renderRepeated(space, results),
        );
      else if (format === "json")
        text = `${JSON.stringify(repeat === 1 ? resultToJson(space, results[0]) : { version: 1, runs: results.map((r) => resultToJson(space, r)) }, null, 2)}\n`;
      else
        text = results
          .flatMap((r, run) => [
            ...r.trace.map((e) => JSON.stringify({ type: "action", run, ...actionToJson(space, r, e) })),
            JSON.stringify({ type: "result", run, ...resultToJson(space, r, { trace: false }) }),
          ])
          .map((line) => `${line}\n`)
          .join("");
      emit(text, opts.output);
    });
}
