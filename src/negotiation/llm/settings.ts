/**
 * The LLM agent's settings as a spec gives them (simulation specs: `{ name: "llm", llm: {...} }`; tournament
 * specs: `{ name, llm: {...} }`). Endpoint fields left out come from the environment in the runtime
 * (ZOPA_LLM_BASE_URL, ZOPA_LLM_MODEL, ZOPA_LLM_API_KEY or OPENAI_API_KEY); the API key itself never
 * appears in a spec, only the name of the variable holding it.
 */
import { z } from "zod";

export const LlmOptions = z.strictObject({
  /** An OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama); else ZOPA_LLM_BASE_URL. */
  baseUrl: z.string().min(1).optional(),
  /** The model name the endpoint knows; else ZOPA_LLM_MODEL. */
  model: z.string().min(1).optional(),
  /** The name of the environment variable holding the API key; else ZOPA_LLM_API_KEY, then OPENAI_API_KEY. */
  apiKeyEnv: z.string().min(1).optional(),
  /** Sampling temperature sent with every request; defaults to 0. */
  temperature: z.number().min(0).max(2).default(0),
  /** Invalid answers (malformed JSON, an option outside the space, a refusal) retried per turn; defaults to 2. */
  maxRetries: z.int().min(0).max(10).default(2),
  /** Tool calls the model may make per turn before it must answer; defaults to 6 (0: no tools offered). */
  maxToolCalls: z.int().min(0).max(50).default(6),
  /**
   * How the answer's form is asked for: `json_schema` (structured output), `json_object` (JSON mode), or
   * `none` (the prompt only). The strict parser checks the answer in every case. Defaults to json_schema.
   */
  structuredOutput: z.enum(["json_schema", "json_object", "none"]).default("json_schema"),
  /** Most tokens per reply (max_tokens); the endpoint's default when left out. */
  maxTokens: z.int().positive().optional(),
  /** Most offers of the history shown in each prompt (the latest); defaults to 20. */
  historyLimit: z.int().min(1).default(20),
  /** One HTTP request taking longer fails (and is retried); defaults to 60000 ms. */
  timeoutMs: z.int().positive().default(60_000),
  /** Retries of a request that failed at the HTTP level (network, 429, 5xx); defaults to 3. */
  httpRetries: z.int().min(0).max(10).default(3),
  /** Requests in flight at once to this endpoint; defaults to 4. */
  concurrency: z.int().positive().default(4),
  /** Requests started per minute to this endpoint; no limit when left out. */
  requestsPerMinute: z.number().positive().optional(),
});
export type LlmOptions = z.output<typeof LlmOptions>;
export type LlmOptionsInput = z.input<typeof LlmOptions>;
