/**
 * The layers of src/, written down once: which folders each folder may import, whether it may use Node, and
 * who may print. Every file under src/ is checked against this table, folders that do not exist yet included
 * (their rows wait for them). docs/architecture.md describes the same table in prose.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/shared.ts";

const SRC = join(REPO_ROOT, "src");

/** A layer: a folder under src/, or one of the files at its top (errors.ts, core.ts, index.ts). */
type Layer =
  | "cli"
  | "server"
  | "web"
  | "tasks"
  | "runtime"
  | "store"
  | "report"
  | "testing"
  | "formats"
  | "tournament"
  | "negotiation"
  | "forecast"
  | "history"
  | "analysis"
  | "space"
  | "scenario"
  | "util"
  | "errors.ts"
  | "core.ts"
  | "index.ts";

interface Rule {
  /** The layers this one may import (itself always). */
  may: Layer[];
  /** Whether it may import Node built-ins and Node-only packages; false = runs in a browser. */
  node: boolean;
  /** Whether it may write to the console or the process's streams. */
  prints: boolean;
  /** Why, in one line. */
  why: string;
}

/** The pure core: no I/O, no printing, runs in a browser. */
const CORE: Layer[] = [
  "tournament",
  "negotiation",
  "forecast",
  "history",
  "analysis",
  "space",
  "scenario",
  "util",
  "errors.ts",
];
/** Everything a shell may reach. */
const BELOW_SHELLS: Layer[] = [
  "tasks",
  "runtime",
  "store",
  "report",
  "testing",
  "formats",
  ...CORE,
  "core.ts",
  "index.ts",
];

// Arrows point down: a layer may import only layers listed in its row.
const LAYERS: Record<Layer, Rule> = {
  cli: {
    // `zopa serve` starts the server (the server never imports the CLI).
    may: [...BELOW_SHELLS, "server"],
    node: true,
    prints: true,
    why: "shell: parses argv, calls tasks (the library until tasks/ takes over), renders",
  },
  server: {
    may: BELOW_SHELLS,
    node: true,
    prints: true,
    why: "shell: HTTP in, a task, JSON or a rendering out",
  },
  web: {
    may: ["report", ...CORE, "core.ts"],
    node: false,
    prints: true,
    why: "shell in the browser: the pure core and its renderings only",
  },
  tasks: {
    may: ["runtime", "store", "report", "formats", ...CORE],
    node: true,
    prints: false,
    why: "one function per use case: validated request in, JSON result out, progress through a callback",
  },
  runtime: {
    may: CORE,
    node: true,
    prints: false,
    why: "Node only: worker pools and queues that run core computations",
  },
  store: { may: CORE, node: true, prints: false, why: "Node only: persists the core's JSON values" },
  report: {
    may: CORE,
    node: false,
    prints: false,
    why: "renderings of core results (text, Markdown, HTML/SVG): pure functions returning strings",
  },
  testing: {
    may: ["formats", ...CORE],
    node: false,
    prints: false,
    why: "conformance suites for the extension points (agents, protocols, formats, forecast models): data, not a test runner",
  },
  formats: {
    may: ["forecast", "space", "scenario", "util", "errors.ts"],
    node: true,
    prints: false,
    why: "readers translate files into the scenario and stakeholder models (forecast's types); exporters read the compiled space",
  },
  tournament: {
    may: ["negotiation", "analysis", "space", "scenario", "util", "errors.ts"],
    node: false,
    prints: false,
    why: "plans and scores many negotiations",
  },
  negotiation: {
    may: ["analysis", "space", "scenario", "util", "errors.ts"],
    node: false,
    prints: false,
    why: "sessions measure outcomes against the analysis's frontier and solutions",
  },
  forecast: {
    may: ["space", "scenario", "util", "errors.ts"],
    node: false,
    prints: false,
    why: "stakeholder models over the scenario; never a file format",
  },
  history: {
    may: ["analysis", "space", "scenario", "util", "errors.ts"],
    node: false,
    prints: false,
    why: "rounds evaluated with the analysis's move classes on the compiled space",
  },
  analysis: {
    may: ["space", "scenario", "util", "errors.ts"],
    node: false,
    prints: false,
    why: "zones, frontiers and solutions of a compiled space; never the negotiation engine",
  },
  space: {
    may: ["scenario", "util", "errors.ts"],
    node: false,
    prints: false,
    why: "compiles a scenario; the one place utilities (and their cap) are computed",
  },
  scenario: {
    may: ["util", "errors.ts"],
    node: false,
    prints: false,
    why: "the schema and its validation: the bottom of the model",
  },
  util: {
    may: ["errors.ts"],
    node: false,
    prints: false,
    why: "small pure helpers (seeded random, suggestions, number formatting)",
  },
  "errors.ts": { may: [], node: false, prints: false, why: "the one error type, imported by every layer" },
  "core.ts": {
    may: CORE,
    node: false,
    prints: false,
    why: "the browser entry point: re-exports the pure core",
  },
  "index.ts": {
    may: [...CORE, "core.ts"],
    node: true,
    prints: false,
    why: "the Node entry point: the core plus file loading",
  },
};

/** Known debts: a file allowed one broken rule until it moves. Each must still be needed while it exists. */
const DEBTS: { file: string; breaks: Layer | "node"; why: string }[] = [
  {
    file: "src/scenario/load.ts",
    breaks: "node",
    why: "the one scenario module that reads files (readScenarioFile)",
  },
  {
    file: "src/formats/nonlinearAnalysis.ts",
    breaks: "analysis",
    why: "analyses nonlinear GENIUS profiles: belongs in analysis/ or a task",
  },
];

/** Packages that need Node: only layers with `node: true` may import them. */
const NODE_ONLY_PACKAGES = [
  "piscina",
  "bullmq",
  "ioredis",
  "libsql",
  "better-sqlite3",
  "pg",
  "commander",
  "cli-progress",
  "tsx",
];
const BUILTINS = new Set(builtinModules);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** The folder under src/ a file belongs to, or its own name for a file at the top. */
function layerOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0];
}

interface Import {
  file: string;
  line: number;
  specifier: string;
}

/** Every static import, re-export, side-effect import and dynamic import() with its line; comments skipped. */
function importsOf(file: string): Import[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const out: Import[] = [];
  lines.forEach((text, k) => {
    if (/^\s*(\*|\/\*|\/\/)/.test(text)) return;
    for (const m of text.matchAll(/\b(?:from|import)\s*\(?\s*["']([^"']+)["']/g))
      out.push({ file, line: k + 1, specifier: m[1] });
  });
  return out;
}

/** The layer a specifier points at: a src/ layer, "node" (built-in or Node-only package) or null (other package). */
function targetOf(imp: Import): string | null {
  const s = imp.specifier;
  if (s.startsWith(".")) {
    const target = resolve(dirname(imp.file), s);
    return target.startsWith(SRC) ? layerOf(target) : null;
  }
  if (s === "zopa") return "index.ts";
  if (s.startsWith("zopa/")) return s.slice(5) === "core" ? "core.ts" : s.slice(5).split("/")[0];
  const name = s.startsWith("node:") ? s.slice(5) : s;
  if (BUILTINS.has(name) || BUILTINS.has(name.split("/")[0])) return "node";
  const pkg = s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0];
  return NODE_ONLY_PACKAGES.includes(pkg) ? "node" : null;
}

const where = (imp: Import) => `${relative(REPO_ROOT, imp.file)}:${imp.line}`;
const debtOf = (imp: Import, breaks: string) =>
  DEBTS.find((d) => d.file === relative(REPO_ROOT, imp.file) && d.breaks === breaks);

function allImports(): Import[] {
  return files(SRC).flatMap(importsOf);
}

test("every folder and top-level file under src/ has a row in the layer table", () => {
  const missing = readdirSync(SRC)
    .filter((name) => statSync(join(SRC, name)).isDirectory() || name.endsWith(".ts"))
    .filter((name) => !(name in LAYERS));
  assert.deepEqual(missing, [], "add a row to LAYERS (with the reason) for each");
});

test("the layer table has no cycles: arrows point down", () => {
  const cycles: string[] = [];
  const visit = (layer: Layer, path: Layer[]) => {
    for (const next of LAYERS[layer].may) {
      if (next === path[0]) cycles.push([...path, next].join(" → "));
      else if (!path.includes(next)) visit(next, [...path, next]);
    }
  };
  for (const layer of Object.keys(LAYERS) as Layer[]) visit(layer, [layer]);
  assert.deepEqual(cycles, []);
});

test("every import follows the layer table (file and line of each one that does not)", () => {
  const offenders: string[] = [];
  for (const imp of allImports()) {
    const from = layerOf(imp.file) as Layer;
    const to = targetOf(imp);
    if (to === null || to === "node" || to === from || !(from in LAYERS)) continue;
    if (LAYERS[from].may.includes(to as Layer) || debtOf(imp, to)) continue;
    offenders.push(`${where(imp)}: ${from} imports ${to} ("${imp.specifier}"): not in ${from}'s row`);
  }
  assert.deepEqual(offenders, []);
});

test("the core, report and web import no Node built-ins or Node-only packages (they run in a browser)", () => {
  const offenders: string[] = [];
  for (const imp of allImports()) {
    const from = layerOf(imp.file) as Layer;
    if (!(from in LAYERS) || LAYERS[from].node || targetOf(imp) !== "node" || debtOf(imp, "node")) continue;
    offenders.push(`${where(imp)}: ${from} imports "${imp.specifier}", which needs Node`);
  }
  assert.deepEqual(offenders, []);
});

test("only the shells print", () => {
  const offenders: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file) as Layer;
    if (LAYERS[from]?.prints) continue;
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, k) => {
        if (/\bconsole\.(log|error|warn|info|debug)\(|\bprocess\.(stdout|stderr)\b/.test(line))
          offenders.push(`${relative(REPO_ROOT, file)}:${k + 1}: ${from} prints`);
      });
  }
  assert.deepEqual(offenders, []);
});

test("analysis never imports negotiation, forecast never imports formats, the core never imports runtime or store", () => {
  // Spelled out from the table so that widening a row has to face these rules of the design.
  for (const layer of CORE) {
    for (const banned of [
      "runtime",
      "store",
      "tasks",
      "report",
      "formats",
      "cli",
      "server",
      "web",
    ] as Layer[])
      assert.ok(!LAYERS[layer].may.includes(banned), `${layer} may not import ${banned}`);
  }
  assert.ok(!LAYERS.analysis.may.includes("negotiation"));
  assert.ok(!LAYERS.forecast.may.includes("formats"));
  for (const layer of CORE) assert.equal(LAYERS[layer].node, false, `${layer} is pure`);
});

test("every known debt is still needed while its file exists", () => {
  const stale: string[] = [];
  const imports = allImports();
  for (const d of DEBTS) {
    if (!existsSync(join(REPO_ROOT, d.file))) continue;
    const used = imports.some(
      (imp) => relative(REPO_ROOT, imp.file) === d.file && targetOf(imp) === d.breaks,
    );
    if (!used) stale.push(`${d.file} no longer imports ${d.breaks}: remove it from DEBTS`);
  }
  assert.deepEqual(stale, []);
});
