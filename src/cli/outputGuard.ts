/**
 * The commander `preAction` hook that keeps a command's output off its inputs (the rule: src/cli/io.ts,
 * "Files are sacred"). It runs once for every command, before its action does any work: the command's
 * `-o/--output` is checked against its positional arguments and every string option value that names an
 * existing file or folder (also the PATH in `PARTY=PATH,…` lists such as `--agent buyer=./agent.ts`).
 * Commands without `--output` (validate, init) are left alone. An output option whose placeholder is
 * `<dir>` (`export -o DIR`) names a folder the command writes files into.
 */
import type { Command } from "commander";
import { checkOutput, protectInputs } from "./io.ts";

/** Every string an argument or option of the command holds, with the paths inside `A=PATH,B=PATH` lists. */
function candidatePaths(command: Command, outputKey: string): string[] {
  const values: unknown[] = [...command.processedArgs];
  for (const [key, value] of Object.entries(command.opts())) if (key !== outputKey) values.push(value);
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) add(x);
    else if (typeof v === "string" && v !== "") {
      out.push(v);
      if (/[=,]/.test(v))
        for (const part of v.split(",")) {
          out.push(part.trim());
          const at = part.indexOf("=");
          if (at >= 0) out.push(part.slice(at + 1).trim());
        }
    }
  };
  for (const v of values) add(v);
  return out;
}

/** The preAction hook: records the command's inputs and refuses (exit 2) an output that breaks the rule. */
export function guardOutputs(command: Command): void {
  const option = command.options.find((o) => o.attributeName() === "output");
  if (!option) return;
  protectInputs(candidatePaths(command, "output"));
  const output = command.opts().output as unknown;
  if (typeof output !== "string") return;
  checkOutput(output, /<dir>/.test(option.flags) ? "folder" : "file");
}
