/**
 * The HTTP API as a Hono app: `createApp(options)` builds it (tests and the workbench's dev server use it;
 * `startServer` serves it on Node). Layers: security headers on every answer (CSP, nosniff, frame-ancestors on
 * HTML), CORS only for `cors`, Bearer auth on /api/* when a token is set (health exempt; party tokens open
 * their own session), a body limit checked before the body is read, then the routes. Every error is
 * problem+json. Call `app.shutdown()` to stop background work and close the library.
 */
import { timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { streamSSE } from "hono/streaming";
import { AGENTS, MEDIATORS, rangeText } from "../negotiation/catalog.ts";
import type { Library, TournamentRecord } from "../store/library.ts";
import { SqliteLibrary } from "../store/sqliteLibrary.ts";
import { SCORINGS, type Scoring } from "../tournament/spec.ts";
import { Classrooms } from "./classrooms.ts";
import {
  bundledExamples,
  checked,
  jsonBody,
  refuseSpecFields,
  type ServerContext,
  withoutServerFields,
} from "./context.ts";
import { openApiDocument } from "./openapi.ts";
import { docsPage, FAVICON_SVG } from "./pages.ts";
import { HttpProblem, problemResponse } from "./problem.ts";
import { scenarioRoutes } from "./scenarioRoutes.ts";
import { ActionBody, ClassroomBody } from "./schemas.ts";
import { type SessionEvent, Sessions } from "./sessions.ts";
import { staticFiles } from "./static.ts";
import { TaskPool, type TaskPoolOptions } from "./taskPool.ts";
import { taskRoutes } from "./taskRoutes.ts";
import { type TournamentEvent, Tournaments } from "./tournaments.ts";

export interface AppOptions {
  /** Where scenarios and tournaments are kept; defaults to an in-memory SQLite library. */
  library?: Library;
  /** Bearer token every /api request needs (health excepted); none: no auth (loopback only). */
  token?: string;
  /** Allowed CORS origin; none: no CORS headers. */
  cors?: string;
  /** Largest request body in bytes; default 5 MB. */
  maxBody?: number;
  /** Worker pool settings for heavy tasks. */
  pool?: TaskPoolOptions;
  /** Worker threads for tournaments; default the cores but one. */
  tournamentWorkers?: number;
  /** The workbench's folder (index.html and assets); default dist/web of the package, when it exists. */
  webRoot?: string | null;
}

export type ZopaApp = Hono & {
  /** Stops tournaments and pooled work, ends event streams, closes the library. */
  shutdown(): Promise<void>;
  /** Marks tournaments a stopped server left running as interrupted. */
  ready(): Promise<void>;
  /** Ends the open event streams (their connections can then finish). */
  endStreams(): void;
};

export const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

/** The package's version (package.json beside src/ and dist/). */
export const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "0.0.0";
  }
})();

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The protocols a catalog entry plays: as it says, else as an agent it creates says (all when it does not);
 * an entry that cannot create an agent here (an llm agent whose settings are missing) is listed for SAOP.
 */
function protocolsOf(entry: (typeof AGENTS)[number]): string[] {
  try {
    const p = entry.protocols ?? entry.create()().protocols;
    return p ? [...p] : ["saop", "mediated"];
  } catch {
    return ["saop"];
  }
}

/** The agent catalog as the workbench lists it. */
function catalog() {
  return {
    agents: [
      ...AGENTS.map((a) => ({
        name: a.name,
        description: a.description,
        parameter: a.parameter
          ? {
              description: a.parameter,
              ...(a.range
                ? { min: a.range.min, exclusive: a.range.exclusive ?? false, range: rangeText(a.range) }
                : {}),
            }
          : null,
        protocols: protocolsOf(a),
      })),
      {
        name: "human",
        description: "A person at the table (sessions only): actions come through the API",
        parameter: null,
        protocols: ["saop", "mediated"],
      },
    ],
    mediators: MEDIATORS,
  };
}

export function createApp(options: AppOptions = {}): ZopaApp {
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
  const ctx: ServerContext = {
    library: options.library ?? new SqliteLibrary(":memory:"),
    pool: new TaskPool(options.pool),
    examples: bundledExamples(),
    onClose: [],
  };
  const sessions = new Sessions();
  const classrooms = new Classrooms(sessions);
  const tournaments = new Tournaments(ctx, options.tournamentWorkers);
  /** Open event streams: ended on shutdown so the server can close. */
  const streams = new Set<() => void>();
  const started = Date.now();
  let catalogCache: ReturnType<typeof catalog> | null = null;

  const app = new Hono() as ZopaApp;

  app.onError((e, c) => {
    if (!(e instanceof HttpProblem) && !(e instanceof Error && e.name === "ZopaError"))
      console.error(`zopa serve: ${c.req.method} ${c.req.path}:`, e);
    return problemResponse(c, e);
  });

  app.use("*", async (c, next) => {
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("referrer-policy", "no-referrer");
    if ((c.res.headers.get("content-type") ?? "").startsWith("text/html")) {
      c.res.headers.set("content-security-policy", CSP);
      c.res.headers.set("x-frame-options", "DENY");
    }
  });

  if (options.cors)
    app.use(
      "/api/*",
      cors({
        origin: options.cors,
        exposeHeaders: ["ETag", "Location"],
        allowHeaders: ["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Party-Token"],
      }),
    );

  const token = options.token;
  if (token)
    app.use("/api/*", async (c, next) => {
      if (c.req.path === "/api/v1/health" || c.req.method === "OPTIONS") return next();
      const auth = c.req.header("authorization") ?? "";
      let given = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
      if (!given && c.req.path.endsWith("/events")) given = c.req.query("token");
      if (given && sameToken(given, token)) return next();
      // A party token opens its own session (a student's browser has no server token).
      const session = /^\/api\/v1\/sessions\/([^/]+)/.exec(c.req.path)?.[1];
      const party = c.req.header("x-party-token") ?? c.req.query("token");
      if (session && party && sessions.hasToken(session, party)) return next();
      throw new HttpProblem(401, given ? "the token is not valid" : "send Authorization: Bearer <token>", {
        headers: { "www-authenticate": 'Bearer realm="zopa"' },
      });
    });

  app.use(
    "/api/*",
    bodyLimit({
      maxSize: maxBody,
      onError: (c) =>
        problemResponse(
          c,
          new HttpProblem(413, `the body is larger than ${maxBody} bytes (the server's --max-body)`),
        ),
    }),
  );

  app.get("/api/v1/health", (c) =>
    c.json({ status: "ok", version: VERSION, uptimeMs: Date.now() - started }),
  );
  app.get("/api/v1/openapi.json", (c) => c.json(openApiDocument(VERSION)));
  app.get("/api/v1/docs", (c) => c.html(docsPage(openApiDocument(VERSION))));
  app.get("/api/v1/agents", (c) => c.json((catalogCache ??= catalog())));

  taskRoutes(app, ctx);
  scenarioRoutes(app, ctx);

  /** An event stream that ends on `end` or shutdown; `start` sends what came before and subscribes. */
  const eventStream = (
    c: Context,
    start: (send: (event: string, data: unknown) => void, end: () => void) => (() => void) | undefined,
  ) =>
    streamSSE(c, async (stream) => {
      let finish!: () => void;
      const ended = new Promise<void>((resolve) => {
        finish = resolve;
      });
      // Writes one after another (writeSSE is asynchronous), all flushed before the stream ends.
      let written = Promise.resolve();
      const send = (event: string, data: unknown) => {
        const text = JSON.stringify(data);
        written = written.then(() => stream.writeSSE({ event, data: text })).catch(finish);
      };
      streams.add(finish);
      const unsubscribe = start(send, finish);
      stream.onAbort(finish);
      // A comment line now and then keeps proxies from closing a quiet stream.
      const ping = setInterval(() => {
        written = written.then(() => stream.write(": keep-alive\n\n")).then(() => {}, finish);
      }, 15_000);
      await ended;
      clearInterval(ping);
      unsubscribe?.();
      streams.delete(finish);
      await written;
    });

  /** A tournament's record without its spec (which holds every scenario inline): GET /:id has it. */
  const brief = ({ spec: _spec, ...rest }: TournamentRecord) => rest;
  app.get("/api/v1/tournaments", async (c) => c.json({ tournaments: (await tournaments.list()).map(brief) }));
  app.post("/api/v1/tournaments", async (c) => {
    const record = await tournaments.create(await jsonBody(c));
    c.header("location", `/api/v1/tournaments/${record.id}`);
    return c.json(brief(record), 202);
  });
  app.get("/api/v1/tournaments/:id", async (c) => c.json(await tournaments.get(c.req.param("id"))));
  app.delete("/api/v1/tournaments/:id", async (c) =>
    c.json(brief(await tournaments.cancel(c.req.param("id")))),
  );
  app.get("/api/v1/tournaments/:id/events", async (c) => {
    const id = c.req.param("id");
    const record = await tournaments.get(id);
    return eventStream(c, (send, end) => {
      send("progress", { id, status: record.status, done: record.done, total: record.total });
      if (!tournaments.isRunning(id)) {
        send("done", brief(record));
        end();
        return undefined;
      }
      return tournaments.listen(id, (e: TournamentEvent) => {
        send(e.event, e.event === "done" ? brief(e.data) : e.data);
        if (e.event === "done") end();
      });
    });
  });
  app.get("/api/v1/tournaments/:id/results", async (c) => {
    const scoring = c.req.query("scoring");
    if (scoring !== undefined && !(SCORINGS as readonly string[]).includes(scoring))
      throw new HttpProblem(400, `scoring is one of ${SCORINGS.join(", ")} (got "${scoring}")`);
    return c.json(
      await tournaments.results(c.req.param("id"), {
        scoring: scoring as Scoring | undefined,
        negotiations: c.req.query("negotiations") !== "false",
      }),
    );
  });
  app.get("/api/v1/tournaments/:id/negotiations/:nid", async (c) =>
    c.json(await tournaments.negotiation(c.req.param("id"), c.req.param("nid"))),
  );

  const partyToken = (c: Context) => c.req.header("x-party-token") ?? c.req.query("token");
  app.post("/api/v1/sessions", async (c) => {
    const body = await withoutServerFields(ctx, await jsonBody(c));
    refuseSpecFields(body);
    const live = sessions.create(body);
    c.header("location", `/api/v1/sessions/${live.id}`);
    return c.json(
      {
        id: live.id,
        parties: Object.fromEntries(Object.entries(live.tokens).map(([p, t]) => [p, { token: t }])),
      },
      201,
    );
  });
  app.get("/api/v1/sessions/:id", (c) => {
    const live = sessions.get(c.req.param("id"));
    return c.json(sessions.view(live, sessions.partyOf(live, partyToken(c))));
  });
  app.post("/api/v1/sessions/:id/actions", async (c) => {
    const live = sessions.get(c.req.param("id"));
    const party = sessions.partyOf(live, partyToken(c));
    const action = checked(ActionBody, await jsonBody(c), "action");
    sessions.act(live, party, action);
    return c.json(sessions.view(live, party));
  });
  app.get("/api/v1/sessions/:id/events", (c) => {
    const live = sessions.get(c.req.param("id"));
    sessions.partyOf(live, partyToken(c));
    return eventStream(c, (send, end) => {
      for (let step = 0; step < live.sent; step++) send("action", sessions.actionOf(live, step));
      if (live.session.over) {
        send("end", sessions.result(live));
        end();
        return undefined;
      }
      const f = (e: SessionEvent) => {
        send(e.event, e.data);
        if (e.event === "end") end();
      };
      live.listeners.add(f);
      return () => live.listeners.delete(f);
    });
  });

  app.post("/api/v1/classrooms", async (c) => {
    const body = checked(ClassroomBody, await jsonBody(c), "classroom");
    const spec = await withoutServerFields(ctx, body.spec);
    refuseSpecFields(spec);
    const room = classrooms.create(body.name, spec, body.students, body.scenarioId);
    c.header("location", `/api/v1/classrooms/${room.id}`);
    return c.json({ id: room.id, name: room.name, party: room.human, students: classrooms.links(room) }, 201);
  });
  app.get("/api/v1/classrooms/:id", (c) => c.json(classrooms.status(classrooms.get(c.req.param("id")))));
  app.get("/api/v1/classrooms/:id/links", (c) =>
    c.json({ students: classrooms.links(classrooms.get(c.req.param("id"))) }),
  );
  app.get("/api/v1/classrooms/:id/results.csv", (c) => {
    const room = classrooms.get(c.req.param("id"));
    return c.body(classrooms.csv(room), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="classroom-${room.id}.csv"`,
    });
  });

  const favicon = (c: Context) =>
    c.body(FAVICON_SVG, 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" });
  app.get("/favicon.svg", favicon);
  app.get("/favicon.ico", favicon);

  app.all("/api/*", () => {
    throw new HttpProblem(404, "no such endpoint; see /api/v1/docs");
  });
  staticFiles(
    app,
    options.webRoot === undefined ? new URL("../../dist/web/", import.meta.url) : options.webRoot,
  );

  app.ready = () => tournaments.recover();
  app.endStreams = () => {
    for (const end of [...streams]) end();
  };
  app.shutdown = async () => {
    app.endStreams();
    await tournaments.close();
    sessions.close();
    await ctx.pool.close();
    for (const f of ctx.onClose) await f();
    await ctx.library.close();
  };
  return app;
}
