/**
 * The OpenAPI 3.1 document, generated: request bodies are the tasks' and the server's zod schemas turned into
 * JSON Schema (z.toJSONSchema), the operations come from one table beside the routes (a test checks that the
 * table and the app's routes are the same). Fields the API refuses (`paths`, `threads`) are left out of the
 * task schemas and `scenarioId` is added, as the handlers do.
 */
import { z } from "zod";
import { SimulationSpec } from "../negotiation/spec.ts";
import { tasks } from "../tasks/index.ts";
import { TournamentSpec } from "../tournament/spec.ts";
import {
  ActionBody,
  ClassroomBody,
  Health,
  Problem,
  ScenarioAnswer,
  ScenarioBody,
  ScenarioList,
  SessionCreated,
} from "./schemas.ts";
import { TASK_ENDPOINTS } from "./taskRoutes.ts";

type Json = Record<string, unknown>;

export interface Operation {
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  tag: string;
  /** Request body schema (a components/schemas name). */
  body?: string;
  /** Success status and its content: a schema name, or a media type without schema. */
  ok: { status: number; schema?: string; type?: string; description?: string };
  /** Problem statuses this operation may answer besides 400/401/500. */
  problems?: number[];
  auth?: "none" | "party";
  query?: { name: string; description: string }[];
}

const TASK_DESCRIPTIONS = Object.fromEntries(TASK_ENDPOINTS.map((t) => [t, tasks[t].description]));

export const OPERATIONS: Operation[] = [
  ...TASK_ENDPOINTS.map(
    (t): Operation => ({
      method: "post",
      path: `/api/v1/${t}`,
      summary: `${TASK_DESCRIPTIONS[t]} The answer is what \`zopa ${t} --format json\` prints${t === "report" ? " (here: the HTML page, or Markdown)" : ""}.`,
      tag: "tasks",
      body: `${t}Request`,
      ok: t === "report" ? { status: 200, type: "text/html" } : { status: 200, type: "application/json" },
      problems: [404, 413, 415, 429],
    }),
  ),
  {
    method: "get",
    path: "/api/v1/scenarios",
    summary: "The bundled examples and the stored scenarios.",
    tag: "scenarios",
    ok: { status: 200, schema: "ScenarioList" },
  },
  {
    method: "post",
    path: "/api/v1/scenarios",
    summary: "Stores a new scenario (opaque id, version 1, ETag).",
    tag: "scenarios",
    body: "ScenarioBody",
    ok: { status: 201, schema: "ScenarioAnswer" },
    problems: [413, 415],
  },
  {
    method: "get",
    path: "/api/v1/scenarios/{id}",
    summary: "A scenario's latest version (or ?version=N), with its ETag.",
    tag: "scenarios",
    ok: { status: 200, schema: "ScenarioAnswer" },
    problems: [404],
    query: [{ name: "version", description: "an earlier version" }],
  },
  {
    method: "get",
    path: "/api/v1/scenarios/{id}/versions",
    summary: "Every version of a scenario.",
    tag: "scenarios",
    ok: { status: 200, type: "application/json" },
    problems: [404],
  },
  {
    method: "put",
    path: "/api/v1/scenarios/{id}",
    summary: "Stores a new version; needs If-Match with the current ETag (412 when stale).",
    tag: "scenarios",
    body: "ScenarioBody",
    ok: { status: 200, schema: "ScenarioAnswer" },
    problems: [404, 409, 412, 428],
  },
  {
    method: "delete",
    path: "/api/v1/scenarios/{id}",
    summary: "Deletes a scenario (its versions are kept); needs If-Match.",
    tag: "scenarios",
    ok: { status: 204 },
    problems: [404, 409, 412, 428],
  },
  {
    method: "get",
    path: "/api/v1/tournaments",
    summary: "Every tournament, newest first.",
    tag: "tournaments",
    ok: { status: 200, type: "application/json" },
  },
  {
    method: "post",
    path: "/api/v1/tournaments",
    summary:
      "Starts a tournament (scenarios inline or by stored id, agents by catalog name): 202 with its id.",
    tag: "tournaments",
    body: "TournamentSpec",
    ok: { status: 202, type: "application/json" },
    problems: [404, 413, 415],
  },
  {
    method: "get",
    path: "/api/v1/tournaments/{id}",
    summary: "A tournament's status: queued, running, done, cancelled, failed or interrupted; done of total.",
    tag: "tournaments",
    ok: { status: 200, type: "application/json" },
    problems: [404],
  },
  {
    method: "delete",
    path: "/api/v1/tournaments/{id}",
    summary: "Cancels a running tournament (finished negotiations are kept).",
    tag: "tournaments",
    ok: { status: 200, type: "application/json" },
    problems: [404, 409],
  },
  {
    method: "get",
    path: "/api/v1/tournaments/{id}/events",
    summary: "Server-sent events: `progress` {done, total}, then `done` (the final record).",
    tag: "tournaments",
    ok: { status: 200, type: "text/event-stream" },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/tournaments/{id}/results",
    summary: "The results JSON (docs/tournament-json.md) of what is stored so far.",
    tag: "tournaments",
    ok: { status: 200, type: "application/json" },
    problems: [404, 409],
    query: [
      { name: "scoring", description: "rank by another score" },
      { name: "negotiations", description: "false to leave the list out" },
    ],
  },
  {
    method: "get",
    path: "/api/v1/tournaments/{id}/negotiations/{nid}",
    summary: "One negotiation of a tournament, with its trace.",
    tag: "tournaments",
    ok: { status: 200, type: "application/json" },
    problems: [404, 409],
  },
  {
    method: "post",
    path: "/api/v1/sessions",
    summary:
      'Starts a live negotiation from a simulation spec in which people\'s parties have the agent "human": 201 with a token per human party.',
    tag: "sessions",
    body: "SimulationSpec",
    ok: { status: 201, schema: "SessionCreated" },
    problems: [413, 415, 429],
  },
  {
    method: "get",
    path: "/api/v1/sessions/{id}",
    summary:
      "What the party of X-Party-Token may see: status, turn, round, the offer on the table, history, its own utilities, the result.",
    tag: "sessions",
    ok: { status: 200, type: "application/json" },
    problems: [403, 404],
    auth: "party",
  },
  {
    method: "post",
    path: "/api/v1/sessions/{id}/actions",
    summary:
      "The party's action (offer, accept, reject, end; optional message); the agents answer before the response. 409 when it is not the party's turn, 400 for an outcome outside the space, 403 for another party's token.",
    tag: "sessions",
    body: "ActionBody",
    ok: { status: 200, type: "application/json" },
    problems: [403, 404, 409, 415],
    auth: "party",
  },
  {
    method: "get",
    path: "/api/v1/sessions/{id}/events",
    summary:
      "Server-sent events: every `action` (without utilities), then `end` with the result. Token as X-Party-Token or ?token=.",
    tag: "sessions",
    ok: { status: 200, type: "text/event-stream" },
    problems: [403, 404],
    auth: "party",
  },
  {
    method: "post",
    path: "/api/v1/classrooms",
    summary: "One session per student from a spec with one human party: a link and token per student.",
    tag: "classrooms",
    body: "ClassroomBody",
    ok: { status: 201, type: "application/json" },
    problems: [413, 415, 429],
  },
  {
    method: "get",
    path: "/api/v1/classrooms/{id}",
    summary: "Every student's session: status, turn, agreement, utility.",
    tag: "classrooms",
    ok: { status: 200, type: "application/json" },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/classrooms/{id}/links",
    summary: "Each student's link and party token.",
    tag: "classrooms",
    ok: { status: 200, type: "application/json" },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/classrooms/{id}/results.csv",
    summary: "The results as CSV, one row per student.",
    tag: "classrooms",
    ok: { status: 200, type: "text/csv" },
    problems: [404],
  },
  {
    method: "get",
    path: "/api/v1/agents",
    summary: "The agent catalog with each agent's parameter and its range, and the mediators.",
    tag: "catalog",
    ok: { status: 200, type: "application/json" },
  },
  {
    method: "get",
    path: "/api/v1/health",
    summary: "Liveness (no token needed).",
    tag: "server",
    ok: { status: 200, schema: "Health" },
    auth: "none",
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document.",
    tag: "server",
    ok: { status: 200, type: "application/json" },
  },
  {
    method: "get",
    path: "/api/v1/docs",
    summary: "This document as a page.",
    tag: "server",
    ok: { status: 200, type: "text/html" },
  },
];

function jsonSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  delete out.$schema;
  return out;
}

/** A task's request schema as the API takes it: without server paths and settings, with `scenarioId`. */
function apiTaskSchema(schema: z.ZodType): Json {
  const out = jsonSchema(schema);
  const props = out.properties as Record<string, unknown> | undefined;
  if (props) {
    delete props.paths;
    delete props.threads;
    props.scenarioId = {
      type: "string",
      description: "A stored scenario's id or a bundled example's meta.id, instead of `scenario`.",
    };
  }
  return out;
}

let cached: Json | null = null;

/** The OpenAPI 3.1 document (computed once). */
export function openApiDocument(version: string): Json {
  if (cached) return cached;
  const schemas: Record<string, Json> = {
    ScenarioBody: jsonSchema(ScenarioBody),
    ScenarioAnswer: jsonSchema(ScenarioAnswer),
    ScenarioList: jsonSchema(ScenarioList),
    TournamentSpec: jsonSchema(TournamentSpec),
    SimulationSpec: apiTaskSchema(tasks.simulate.request),
    SimulationSpecStrict: jsonSchema(SimulationSpec),
    ActionBody: jsonSchema(ActionBody),
    SessionCreated: jsonSchema(SessionCreated),
    ClassroomBody: jsonSchema(ClassroomBody),
    Problem: jsonSchema(Problem),
    Health: jsonSchema(Health),
  };
  for (const t of TASK_ENDPOINTS) schemas[`${t}Request`] = apiTaskSchema(tasks[t].request);
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = (op.query ?? []).map((q) => ({
      name: q.name,
      in: "query",
      required: false,
      description: q.description,
      schema: { type: "string" },
    }));
    const headers =
      op.auth === "party"
        ? [
            {
              name: "X-Party-Token",
              in: "header",
              required: false,
              description: "The party's token (or ?token=).",
              schema: { type: "string" },
            },
          ]
        : [];
    const content = op.ok.schema
      ? { "application/json": { schema: { $ref: `#/components/schemas/${op.ok.schema}` } } }
      : op.ok.type
        ? { [op.ok.type]: {} }
        : undefined;
    const responses: Record<string, Json> = {
      [op.ok.status]: { description: op.ok.description ?? "success", ...(content ? { content } : {}) },
    };
    for (const status of [400, ...(op.auth === "none" ? [] : [401]), ...(op.problems ?? []), 500])
      responses[status] = {
        description: "a problem (RFC 9457)",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      operationId: `${op.method}${op.path
        .replace(/^\/api\/v1/, "")
        .replace(/[{}]/g, "")
        .replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ""))}`,
      ...(params.length || query.length || headers.length
        ? { parameters: [...params, ...query, ...headers] }
        : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: { $ref: `#/components/schemas/${op.body}` } } },
            },
          }
        : {}),
      responses,
      ...(op.auth === "none"
        ? { security: [] }
        : op.auth === "party"
          ? { security: [{}, { bearer: [] }, { partyToken: [] }] }
          : {}),
    };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Zopa HTTP API",
      version,
      description:
        "Every Zopa task over HTTP, a library of scenarios, tournaments and live negotiations with people at the table. Errors are application/problem+json (RFC 9457). With --token, every /api request needs Authorization: Bearer (health excepted; server-sent events also take ?token=).",
    },
    servers: [{ url: "/" }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        partyToken: { type: "apiKey", in: "header", name: "X-Party-Token" },
      },
    },
    security: [{}, { bearer: [] }],
    paths,
  };
  return cached;
}
