/**
 * The OpenAPI document: 3.1, generated from the zod schemas (the task request schemas as the API takes them),
 * and the same operations as the app's routes, no more, no fewer. Served over HTTP.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { AnalyzeRequest } from "../../src/tasks/analyze.ts";
import { useServer } from "./support.ts";

describe("OpenAPI", () => {
  const api = useServer();

  it("is OpenAPI 3.1 with every route of the app, and only those", async () => {
    const doc = (await (await api().fetch("/api/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    assert.equal(doc.openapi, "3.1.0");
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const routes = api()
      .server.app.routes.filter(
        (r) => r.path.startsWith("/api/v1/") && r.method !== "ALL" && !r.path.endsWith("*"),
      )
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    assert.deepEqual([...new Set(routes)].sort(), documented);
  });

  it("request bodies are the zod schemas (server paths left out, scenarioId added)", async () => {
    const doc = (await (await api().fetch("/api/v1/openapi.json")).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const analyze = doc.components.schemas.analyzeRequest;
    const fromZod = z.toJSONSchema(AnalyzeRequest, { io: "input", unrepresentable: "any" }) as {
      properties: Record<string, unknown>;
    };
    assert.deepEqual(analyze.properties.over, fromZod.properties.over);
    assert.deepEqual(analyze.properties.solutionsOver, fromZod.properties.solutionsOver);
    assert.ok(!("paths" in analyze.properties));
    assert.ok("scenarioId" in analyze.properties);
    assert.ok(!("threads" in doc.components.schemas.forecastRequest.properties));
    for (const name of [
      "ActionBody",
      "TournamentSpec",
      "SimulationSpec",
      "ScenarioBody",
      "Problem",
      "ClassroomBody",
    ])
      assert.ok(doc.components.schemas[name], name);
  });

  it("the agent catalog lists parameters and ranges, and human", async () => {
    const res = await api().fetch("/api/v1/agents");
    const body = await res.text();
    assert.equal(res.status, 200, body);
    const { agents } = JSON.parse(body) as {
      agents: { name: string; parameter: { min?: number } | null; protocols: string[] }[];
    };
    const td = agents.find((a) => a.name === "time-dependent");
    assert.equal(td?.parameter?.min, 0);
    assert.ok(agents.some((a) => a.name === "human"));
    assert.ok(agents.find((a) => a.name === "boulware")?.protocols.includes("saop"));
  });
});
