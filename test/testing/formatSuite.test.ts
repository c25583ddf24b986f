/**
 * The format suite: GENIUS XML and GeniusWeb JSON on generated scenarios and on the format fixtures, and
 * deliberately wrong formats failing the check they break. A built-in that fails a check is a finding, listed
 * in KNOWN_FINDINGS with its reason; the test fails when a finding is fixed, so that the list is kept true.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { formatGeniusWeb, loadScenarioFromPaths, SCENARIO_FORMATS } from "../../src/formats/index.ts";
import {
  FORMAT_CHECKS as C,
  type CheckReport,
  checkFormat,
  type ScenarioFormat,
} from "../../src/testing/index.ts";
import { REPO_ROOT } from "../support/shared.ts";

const fixture = (name: string) => ({
  name: `fixture ${name}`,
  scenario: loadScenarioFromPaths([join(REPO_ROOT, "test", "formats", "fixtures", name)]).scenario,
});
const extra = [fixture("genius-shop"), fixture("geniusweb-market")];

/**
 * Checks a built-in format fails today, and why (reported with issue 11):
 * - genius: a domain file cut short is read without an error. The lenient XML reader (htmlparser2 in xmlMode)
 *   closes the open elements at the end of the text, so the issues after the cut are silently dropped and the
 *   profiles' weights for them ignored; only a "weights sum to …" warning hints at it.
 * - geniusweb: the GENIUS shop fixture is written with a discrete value utility of 1.0000000000000002 (a
 *   piecewise-linear value evaluated in floating point, written unrounded), which the GeniusWeb reader then
 *   refuses ("lies outside [0, 1]"): the exporter writes a file its own reader cannot read.
 */
const KNOWN_FINDINGS: Record<string, { check: string; detail: RegExp }[]> = {
  genius: [{ check: C.malformed, detail: /-domain\.xml cut in half: read without an error/ }],
  geniusweb: [
    { check: C.reads, detail: /fixture genius-shop: .*utility 1\.0000000000000002 lies outside \[0, 1\]/ },
  ],
};

function failed(report: CheckReport): CheckReport["checks"] {
  return report.checks.filter((c) => !c.ok);
}

describe("the built-in scenario formats", () => {
  for (const format of SCENARIO_FORMATS)
    it(`${format.name} passes the format suite on generated scenarios and the fixtures (known findings aside)`, async () => {
      const report = await checkFormat(format, { scenarios: 9, extra });
      assert.deepEqual(
        report.checks.map((c) => c.name),
        Object.values(C),
      );
      const known = KNOWN_FINDINGS[format.name];
      assert.deepEqual(
        failed(report).map((c) => c.name),
        known.map((k) => k.check),
        JSON.stringify(failed(report), null, 2),
      );
      for (const k of known) assert.match(report.checks.find((c) => c.name === k.check)!.detail, k.detail);
    });

  it("GeniusWeb names every reservation value it cannot carry (a reservation is a bid there)", async () => {
    const report = await checkFormat(formatGeniusWeb);
    assert.match(
      report.checks.find((c) => c.name === C.reservations)!.detail,
      /\d+ reservation values not carried, each named in a warning/,
    );
  });
});

describe("checkFormat(format) names the check a wrong format breaks", () => {
  it("numbers written to 3 decimals: utilities differ beyond the format's precision", async () => {
    const lossy: ScenarioFormat = {
      ...formatGeniusWeb,
      name: "lossy",
      write(scenario) {
        const out = formatGeniusWeb.write(scenario);
        return {
          ...out,
          files: out.files.map((f) => ({
            ...f,
            text: f.text.replace(/\d+\.\d{4,}/g, (x) => Number(x).toFixed(3)),
          })),
        };
      },
    };
    const report = await checkFormat(lossy);
    const utilities = report.checks.find((c) => c.name === C.utilities)!;
    assert.equal(utilities.ok, false);
    assert.match(utilities.detail, /party p\d's utilities differ by up to [\d.e-]+ \(precision 1e-8\)/);
  });

  it("a reader that throws a plain Error on malformed input: not a format ZopaError", async () => {
    const plain: ScenarioFormat = {
      ...formatGeniusWeb,
      name: "plain-errors",
      read(files) {
        try {
          return formatGeniusWeb.read(files);
        } catch {
          throw new Error("cannot read");
        }
      },
    };
    const report = await checkFormat(plain);
    const malformed = report.checks.find((c) => c.name === C.malformed)!;
    assert.equal(malformed.ok, false);
    assert.match(
      malformed.detail,
      /: .*\.json cut in half: threw Error: cannot read, not a format ZopaError/,
    );
  });

  it("warnings that are not strings", async () => {
    const odd: ScenarioFormat = {
      ...formatGeniusWeb,
      name: "odd-warnings",
      write: (scenario) => {
        const out = formatGeniusWeb.write(scenario);
        return { ...out, warnings: [...out.warnings, 42 as unknown as string] };
      },
    };
    const report = await checkFormat(odd);
    assert.deepEqual(
      failed(report).map((c) => c.name),
      [C.warnings],
    );
    assert.match(failed(report)[0].detail, /scenario 0 .*, write: warning \d+ is 42/);
  });
});
