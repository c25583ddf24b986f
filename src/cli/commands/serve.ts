import type { Command } from "commander";
import { stderr, stdout, usageError } from "../io.ts";

/** "5mb", "512kb", "1048576" → bytes. */
export function byteSize(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!m) throw usageError(`${flag} is a size such as 5mb, 512kb or 1048576 (got "${text}")`);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const bytes = Math.floor(
    Number(m[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1),
  );
  if (bytes < 1) throw usageError(`${flag} must be at least 1 byte (got "${text}")`);
  return bytes;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "Serve the HTTP API (every task, a scenario library, tournaments, live sessions) and the workbench.",
    )
    .option("--port <n>", "port to listen on (0: a free one)", "8787")
    .option("--host <host>", "address to listen on; beyond loopback a token is required", "127.0.0.1")
    .option("--store <store>", "an SQLite file, or a postgres://… URL", "zopa.db")
    .option("--token <token>", "require Authorization: Bearer TOKEN on /api (default: $ZOPA_TOKEN)")
    .option("--cors <origin>", "allow cross-origin requests from this origin")
    .option("--max-body <size>", "largest request body", "5mb")
    .addHelpText(
      "after",
      "\nExamples:\n  zopa serve\n  zopa serve --port 9000 --store postgres://postgres:zopa@127.0.0.1:5432/postgres\n  ZOPA_TOKEN=secret zopa serve --host 0.0.0.0\n\nThe API is documented at /api/v1/docs (docs/api.md). Ctrl-C stops it: requests in flight finish, the store is closed.",
    )
    .action(async (opts) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw usageError(`--port must be a whole number from 0 to 65535 (got "${opts.port}")`);
      const maxBody = byteSize("--max-body", opts.maxBody);
      const token: string | undefined = opts.token ?? (process.env.ZOPA_TOKEN || undefined);
      const { startServer } = await import("../../server/index.ts");
      const running = await startServer({
        port,
        host: opts.host,
        store: opts.store,
        token,
        cors: opts.cors,
        maxBody,
      });
      stdout().write(`zopa: serving the API at ${running.url}/api/v1 (docs: ${running.url}/api/v1/docs)\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          stderr().write(`zopa: ${signal}: finishing requests in flight, closing the store\n`);
          running.close().then(resolve, (e: unknown) => {
            stderr().write(`zopa: while stopping: ${(e as Error).message}\n`);
            resolve();
          });
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
      });
    });
}
