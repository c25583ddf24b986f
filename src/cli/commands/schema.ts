import type { Command } from "commander";
import { scenarioJsonSchema } from "../../scenario/schema.ts";
import { emit } from "../io.ts";

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description(
      "Print the JSON Schema of the scenario format (for editors; also in schema/scenario.schema.json).",
    )
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action((opts) => emit(schemaText(), opts.output));
}
