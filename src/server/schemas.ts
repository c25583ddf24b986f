/**
 * The server's own request and response schemas (zod, the single source of truth: handlers validate with
 * them and the OpenAPI document is generated from them). Task request bodies are the tasks' schemas.
 */
import { z } from "zod";
import { scenarioInputFields } from "../tasks/input.ts";

/** A scenario as content: an object, or its YAML/JSON text. */
export const ScenarioContent = scenarioInputFields.scenario.unwrap();

/** `POST /scenarios`, `PUT /scenarios/:id`. */
export const ScenarioBody = z.strictObject({ scenario: ScenarioContent });

export const ScenarioAnswer = z.object({
  id: z.string(),
  version: z.int(),
  /** The text as stored (YAML or JSON). */
  scenario: z.string(),
  savedAt: z.string().optional(),
  /** True for a bundled example (read-only). */
  example: z.boolean().optional(),
});

export const ScenarioList = z.object({
  scenarios: z.array(
    z.object({
      id: z.string(),
      version: z.int(),
      title: z.string().nullable(),
      example: z.boolean(),
      savedAt: z.string().nullable(),
    }),
  ),
});

/** An outcome by issue id → option id (or number). */
export const OutcomeRecord = z.record(z.string(), z.union([z.string(), z.number()]));

/** `POST /sessions/:id/actions`: one party action, with an optional message beside it. */
export const ActionBody = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("offer"),
    outcome: OutcomeRecord,
    message: z.string().max(4000).optional(),
  }),
  z.strictObject({ kind: z.literal("accept"), message: z.string().max(4000).optional() }),
  z.strictObject({ kind: z.literal("reject"), message: z.string().max(4000).optional() }),
  z.strictObject({
    kind: z.literal("end"),
    reason: z.string().max(1000).optional(),
    message: z.string().max(4000).optional(),
  }),
]);
export type ActionBody = z.infer<typeof ActionBody>;

export const SessionCreated = z.object({
  id: z.string(),
  parties: z.record(z.string(), z.object({ token: z.string() })),
});

/** `POST /classrooms`: one session per student from the same simulation spec (one human party). */
export const ClassroomBody = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  /** The spec each student's session runs: a simulation spec with exactly one `human` party. */
  spec: z.looseObject({}),
  /** Students by name (one session each), or how many anonymous ones. */
  students: z.union([z.array(z.string().min(1).max(200)).min(1).max(500), z.int().min(1).max(500)]),
  /** The scenario's id in the library, for the students' links (default: the spec's `scenarioId`, else the scenario's `meta.id`). */
  scenarioId: z.string().min(1).max(200).optional(),
});

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  code: z.string().optional(),
  hint: z.string().optional(),
  errors: z
    .array(
      z.object({
        path: z.array(z.union([z.string(), z.number()])),
        message: z.string(),
        line: z.int().optional(),
        column: z.int().optional(),
      }),
    )
    .optional(),
});

export const Health = z.object({ status: z.literal("ok"), version: z.string(), uptimeMs: z.number() });
