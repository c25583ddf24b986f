/**
 * Stakeholder forecasting: compromise and median models, Bueno de Mesquita's model, the EU models, KTAB's first-turn
 * PCE, win-sets, Monte Carlo, and the honest backtest protocol.
 */
export * from "./backtest.ts";
export * from "./bdmExpectedUtility.ts";
export * from "./bdmModel.ts";
export * from "./bdmSettings.ts";
export * from "./compromise.ts";
export * from "./crossValidation.ts";
export * from "./deu.ts";
export * from "./deuForecasters.ts";
export * from "./deuModels.ts";
export * from "./deuProtocolModels.ts";
export * from "./euModels.ts";
export * from "./forecastProblem.ts";
export * from "./honestBacktest.ts";
export * from "./informedCompromise.ts";
export * from "./interval.ts";
export * from "./ktabSpatial.ts";
export * from "./median.ts";
export * from "./models.ts";
export * from "./monteCarlo.ts";
export * from "./nashBargaining.ts";
export * from "./protocol.ts";
export * from "./random.ts";
export * from "./scenarioForecast.ts";
export * from "./scenarioSelection.ts";
export * from "./spatialWinSet.ts";
export * from "./twoLevel.ts";
export * from "./types.ts";
export * from "./uncertain.ts";
export * from "./winSet.ts";
