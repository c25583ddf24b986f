// `npm run build`: compiles src/ to JavaScript and declarations in dist/ (tsc -p tsconfig.build.json), from
// scratch so no file of a moved or deleted module survives. tsc rewrites `./x.ts` imports to `./x.js` in the
// JavaScript but keeps `.ts` in declarations (TypeScript resolves those, some editors and tools do not), so
// relative specifiers in the .d.ts files are rewritten here to the .js files they describe.
import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWeb } from "./buildWeb.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});
if (result.status !== 0) process.exit(result.status ?? 1);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// `from "./a.ts"`, `import "./a.ts"` and `import("../b.ts")`: relative specifiers only.
const relativeTs = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.\.?\/[^"']*)\.ts\2/g;
for (const file of walk(dist).filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8");
  const rewritten = text.replace(relativeTs, "$1$2$3.js$2");
  if (rewritten !== text) writeFileSync(file, rewritten);
}

// The executable (package.json "bin"): npm links it with this mode; `npx zopa` in a clone runs it as it is.
chmodSync(join(dist, "cli", "bin.js"), 0o755);

// The web workbench (src/web/): Vite bundles it into dist/web, which `zopa serve` serves at `/`.
await buildWeb({ root, outDir: join(dist, "web") });
