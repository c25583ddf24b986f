/** The seeded synthetic scenarios with reservation values and red lines now live with the conformance suites. */
export {
  type SyntheticOptions,
  syntheticScenario,
  syntheticSpace,
} from "../../src/testing/scenarios.ts";
