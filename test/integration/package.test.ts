/**
 * The package as a user gets it: `npm pack`, then `npm install ./zopa-*.tgz` in an empty folder (the npm
 * registry serves the dependencies). The command runs through npx, the library imports in Node and type-checks
 * in a consumer's project, worker threads start from the installed files, and "zopa/core" bundles for a browser
 * with no Node built-ins. Run by `npm run test:integration` (not by `npm test`, which needs no network).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { analyze } from "../../src/analysis/analyze.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { REPO_ROOT } from "../support/shared.ts";

const work = mkdtempSync(join(tmpdir(), "zopa-package-"));
const app = join(work, "app");
after(() => rmSync(work, { recursive: true, force: true }));

const RIVER = join(REPO_ROOT, "examples/river-basin.yaml");
const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
let packed: { filename: string; files: { path: string }[] };

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, `${command} ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  // `npm pack` runs `prepare`, which builds dist/ afresh; --json prints only the summary on stdout.
  const out = run("npm", ["pack", "--json", "--pack-destination", work], REPO_ROOT);
  [packed] = JSON.parse(out.slice(out.indexOf("["))) as (typeof packed)[];
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  run(
    "npm",
    [
      "install",
      join(work, packed.filename),
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
    ],
    app,
  );
});

test("the tarball holds the build (JavaScript and declarations), not the source or the tests", () => {
  const paths = packed.files.map((f) => f.path);
  for (const file of [
    "dist/cli/bin.js",
    "dist/index.js",
    "dist/index.d.ts",
    "dist/runtime/monteCarloWorker.js",
  ])
    assert.ok(paths.includes(file), `${file} is packed`);
  assert.deepEqual(
    paths.filter((p) => !p.startsWith("dist/")),
    ["README.md", "package.json"],
  );
  assert.deepEqual(
    paths.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts")),
    [],
  );
});

test("npx zopa --version prints the package's version", () => {
  assert.equal(run("npx", ["zopa", "--version"], app), `${version}\n`);
});

test("npx zopa analyze gives the verdict the source computes", () => {
  const out = run("npx", ["zopa", "analyze", RIVER, "--format", "json"], app);
  assert.equal(JSON.parse(out).verdict, analyze(loadScenario(RIVER)).verdict);
});

test("npx zopa forecast --samples runs worker threads from the installed files", () => {
  const forecast = join(REPO_ROOT, "examples/forecast-river-basin.yaml");
  const out = run(
    "npx",
    ["zopa", "forecast", forecast, "--samples", "20000", "--threads", "2", "--format", "json"],
    app,
  );
  const issues = (JSON.parse(out) as { issues: { monteCarlo?: { histogram: { counts: number[] } } }[] })
    .issues;
  assert.ok(issues.some((i) => i.monteCarlo?.histogram.counts.reduce((a, b) => a + b, 0) === 20000));
});

test('import("zopa") in Node loads a scenario and analyses it', () => {
  const script = `import("zopa").then((m) => console.log(m.analyze(m.loadScenario(${JSON.stringify(RIVER)})).verdict))`;
  assert.equal(run(process.execPath, ["-e", script], app), `${analyze(loadScenario(RIVER)).verdict}\n`);
});

test("a TypeScript project type-checks against the declarations (NodeNext, strict, no Node types)", () => {
  writeFileSync(
    join(app, "check.ts"),
    `import { analyze, loadScenario, parseScenario } from "zopa";
import type { Analysis } from "zopa/analysis";
import { compileScenario } from "zopa/core";

const result: Analysis = analyze(loadScenario("x.yaml"));
const size: number = result.agreementZone.size;
// @ts-expect-error the verdict is a string: declarations that resolved to \`any\` would let this through
const wrong: number = result.verdict;
export { compileScenario, parseScenario, size, wrong };
`,
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        lib: ["es2022", "dom"],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files: ["check.ts"],
    }),
  );
  const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "."], { cwd: app, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

for (const entry of ["zopa/core", "zopa"])
  test(`"${entry}" bundles for a browser (esbuild, platform browser) with no Node built-ins, and the bundle runs`, async () => {
    const result = await build({
      stdin: { contents: `export { analyze, parseScenario } from "${entry}";`, resolveDir: app },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.deepEqual(
      inputs.filter((i) => i.startsWith("node:") || /(^|\/)zopa\/dist\/(cli|runtime)\//.test(i)),
      [],
    );
    assert.ok(inputs.some((i) => i.endsWith("zopa/dist/core.js")));
    const bundle = join(work, `bundle-${entry.replace("/", "-")}.mjs`);
    writeFileSync(bundle, result.outputFiles[0].text);
    const { analyze: analyzeBundled, parseScenario } = await import(pathToFileURL(bundle).href);
    const { scenario } = parseScenario(readFileSync(RIVER, "utf8"));
    assert.equal(analyzeBundled(scenario).verdict, analyze(loadScenario(RIVER)).verdict);
  });
