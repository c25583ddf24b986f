/**
 * `startServer(options)`: the API on Node (@hono/node-server). Listens on 127.0.0.1 unless told otherwise; a
 * host that is not loopback needs a token (`token`, or ZOPA_TOKEN for the CLI). `close()` stops accepting,
 * lets in-flight requests finish, ends event streams and background runs, and closes the store.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { ZopaError } from "../errors.ts";
import { openLibrary } from "../store/openLibrary.ts";
import { type AppOptions, createApp, type ZopaApp } from "./app.ts";

export interface ServerOptions extends Omit<AppOptions, "library"> {
  /** Default 8787; 0 for a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** An SQLite file (default zopa.db), ":memory:", or a postgres:// URL. */
  store?: string;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  app: ZopaApp;
  server: Server;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Refuses to listen beyond this machine without a token. */
export function checkExposure(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token)
    throw new ZopaError(
      "usage",
      `listening on ${host} (beyond this machine) needs a token: give --token T or set ZOPA_TOKEN`,
      {
        hint: "clients then send Authorization: Bearer T",
      },
    );
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  checkExposure(host, options.token);
  const library = await openLibrary(options.store ?? "zopa.db");
  const app = createApp({ ...options, library });
  await app.ready();
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  // Slow clients must not hold a connection forever; event streams keep theirs with traffic.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8787, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      app.endStreams(); // so that their connections finish too
      // In-flight requests finish; keep-alive connections are closed as they fall idle.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      await stopped;
      clearInterval(idle);
      await app.shutdown();
    })());
  return { url: `http://${shown}:${port}`, port, app, server, close };
}
