/**
 * The scenario format: the single source of truth. Types, validation (with paths), the JSON Schema for
 * editors and the format docs all derive from these zod schemas.
 */
import { z } from "zod";

/** An identifier: letters, digits, `_`, `-` and `.`; referenced from elsewhere in the file. */
export const Id = z
  .string()
  .min(1, "an id cannot be empty")
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "ids use letters, digits, '_', '-' and '.' only (no spaces)")
  .describe("Identifier: letters, digits, '_', '-', '.'; referenced from elsewhere in the file.");

const SourceRefs = z
  .array(Id)
  .optional()
  .describe(
    "Ids of entries in `sources` that back this element. Without any, reports mark it an assumption.",
  );

const Rationale = z
  .string()
  .optional()
  .describe("One line saying why this value was chosen (shown next to assumptions).");

const FiniteNumber = z.number().refine(Number.isFinite, "must be a finite number");
const Unit = FiniteNumber.refine((x) => x >= 0 && x <= 1, "must lie in [0, 1]");

export const Meta = z
  .object({
    id: Id,
    title: z.string().min(1),
    summary: z.string().optional(),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "dates are written YYYY-MM-DD")
      .optional()
      .describe("The date the scenario describes the world as of (YYYY-MM-DD)."),
  })
  .strict()
  .describe("What the scenario is.");

export const Source = z
  .object({
    id: Id,
    title: z.string().min(1),
    publisher: z.string().optional(),
    url: z.string().optional(),
    date: z.string().optional().describe("Publication date, YYYY-MM-DD where known."),
    quote: z.string().optional().describe("The passage relied on, verbatim."),
  })
  .strict()
  .describe("A document that backs claims in the scenario.");

export const OptionValue = z
  .object({
    id: Id,
    label: z.string().optional(),
    description: z.string().optional(),
    sources: SourceRefs,
  })
  .strict()
  .describe("One option of a categorical or ordinal issue.");

const IssueCommon = {
  id: Id,
  name: z.string().optional().describe("Human-readable name; defaults to the id."),
  description: z.string().optional(),
  sources: SourceRefs,
};

export const CategoricalIssue = z
  .object({
    ...IssueCommon,
    type: z.literal("categorical"),
    options: z.array(OptionValue).min(1, "an issue needs at least one option"),
  })
  .strict()
  .describe("Unordered options.");

export const OrdinalIssue = z
  .object({
    ...IssueCommon,
    type: z.literal("ordinal"),
    options: z
      .array(OptionValue)
      .min(1, "an issue needs at least one option")
      .describe("Options in increasing order (atLeast / atMost use this order)."),
  })
  .strict()
  .describe("Ordered options, listed from lowest to highest.");

export const IntegerIssue = z
  .object({
    ...IssueCommon,
    type: z.literal("integer"),
    min: z.number().int("min must be an integer"),
    max: z.number().int("max must be an integer"),
    step: z.number().int("step must be an integer").positive("step must be positive").default(1),
  })
  .strict()
  .describe("Integers min, min+step, …, up to max.");

export const RealIssue = z
  .object({
    ...IssueCommon,
    type: z.literal("real"),
    min: FiniteNumber,
    max: FiniteNumber,
    resolution: z
      .number()
      .int()
      .min(2, "resolution is the number of enumerated values and must be at least 2")
      .default(11)
      .describe("How many evenly spaced values (both ends included) to enumerate; defaults to 11."),
  })
  .strict()
  .describe("A real interval, enumerated at `resolution` evenly spaced values.");

export const Issue = z.discriminatedUnion("type", [CategoricalIssue, OrdinalIssue, IntegerIssue, RealIssue]);

/** An issue's value in an outcome: an option id, or a number for integer and real issues. */
export const IssueValue = z.union([Id, FiniteNumber]);

/** A full or partial outcome: issue id → option id (or number). */
export const OutcomeSpec = z.record(z.string(), IssueValue).describe("Issue id → option id (or number).");

export type PredicateInput =
  | { issue: string; in: (string | number)[] }
  | { issue: string; notIn: (string | number)[] }
  | { issue: string; atLeast: string | number }
  | { issue: string; atMost: string | number }
  | { all: PredicateInput[] }
  | { any: PredicateInput[] }
  | { not: PredicateInput };

export const Predicate: z.ZodType<PredicateInput> = z.lazy(() =>
  z.union([
    z.object({ issue: Id, in: z.array(IssueValue).min(1) }).strict(),
    z.object({ issue: Id, notIn: z.array(IssueValue).min(1) }).strict(),
    z.object({ issue: Id, atLeast: IssueValue }).strict(),
    z.object({ issue: Id, atMost: IssueValue }).strict(),
    z.object({ all: z.array(Predicate).min(1) }).strict(),
    z.object({ any: z.array(Predicate).min(1) }).strict(),
    z.object({ not: Predicate }).strict(),
  ]),
);

export const RedLine = z
  .object({
    id: Id,
    statement: z.string().min(1).describe("The commitment in the words reported."),
    sources: SourceRefs,
    status: z
      .enum(["stated", "reported", "inferred"])
      .describe(
        "stated: said on record by the party; reported: attributed by others; inferred: analyst's reading.",
      ),
    confidence: z.enum(["high", "medium", "low"]).optional(),
    requires: Predicate.describe("What every acceptable outcome must satisfy."),
    rationale: Rationale,
  })
  .strict()
  .describe(
    "A hard commitment: outcomes that break it are unacceptable to the party whatever their utility.",
  );

export const ValueFunction = z.union([
  z.record(Id, FiniteNumber).describe("Option id → value in [0, 1]."),
  z
    .object({
      piecewise: z
        .array(z.tuple([FiniteNumber, FiniteNumber]))
        .min(1)
        .describe("Points [x, value], x increasing; linear between them, flat beyond the ends."),
    })
    .strict(),
]);

export const Preferences = z
  .object({
    weights: z
      .record(Id, FiniteNumber)
      .describe(
        "Issue id → weight. Weights must sum to 1 (within 0.01, then rescaled); issues left out weigh 0.",
      ),
    values: z
      .record(Id, ValueFunction)
      .describe(
        "Issue id → value function: option values, or a piecewise-linear function for numeric issues.",
      ),
    normalize: z
      .boolean()
      .default(false)
      .describe(
        "Rescale instead of rejecting: weights divided by their sum, an issue's values by their maximum when it exceeds 1. Defaults to false.",
      ),
    sources: SourceRefs,
    rationale: Rationale,
  })
  .strict()
  .describe("Linear additive preferences: U(outcome) = Σ weight_i · value_i(option_i).");

export const Reservation = z.union([
  Unit.describe("The reservation value: utility of the party's best alternative to agreement."),
  z
    .object({
      value: Unit.optional(),
      outcome: OutcomeSpec.optional().describe("An outcome whose utility is the reservation value."),
      sources: SourceRefs,
      rationale: Rationale,
    })
    .strict(),
]);

export const Person = z
  .object({ name: z.string().min(1), title: z.string().optional(), sources: SourceRefs })
  .strict();

export const Party = z
  .object({
    id: Id,
    name: z.string().min(1),
    role: z.enum(["principal", "mediator", "observer"]).default("principal"),
    veto: z
      .boolean()
      .optional()
      .describe(
        "Whether an agreement needs this party's acceptance; defaults to true for principals, false otherwise.",
      ),
    description: z.string().optional(),
    delegation: z.array(Person).optional(),
    capability: FiniteNumber.optional().describe("Relative power or clout (used by forecasting models)."),
    reservation: Reservation.optional().describe(
      "Reservation value; defaults to 0 (any outcome beats no deal).",
    ),
    preferences: Preferences.optional(),
    redLines: z.array(RedLine).optional(),
    sources: SourceRefs,
  })
  .strict();

const ChangeParty = { party: Id };
export const VariantChange = z.discriminatedUnion("op", [
  z.object({ op: z.literal("dropRedLine"), ...ChangeParty, redLine: Id }).strict(),
  z.object({ op: z.literal("addRedLine"), ...ChangeParty, redLine: RedLine }).strict(),
  z.object({ op: z.literal("setReservation"), ...ChangeParty, reservation: Reservation }).strict(),
  z.object({ op: z.literal("setWeight"), ...ChangeParty, issue: Id, weight: FiniteNumber }).strict(),
  z
    .object({ op: z.literal("setValue"), ...ChangeParty, issue: Id, option: IssueValue, value: FiniteNumber })
    .strict(),
  z.object({ op: z.literal("setVeto"), ...ChangeParty, veto: z.boolean() }).strict(),
  z
    .object({
      op: z.literal("restrictOptions"),
      issue: Id,
      options: z.array(Id).min(1).describe("The options kept, in their original order."),
    })
    .strict(),
  z
    .object({
      op: z.literal("addOption"),
      issue: Id,
      option: OptionValue,
      after: Id.optional().describe("Insert after this option (ordinal issues); defaults to the end."),
      values: z.record(Id, FiniteNumber).describe("Party id → the new option's value for that party."),
    })
    .strict(),
]);

export const Variant = z
  .object({
    id: Id,
    description: z.string().min(1),
    sources: SourceRefs,
    changes: z.array(VariantChange).min(1),
  })
  .strict()
  .describe("A named what-if: changes applied on top of the base scenario.");

export const Scenario = z
  .object({
    $schema: z.string().optional(),
    zopa: z.literal(1).default(1).describe("Format version; 1."),
    meta: Meta,
    sources: z.array(Source).default([]),
    issues: z.array(Issue).min(1, "a scenario needs at least one issue"),
    parties: z.array(Party).min(1, "a scenario needs at least one party"),
    variants: z.array(Variant).default([]),
  })
  .strict()
  .describe("A Zopa negotiation scenario.");

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.output<typeof Scenario>;
export type Issue = z.output<typeof Issue>;
export type Party = z.output<typeof Party>;
export type RedLine = z.output<typeof RedLine>;
export type Preferences = z.output<typeof Preferences>;
export type Reservation = z.output<typeof Reservation>;
export type Variant = z.output<typeof Variant>;
export type VariantChange = z.output<typeof VariantChange>;
export type Predicate = PredicateInput;
export type IssueValue = z.output<typeof IssueValue>;
export type OutcomeSpec = z.output<typeof OutcomeSpec>;
export type Source = z.output<typeof Source>;

/** The JSON Schema (draft 2020-12) editors use to validate scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "https://zopa.dev/schema/scenario.schema.json", title: "Zopa scenario" };
}
