/** The HTTP API: `createApp` (the Hono app) and `startServer` (on Node). See docs/api.md. */
export { type AppOptions, createApp, DEFAULT_MAX_BODY, type ZopaApp } from "./app.ts";
export { type RunningServer, type ServerOptions, startServer } from "./server.ts";
