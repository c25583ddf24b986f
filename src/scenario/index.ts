export { issueDomain } from "./domain.ts";
export { type ParseOptions, type ParseResult, parseScenario } from "./parse.ts";
export { formatPath, formatProblem, hasErrors, type Problem, scenarioError } from "./problem.ts";
export * from "./schema.ts";
export { checkScenario } from "./validate.ts";
export { applyVariant } from "./variants.ts";
