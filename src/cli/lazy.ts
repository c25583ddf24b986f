/**
 * Which commands a run needs, loaded on demand: `zopa analyze …` loads only analyze's module (and what it
 * imports), `zopa --version` loads none, and anything else (help, no command, a typo to suggest a fix for)
 * loads them all. Start-up time is then that of one command, not of the whole toolkit (the plotting stack,
 * the forecasting models, the agents). The table's order is the order of `zopa --help`.
 */
const COMMANDS = {
  analyze: async () => (await import("./commands/analyze.ts")).registerAnalyze,
  history: async () => (await import("./commands/history.ts")).registerHistory,
  forecast: async () => (await import("./commands/forecast.ts")).registerForecast,
  report: async () => (await import("./commands/report.ts")).registerReport,
  validate: async () => (await import("./commands/validate.ts")).registerValidate,
  schema: async () => (await import("./commands/schema.ts")).registerSchema,
  init: async () => (await import("./commands/init.ts")).registerInit,
  import: async () => (await import("./commands/import.ts")).registerImport,
  export: async () => (await import("./commands/export.ts")).registerExport,
  simulate: async () => (await import("./commands/simulate.ts")).registerSimulate,
  tournament: async () => (await import("./commands/tournament.ts")).registerTournament,
  results: async () => (await import("./commands/results.ts")).registerResults,
  worker: async () => (await import("./commands/worker.ts")).registerWorker,
  agent: async () => (await import("./commands/agent.ts")).registerAgent,
  serve: async () => (await import("./commands/serve.ts")).registerServe,
};

export type CommandName = keyof typeof COMMANDS;
/** A command module's `register…(program)`, which adds the command, its options and its action. */
export type RegisterCommand = Awaited<ReturnType<(typeof COMMANDS)[CommandName]>>;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

function isCommandName(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(COMMANDS, word);
}

/**
 * The commands `argv` (as `process.argv`: node, script, arguments) can run: none for `--version` / `-V`
 * alone, the one named first, else every command.
 */
export function commandsNeeded(argv: readonly string[]): CommandName[] {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) return [];
  return isCommandName(args[0]) ? [args[0]] : COMMAND_NAMES;
}

/** The register functions of the commands `argv` needs, in help order. */
export function loadCommands(argv: readonly string[]): Promise<RegisterCommand[]> {
  return Promise.all(commandsNeeded(argv).map((name) => COMMANDS[name]()));
}
