/**
 * The workbench's files (built into dist/web by the web helper's build) at `/`, with the single-page-app
 * fallback: any other GET outside /api answers index.html. Only files inside the folder are served (no `..`,
 * no dot files). Without a built workbench, `/` is a short page pointing to the API documentation.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { HttpProblem } from "./problem.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

const NO_WORKBENCH = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zopa</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head><body><h1>Zopa</h1><p>The HTTP API is at <a href="/api/v1/docs">/api/v1/docs</a>. The workbench is served here once it is built (dist/web).</p></body></html>`;

/** The file under `root` a URL path names, or null (outside the folder, a dot file, not a file). */
function fileOf(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.split("/").some((part) => part.startsWith("."))) return null;
  const file = normalize(join(root, decoded));
  if (!file.startsWith(root + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export function staticFiles(app: Hono, where: URL | string | null): void {
  const root = where === null ? null : resolve(typeof where === "string" ? where : fileURLToPath(where));
  const index = root ? join(root, "index.html") : null;
  const built = () => index !== null && existsSync(index);
  app.get("*", (c) => {
    if (!built()) {
      if (c.req.path === "/" || c.req.path === "/index.html") return c.html(NO_WORKBENCH);
      throw new HttpProblem(404, `nothing at ${c.req.path}`);
    }
    const file = c.req.path === "/" ? index : fileOf(root!, c.req.path);
    // Single-page app: a path that is not a file is one of the app's routes.
    const served = file ?? (extname(c.req.path) === "" ? index! : null);
    if (!served) throw new HttpProblem(404, `nothing at ${c.req.path}`);
    const type = TYPES[extname(served)] ?? "application/octet-stream";
    const immutable = served !== index && /\/assets\//.test(served);
    return c.body(readFileSync(served), 200, {
      "content-type": type,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
  });
}
