/**
 * Zopa's core without any file-system access: what the `browser` export condition of "zopa" resolves to.
 * Parse scenarios from text with `parseScenario`; everything else is the same as in "zopa".
 */
export * from "./analysis/index.ts";
export {
  formatPath,
  formatProblem,
  isZopaError,
  type Problem,
  ZopaError,
  type ZopaErrorCode,
  type ZopaErrorJson,
  type ZopaErrorLocation,
} from "./errors.ts";
export * from "./scenario/index.ts";
export * from "./space/index.ts";
