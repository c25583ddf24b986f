import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { analyze, loadScenario } from "../../src/index.ts";
import { scenarioJsonSchema } from "../../src/scenario/schema.ts";
import { scenarioFormatMarkdown } from "../../src/scenario/schemaDocs.ts";
import { REPO_ROOT } from "../support/shared.ts";

/**
 * Imports a script as `node --import tsx file` would run it (this process runs under tsx too), and returns
 * what it printed with console.log. The tests of this file run one after another, so nothing else logs meanwhile.
 */
async function runScript(file: string): Promise<string> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    printed.push(`${format(...args)}\n`);
  };
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = log;
  }
  return printed.join("");
}

test("the README's library example runs and prints the verdict the library computes", async () => {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "README has a ```ts block");
  const dir = join(REPO_ROOT, ".tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "readme-example.ts");
  // From source, like every test here ("zopa" would be the build; test/cli/dist.test.ts runs it against that).
  writeFileSync(
    file,
    block[1].replaceAll('from "zopa"', `from ${JSON.stringify(join(REPO_ROOT, "src/index.ts"))}`),
  );
  const out = (await runScript(file)).split("\n");
  const expected = analyze(loadScenario(join(REPO_ROOT, "examples/river-basin.yaml")), {
    variant: "upstream-flexible",
  });
  assert.equal(out[0], expected.verdict);
  assert.match(out[1], new RegExp(`^${expected.agreementZone.size} `));
});

test("docs/scenario-format.md is the rendering of the current schema (run `npm run schema` when it differs)", () => {
  const committed = readFileSync(join(REPO_ROOT, "docs/scenario-format.md"), "utf8");
  assert.equal(committed, scenarioFormatMarkdown(scenarioJsonSchema()));
});

test("the README's YAML example validates", async () => {
  const { parseScenario } = await import("../../src/scenario/parse.ts");
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
  const r = parseScenario(yaml, { file: "README.md" });
  assert.deepEqual(
    r.problems.filter((p) => p.severity === "error"),
    [],
  );
  assert.equal(r.scenario?.parties[0].redLines?.[0].id, "sixty-percent");
});
