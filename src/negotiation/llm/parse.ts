/**
 * The strict parser of the LLM agent's answers: one JSON object (a Markdown code fence around it is
 * tolerated, nothing else), with an allowed `action`, an `offer` naming an option of the space for every
 * issue (and nothing more), and an optional text `message`. Anything else is invalid, with the problem
 * stated so that the model can be told what to fix.
 */
import type { CompiledSpace } from "../../space/compile.ts";
import { encodeOutcome } from "../../space/outcome.ts";

export type Action = "offer" | "accept" | "reject" | "end";

export type ParsedAnswer =
  | { action: "offer"; outcome: number; message?: string }
  | { action: "accept" | "reject" | "end"; message?: string };

export type ParseResult = { ok: true; answer: ParsedAnswer } | { ok: false; problem: string };

const FENCE = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/;

function invalid(problem: string): ParseResult {
  return { ok: false, problem };
}

/** Parses `text` as an answer; `allowed` lists the actions allowed now. */
export function parseAnswer(
  space: Pick<CompiledSpace, "issues" | "radix">,
  text: string | null,
  allowed: readonly Action[],
): ParseResult {
  if (text === null || text.trim() === "") return invalid("the answer is empty");
  let body = text.trim();
  const fenced = FENCE.exec(body);
  if (fenced) body = fenced[1].trim();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return invalid("the answer is not one JSON object (malformed JSON)");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return invalid("the answer is not a JSON object");
  const a = json as Record<string, unknown>;
  const extra = Object.keys(a).filter((k) => k !== "action" && k !== "offer" && k !== "message");
  if (extra.length)
    return invalid(`unknown field${extra.length > 1 ? "s" : ""} ${extra.map((k) => `"${k}"`).join(", ")}`);
  if (typeof a.action !== "string" || !["offer", "accept", "reject", "end"].includes(a.action))
    return invalid(
      `"action" must be ${allowed.map((x) => `"${x}"`).join(", ")} (got ${JSON.stringify(a.action ?? null)})`,
    );
  const action = a.action as Action;
  if (!allowed.includes(action))
    return invalid(`"${action}" is not allowed now; allowed: ${allowed.join(", ")}`);
  if (a.message !== undefined && a.message !== null && typeof a.message !== "string")
    return invalid(`"message" must be a string or null`);
  const message = typeof a.message === "string" && a.message !== "" ? a.message : undefined;
  if (action !== "offer") {
    if (a.offer !== undefined && a.offer !== null) return invalid(`with "${action}", "offer" must be null`);
    return { ok: true, answer: message === undefined ? { action } : { action, message } };
  }
  const offer = a.offer;
  if (typeof offer !== "object" || offer === null || Array.isArray(offer))
    return invalid(`"offer" must be an object naming an option for every issue`);
  const record = offer as Record<string, unknown>;
  const digits = new Int32Array(space.issues.length);
  const problems: string[] = [];
  space.issues.forEach((issue, i) => {
    if (!(issue.id in record)) {
      problems.push(`issue "${issue.id}" is missing`);
      return;
    }
    const v = record[issue.id];
    const o = issue.values.findIndex((x) => x === v);
    if (o < 0)
      problems.push(
        `${JSON.stringify(v)} is not an option of "${issue.id}" (options: ${issue.values.map((x) => JSON.stringify(x)).join(", ")})`,
      );
    else digits[i] = o;
  });
  for (const k of Object.keys(record))
    if (!space.issues.some((i) => i.id === k)) problems.push(`"${k}" is not an issue`);
  if (problems.length) return invalid(`the offer is outside the outcome space: ${problems.join("; ")}`);
  const outcome = encodeOutcome(space, digits);
  return { ok: true, answer: message === undefined ? { action, outcome } : { action, outcome, message } };
}

/** Raw text as the trace keeps it: trimmed, whitespace runs folded, at most 500 characters. */
export function rawText(text: string | null): string {
  const t = (text ?? "").replace(/\s+/g, " ").trim();
  return t.length > 500 ? `${t.slice(0, 497)}...` : t;
}
