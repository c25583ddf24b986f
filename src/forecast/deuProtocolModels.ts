/**
 * The models the honest protocol chooses among on EU decisions: the DEU baselines, the earlier forecasters
 * (BDM, informed compromise), the literature's models (src/forecast/euModels.ts), KTAB's first-turn PCE, the
 * compromise with a fitted reference-point share, and two stacked ensembles.
 */
import { deuForecasters } from "./deuForecasters.ts";
import { deuActors, deuBaselines, type IssueForecaster } from "./deuModels.ts";
import { compromiseCouncilVotes, euProcedural, exchangeForecasts, nashWithReference } from "./euModels.ts";
import { informedCompromiseForecaster } from "./informedCompromise.ts";
import { ktabPce } from "./ktabSpatial.ts";
import {
  type BaseForecaster,
  capabilityFamilyLearner,
  compromiseReferenceLearner,
  fixedLearner,
  type Learner,
  stackLearner,
  withFallback,
} from "./protocol.ts";

const perIssue = (f: IssueForecaster): BaseForecaster => ({
  name: f.name,
  description: f.description,
  predict: (issues) => issues.map((i) => f.forecast(i)),
});

export const literatureBases: BaseForecaster[] = [
  perIssue({
    ...informedCompromiseForecaster({ beta: 0 }),
    name: "compromise-imputed",
    description: "compromise, equal capability, missing saliences imputed by the issue mean",
  }),
  perIssue({
    name: "compromise-votes",
    description:
      "compromise with Council votes (Nice) as capability; Commission and Parliament as the largest state",
    forecast: compromiseCouncilVotes,
  }),
  perIssue({
    name: "nash-rp",
    description:
      "Nash bargaining with the reference point as disagreement (Achen; Schneider, Finke & Bailer)",
    forecast: nashWithReference,
  }),
  perIssue({
    name: "procedural",
    description:
      "EU procedure: Commission agenda setting, QMV/unanimity in the Council, Parliament in co-decision",
    forecast: euProcedural,
  }),
  {
    name: "exchange",
    description: "position exchange across a proposal's issues (Stokman & van Oosten; Arregui et al.)",
    predict: (issues) => {
      const byIssue = exchangeForecasts(issues);
      return issues.map((i) => byIssue.get(i));
    },
  },
  perIssue({
    name: "ktab-pce",
    description: "KTAB spatial model, first-turn probabilistic Condorcet election (expected position)",
    forecast: (issue) => ktabPce(deuActors(issue), { min: 0, max: 100 })?.forecast,
  }),
];

/** Every base forecaster, computed once per file. */
export const protocolBases = (): BaseForecaster[] => [
  ...deuBaselines.map(perIssue),
  ...deuForecasters.map(perIssue),
  ...literatureBases,
];

/** Ensemble members: every base, the reference point and the Commission included as ordinary members. */
export const STACK_MEMBERS = [
  "compromise",
  "compromise-gdp",
  "weighted-median",
  "median-actor",
  "commission",
  "reference-point",
  "bdm",
  "bdm-jmckib",
  "informed-compromise",
  "compromise-votes",
  "nash-rp",
  "procedural",
  "exchange",
  "ktab-pce",
];

/** Proposals of prior weight toward compromise in the shrunk ensemble. */
export const SHRINK_PROPOSALS = 20;

/** Every model the protocol scores and may select (the eligible ones: those that forecast every issue). */
export function protocolLearners(): Learner[] {
  const bases = protocolBases();
  const base = (name: string) => bases.find((b) => b.name === name)!;
  return [
    ...bases
      .filter((b) => !["nash-rp", "procedural", "compromise-imputed"].includes(b.name))
      .map((b) =>
        b.name === "informed-compromise"
          ? {
              ...fixedLearner(b),
              notSelectable:
                "its two corrections were chosen by looking at deu3-train.tsv; compromise-family makes the same choices inside the folds",
            }
          : fixedLearner(b),
      ),
    withFallback(
      base("nash-rp"),
      "compromise",
      `${base("nash-rp").description}; compromise where no reference point`,
    ),
    withFallback(
      base("procedural"),
      "compromise",
      `${base("procedural").description}; compromise where no reference point`,
    ),
    compromiseReferenceLearner(),
    capabilityFamilyLearner(),
    stackLearner("stack", STACK_MEMBERS),
    stackLearner("stack-shrunk", STACK_MEMBERS, { shrinkProposals: SHRINK_PROPOSALS }),
  ];
}
