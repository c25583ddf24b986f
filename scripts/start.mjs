// `npm start`: the workbench. The server `zopa serve` runs (src/server, from the build that `npm ci` made;
// nothing is built here), in this process, with the scenarios kept in out/workbench.db; it prints the address of
// the flagship's analysis. Ctrl-C stops it: requests in flight finish and the store is closed.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 8787);
mkdirSync(join(root, "out"), { recursive: true });

const { startServer } = await import(join(root, "dist", "server", "index.js"));
const running = await startServer({ port, host: "127.0.0.1", store: join(root, "out", "workbench.db") });
console.log(`Zopa workbench: ${running.url}/scenarios/syria-israel-2026/analysis`);
console.log(
  `(the Syria–Israel talks; every scenario at ${running.url}/, the API at ${running.url}/api/v1/docs)`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing requests in flight, closing the store`);
    running.close().then(
      () => process.exit(0),
      (e) => {
        console.error(`while stopping: ${e.message}`);
        process.exit(1);
      },
    );
  });
