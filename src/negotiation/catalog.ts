/**
 * The built-in agents and mediators by name, as the CLI and other shells offer them. Names are short
 * (`boulware`, `aspiration`); parameterised forms take a number after a colon (`time-dependent:0.5`,
 * `aspiration:2`).
 */
import { ZopaError } from "../errors.ts";
import { closest } from "../util/suggest.ts";
import { acceptanceCombi } from "./acceptance.ts";
import type { AgentFactory } from "./agent.ts";
import { ASPIRATION_PRESETS, agentAspiration } from "./aspiration.ts";
import { agentComposed } from "./boa.ts";
import { hasLlmConnector, llmAgentFactory, unconnectedLlmAgent } from "./llm/connector.ts";
import { mediatorHillClimbing, mediatorParty, mediatorRandomFlip } from "./mediators.ts";
import { agentNashSeeking } from "./nashSeeking.ts";
import { agentPerformative } from "./performative.ts";
import { agentRandom } from "./randomAgent.ts";
import type { Mediator } from "./singleText.ts";
import { agentTimeDependent, offeringBoulware, type TimeDependentVariant } from "./timeDependent.ts";
import { agentTitForTat } from "./titForTat.ts";

/** The values a catalog parameter may take: `min` and above (strictly above when `exclusive`). */
export interface ParameterRange {
  /** The parameter's symbol in messages: "e", "exponent", "kindness". */
  symbol: string;
  min: number;
  exclusive?: boolean;
}

export interface CatalogEntry {
  name: string;
  description: string;
  /** Whether the entry takes a number after a colon, and what it means. */
  parameter?: string;
  /** The valid range of the parameter (required with `parameter`). */
  range?: ParameterRange;
  /** The protocols the entry plays, when it says so without being created (the llm agent needs a connector). */
  protocols?: readonly ("saop" | "mediated")[];
  create(parameter?: number): AgentFactory;
}

/** "e ≥ 0", "exponent > 0". */
export function rangeText(r: ParameterRange): string {
  return `${r.symbol} ${r.exclusive ? ">" : "≥"} ${r.min}`;
}

function inRange(r: ParameterRange, x: number): boolean {
  return r.exclusive ? x > r.min : x >= r.min;
}

// e = 0 is the hardliner; a negative e makes the target 1 − t^(1/e) infinite.
const E_RANGE: ParameterRange = { symbol: "e", min: 0 };

const PRESETS: [string, number][] = [
  ["boulware", 0.2],
  ["linear", 1],
  ["conceder", 2],
  ["hardliner", 0],
];
const VARIANTS: [string, TimeDependentVariant, string][] = [
  ["", "geniusBilateral", "GENIUS bilateral TimeDependentAgent"],
  ["multilateral-", "geniusMultilateral", "GENIUS multilateral time-dependent party"],
  ["geniusweb-", "geniusWeb", "GeniusWeb TimeDependentParty"],
];

export const AGENTS: CatalogEntry[] = [
  ...VARIANTS.flatMap(([prefix, variant, what]) =>
    PRESETS.map(([preset, e]) => ({
      name: `${prefix}${preset}`,
      description: `${what}, ${preset} (e = ${e})`,
      create: () => () => agentTimeDependent({ e, variant, name: `${prefix}${preset}` }),
    })),
  ),
  {
    name: "time-dependent",
    description: "GENIUS bilateral time-dependent agent with concession exponent e (target 1 − t^(1/e))",
    parameter: "e (default 1)",
    range: E_RANGE,
    create:
      (e = 1) =>
      () =>
        agentTimeDependent({ e, name: `time-dependent:${e}` }),
  },
  ...Object.entries(ASPIRATION_PRESETS).map(([preset, exponent]) => ({
    name: preset === "boulware" ? "aspiration" : `aspiration-${preset}`,
    description: `NegMAS-style aspiration agent, ${preset} (NegMAS exponent ${exponent})`,
    parameter: preset === "boulware" ? "NegMAS exponent (default 4)" : undefined,
    // Exponent 0 would make the target the minimum from the first round (t^0 = 1).
    range: preset === "boulware" ? { symbol: "exponent", min: 0, exclusive: true } : undefined,
    create: (x?: number) => () => agentAspiration(x ?? exponent),
  })),
  {
    name: "random",
    description: "GeniusWeb RandomParty: random bids, accepts above 0.6",
    create: () => agentRandom,
  },
  {
    name: "tit-for-tat",
    description: "Mirrors the opponent's last concession in own utility",
    parameter: "kindness per turn (default 0)",
    // A negative kindness would retract a little every turn: not tit-for-tat.
    range: { symbol: "kindness", min: 0 },
    create:
      (k = 0) =>
      () =>
        agentTitForTat(k),
  },
  {
    name: "nash-seeking",
    description:
      "Frequency opponent model; concedes along the estimated frontier toward the estimated Nash point",
    parameter: "e (default 1)",
    range: E_RANGE,
    create:
      (e = 1) =>
      () =>
        agentNashSeeking(e),
  },
  {
    name: "boulware-combi",
    description: "BOA composition: Boulware bidding with AC_combi(0.98)",
    create: () => () =>
      agentComposed({
        name: "boulware-combi",
        offering: offeringBoulware(),
        acceptance: acceptanceCombi(0.98),
      }),
  },
  {
    name: "llm",
    description:
      "A language model over an OpenAI-compatible endpoint (settings from the spec or ZOPA_LLM_BASE_URL, ZOPA_LLM_MODEL; docs/llm.md)",
    // Said here: creating it needs a model's settings, and listing the agents of a protocol must not.
    protocols: ["saop", "mediated"],
    create: () => (hasLlmConnector() ? llmAgentFactory() : unconnectedLlmAgent),
  },
  {
    name: "performative",
    description: "Shows movement but never leaves its red lines or offers what the others could accept",
    create: () => () => agentPerformative(),
  },
];

/** Catalog names of the agents that play `protocol`. */
export function agentsFor(protocol: "saop" | "mediated"): string[] {
  return AGENTS.filter((a) => {
    const p = a.protocols ?? a.create()().protocols;
    return !p || p.includes(protocol);
  }).map((a) => a.name);
}

export const MEDIATORS = [
  { name: "random-flip", description: "flips one random issue" },
  { name: "hill-climbing", description: "the Pareto-improving change with most welfare gained" },
  { name: "nash", description: "the change that most raises the Nash product" },
  { name: "party:ID", description: "the party ID mediates with its own preferences" },
];

/** Unknown names and out-of-range parameters: a ZopaError("agent") whose message lists the valid choices. */
function catalogError(message: string): ZopaError {
  return new ZopaError("agent", message);
}

function split(spec: string): [string, number | undefined] {
  const at = spec.indexOf(":");
  if (at < 0) return [spec, undefined];
  const value = Number(spec.slice(at + 1));
  if (spec.slice(at + 1).trim() === "" || !Number.isFinite(value))
    throw catalogError(`"${spec}": the part after ":" must be a number`);
  return [spec.slice(0, at), value];
}

/** The agent factory for a catalog name such as `boulware` or `aspiration:2`. */
export function agentFromCatalog(spec: string): AgentFactory {
  const [name, parameter] = split(spec);
  const entry = AGENTS.find((a) => a.name === name);
  if (!entry) {
    const near = closest(
      name,
      AGENTS.map((a) => a.name),
    );
    throw catalogError(
      `unknown agent "${name}"${near ? ` (did you mean "${near}"?)` : ""}; built-in agents: ${AGENTS.map((a) => a.name).join(", ")}; or give a path to a .ts/.js file`,
    );
  }
  if (parameter !== undefined && !entry.parameter)
    throw catalogError(`agent "${name}" takes no parameter (got "${spec}")`);
  if (parameter !== undefined && entry.range && !inRange(entry.range, parameter))
    throw catalogError(
      `"${spec}": out of range; ${name} takes ${rangeText(entry.range)} (got ${entry.range.symbol} = ${parameter})`,
    );
  return entry.create(parameter);
}

export function mediatorFromCatalog(spec: string): Mediator {
  if (spec === "random-flip") return mediatorRandomFlip();
  if (spec === "hill-climbing") return mediatorHillClimbing("pareto");
  if (spec === "nash") return mediatorHillClimbing("nash");
  if (spec.startsWith("party:") && spec.length > 6) return mediatorParty(spec.slice(6));
  throw catalogError(
    `unknown mediator "${spec}"; mediators: ${MEDIATORS.map((m) => `${m.name} (${m.description})`).join(", ")}`,
  );
}
