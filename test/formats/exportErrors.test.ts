/**
 * What a format cannot carry at all is an ExportError (the user can change the scenario), which `zopa export`
 * turns into exit 2 with nothing written; the same check the exporter does is not hidden behind any other
 * error class.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isZopaError } from "../../src/errors.ts";
import { exportError, exportGenius, exportGeniusWeb } from "../../src/formats/index.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import type { Scenario } from "../../src/scenario/schema.ts";
import { runCli } from "../support/cli.ts";
import { REPO_ROOT } from "../support/shared.ts";

const dir = mkdtempSync(join(tmpdir(), "zopa-export-errors-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const car = readFileSync(join(REPO_ROOT, "examples/car-purchase.yaml"), "utf8");

function parse(text: string): Scenario {
  const r = parseScenario(text, { file: "car.yaml" });
  assert.ok(r.scenario, JSON.stringify(r.problems));
  return r.scenario;
}

/** The car purchase with two price options given the same label. */
function duplicateLabels(): string {
  const text = car
    .replace(/(- \{ id: low)(,[^}]*)?\}/, "$1, label: Same }")
    .replace(/(- \{ id: mid)(,[^}]*)?\}/, "$1, label: Same }");
  assert.equal((text.match(/label: Same/g) ?? []).length, 2, "the fixture needs two labelled options");
  return text;
}

test("two options with one label, or no party with preferences, throw ExportError in both exporters", () => {
  const dup = parse(duplicateLabels());
  const prefless: Scenario = {
    ...parse(car),
    parties: parse(car).parties.map((p) => ({ ...p, preferences: undefined })),
  };
  for (const exporter of [exportGenius, exportGeniusWeb]) {
    assert.throws(
      () => exporter(dup),
      (e) => isZopaError(e, "export") && /two options labelled "Same"/.test(e.message),
    );
    assert.throws(
      () => exporter(prefless),
      (e) => isZopaError(e, "export") && /no party has preferences/.test(e.message),
    );
  }
  assert.equal(isZopaError(exportError("GENIUS", "x"), "format", "unsupported"), false);
});

test("zopa export exits 2 on an ExportError and writes nothing", async () => {
  const file = join(dir, "dup.yaml");
  writeFileSync(file, duplicateLabels());
  const out = join(dir, "out");
  const { code, stderr } = await runCli(["export", file, "--to", "genius", "-o", out]);
  assert.equal(code, 2, stderr);
  assert.match(
    stderr,
    /cannot export as genius: issue "price" has two options labelled "Same".*; nothing was written\./,
  );
  assert.doesNotMatch(stderr, /\n\s+at /);
  assert.equal(existsSync(out), false);
});
