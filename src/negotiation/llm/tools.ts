/**
 * The tools the LLM agent may call, executed by Zopa with exact utilities (models misread utility functions):
 * its utility of an outcome, its best outcomes, the outcome nearest a target utility, and the frontier of the
 * offers so far. Definitions are sent with every request (docs/llm.md quotes them); results are JSON text.
 */
import { digitsOf, encodeOutcome } from "../../space/outcome.ts";
import type { AgentView, TurnState } from "../agent.ts";
import { evaluatorOf } from "../evaluator.ts";
import type { ToolDefinition } from "./chat.ts";
import { outcomeText } from "./prompt.ts";

const round4 = (u: number) => Math.round(u * 1e4) / 1e4;

export function toolDefinitions(view: AgentView): ToolDefinition[] {
  const outcome = {
    type: "object",
    description: "One option for every issue: issue id → option id.",
    properties: Object.fromEntries(view.space.issues.map((i) => [i.id, { enum: i.values }])),
    required: view.space.issues.map((i) => i.id),
    additionalProperties: false,
  };
  return [
    {
      type: "function",
      function: {
        name: "utility_of",
        description:
          "Your exact utility of an outcome, and whether it is acceptable to you (at least your reservation value, no red line broken).",
        parameters: {
          type: "object",
          properties: { outcome },
          required: ["outcome"],
          additionalProperties: false,
        },
      },
    },
    {
      type: "function",
      function: {
        name: "best_outcomes",
        description: "Your best acceptable outcomes, best first, with your utility of each.",
        parameters: {
          type: "object",
          properties: {
            count: { type: "integer", minimum: 1, maximum: 10, description: "How many (1 to 10)." },
          },
          required: ["count"],
          additionalProperties: false,
        },
      },
    },
    {
      type: "function",
      function: {
        name: "nearest_outcome",
        description:
          "The acceptable outcome whose utility to you is nearest a target utility, with that utility.",
        parameters: {
          type: "object",
          properties: { target: { type: "number", description: "A utility between 0 and 1." } },
          required: ["target"],
          additionalProperties: false,
        },
      },
    },
    {
      type: "function",
      function: {
        name: "frontier_so_far",
        description:
          "The offers made so far (by anyone) that no other offer so far beats for every party whose utility you know (yours; the others' too when you are told their preferences), best for you first, at most 10.",
        parameters: { type: "object", properties: {}, additionalProperties: false },
      },
    },
  ];
}

function outcomeOf(view: AgentView, value: unknown): number | string {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "outcome must be an object: issue id → option id";
  const record = value as Record<string, never>;
  for (const i of view.space.issues) if (!(i.id in record)) return `issue "${i.id}" is missing`;
  try {
    return encodeOutcome(view.space, digitsOf(view.space, record));
  } catch (e) {
    return (e as Error).message;
  }
}

function entry(view: AgentView, outcome: number): { outcome: unknown; utility: number } {
  return { outcome: JSON.parse(outcomeText(view.space, outcome)), utility: round4(view.utility(outcome)) };
}

/** Runs a tool call; the result (or the problem with the call) as JSON text. */
export function runTool(view: AgentView, state: TurnState, name: string, args: string): string {
  let a: Record<string, unknown>;
  try {
    a = JSON.parse(args || "{}");
  } catch {
    return JSON.stringify({ error: "the arguments are not valid JSON" });
  }
  switch (name) {
    case "utility_of": {
      const o = outcomeOf(view, a.outcome);
      if (typeof o === "string") return JSON.stringify({ error: o });
      return JSON.stringify({ utility: round4(view.utility(o)), acceptable: view.acceptable(o) });
    }
    case "best_outcomes": {
      const count = Math.max(1, Math.min(10, Math.floor(Number(a.count) || 1)));
      const idx = view.index;
      const out = [];
      for (let p = idx.size - 1; p >= 0 && out.length < count; p--) out.push(entry(view, idx.outcomes[p]));
      return JSON.stringify(out);
    }
    case "nearest_outcome": {
      const target = Number(a.target);
      if (!Number.isFinite(target)) return JSON.stringify({ error: "target must be a number" });
      const p = view.index.nearest(target);
      if (p < 0) return JSON.stringify({ error: "no outcome is acceptable to you" });
      return JSON.stringify(entry(view, view.index.outcomes[p]));
    }
    case "frontier_so_far":
      return JSON.stringify(frontierSoFar(view, state));
    default:
      return JSON.stringify({ error: `unknown tool "${name}"` });
  }
}

/** The non-dominated offers so far over the utilities the agent knows, best for it first (at most 10). */
export function frontierSoFar(view: AgentView, state: TurnState): unknown[] {
  const seen = new Set<number>();
  for (const a of state.history) if (a.kind === "offer" && a.outcome !== null) seen.add(a.outcome);
  const known = view.complete ? [view.party, ...view.opponents] : [view.party];
  const rows = [...seen].map((o) => ({
    o,
    u: known.map((k) => (k === view.party ? view.utility(o) : evaluatorOf(view.complete!, k).utility(o))),
  }));
  const dominated = (a: number[], b: number[]) => b.every((x, j) => x >= a[j]) && b.some((x, j) => x > a[j]);
  const front = rows.filter((r) => !rows.some((s) => dominated(r.u, s.u)));
  front.sort((x, y) => y.u[0] - x.u[0] || x.o - y.o);
  return front.slice(0, 10).map((r) => {
    const out: Record<string, unknown> = entry(view, r.o);
    if (known.length > 1)
      out.utilities = Object.fromEntries(known.map((k, j) => [view.space.parties[k].id, round4(r.u[j])]));
    return out;
  });
}
