/**
 * A small scripted OpenAI-compatible chat-completions server for tests (and for scripts/record-llm-cassettes.ts,
 * which records the committed cassettes from it). It listens on a free port and plays a simple negotiator
 * from the prompt Zopa sends (scriptedReply). Faults queued with `fault()` are served first, one per request: HTTP statuses
 * (429 with Retry-After, 500), a delay, malformed JSON, a refusal, an offer outside the space, a body that
 * is not JSON. Deterministic: the same requests get the same answers.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "status"; status: number; retryAfter?: number }
  | { kind: "delay"; ms: number }
  | { kind: "malformed" }
  | { kind: "refusal" }
  | { kind: "outside" }
  | { kind: "badbody" }
  | { kind: "hangup" };

interface Msg {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}

export interface LlmServer {
  url: string;
  /** Requests received (faulty ones included). */
  requests: number;
  /** Authorization headers seen (to check a key is sent, never logged). */
  authorizations: string[];
  /** The most requests it was answering at once. */
  maxInFlight: number;
  fault(...faults: Fault[]): void;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      text += c;
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

const tokens = (s: string) => Math.ceil(s.length / 4);

/**
 * The scripted negotiator's reply to a request: an assistant message. Under SAOP its target is the larger
 * of its reservation value and 1 − 0.6·t. An offer on the table worth the target is checked with `utility_of`
 * (red lines) and accepted when acceptable; otherwise it asks `nearest_outcome` for the target and offers
 * what the tool returns. Without tools it walks away. Under single-text mediation it votes for changes that
 * do not lower its utility and ratifies a final text worth its reservation value that `utility_of` finds
 * acceptable.
 */
export function scriptedReply(request: { messages: Msg[]; tools?: unknown[] }): Msg {
  const messages = request.messages;
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  let at = messages.length - 1;
  while (at >= 0 && !(messages[at].role === "user" && /^Round \d+/.test(messages[at].content ?? ""))) at--;
  const text = messages[at]?.content ?? "";
  const t = Number(/\(time ([\d.]+) of 1\)/.exec(text)?.[1] ?? 0);
  const rv = Number(/Your reservation value: ([\d.]+)/.exec(system)?.[1] ?? 0);
  const target = Math.round(Math.max(rv, 1 - 0.6 * t) * 1e4) / 1e4;
  // Tool results of this turn, by tool name.
  const results = new Map<string, unknown>();
  const names = new Map<string, string>();
  for (const m of messages.slice(at + 1)) {
    for (const c of m.tool_calls ?? []) names.set(c.id, c.function.name);
    if (m.role === "tool")
      results.set(
        names.get((m as { tool_call_id?: string }).tool_call_id ?? "") ?? "",
        JSON.parse(m.content ?? "{}"),
      );
  }
  const calls = messages.filter((m) => m.role === "tool").length;
  const call = (name: string, args: unknown): Msg => ({
    role: "assistant",
    content: null,
    tool_calls: [{ id: `call_${calls + 1}`, function: { name, arguments: JSON.stringify(args) } }],
  });
  const answer = (a: unknown): Msg => ({ role: "assistant", content: JSON.stringify(a) });
  // Single-text mediation: vote for a change that does not lower its utility; ratify an acceptable text.
  const proposed = /The mediator proposes to change it to: \{.*?\} \(your utility ([\d.]+)\)/.exec(text);
  const current = /The current text: \{.*?\} \(your utility ([\d.]+)\)/.exec(text);
  if (proposed && current)
    return answer({
      action: Number(proposed[1]) >= Number(current[1]) ? "accept" : "reject",
      offer: null,
      message: null,
    });
  const final = /The final text: (\{.*?\}) \(your utility ([\d.]+)\)/.exec(text);
  if (final) {
    if (Number(final[2]) < rv)
      return answer({ action: "reject", offer: null, message: "Not enough for me." });
    const checked = results.get("utility_of") as { acceptable?: boolean } | undefined;
    if (!checked && request.tools?.length) return call("utility_of", { outcome: JSON.parse(final[1]) });
    return answer({ action: checked?.acceptable ? "accept" : "reject", offer: null, message: null });
  }
  if (!request.tools?.length && results.size === 0)
    return answer({ action: "end", offer: null, message: "No tools, no deal." });
  const table = /The offer on the table, from "[^"]*": (\{.*?\}); your utility of it: ([\d.]+)\./.exec(text);
  if (table && Number(table[2]) >= target) {
    const checked = results.get("utility_of") as { acceptable?: boolean } | undefined;
    if (!checked) return call("utility_of", { outcome: JSON.parse(table[1]) });
    if (checked.acceptable) return answer({ action: "accept", offer: null, message: "Agreed." });
  }
  const near = results.get("nearest_outcome") as { outcome?: unknown; error?: string } | undefined;
  if (!near) return call("nearest_outcome", { target });
  if (!near.outcome) return answer({ action: "end", offer: null, message: "Nothing works for me." });
  return answer({
    action: "offer",
    offer: near.outcome,
    message: `I can do this (my target is ${target.toFixed(2)}).`,
  });
}

export async function startLlmServer(): Promise<LlmServer> {
  const faults: Fault[] = [];
  let inFlight = 0;
  const state: LlmServer = {
    url: "",
    requests: 0,
    authorizations: [],
    maxInFlight: 0,
    fault: (...f) => {
      faults.push(...f);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    state.requests++;
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => {
      inFlight--;
    });
    if (req.headers.authorization) state.authorizations.push(req.headers.authorization);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const request = JSON.parse(text) as { model: string; messages: Msg[]; tools?: unknown[] };
    const fault = faults.shift();
    let message: Msg & { refusal?: string };
    if (fault?.kind === "status") {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      res.writeHead(fault.status, headers).end(`{"error":{"message":"scripted ${fault.status}"}}`);
      return;
    }
    if (fault?.kind === "badbody") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html>gateway</html>");
      return;
    }
    if (fault?.kind === "hangup") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === "malformed")
      message = { role: "assistant", content: '{"action": "offer", "offer": {' };
    else if (fault?.kind === "refusal")
      message = { role: "assistant", content: null, refusal: "I can't help with that." };
    else if (fault?.kind === "outside")
      message = {
        role: "assistant",
        content: JSON.stringify({ action: "offer", offer: { price: "free" }, message: null }),
      };
    else message = scriptedReply(request);
    const reply = {
      id: `chatcmpl-${state.requests}`,
      object: "chat.completion",
      model: request.model,
      choices: [{ index: 0, message, finish_reason: message.tool_calls ? "tool_calls" : "stop" }],
      usage: {
        prompt_tokens: tokens(JSON.stringify(request.messages)),
        completion_tokens: tokens(JSON.stringify(message)),
      },
    };
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
