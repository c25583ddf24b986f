/** The field's scenario formats: GENIUS XML and GeniusWeb JSON in and out. */

export { exportGenius } from "./exportGenius.ts";
export { exportGeniusWeb } from "./exportGeniusweb.ts";
export { exportError, formatError } from "./formatError.ts";
export {
  clampedLinear,
  DEFAULT_REAL_RESOLUTION,
  type GeniusDomain,
  type GeniusProfile,
  geniusToScenario,
  readGeniusXml,
} from "./genius.ts";
export {
  geniusWebToScenario,
  numberUtility,
  readGeniusWebJson,
  type WebDomain,
  type WebProfile,
} from "./geniusweb.ts";
export { slugify } from "./ids.ts";
export {
  type LoadedInput,
  type LoadedNonlinear,
  type LoadedScenario,
  type LoadOptions,
  loadInputFromFiles,
  loadInputFromPaths,
  loadScenarioFromFiles,
  loadScenarioFromPaths,
} from "./load.ts";
export {
  type FrontierBid,
  hypervolume2d,
  type NonlinearProfile,
  type NonlinearScenario,
  nonlinearScenarioOf,
  nonlinearUtility,
  readNonlinearProfile,
  readParetoCsv,
  searchFrontier,
} from "./nonlinear.ts";
export { analyzeNonlinear, type NonlinearAnalyzeOptions } from "./nonlinearAnalysis.ts";
export {
  formatGenius,
  formatGeniusWeb,
  type ReadScenario,
  SCENARIO_FORMATS,
  type ScenarioFile,
  type ScenarioFormat,
  type WrittenScenario,
} from "./scenarioFormats.ts";
