/**
 * Security over HTTP: Bearer auth on /api (health exempt, ?token= for event streams, party tokens for their
 * own session), a non-loopback host refused without a token, CORS off unless asked for, security headers on
 * HTML, a favicon, the workbench's files with the single-page-app fallback and nothing outside its folder.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { startServer } from "../../src/server/index.ts";
import { PROBLEM, useServer } from "./support.ts";

const CAR = readFileSync("examples/car-purchase.yaml", "utf8");
const TOKEN = "s3cret-token";

describe("auth with --token", () => {
  const api = useServer({ token: TOKEN });
  const bearer = { authorization: `Bearer ${TOKEN}` };

  it("401 problem without or with a wrong token; health needs none", async () => {
    const none = await api().fetch("/api/v1/scenarios");
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("content-type"), PROBLEM);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.equal(
      (await api().fetch("/api/v1/scenarios", { headers: { authorization: "Bearer nope" } })).status,
      401,
    );
    assert.equal(
      (await api().fetch(`/api/v1/scenarios?token=${TOKEN}`)).status,
      401,
      "?token= is for event streams only",
    );
    assert.equal((await api().fetch("/api/v1/scenarios", { headers: bearer })).status, 200);
    assert.equal((await api().fetch("/api/v1/health")).status, 200);
    assert.equal((await api().send("/api/v1/analyze", { scenario: CAR })).status, 401);
    assert.equal((await api().send("/api/v1/analyze", { scenario: CAR }, { headers: bearer })).status, 200);
  });

  it("a party token opens its own session (a student has no server token); events take ?token=", async () => {
    const created = await api().send(
      "/api/v1/sessions",
      { scenario: CAR, agents: { buyer: "human", dealer: { name: "boulware" } } },
      { headers: bearer },
    );
    const { id, parties } = (await created.json()) as {
      id: string;
      parties: Record<string, { token: string }>;
    };
    const party = parties.buyer.token;
    assert.equal(
      (await api().fetch(`/api/v1/sessions/${id}`, { headers: { "x-party-token": party } })).status,
      200,
    );
    const events = await api().fetch(`/api/v1/sessions/${id}/events?token=${party}`);
    assert.equal(events.status, 200);
    assert.match(events.headers.get("content-type") ?? "", /^text\/event-stream/);
    await events.body?.cancel();
    assert.equal(
      (await api().fetch("/api/v1/scenarios", { headers: { "x-party-token": party } })).status,
      401,
    );
  });
});

describe("listening beyond loopback", () => {
  it("is refused without a token", async () => {
    await assert.rejects(startServer({ port: 0, host: "0.0.0.0", store: ":memory:" }), /needs a token/);
  });
});

describe("CORS", () => {
  const plain = useServer();
  const allowed = useServer({ cors: "https://app.example" });
  it("off by default, on for the one origin given", async () => {
    const h = { origin: "https://evil.example" };
    assert.equal(
      (await plain().fetch("/api/v1/health", { headers: h })).headers.get("access-control-allow-origin"),
      null,
    );
    const ok = await allowed().fetch("/api/v1/health", { headers: { origin: "https://app.example" } });
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
  });
});

describe("HTML, favicon and the workbench", () => {
  const web = mkdtempSync(join(tmpdir(), "zopa-web-"));
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>workbench</title>");
  writeFileSync(join(web, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(tmpdir(), "zopa-secret.txt"), "secret");
  after(() => rmSync(web, { recursive: true, force: true }));
  const api = useServer({ webRoot: web });

  it("the docs page: CSP with scripts from self only, nosniff, frame-ancestors; no script at all", async () => {
    const res = await api().fetch("/api/v1/docs");
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self' 'unsafe-inline'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    assert.ok(!/<script/i.test(html));
    assert.match(html, /POST.*\/api\/v1\/analyze/s);
    assert.match(html, /id="problem-size-limit"/);
  });

  it("a favicon", async () => {
    const res = await api().fetch("/favicon.ico");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/svg+xml");
    assert.match(await res.text(), /^<svg/);
  });

  it("the workbench at /, its assets, index.html for app routes, nothing outside its folder", async () => {
    const root = await api().fetch("/");
    assert.equal(await root.text(), "<!doctype html><title>workbench</title>");
    assert.match(root.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const asset = await api().fetch("/assets/app.js");
    assert.match(asset.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.equal(
      await (await api().fetch("/sessions/abc")).text(),
      "<!doctype html><title>workbench</title>",
    );
    for (const path of [
      "/../zopa-secret.txt",
      "/%2e%2e/zopa-secret.txt",
      "/assets/..%2f..%2fzopa-secret.txt",
      "/missing.js",
    ]) {
      const res = await api().fetch(path);
      assert.notEqual(await res.text(), "secret", path);
    }
    assert.equal((await api().fetch("/missing.js")).status, 404);
    assert.equal((await api().fetch("/api/v1/nope")).status, 404, "no SPA fallback under /api");
  });
});
