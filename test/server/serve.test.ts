/**
 * `zopa serve` as a process: prints its URL, answers, and on SIGTERM lets the request in flight finish, then
 * closes the store (the SQLite file's write-ahead log is folded back and removed) and exits 0. Beyond loopback
 * without a token it refuses to start (exit 2).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "libsql";
import { runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { gridScenario } from "./support.ts";

describe("zopa serve", () => {
  it("stops cleanly on SIGTERM: the request in flight is answered, the store closed, exit 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zopa-serve-"));
    const store = join(dir, "zopa.db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "src/cli/bin.ts"), "serve", "--port", "0", "--store", store],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let stderr = "";
      child.stderr!.on("data", (d) => {
        stderr += d;
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d: Buffer) => {
          out += d;
          const m = /serving the API at (http:\/\/\S+?)\/api\/v1/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const created = await fetch(`${url}/api/v1/scenarios`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          scenario: readFileSync(join(REPO_ROOT, "examples/car-purchase.yaml"), "utf8"),
        }),
      });
      assert.equal(created.status, 201);
      assert.ok(existsSync(`${store}-wal`), "the store is open in WAL mode");
      // A request that takes a while (on the pool), then SIGTERM while it runs.
      const inFlight = fetch(`${url}/api/v1/analyze`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scenario: gridScenario(5, 14) }),
      });
      await new Promise((r) => setTimeout(r, 300));
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const res = await inFlight;
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { scenario: { id: string } }).scenario.id, "grid-5x14");
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /SIGTERM: finishing requests in flight, closing the store/);
      assert.ok(!existsSync(`${store}-wal`), "closed: the write-ahead log was checkpointed and removed");
      const db = new Database(store);
      const n = (db.prepare("SELECT COUNT(*) AS n FROM library_scenarios").get() as { n: number }).n;
      db.close();
      assert.equal(n, 1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const built = join(REPO_ROOT, "dist/cli/bin.js");
  it("from the build, where the report goes to the worker pool, it answers the HTML page", {
    skip: existsSync(built) ? false : "no build (npm run build)",
  }, async () => {
    const child = spawn(process.execPath, [built, "serve", "--port", "0", "--store", ":memory:"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d: Buffer) => {
          out += d;
          const m = /serving the API at (http:\/\/\S+?)\/api\/v1/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      const res = await fetch(`${url}/api/v1/report`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scenarioId: "car-purchase", generated: "2026-01-02" }),
      });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^<!doctype html>[\s\S]*Used car purchase/i);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("refuses a host beyond loopback without a token (exit 2), and checks its flags", async () => {
    const open = await runCli(["serve", "--host", "0.0.0.0", "--store", ":memory:"], {
      env: { ZOPA_TOKEN: "" },
    });
    assert.equal(open.code, 2);
    assert.match(open.stderr, /needs a token: give --token T or set ZOPA_TOKEN/);
    const port = await runCli(["serve", "--port", "http"]);
    assert.equal(port.code, 2);
    const body = await runCli(["serve", "--max-body", "lots"]);
    assert.equal(body.code, 2);
    assert.match(body.stderr, /--max-body is a size such as 5mb/);
  });
});
