/**
 * Golden traces: short negotiations whose full JSON result (trace included) is committed under golden/, so
 * that a refactor cannot change behaviour silently. Regenerate deliberately with UPDATE_GOLDEN=1.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { agentFromCatalog } from "../../src/negotiation/catalog.ts";
import { mediatorRandomFlip } from "../../src/negotiation/mediators.ts";
import { resultToJson } from "../../src/negotiation/serialize.ts";
import { type SimulationOptions, simulate } from "../../src/negotiation/simulate.ts";
import { protocolSingleText } from "../../src/negotiation/singleText.ts";
import { compileScenario } from "../../src/space/compile.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { exampleScenario } from "./support.ts";

const car = compileScenario(exampleScenario("car-purchase.yaml"));

const cases: [string, () => SimulationOptions][] = [
  [
    "car-boulware-vs-geniusweb-conceder.json",
    () => ({
      agents: { buyer: agentFromCatalog("boulware"), dealer: agentFromCatalog("geniusweb-conceder") },
      rounds: 12,
      seed: 7,
    }),
  ],
  [
    "car-linear-vs-tit-for-tat.json",
    () => ({
      agents: { buyer: agentFromCatalog("linear"), dealer: agentFromCatalog("tit-for-tat:0.02") },
      rounds: 10,
      seed: 2,
    }),
  ],
  [
    "car-mediated-random-flip.json",
    () => ({
      agents: { buyer: agentFromCatalog("aspiration"), dealer: agentFromCatalog("linear") },
      protocol: protocolSingleText(mediatorRandomFlip()),
      rounds: 6,
      seed: 3,
    }),
  ],
];

for (const [file, options] of cases)
  test(`golden trace ${file}`, () => {
    const path = join(REPO_ROOT, "test", "negotiation", "golden", file);
    const got = `${JSON.stringify(resultToJson(car, simulate(car, options())), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(path, got);
    assert.equal(
      got,
      readFileSync(path, "utf8"),
      `${file} changed; if on purpose, rerun with UPDATE_GOLDEN=1`,
    );
  });
