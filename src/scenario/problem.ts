/** Located problems found in a scenario: validation returns these as data rather than throwing. */
export { formatPath, formatProblem, hasErrors, type Problem, scenarioError } from "../errors.ts";
