/**
 * The HTTP API (/api/v1) as the workbench uses it: JSON in and out, problems (RFC 9457) turned into one error
 * carrying the status, the title and each problem's path and line.
 */

export const API = "/api/v1";

export interface ProblemItem {
  path?: (string | number)[] | string;
  message?: string;
  line?: number;
  column?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: ProblemItem[] = [],
  ) {
    super(message);
  }
}

export interface Fetched<T> {
  body: T;
  etag: string | null;
}

async function problemOf(res: Response): Promise<ApiError> {
  let title = res.statusText || `HTTP ${res.status}`;
  let problems: ProblemItem[] = [];
  try {
    const p = (await res.json()) as { title?: string; detail?: string; errors?: ProblemItem[] };
    title = [p.title, p.detail].filter(Boolean).join(": ") || title;
    problems = p.errors ?? [];
  } catch {
    // Not JSON: the status line says enough.
  }
  return new ApiError(res.status, title, problems);
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<Fetched<T>> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  const res = await fetch(`${API}${path}`, { ...init, headers });
  if (!res.ok) throw await problemOf(res);
  const type = res.headers.get("content-type") ?? "";
  const body = (type.includes("json") ? await res.json() : await res.text()) as T;
  return { body, etag: res.headers.get("etag") };
}

export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  return (await request<T>(path, init)).body;
}

export async function postJson<T>(path: string, body: unknown, init: RequestInit = {}): Promise<T> {
  return (await request<T>(path, { ...init, method: "POST", body: JSON.stringify(body) })).body;
}

/** A stored scenario as the API answers it: the text as stored. */
export interface StoredScenario {
  id: string;
  version: number | string;
  scenario: string | Record<string, unknown>;
}

/** One row of the scenario list; the API's list may carry more. */
export interface ScenarioSummary {
  id: string;
  title?: string;
  version?: number | string;
  bundled?: boolean;
  example?: boolean;
  source?: string;
}

/** The list, whether the API answers an array or an object holding one. */
export function scenarioList(body: unknown): ScenarioSummary[] {
  if (Array.isArray(body)) return body as ScenarioSummary[];
  const o = body as Record<string, unknown>;
  for (const k of ["scenarios", "items", "data"]) if (Array.isArray(o?.[k])) return o[k] as ScenarioSummary[];
  return [];
}
