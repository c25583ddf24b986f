/**
 * The task endpoints over real HTTP: each answers exactly what the CLI's `--format json` prints for the same
 * input, and every error is problem+json with the problem's path (and line/column in YAML text).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../support/cli.ts";
import { gridScenario, PROBLEM, useServer } from "./support.ts";

const CAR = readFileSync("examples/car-purchase.yaml", "utf8");
const files = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));

describe("task endpoints answer what the CLI prints with --format json", () => {
  const api = useServer();

  async function sameAsCli(path: string, body: unknown, args: string[], stdin?: string) {
    const res = await api().send(path, body);
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const cli = await runCli(args, { stdin });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(await res.text(), cli.stdout);
  }

  it("analyze: the scenario as YAML text, and by its example id", async () => {
    await sameAsCli("/api/v1/analyze", { scenario: CAR }, [
      "analyze",
      "examples/car-purchase.yaml",
      "--format",
      "json",
    ]);
    await sameAsCli("/api/v1/analyze", { scenarioId: "car-purchase", over: "zone" }, [
      "analyze",
      "examples/car-purchase.yaml",
      "--over",
      "zone",
      "--format",
      "json",
    ]);
  });

  it("analyze: all variants of river-basin as an object", async () => {
    const { parse } = await import("yaml");
    const river = parse(readFileSync("examples/river-basin.yaml", "utf8"));
    await sameAsCli("/api/v1/analyze", { scenario: river, allVariants: true }, [
      "analyze",
      "examples/river-basin.yaml",
      "--all-variants",
      "--format",
      "json",
    ]);
  });

  it("history", async () => {
    const text = readFileSync("examples/syria-israel-2026/scenario.yaml", "utf8");
    await sameAsCli("/api/v1/history", { scenario: text }, [
      "history",
      "examples/syria-israel-2026/scenario.yaml",
      "--format",
      "json",
    ]);
  });

  it("forecast (Monte Carlo on the pool)", async () => {
    const text = readFileSync("examples/forecast-river-basin.yaml", "utf8");
    await sameAsCli(
      "/api/v1/forecast",
      { scenario: text, name: "examples/forecast-river-basin.yaml", samples: 400, seed: 3 },
      [
        "forecast",
        "examples/forecast-river-basin.yaml",
        "--samples",
        "400",
        "--seed",
        "3",
        "--format",
        "json",
      ],
    );
  });

  it("simulate", async () => {
    await sameAsCli(
      "/api/v1/simulate",
      { scenario: CAR, agents: { buyer: { name: "boulware" }, dealer: { name: "conceder" } }, rounds: 40 },
      [
        "simulate",
        "examples/car-purchase.yaml",
        "--agents",
        "buyer=boulware,dealer=conceder",
        "--rounds",
        "40",
        "--format",
        "json",
      ],
    );
  });

  it("validate", async () => {
    await sameAsCli(
      "/api/v1/validate",
      { scenario: CAR, name: "<stdin>" },
      ["validate", "-", "--format", "json"],
      CAR,
    );
  });

  it("import: GENIUS and GeniusWeb files by name", async () => {
    for (const dir of ["test/formats/fixtures/genius-shop", "test/formats/fixtures/geniusweb-market"]) {
      const given = files(dir);
      const res = await api().send("/api/v1/import", { files: given });
      assert.equal(res.status, 200);
      const cli = await runCli([
        "import",
        ...Object.keys(given).map((f) => join(dir, f)),
        "--format",
        "json",
      ]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal(await res.text(), cli.stdout);
    }
  });

  it("export: the files the CLI writes", async () => {
    const out = mkdtempSync(join(tmpdir(), "zopa-api-export-"));
    try {
      const res = await api().send("/api/v1/export", { scenario: CAR, to: "genius" });
      assert.equal(res.status, 200);
      const answer = (await res.json()) as { files: { name: string; text: string }[] };
      const cli = await runCli(["export", "examples/car-purchase.yaml", "--to", "genius", "-o", out]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual(Object.fromEntries(answer.files.map((f) => [f.name, f.text])), files(out));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("report: the self-contained HTML page, with CSP and nosniff, names escaped", async () => {
    const evil = CAR.replace('title: "Used car purchase"', 'title: "<script>alert(1)</script>"').replace(
      /title: Used car purchase/,
      "title: <script>alert(1)</script>",
    );
    const res = await api().send("/api/v1/report", { scenario: evil, generated: "2026-01-02" });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    assert.match(html, /^<!doctype html>/i);
    assert.ok(!html.includes("<script>alert(1)</script>"), "the title is escaped");
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

describe("task endpoints: problems as application/problem+json", () => {
  const api = useServer({ maxBody: 64 * 1024 });

  async function problem(res: Response, status: number) {
    assert.equal(res.status, status);
    assert.equal(res.headers.get("content-type"), PROBLEM);
    const body = (await res.json()) as Record<string, unknown>;
    for (const k of ["type", "title", "status", "detail"]) assert.ok(k in body, `problem has ${k}`);
    assert.equal(body.status, status);
    assert.ok(!JSON.stringify(body).includes("    at "), "no stack trace");
    return body as {
      detail: string;
      code?: string;
      errors?: { path: unknown[]; line?: number; column?: number }[];
    };
  }

  it("a scenario with problems: 400, each located by path, line and column", async () => {
    const text = "zopa: 1\nmeta:\n  id: x\n  title: X\nissues: 3\nparties: []\n";
    const p = await problem(await api().send("/api/v1/analyze", { scenario: text }), 400);
    assert.equal(p.code, "scenario");
    assert.deepEqual(
      p.errors?.find((e) => e.path[0] === "issues"),
      {
        path: ["issues"],
        message: "expected array, received number",
        severity: "error",
        line: 5,
        column: 9,
      },
    );
  });

  it("an unknown field and a bad option: 400 with their paths", async () => {
    const p = await problem(
      await api().send("/api/v1/analyze", { scenario: CAR, over: "most", colour: 1 }),
      400,
    );
    assert.equal(p.code, "usage");
    const paths = p.errors!.map((e) => JSON.stringify(e.path)).sort();
    assert.deepEqual(paths, ['["colour"]', '["over"]']);
  });

  it("server paths, settings and agent code are refused (400), never read", async () => {
    let p = await problem(await api().send("/api/v1/analyze", { paths: ["/etc/passwd"] }), 400);
    assert.deepEqual(p.errors?.[0].path, ["paths"]);
    p = await problem(
      await api().send("/api/v1/simulate", { scenario: { path: "/etc/passwd" }, agents: {} }),
      400,
    );
    assert.deepEqual(p.errors?.[0].path, ["scenario", "path"]);
    p = await problem(
      await api().send("/api/v1/simulate", {
        scenario: CAR,
        agents: { buyer: { file: "/tmp/x.js", content: "x" }, dealer: { name: "boulware" } },
      }),
      400,
    );
    assert.deepEqual(p.errors?.[0].path, ["agents", "buyer"]);
    await problem(await api().send("/api/v1/forecast", { scenario: CAR, threads: 64 }), 400);
    // An LLM agent's own endpoint and key variable: the server would call any address with its secrets.
    const llm = { name: "llm", llm: { baseUrl: "http://169.254.169.254/v1", model: "m", apiKeyEnv: "HOME" } };
    p = await problem(
      await api().send("/api/v1/simulate", {
        scenario: CAR,
        agents: { buyer: llm, dealer: { name: "boulware" } },
      }),
      400,
    );
    assert.deepEqual(p.errors?.[0].path, ["agents", "buyer", "llm"]);
    p = await problem(
      await api().send("/api/v1/sessions", { scenario: CAR, agents: { buyer: "human", dealer: llm } }),
      400,
    );
    assert.deepEqual(p.errors?.[0].path, ["agents", "dealer", "llm"]);
  });

  it("an unknown stored scenario: 404", async () => {
    await problem(await api().send("/api/v1/analyze", { scenarioId: "nope" }), 404);
  });

  it("an analysis over the size limit: 413 at once, with the estimate", async () => {
    const huge = gridScenario(8, 30, 3);
    const t0 = performance.now();
    const res = await api().send("/api/v1/analyze", { scenario: huge, enumerationLimit: 1e13 });
    const body = await res.clone().text();
    const p = await problem(res, res.status === 413 ? 413 : 400);
    assert.equal(res.status, 413, body);
    assert.equal(p.code, "size-limit");
    assert.ok(performance.now() - t0 < 10_000, "refused at once");
  });

  it("415 without a JSON content type, 400 for JSON that does not parse", async () => {
    await problem(
      await api().fetch("/api/v1/analyze", {
        method: "POST",
        body: CAR,
        headers: { "content-type": "text/yaml" },
      }),
      415,
    );
    await problem(
      await api().fetch("/api/v1/analyze", {
        method: "POST",
        body: "{nope",
        headers: { "content-type": "application/json" },
      }),
      400,
    );
  });

  it("413 for a body over --max-body, declared or streamed", async () => {
    const big = JSON.stringify({ scenario: "x".repeat(100 * 1024) });
    await problem(
      await api().fetch("/api/v1/analyze", {
        method: "POST",
        body: big,
        headers: { "content-type": "application/json" },
      }),
      413,
    );
    // Chunked: no content-length; the server counts as it reads and stops at the limit.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const res = await api().fetch("/api/v1/analyze", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    await problem(res, 413);
  });

  it("an unknown endpoint: 404 problem", async () => {
    await problem(await api().fetch("/api/v1/nothing"), 404);
  });
});
