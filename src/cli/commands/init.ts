import { existsSync } from "node:fs";
import type { Command } from "commander";
import { INIT_TEMPLATE } from "../../scenario/template.ts";
import { emit, stdout, usageError } from "../io.ts";

export { INIT_TEMPLATE };

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("Write a commented example scenario to start from.")
    .argument("[file]", "where to write it", "scenario.yaml")
    .option("--force", "overwrite an existing file")
    .action((file: string, opts) => {
      if (existsSync(file) && !opts.force)
        throw usageError(`${file} already exists: choose another name, or pass --force to overwrite it`);
      emit(INIT_TEMPLATE, file);
      stdout().write(`wrote ${file}; next: zopa validate ${file} && zopa analyze ${file}\n`);
    });
}
