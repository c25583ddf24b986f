/**
 * The HTTP client of OpenAI-compatible chat-completions endpoints (OpenAI, Ollama, vLLM, llama.cpp's server):
 * POST {baseUrl}/chat/completions with a per-request time limit, retries with backoff on network errors,
 * timeouts, 429 (honouring Retry-After, at most 30 s) and 5xx, and per-endpoint limits on requests in flight
 * and requests per minute, shared by every agent of the process. The API key goes in the Authorization
 * header only: never in errors, results or logs.
 */

import { ZopaError } from "../../errors.ts";
import { AgentAbort, AgentCallError } from "../../negotiation/agent.ts";
import type { ChatFn, ChatReply, ChatRequest } from "../../negotiation/llm/chat.ts";

export interface Endpoint {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  httpRetries: number;
  concurrency: number;
  requestsPerMinute?: number;
  /** First backoff in ms (doubling each retry); tests make it small. Default 500. */
  backoffMs?: number;
  /** The window `requestsPerMinute` counts over, in ms; 60,000 (tests make it small). */
  rateWindowMs?: number;
}

interface Limiter {
  active: number;
  waiting: (() => void)[];
  starts: number[];
}

const limiters = new Map<string, Limiter>();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for a slot of the endpoint (concurrency, then requests per minute); returns its release. */
async function acquire(e: Endpoint): Promise<() => void> {
  let l = limiters.get(e.baseUrl);
  if (!l) {
    l = { active: 0, waiting: [], starts: [] };
    limiters.set(e.baseUrl, l);
  }
  const lim = l;
  while (lim.active >= e.concurrency) await new Promise<void>((r) => lim.waiting.push(r));
  lim.active++;
  if (e.requestsPerMinute) {
    const window = e.rateWindowMs ?? 60_000;
    for (;;) {
      const now = Date.now();
      while (lim.starts.length && now - lim.starts[0] >= window) lim.starts.shift();
      if (lim.starts.length < e.requestsPerMinute) break;
      await sleep(window - (now - lim.starts[0]) + 1);
    }
    lim.starts.push(Date.now());
  }
  return () => {
    lim.active--;
    lim.waiting.shift()?.();
  };
}

/** Why the endpoint could not be reached at all (refused, unknown host), or null for other failures. */
function unreachable(e: unknown): string | null {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? "";
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET/.test(code))
    return `${code}${cause?.message ? ` (${cause.message})` : ""}`;
  return null;
}

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}

/** A reply from a chat-completions response body; throws with what is wrong with it. */
export function replyOf(body: unknown, latencyMs: number): ChatReply {
  const choice = (body as { choices?: { message?: unknown; finish_reason?: string }[] })?.choices?.[0];
  const message = choice?.message as ChatReply["message"] | undefined;
  if (!message || typeof message !== "object") throw new Error("the response has no choices[0].message");
  const usage = (body as { usage?: { prompt_tokens?: number; completion_tokens?: number } }).usage;
  const out: ChatReply["message"] = { content: typeof message.content === "string" ? message.content : null };
  if (Array.isArray(message.tool_calls) && message.tool_calls.length) out.tool_calls = message.tool_calls;
  if (typeof message.refusal === "string" && message.refusal) out.refusal = message.refusal;
  return {
    message: out,
    finishReason: choice?.finish_reason ?? null,
    tokensIn: usage?.prompt_tokens ?? 0,
    tokensOut: usage?.completion_tokens ?? 0,
    latencyMs: Math.round(latencyMs),
  };
}

/** The chat function of an endpoint. */
export function chatClient(e: Endpoint): ChatFn {
  const url = `${e.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const backoff = e.backoffMs ?? 500;
  return async (request: ChatRequest) => {
    let last = "";
    let lastKind: "timeout" | "error" = "error";
    for (let attempt = 0; attempt <= e.httpRetries; attempt++) {
      let wait = backoff * 2 ** attempt;
      const release = await acquire(e);
      const t0 = performance.now();
      try {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (e.apiKey) headers.authorization = `Bearer ${e.apiKey}`;
        const res = await fetch(url, {
          method: "POST",
          headers,
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(e.timeoutMs),
        });
        const text = await res.text();
        const latency = performance.now() - t0;
        if (res.ok) {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            throw new AgentCallError(
              "error",
              `${url} answered ${res.status} with a body that is not JSON: ${excerpt(text)}`,
            );
          }
          return replyOf(body, latency);
        }
        last = `${url} answered HTTP ${res.status}: ${excerpt(text)}`;
        lastKind = "error";
        if (res.status === 429) {
          const after = Number(res.headers.get("retry-after"));
          if (Number.isFinite(after) && after >= 0) wait = Math.min(30_000, after * 1000);
        } else if (res.status < 500)
          // 400, 401, 404…: the request or the settings are wrong; retrying will not help.
          throw new AgentCallError("error", last);
      } catch (err) {
        if (err instanceof AgentCallError || err instanceof AgentAbort) throw err;
        const name = (err as Error)?.name;
        if (name === "TimeoutError" || name === "AbortError") {
          last = `${url} did not answer within ${e.timeoutMs} ms`;
          lastKind = "timeout";
        } else {
          const why = unreachable(err);
          last = `cannot reach ${url}: ${why ?? (err as Error).message}`;
          lastKind = "error";
          if (why && attempt === e.httpRetries)
            throw new AgentAbort(
              new ZopaError("io", `the model endpoint is unreachable: ${last}`, {
                hint: "start the server, or set ZOPA_LLM_BASE_URL (or the agent's baseUrl) to one that answers",
              }),
            );
        }
      } finally {
        release();
      }
      if (attempt < e.httpRetries) await sleep(wait);
    }
    throw new AgentCallError(lastKind, `${last} (after ${e.httpRetries + 1} attempts)`);
  };
}
