/**
 * What the LLM agent is told, in plain words: the scenario (issues, options, its own preferences, red lines,
 * reservation value, discount, the deadline; the others' preferences under complete information) once, as
 * the system prompt, and each turn the offers so far, the offer on the table and what it may do. Outcomes
 * are written as `{ issue id: option id }` objects; utilities with 4 decimals. docs/llm.md quotes these
 * texts; test/negotiation/llm.test.ts checks that it does.
 */
import type { CompiledSpace } from "../../space/compile.ts";
import { decodeOutcome, outcomeRecord } from "../../space/outcome.ts";
import type { AgentView, TurnState } from "../agent.ts";

/** A JSON Schema (as sent to the endpoint). */
export type JsonSchema = { [key: string]: unknown };

/** The answer's JSON Schema (response_format json_schema, strict): one action, an offer or null, a message or null. */
export function answerSchema(
  space: Pick<CompiledSpace, "issues">,
  protocol: "saop" | "mediated" = "saop",
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const issue of space.issues) properties[issue.id] = { enum: issue.values };
  return {
    type: "object",
    properties: {
      action: {
        type: "string",
        enum: protocol === "saop" ? ["offer", "accept", "end"] : ["accept", "reject", "end"],
      },
      offer: {
        anyOf: [
          {
            type: "object",
            properties,
            required: space.issues.map((i) => i.id),
            additionalProperties: false,
          },
          { type: "null" },
        ],
      },
      message: { anyOf: [{ type: "string" }, { type: "null" }] },
    },
    required: ["action", "offer", "message"],
    additionalProperties: false,
  };
}

const fmt = (u: number): string => (Number.isFinite(u) ? u.toFixed(4) : String(u));

/** An outcome index as the JSON object the model reads and writes. */
export function outcomeText(space: CompiledSpace | AgentView["space"], outcome: number): string {
  return JSON.stringify(outcomeRecord(space, decodeOutcome(space, outcome)));
}

function partyName(view: AgentView, k: number): string {
  const p = view.space.parties[k];
  return `${p.name} ("${p.id}")`;
}

function preferencesText(
  space: CompiledSpace | AgentView["space"],
  tables: Float64Array[],
  weights: Float64Array,
): string {
  return space.issues
    .map(
      (issue, i) =>
        `- "${issue.id}" (weight ${fmt(weights[i])}): ${issue.values
          .map((v, o) => `${JSON.stringify(v)} ${fmt(tables[i][o])}`)
          .join(", ")}`,
    )
    .join("\n");
}

function deadlineText(state: Pick<TurnState, "rounds" | "timeMs">): string {
  const parts: string[] = [];
  if (state.rounds !== null) parts.push(`${state.rounds} rounds (a round is one turn of every party)`);
  if (state.timeMs !== null) parts.push(`${state.timeMs} ms of wall-clock time`);
  return parts.join(" or ");
}

/**
 * The system prompt: who the agent is, the protocol, the deadline, the issues and options, its preferences,
 * red lines and reservation value (the others' preferences too under complete information), the tools and
 * the answer's form.
 */
export function systemPrompt(
  view: AgentView,
  deadline: Pick<TurnState, "rounds" | "timeMs">,
  tools: boolean,
): string {
  const { space, self } = view;
  const others = view.opponents.map((k) => partyName(view, k)).join(", ");
  const lines: string[] = [
    `You negotiate for ${partyName(view, view.party)} in "${space.title}" with ${others}.`,
    view.protocol === "saop"
      ? "Protocol: alternating offers. On your turn you accept the offer on the table, make a counter-offer (which rejects it), or end the negotiation (walk away). An offer names one option for every issue. An offer is agreed when every other party accepts it."
      : "Protocol: single-text mediation. A mediator keeps one text (an option for every issue) and each round proposes a change to it; every party votes to accept or reject the change, and the text changes only when all accept. At the deadline every party accepts or rejects the final text (or ends the negotiation); it is agreed when all accept.",
    `Deadline: ${deadlineText(deadline)}. Without an agreement by then, or when anyone walks away, you get your reservation value.`,
    "",
    "Issues and their options (write the ids exactly as quoted):",
    ...space.issues.map(
      (issue) =>
        `- "${issue.id}" (${issue.name}): ${issue.values.map((v, o) => `${JSON.stringify(v)} (${issue.labels[o]})`).join(", ")}`,
    ),
    "",
    "Your preferences: your utility of an outcome is the sum over the issues of the points its options earn (weight × value), from 0 (worst) to 1 (best):",
    preferencesText(space, self.tables, self.weights),
  ];
  if (Number.isFinite(self.cap)) lines.push(`Your utility is capped at ${fmt(self.cap)}.`);
  if (self.redLines.length)
    lines.push(
      "Your red lines (an outcome that breaks one is unacceptable to you, whatever its utility):",
      ...self.redLines.map((r) => `- ${r.statement}`),
    );
  lines.push(
    `Your reservation value: ${fmt(self.reservation)}. An agreement worth less to you is worse than no agreement.`,
  );
  if (view.discount < 1)
    lines.push(
      `Your utilities are discounted: an agreement at time t (0 to 1) is worth u × ${view.discount}^t.`,
    );
  if (view.complete) {
    for (const k of view.opponents) {
      const p = view.complete.parties[k];
      lines.push(
        "",
        `${partyName(view, k)}'s preferences (you are told them):`,
        preferencesText(space, p.tables, p.weights),
      );
    }
  }
  lines.push("");
  if (tools)
    lines.push(
      "Do not compute utilities yourself: call the tools (utility_of, best_outcomes, nearest_outcome, frontier_so_far); they give exact values.",
    );
  if (view.protocol === "saop")
    lines.push(
      "Answer with one JSON object and nothing else:",
      '{"action": "offer" | "accept" | "end", "offer": {"<issue id>": <option id>, ...} or null, "message": "<text to the other parties>" or null}',
      'With "offer", give an option for every issue; with "accept" or "end", "offer" is null. The message is read by the other parties.',
    );
  else
    lines.push(
      "Answer with one JSON object and nothing else:",
      '{"action": "accept" | "reject" | "end", "offer": null, "message": "<text to the other parties>" or null}',
      'You answer the proposed change (or the final text): "accept" or "reject"; "end" only at the deadline. The message is read by the other parties.',
    );
  return lines.join("\n");
}

/** The turn's prompt: the round, the latest offers (own utility of each), the offer on the table, what is allowed. */
export function turnPrompt(
  view: AgentView,
  state: TurnState,
  onTable: { outcome: number; from: number } | null,
  historyLimit: number,
): string {
  const { space } = view;
  const lines: string[] = [];
  const deadline = state.rounds !== null ? ` of ${state.rounds}` : "";
  lines.push(`Round ${state.round}${deadline} (time ${fmt(state.time)} of 1).`);
  const offers = state.history.filter((a) => a.kind === "offer" && a.outcome !== null);
  const shown = offers.slice(-historyLimit);
  if (shown.length === 0) lines.push("No offers have been made yet.");
  else {
    lines.push(
      `Offers so far (oldest first${shown.length < offers.length ? `; the last ${shown.length} of ${offers.length}` : ""}):`,
    );
    for (const a of shown) {
      const who =
        a.party === view.party ? "you" : a.party < 0 ? "the mediator" : `"${space.parties[a.party].id}"`;
      const said = a.message !== undefined ? `, saying: ${JSON.stringify(a.message)}` : "";
      lines.push(
        `- round ${a.round}, ${who} offered ${outcomeText(space, a.outcome!)} (your utility ${fmt(view.utility(a.outcome!))})${said}`,
      );
    }
  }
  const last = state.history[state.history.length - 1];
  if (
    last &&
    last.kind !== "offer" &&
    last.message !== undefined &&
    last.party !== view.party &&
    last.party >= 0
  )
    lines.push(`"${space.parties[last.party].id}" said: ${JSON.stringify(last.message)}`);
  if (onTable) {
    lines.push(
      `The offer on the table, from "${space.parties[onTable.from].id}": ${outcomeText(space, onTable.outcome)}; your utility of it: ${fmt(view.utility(onTable.outcome))}.`,
      "Allowed now: accept, offer, end.",
    );
  } else lines.push("No offer is on the table. Allowed now: offer, end.");
  return lines.join("\n");
}

/** The turn's prompt under single-text mediation: the proposed change (a vote) or the final text (ratification). */
export function mediatedTurnPrompt(
  view: AgentView,
  state: TurnState,
  ask: { kind: "vote"; candidate: number; current: number } | { kind: "ratify"; text: number },
): string {
  const { space } = view;
  const deadline = state.rounds !== null ? ` of ${state.rounds}` : "";
  const text = (o: number) => `${outcomeText(space, o)} (your utility ${fmt(view.utility(o))})`;
  const lines = [`Round ${state.round}${deadline} (time ${fmt(state.time)} of 1).`];
  for (const a of state.history.slice(-2 * view.negotiators.length))
    if (a.message !== undefined && a.party !== view.party && a.party >= 0)
      lines.push(`"${space.parties[a.party].id}" said: ${JSON.stringify(a.message)}`);
  if (ask.kind === "vote")
    lines.push(
      `The current text: ${text(ask.current)}.`,
      `The mediator proposes to change it to: ${text(ask.candidate)}.`,
      "Allowed now: accept, reject.",
    );
  else
    lines.push(
      `The deadline has passed. The final text: ${text(ask.text)}.`,
      "Allowed now: accept, reject, end.",
    );
  return lines.join("\n");
}

/** What the model is told after an invalid answer. */
export function retryPrompt(problem: string): string {
  return `Invalid answer: ${problem}. Answer again with one JSON object as described, and nothing else.`;
}
