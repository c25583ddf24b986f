/**
 * The real server on a free port, spoken to over HTTP (fetch): `withServer(options, use)` starts it, runs
 * `use(api)` and always closes it. `api(path, init)` fetches `url + path`; `json(path, body)` posts JSON.
 */
import { after, before } from "node:test";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server/index.ts";

export interface Api {
  url: string;
  server: RunningServer;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs (or `method`) `body` as JSON with extra headers. */
  send(
    path: string,
    body: unknown,
    init?: { method?: string; headers?: Record<string, string> },
  ): Promise<Response>;
}

export async function startApi(options: ServerOptions = {}): Promise<Api> {
  const server = await startServer({
    port: 0,
    store: ":memory:",
    pool: { threads: 1 },
    tournamentWorkers: 1,
    ...options,
  });
  const url = server.url;
  return {
    url,
    server,
    fetch: (path, init) => fetch(url + path, init),
    send: (path, body, init = {}) =>
      fetch(url + path, {
        method: init.method ?? "POST",
        headers: { "content-type": "application/json", ...init.headers },
        body: JSON.stringify(body),
      }),
  };
}

/** One server for the tests of a describe block or file: started before them, closed after. */
export function useServer(options: ServerOptions = {}): () => Api {
  let api: Api | undefined;
  before(async () => {
    api = await startApi(options);
  });
  after(async () => {
    await api?.server.close();
  });
  return () => api!;
}

/** Server-sent events of a response, parsed as they arrive, until the stream ends or `stop` says so. */
export async function readEvents(
  response: Response,
  stop: (e: { event: string; data: unknown }) => boolean = () => false,
): Promise<{ event: string; data: unknown }[]> {
  const events: { event: string; data: unknown }[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf("\n\n");
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (!data.length) continue;
      const e = { event, data: JSON.parse(data.join("\n")) };
      events.push(e);
      if (stop(e)) {
        await reader.cancel();
        return events;
      }
    }
  }
  return events;
}

export const PROBLEM = "application/problem+json";

/** A linear scenario of `issues` ordinal issues of `options` options each, parties with opposed values. */
export function gridScenario(issues: number, options: number, parties = 2): Record<string, unknown> {
  const ids = Array.from({ length: issues }, (_, i) => `i${i}`);
  const opts = Array.from({ length: options }, (_, k) => `o${k}`);
  return {
    zopa: 1,
    meta: { id: `grid-${issues}x${options}`, title: `Grid ${issues}x${options}` },
    issues: ids.map((id) => ({
      id,
      name: id,
      type: "ordinal",
      options: opts.map((o) => ({ id: o, label: o })),
    })),
    parties: Array.from({ length: parties }, (_, p) => ({
      id: `p${p}`,
      name: `P${p}`,
      role: "principal",
      reservation: { value: 0.2 },
      preferences: {
        normalize: true,
        weights: Object.fromEntries(ids.map((id, i) => [id, 1 + ((i + p) % 3)])),
        values: Object.fromEntries(
          ids.map((id, i) => [
            id,
            Object.fromEntries(
              opts.map((o, k) => [o, (p + i) % 2 === 0 ? k / (options - 1) : 1 - k / (options - 1)]),
            ),
          ]),
        ),
      },
    })),
  };
}
