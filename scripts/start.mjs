// `npm start`: the workbench. Runs `zopa serve` from the build (`npm ci` built it; nothing is built here) with
// the scenarios kept in out/workbench.db, and prints the address of the flagship's analysis once the server
// answers. Ctrl-C stops the server (it finishes requests in flight and closes the store).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.PORT ?? "8787";
const base = `http://127.0.0.1:${port}`;
const flagship = `${base}/scenarios/syria-israel-2026/analysis`;

mkdirSync(join(root, "out"), { recursive: true });
const server = spawn(
  process.execPath,
  [
    join(root, "dist", "cli", "bin.js"),
    "serve",
    "--port",
    port,
    "--store",
    join(root, "out", "workbench.db"),
  ],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const started = Date.now();
async function announce() {
  try {
    const res = await fetch(`${base}/api/v1/health`);
    if (res.ok) {
      console.log(`\nZopa workbench: ${flagship}\n(the Syria–Israel talks; all scenarios at ${base}/)\n`);
      return;
    }
  } catch {
    // not listening yet
  }
  if (Date.now() - started < 30_000) setTimeout(announce, 200);
}
void announce();
