/**
 * The OpenAI-compatible chat-completions shapes the LLM agent speaks (only the fields it uses), and the
 * function it calls: `ChatFn`, a request in, the model's reply out. The core builds requests and reads
 * replies; the HTTP client, cassettes and endpoint settings live in the runtime (src/runtime/llm/).
 */
import type { JsonSchema } from "./prompt.ts";

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ToolDefinition {
  type: "function";
  function: { name: string; description: string; parameters: JsonSchema };
}

/** A chat-completions request body (the `model` filled in by the agent from its settings). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  seed?: number;
  max_tokens?: number;
  tools?: ToolDefinition[];
  response_format?:
    | { type: "json_schema"; json_schema: { name: string; strict: boolean; schema: JsonSchema } }
    | { type: "json_object" };
}

/** What the agent needs of a reply: the assistant message, token counts, and the call's wall-clock latency. */
export interface ChatReply {
  message: { content: string | null; tool_calls?: ToolCall[]; refusal?: string | null };
  finishReason: string | null;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/** Sends one request; rejects with an Error whose message says what went wrong (unreachable, HTTP status). */
export type ChatFn = (request: ChatRequest) => Promise<ChatReply>;
