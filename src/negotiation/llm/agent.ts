/**
 * The LLM agent: a language model at the table, under SAOP or single-text mediation. Each turn it is told
 * the state in plain words (prompt.ts), may call Zopa's tools for exact utilities (tools.ts), and answers
 * with one JSON object (parse.ts). An answer that is not a valid action is recorded ("invalid: …" with the raw text, in the trace
 * entry of the action finally taken) and the model is asked again, up to `maxRetries` times; then the agent
 * fails the negotiation (AgentCallError kind "invalid": status error). Every answer carries the usage of
 * the calls behind it (tokens in and out, latency). Pure: the model is reached through a `ChatFn`.
 */
import {
  type Agent,
  AgentAbort,
  AgentCallError,
  type AgentView,
  type Annotated,
  type CallUsage,
  type TurnState,
} from "../agent.ts";
import type { ChatFn, ChatMessage, ChatRequest, ToolDefinition } from "./chat.ts";
import { type Action, type ParsedAnswer, parseAnswer, rawText } from "./parse.ts";
import {
  answerSchema,
  type JsonSchema,
  mediatedTurnPrompt,
  retryPrompt,
  systemPrompt,
  turnPrompt,
} from "./prompt.ts";
import type { LlmOptions } from "./settings.ts";
import { runTool, toolDefinitions } from "./tools.ts";

export interface LlmAgentConfig {
  /** The model name sent with every request. */
  model: string;
  /** The agent's settings (the endpoint's fields are the runtime's business). */
  options: Pick<
    LlmOptions,
    "temperature" | "maxRetries" | "maxToolCalls" | "structuredOutput" | "maxTokens" | "historyLimit"
  >;
  chat: ChatFn;
  /** The agent's name in results; defaults to `llm`. */
  name?: string;
}

interface TurnAnswer {
  answer: ParsedAnswer;
  usage: CallUsage;
  invalid: string[];
}

const WALKED = "the model ended the negotiation";

export function agentLlm(config: LlmAgentConfig): Agent {
  const { options, chat, model } = config;
  let view: AgentView;
  let tools: ToolDefinition[] | undefined;
  let schema: JsonSchema;
  let seed = 0;
  let system: string | null = null;
  /** A counter-offer the model gave when answering an offer: SAOP asks `propose` for it next. */
  let counter: { outcome: number; message?: string } | null = null;

  const request = (messages: ChatMessage[], withTools: boolean): ChatRequest => {
    const r: ChatRequest = { model, messages: [...messages], temperature: options.temperature, seed };
    if (options.maxTokens !== undefined) r.max_tokens = options.maxTokens;
    if (withTools && tools) r.tools = tools;
    if (options.structuredOutput === "json_schema")
      r.response_format = {
        type: "json_schema",
        json_schema: { name: "negotiation_action", strict: true, schema },
      };
    else if (options.structuredOutput === "json_object") r.response_format = { type: "json_object" };
    return r;
  };

  /** One turn: the model's valid answer, after tool calls and retries; throws when it runs out of retries. */
  const turn = async (state: TurnState, prompt: string, allowed: readonly Action[]): Promise<TurnAnswer> => {
    system ??= systemPrompt(view, state, tools !== undefined);
    const messages: ChatMessage[] = [
      { role: "system", content: system },
      { role: "user", content: prompt },
    ];
    const usage: CallUsage = { calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 };
    const invalid: string[] = [];
    let toolCalls = 0;
    for (;;) {
      const withTools = toolCalls < options.maxToolCalls;
      let reply: Awaited<ReturnType<ChatFn>>;
      try {
        reply = await chat(request(messages, withTools));
      } catch (e) {
        if (e instanceof AgentAbort || e instanceof AgentCallError) throw e;
        throw new AgentCallError("error", `the model call failed: ${(e as Error).message}`);
      }
      usage.calls++;
      usage.tokensIn += reply.tokensIn;
      usage.tokensOut += reply.tokensOut;
      usage.latencyMs += reply.latencyMs;
      const calls = reply.message.tool_calls ?? [];
      let problem: string;
      let raw: string | null = reply.message.content;
      if (calls.length && withTools) {
        messages.push({ role: "assistant", content: reply.message.content, tool_calls: calls });
        for (const c of calls) {
          toolCalls++;
          messages.push({
            role: "tool",
            tool_call_id: c.id,
            content: runTool(view, state, c.function.name, c.function.arguments),
          });
        }
        continue;
      }
      if (calls.length) {
        problem = `no more tool calls this turn (limit ${options.maxToolCalls}); answer now`;
        raw = JSON.stringify(calls.map((c) => c.function));
      } else if (reply.message.refusal) {
        problem = "the model refused to answer";
        raw = reply.message.refusal;
      } else {
        const parsed = parseAnswer(view.space, raw, allowed);
        if (parsed.ok) return { answer: parsed.answer, usage, invalid };
        problem = parsed.problem;
      }
      invalid.push(`invalid (${problem}): ${rawText(raw)}`);
      if (invalid.length > options.maxRetries)
        throw new AgentCallError(
          "invalid",
          `invalid answer ${invalid.length} time${invalid.length === 1 ? "" : "s"} (limit ${options.maxRetries} retries); last: ${problem}; raw: ${rawText(raw)}`,
        );
      messages.push(
        { role: "assistant", content: raw ?? "" },
        { role: "user", content: retryPrompt(problem) },
      );
    }
  };

  const notes = (t: TurnAnswer) =>
    t.invalid.length ? { usage: t.usage, invalid: t.invalid } : { usage: t.usage };
  const withMessage = <T>(a: Annotated<T>, message: string | undefined): Annotated<T> =>
    message === undefined ? a : { ...a, message };

  const saop = (state: TurnState, onTable: { outcome: number; from: number } | null) =>
    turn(
      state,
      turnPrompt(view, state, onTable, options.historyLimit),
      onTable ? ["accept", "offer", "end"] : ["offer", "end"],
    );

  return {
    name: config.name ?? "llm",
    init(v) {
      view = v;
      tools = options.maxToolCalls > 0 ? toolDefinitions(v) : undefined;
      schema = answerSchema(v.space, v.protocol);
      // A per-negotiation seed for endpoints that honour one (from the session's seed: replayable).
      seed = v.rng.int(2 ** 31);
    },
    async propose(state) {
      if (counter) {
        const c = counter;
        counter = null;
        return withMessage({ answer: c.outcome }, c.message);
      }
      const t = await saop(state, null);
      const a = t.answer;
      if (a.action === "offer") return withMessage({ answer: a.outcome, ...notes(t) }, a.message);
      return withMessage({ answer: { type: "end" as const, reason: WALKED }, ...notes(t) }, a.message);
    },
    async respond(state, offer, from) {
      if (view.protocol === "mediated") {
        // The final text, at the deadline: ratify it, reject it, or walk away.
        const t = await turn(state, mediatedTurnPrompt(view, state, { kind: "ratify", text: offer }), [
          "accept",
          "reject",
          "end",
        ]);
        const a = t.answer;
        if (a.action === "end")
          return withMessage({ answer: { type: "end" as const, reason: WALKED }, ...notes(t) }, a.message);
        return withMessage({ answer: a.action === "accept" ? "accept" : "reject", ...notes(t) }, a.message);
      }
      const t = await saop(state, { outcome: offer, from });
      const a = t.answer;
      if (a.action === "accept") return withMessage({ answer: "accept" as const, ...notes(t) }, a.message);
      if (a.action !== "offer")
        return withMessage({ answer: { type: "end" as const, reason: WALKED }, ...notes(t) }, a.message);
      counter = a.message === undefined ? { outcome: a.outcome } : { outcome: a.outcome, message: a.message };
      return { answer: "reject" as const, ...notes(t) };
    },
    async vote(state, candidate, current) {
      const t = await turn(state, mediatedTurnPrompt(view, state, { kind: "vote", candidate, current }), [
        "accept",
        "reject",
      ]);
      return withMessage({ answer: t.answer.action === "accept", ...notes(t) }, t.answer.message);
    },
  };
}
