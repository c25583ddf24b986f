/**
 * Hostile user text (test/hostile/cases/hostile-text.yaml: `<script>`, `<img onerror>`, `&`, a table pipe,
 * bidi overrides and isolates, NUL, ESC, C1, DEL, CR in names, labels, statements, rationales, descriptions):
 * terminal output holds none of the raw characters, Markdown holds no raw HTML and keeps its tables, the HTML
 * report stays escaped, and messages on stderr are escaped too.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { escapeInline, escapeMarkdownHtml, escapeText } from "../../src/report/escape.ts";
import { runCli } from "./support.ts";

const CASE = "test/hostile/cases/hostile-text.yaml";
const dir = mkdtempSync(join(tmpdir(), "zopa-escaping-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every character a terminal must not receive raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters are what the test looks for.
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

function assertTerminalSafe(text: string, what: string): void {
  const m = RAW.exec(text);
  assert.equal(
    m,
    null,
    `${what}: raw U+${m?.[0].charCodeAt(0).toString(16).padStart(4, "0")} at ${m?.index}`,
  );
}

describe("escaping hostile user text", () => {
  it("the helpers: terminal escapes as \\uXXXX (idempotent), Markdown escapes HTML and keeps entities", () => {
    assert.equal(
      escapeText("a\u202Eb\u0000c\nd\te\u007F\u0085\u2066"),
      "a\\u202Eb\\u0000c\nd\te\\u007F\\u0085\\u2066",
    );
    assert.equal(escapeText(escapeText("\u202E\u001B[31m")), "\\u202E\\u001B[31m");
    assert.equal(escapeInline("a\nb\tc"), "a\\u000Ab\\u0009c");
    assert.equal(escapeMarkdownHtml("<script>&amp; & &#60; a>b"), "&lt;script&gt;&amp; &amp; &#60; a&gt;b");
    assert.equal(escapeMarkdownHtml(escapeMarkdownHtml("<b> & c")), escapeMarkdownHtml("<b> & c"));
  });

  it("analyze (text) shows the names escaped, with no raw control or bidi character", async () => {
    const r = await runCli(["analyze", CASE]);
    assert.equal(r.code, 0, r.stderr);
    assertTerminalSafe(r.stdout, "stdout");
    assertTerminalSafe(r.stderr, "stderr");
    assert.match(
      r.stdout,
      /Buyer <script>alert\(1\)<\/script> \| .*\\u202E\\u0000\\u001B\[31m\\u0085\\u2066/,
    );
    assert.match(r.stdout, /"Statement <script>/);
  });

  it("simulate (text, one run and repeated) escapes too", async () => {
    for (const args of [
      ["simulate", CASE, "--agents", "buyer=boulware,dealer=conceder"],
      ["simulate", CASE, "--agents", "buyer=boulware,dealer=conceder", "--repeat", "3"],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, r.stderr);
      assertTerminalSafe(r.stdout + r.stderr, args.join(" "));
      assert.match(r.stdout, /\\u202E/, args.join(" "));
    }
  });

  it("analyze --all-variants (text and Markdown) and validate escape too", async () => {
    const text = await runCli(["analyze", CASE, "--all-variants"]);
    assert.equal(text.code, 0, text.stderr);
    assertTerminalSafe(text.stdout, "all-variants text");
    const md = await runCli(["analyze", CASE, "--all-variants", "--format", "markdown"]);
    assert.equal(md.code, 0, md.stderr);
    assertTerminalSafe(md.stdout, "all-variants markdown");
    assert.doesNotMatch(md.stdout, /<script|<img/i);
    const v = await runCli(["validate", CASE]);
    assert.equal(v.code, 0, v.stderr);
    assertTerminalSafe(v.stdout + v.stderr, "validate");
  });

  it("Markdown (analyze and report) holds no raw HTML, and table rows keep their columns", async () => {
    for (const args of [
      ["analyze", CASE, "--format", "markdown"],
      ["report", CASE, "--format", "markdown"],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /<script|<img/i, args.join(" "));
      assert.match(r.stdout, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, args.join(" "));
      assert.match(r.stdout, /&lt;img src=x onerror=alert\(2\)&gt; &amp; /, args.join(" "));
      assertTerminalSafe(r.stdout, args.join(" "));
      // Every table row has as many unescaped pipes as its header: a name's `|` does not add a column.
      const lines = r.stdout.split("\n");
      lines.forEach((line, k) => {
        if (!/^\|---/.test(line)) return;
        const cells = (s: string) => s.replace(/\\\|/g, "").split("|").length;
        const width = cells(lines[k - 1]);
        for (let j = k + 1; j < lines.length && lines[j].startsWith("|"); j++)
          assert.equal(cells(lines[j]), width, `${args.join(" ")}: row ${lines[j]}`);
      });
    }
  });

  it("the HTML report stays escaped: no raw <script or <img from user text", async () => {
    const out = join(dir, "report.html");
    const r = await runCli(["report", CASE, "-o", out]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, "utf8");
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    // Bidi and control characters would still reorder or hide text in a browser: shown as \uXXXX.
    assertTerminalSafe(html, "the HTML report");
    assert.match(html, /Buyer &lt;script&gt;.*\\u202E\\u0000\\u001B\[31m/);
  });

  it("a tournament's Markdown and text rankings escape its names (HTML, bidi and control characters)", async () => {
    const spec = join(dir, "tournament.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      spec,
      [
        `name: "T <script>alert(1)</script> \\u202E\\u0000 end"`,
        `scenarios: [${JSON.stringify(join(process.cwd(), "examples", "car-purchase.yaml"))}]`,
        "agents: [boulware, conceder]",
        "rounds: 5",
      ].join("\n"),
    );
    const store = join(dir, "t.db");
    const run = await runCli(["tournament", spec, "--store", store, "--workers", "0"]);
    assert.equal(run.code, 0, run.stderr);
    assertTerminalSafe(run.stdout, "tournament stdout");
    const md = await runCli(["results", store, "--format", "markdown"]);
    assert.equal(md.code, 0, md.stderr);
    assert.doesNotMatch(md.stdout, /<script/);
    assertTerminalSafe(md.stdout, "results --format markdown");
    assert.match(md.stdout, /# Tournament T &lt;script&gt;alert\(1\)&lt;\/script&gt; \\u202E\\u0000 end/);
  });

  it("problems and messages on stderr are escaped (a bad variant name, a bad option label)", async () => {
    const r = await runCli(["analyze", CASE, "--variant", "x\u202Ey\u001B[2J"]);
    assert.equal(r.code, 2, r.stderr);
    assertTerminalSafe(r.stderr, "stderr");
    assert.match(r.stderr, /x\\u202Ey\\u001B\[2J/);
  });
});
