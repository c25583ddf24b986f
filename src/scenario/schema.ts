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

/** zod 4 numbers reject NaN and ±Infinity. */
const FiniteNumber = z.number();
const Unit = z.number().min(0, "must lie in [0, 1]").max(1, "must lie in [0, 1]");

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
    weightsAsGiven: z
      .boolean()
      .optional()
      .describe(
        "GENIUS semantics: use the weights exactly as written (no rescaling to sum 1) and cap the utility at 1. Set by importers for profiles whose weights do not sum to 1.",
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
    discount: z
      .number()
      .gt(0, "a discount factor lies in (0, 1]")
      .lte(1, "a discount factor lies in (0, 1]")
      .optional()
      .describe(
        "Discount factor d (GENIUS): at normalised time t in [0, 1] utilities and the reservation value are multiplied by d^t. Omit for none.",
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

const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dates are written YYYY-MM-DD")
  .describe("A date, YYYY-MM-DD.");

const Confidence = z
  .enum(["high", "medium", "low"])
  .describe("How well the sources back this: high (several outlets or on record), medium, low.");

export const Attendee = z
  .object({
    party: Id.describe("The party the person represented."),
    name: z.string().min(1),
    title: z.string().optional(),
    confidence: Confidence.optional(),
    sources: SourceRefs,
  })
  .strict()
  .describe("One person at a round, and whom they represented.");

export const RoundPosition = z
  .object({
    party: Id,
    outcome: OutcomeSpec.describe(
      "The position as a full or partial outcome: only the issues the party is reported to have stated.",
    ),
    summary: z.string().optional().describe("The position in the words reported."),
    status: z
      .enum(["stated", "reported", "inferred"])
      .optional()
      .describe("stated: on record; reported: attributed by others; inferred: analyst's reading."),
    confidence: Confidence.optional(),
    sources: SourceRefs,
    rationale: Rationale,
  })
  .strict()
  .describe("A party's reported position at a round.");

export const RoundResult = z
  .object({
    summary: z.string().min(1).describe("What the round produced, in the words reported."),
    agreed: OutcomeSpec.optional().describe(
      "What was agreed, as a full or partial outcome (issues left out stay as they were).",
    ),
    sources: SourceRefs,
  })
  .strict();

export const Round = z
  .object({
    id: Id,
    date: DateString.describe("The (first) day of the round, YYYY-MM-DD."),
    endDate: DateString.optional().describe("The last day, when the round ran over several days."),
    approximate: z.boolean().optional().describe("True when the sources give the date only roughly (≈)."),
    venue: z.string().min(1),
    level: z.string().optional().describe("Format or level, e.g. 'ministerial trilateral'."),
    attendees: z.array(Attendee).optional(),
    mediators: z.array(Id).optional().describe("Ids of the parties that mediated the round."),
    positions: z.array(RoundPosition).optional(),
    result: RoundResult.optional(),
    confidence: Confidence.optional().describe("Confidence that the round took place as described."),
    sources: SourceRefs,
    note: z.string().optional(),
  })
  .strict()
  .describe("One round of talks in the timeline.");

export const Claim = z
  .object({
    id: Id,
    claim: z.string().min(1).describe("The claim, quoted or closely paraphrased."),
    by: z.string().min(1).describe("Who made it (a party, an official, an outlet)."),
    party: Id.optional().describe("The party the claimant speaks for, when one."),
    claimedIn: SourceRefs.describe("Ids of the sources where the claim was made."),
    status: z
      .enum(["supported", "contradicted", "unsupported", "partly"])
      .describe(
        "Against the sources: supported; contradicted; unsupported (no source backs it); partly (some of it holds).",
      ),
    note: z.string().optional().describe("What the sources show, in one or two sentences."),
    sources: SourceRefs.describe("Ids of the sources the claim was checked against."),
  })
  .strict()
  .describe("An entry in the claims ledger: a claim and its standing against the sources.");

export const OutOfScope = z
  .object({
    id: Id,
    topic: z.string().min(1),
    description: z
      .string()
      .optional()
      .describe("Why it is outside the talks, and the parties' positions on it."),
    sources: SourceRefs,
  })
  .strict()
  .describe("A topic the sources put explicitly outside the negotiation's scope; not modelled as an issue.");

// Stakeholders and constituencies (issue 6): inputs of the forecasting models in src/forecast.

export const UncertainNumber = z
  .union([
    FiniteNumber,
    z
      .object({ range: z.tuple([FiniteNumber, FiniteNumber]) })
      .strict()
      .describe("Uniform between low and high."),
    z
      .object({ triangular: z.tuple([FiniteNumber, FiniteNumber, FiniteNumber]) })
      .strict()
      .describe("Triangular: [low, most likely, high]."),
    z
      .object({ normal: z.object({ mean: FiniteNumber, sd: z.number().min(0) }).strict() })
      .strict()
      .describe("Normal, truncated to the allowed range (the issue's scale, [0, 1] for saliences)."),
  ])
  .describe(
    "A number, or an uncertain one: { range: [lo, hi] }, { triangular: [lo, mode, hi] }, { normal: { mean, sd } }.",
  );

export const Stance = z
  .object({
    position: z
      .union([UncertainNumber, Id])
      .describe(
        "Ideal point on the issue's scale: a number (possibly uncertain) or an option id mapped by `scales`.",
      ),
    salience: UncertainNumber.describe("How much the stakeholder cares about the issue, in [0, 1]."),
    sources: SourceRefs,
    rationale: Rationale,
  })
  .strict()
  .describe("A stakeholder's position and salience on one issue.");

export const Stakeholder = z
  .object({
    id: Id,
    name: z.string().min(1),
    party: Id.optional().describe("The party this stakeholder is, when it is one."),
    description: z.string().optional(),
    capability: UncertainNumber.describe("Clout: resources, votes or power, on any common scale (≥ 0)."),
    stances: z.record(Id, Stance).describe("Issue id → position and salience."),
    sources: SourceRefs,
    rationale: Rationale,
  })
  .strict()
  .describe("Any actor with influence on the outcome, party or not.");

export const Stakeholders = z
  .object({
    scales: z
      .record(Id, z.record(Id, FiniteNumber))
      .default({})
      .describe(
        "Issue id → option id → point on the issue's continuous scale. Ordinal issues default to 0, 1, 2, … in option order; categorical issues need one.",
      ),
    statusQuo: z
      .record(Id, z.union([FiniteNumber, Id]))
      .default({})
      .describe("Issue id → the status quo (a number or an option id): the reference point of win-sets."),
    actors: z.array(Stakeholder).min(1, "list at least one stakeholder"),
  })
  .strict()
  .describe(
    "Stakeholders for forecasting (`zopa forecast`): capability, and per issue a position and a salience.",
  );

export const Constituency = z
  .object({
    party: Id.describe("The negotiating party whose agreement must be ratified."),
    rule: z
      .enum(["unanimity", "quota"])
      .describe(
        "unanimity: every member is a veto player; quota: members holding `quota` of the weight must agree.",
      ),
    quota: z
      .number()
      .gt(0, "a quota lies in (0, 1]")
      .lte(1, "a quota lies in (0, 1]")
      .default(0.5)
      .describe("Share of the members' weight needed (rule quota); defaults to 0.5 (a majority)."),
    members: z
      .array(
        z
          .object({
            stakeholder: Id,
            weight: UncertainNumber.optional().describe(
              "Voting weight under a quota; defaults to the stakeholder's capability.",
            ),
            veto: z.boolean().optional().describe("Must agree even under a quota rule."),
          })
          .strict(),
      )
      .min(1, "a constituency needs at least one member"),
    description: z.string().optional(),
    sources: SourceRefs,
    rationale: Rationale,
  })
  .strict()
  .describe("The domestic actors who must ratify a party's agreement (two-level games), and how.");

export const Scenario = z
  .object({
    $schema: z.string().optional(),
    zopa: z.literal(1).default(1).describe("Format version; 1."),
    meta: Meta,
    sources: z.array(Source).default([]).describe("Documents that back the scenario's claims; cited by id."),
    issues: z
      .array(Issue)
      .min(1, "a scenario needs at least one issue")
      .describe("What is negotiated; an outcome picks one value for every issue."),
    parties: z
      .array(Party)
      .min(1, "a scenario needs at least one party")
      .describe("Principals, mediators and observers, with their preferences and red lines."),
    variants: z
      .array(Variant)
      .default([])
      .describe("Named what-if overlays (`zopa analyze --variant NAME`)."),
    information: z
      .enum(["private", "complete"])
      .optional()
      .describe(
        "What each party knows of the others' preferences in simulations: private (the default: own preferences and the public history) or complete (every party's utilities). `zopa simulate --information` overrides it.",
      ),
    statusQuo: OutcomeSpec.optional().describe(
      "The outcome that holds when nothing is agreed (every issue). Completes agreed results in `timeline`.",
    ),
    timeline: z
      .array(Round)
      .optional()
      .describe("Rounds of talks in date order, with each party's reported position (see `zopa history`)."),
    claims: z
      .array(Claim)
      .optional()
      .describe("The claims ledger: claims and their status against the sources."),
    outOfScope: z
      .array(OutOfScope)
      .optional()
      .describe("Topics explicitly outside the negotiation's scope, with the sources that say so."),
    stakeholders: Stakeholders.optional(),
    constituencies: z.array(Constituency).optional().describe("Per party, who ratifies its agreements."),
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
export type UncertainNumber = z.output<typeof UncertainNumber>;
export type Stakeholders = z.output<typeof Stakeholders>;
export type Stakeholder = z.output<typeof Stakeholder>;
export type Constituency = z.output<typeof Constituency>;
export type Round = z.output<typeof Round>;
export type RoundPosition = z.output<typeof RoundPosition>;
export type Claim = z.output<typeof Claim>;
export type OutOfScope = z.output<typeof OutOfScope>;

/** The JSON Schema (draft 2020-12) editors use to validate scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, $id: "https://zopa.dev/schema/scenario.schema.json", title: "Zopa scenario" };
}
