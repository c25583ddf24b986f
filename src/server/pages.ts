/**
 * The server's own HTML: the API documentation page (the OpenAPI document rendered on the server: no
 * scripts, no CDN) and the favicon. Every text from the document is escaped.
 */
import { OPERATIONS } from "./openapi.ts";

export function escapeHtml(s: unknown): string {
  return String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A small SVG mark: a Z in an overlap of two ranges (the zone of possible agreement). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e79"/><rect x="4" y="9" width="16" height="14" fill="#7fb3e0" opacity=".8"/><rect x="12" y="9" width="16" height="14" fill="#f2b134" opacity=".8"/><path d="M11 12h10l-10 9h10" stroke="#fff" stroke-width="2.4" fill="none" stroke-linejoin="round"/></svg>`;

const PROBLEM_CODES: [string, string][] = [
  ["usage", "a field out of range, missing or contradictory (400)"],
  ["scenario", "a scenario that fails the schema or its references; every problem located (400)"],
  ["format", "a GENIUS / GeniusWeb / data file unreadable or malformed (400)"],
  ["unsupported", "valid in its format, but a feature Zopa cannot express (400)"],
  ["export", "a scenario the target format cannot carry (400)"],
  ["size-limit", "work refused for its size, with the estimate (413)"],
  ["simulation", "simulation options that do not fit the scenario or protocol (400)"],
  ["agent", "an unknown agent or a parameter out of range (400)"],
  ["spec", "a simulation or tournament spec that cannot be used (400)"],
  ["internal", "a bug: logged on the server, never detailed in the answer (500)"],
];

function schemaHtml(schema: unknown, depth = 0): string {
  if (!schema || typeof schema !== "object" || depth > 3) return "";
  const s = schema as Record<string, unknown>;
  const props = s.properties as Record<string, Record<string, unknown>> | undefined;
  if (!props) return "";
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = Object.entries(props)
    .map(([name, p]) => {
      const type =
        p.type ?? (p.anyOf ? "one of several" : p.const !== undefined ? JSON.stringify(p.const) : "");
      const en = Array.isArray(p.enum) ? ` (${p.enum.map((x) => JSON.stringify(x)).join(" | ")})` : "";
      return `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? " *" : ""}</td><td>${escapeHtml(type)}${escapeHtml(en)}</td><td>${escapeHtml(p.description ?? "")}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The documentation page of an OpenAPI document. */
export function docsPage(doc: Record<string, unknown>): string {
  const info = doc.info as { title: string; version: string; description: string };
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  const ops = OPERATIONS.map((op) => {
    const body = op.body
      ? `<p>Body: <code>${escapeHtml(op.body)}</code></p>${schemaHtml(schemas[op.body])}`
      : "";
    const answers = `<p>Answers ${op.ok.status}${op.ok.type ? ` <code>${escapeHtml(op.ok.type)}</code>` : ""}${op.ok.schema ? ` <code>${escapeHtml(op.ok.schema)}</code>` : ""}; problems: ${[400, ...(op.auth === "none" ? [] : [401]), ...(op.problems ?? [])].join(", ")}.</p>`;
    return `<section id="${escapeHtml(`${op.method}-${op.path}`)}"><h3><span class="m">${op.method.toUpperCase()}</span> <code>${escapeHtml(op.path)}</code></h3><p>${escapeHtml(op.summary)}</p>${body}${answers}</section>`;
  }).join("\n");
  const problems = PROBLEM_CODES.map(
    ([code, what]) =>
      `<li id="problem-${escapeHtml(code)}"><code>${escapeHtml(code)}</code>: ${escapeHtml(what)}</li>`,
  ).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h3{font-size:1rem;margin:1.5rem 0 .3rem}.m{display:inline-block;min-width:4rem;color:#1f4e79}
code{font-family:ui-monospace,monospace;font-size:.9em}table{border-collapse:collapse;margin:.3rem 0}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}section{border-top:1px solid #eee}
</style></head><body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1, generated from the schemas).</p>
<h2>Endpoints</h2>
${ops}
<h2 id="problems">Problem types</h2>
<p>Errors are <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>code</code> and <code>errors</code> (each problem's <code>path</code>, and <code>line</code>/<code>column</code> in YAML text).</p>
<ul>${problems}</ul>
</body></html>`;
}
