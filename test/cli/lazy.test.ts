/** The CLI loads only the command a run names: the table of command modules and the choice it makes. */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { COMMAND_NAMES, commandsNeeded, loadCommands } from "../../src/cli/lazy.ts";
import { REPO_ROOT } from "../support/shared.ts";

const argv = (...args: string[]) => ["node", "zopa", ...args];

test("commandsNeeded(argv) is the named command alone, none for --version, every command otherwise", () => {
  assert.deepEqual(commandsNeeded(argv("analyze", "x.yaml", "--format", "json")), ["analyze"]);
  assert.deepEqual(commandsNeeded(argv("forecast", "backtest", "deu.tsv")), ["forecast"]);
  assert.deepEqual(commandsNeeded(argv("--version")), []);
  assert.deepEqual(commandsNeeded(argv("-V")), []);
  for (const args of [[], ["--help"], ["help", "analyze"], ["analyse", "x.yaml"], ["--version", "analyze"]])
    assert.deepEqual(commandsNeeded(argv(...args)), COMMAND_NAMES, args.join(" "));
  // Names of Object.prototype are not commands.
  assert.deepEqual(commandsNeeded(argv("toString")), COMMAND_NAMES);
});

test("each entry of the table loads the module that defines the command of that name", async () => {
  for (const name of COMMAND_NAMES) {
    const program = new Command();
    const [register] = await loadCommands(argv(name));
    register(program);
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      [name],
    );
  }
});

test("every command defined under src/cli/commands/ is in the table", async () => {
  const program = new Command();
  const dir = join(REPO_ROOT, "src/cli/commands");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module))
      if (name.startsWith("register") && typeof value === "function") value(program);
  }
  assert.deepEqual(program.commands.map((c) => c.name()).sort(), [...COMMAND_NAMES].sort());
});
