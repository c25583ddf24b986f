/**
 * Validation of scenario files: every kind of bad input is reported with its path, line and column, a message
 * that says what to fix (with a did-you-mean suggestion for mistyped ids), and all problems at once.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseScenario } from "../../src/scenario/parse.ts";
import { formatPath, formatProblem, type Problem } from "../../src/scenario/problem.ts";
import { compileScenario } from "../../src/space/compile.ts";

/** A small valid scenario; each test breaks one thing in it. */
const BASE = `zopa: 1
meta:
  id: border
  title: Border talks
sources:
  - id: speech
    title: A speech
issues:
  - id: withdrawal
    type: ordinal
    options:
      - { id: none }
      - { id: partial }
      - { id: full }
  - id: aid
    type: integer
    min: 0
    max: 10
    step: 5
parties:
  - id: north
    name: North
    reservation: 0.2
    preferences:
      weights: { withdrawal: 0.5, aid: 0.5 }
      values:
        withdrawal: { none: 1, partial: 0.5, full: 0 }
        aid: { piecewise: [[0, 0], [10, 1]] }
    redLines:
      - id: no-full
        statement: Never a full withdrawal.
        status: stated
        sources: [speech]
        requires: { issue: withdrawal, atMost: partial }
  - id: south
    name: South
    preferences:
      weights: { withdrawal: 0.7, aid: 0.3 }
      values:
        withdrawal: { none: 0, partial: 0.6, full: 1 }
        aid: { piecewise: [[0, 1], [10, 0]] }
variants:
  - id: soft-north
    description: North drops its red line.
    changes:
      - { op: dropRedLine, party: north, redLine: no-full }
`;

function edit(...replacements: [string, string][]): string {
  let text = BASE;
  for (const [from, to] of replacements) {
    assert.ok(text.includes(from), `the base scenario has no "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

function errorsOf(text: string, file = "border.yaml"): Problem[] {
  const r = parseScenario(text, { file });
  const errors = r.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) assert.equal(r.scenario, undefined, "a scenario with errors must not be returned");
  return errors;
}

/** 1-based line and column of the `nth` occurrence of `needle` (plus `shift` characters) in `text`. */
function positionOf(text: string, needle: string, nth = 0, shift = 0): { line: number; column: number } {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" not found`);
  }
  at += shift;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, column: at - before.lastIndexOf("\n") };
}

interface Expected {
  path: string;
  message: string | RegExp;
  /** Where the problem points: the first occurrence of this text (the `nth`, counting from 0). */
  at: string;
  nth?: number;
  /** Characters to move right of the match. */
  shift?: number;
}

function expectProblem(text: string, problems: Problem[], e: Expected): void {
  const found = problems.find((p) => formatPath(p.path) === e.path);
  assert.ok(found, `no problem at ${e.path}; got:\n${problems.map(formatProblem).join("\n")}`);
  if (typeof e.message === "string") assert.equal(found.message, e.message);
  else assert.match(found.message, e.message);
  const { line, column } = positionOf(text, e.at, e.nth ?? 0, e.shift ?? 0);
  assert.deepEqual({ line: found.line, column: found.column }, { line, column }, `position of ${e.path}`);
  assert.equal(found.file, "border.yaml");
}

function expectOnly(text: string, e: Expected): void {
  const errors = errorsOf(text);
  assert.equal(errors.length, 1, errors.map(formatProblem).join("\n"));
  expectProblem(text, errors, e);
}

describe("scenario validation", () => {
  it("accepts the base scenario with no problems at all", () => {
    const r = parseScenario(BASE, { file: "border.yaml" });
    assert.deepEqual(r.problems, []);
    assert.ok(r.scenario);
    assert.equal(r.scenario.issues.length, 2);
  });

  describe("unknown ids, with a did-you-mean suggestion", () => {
    it("an unknown issue in a red line", () => {
      const text = edit(["{ issue: withdrawal, atMost", "{ issue: withdrawl, atMost"]);
      expectOnly(text, {
        path: "parties[0].redLines[0].requires.issue",
        message: 'unknown issue "withdrawl" (did you mean "withdrawal"?)',
        at: "withdrawl",
      });
    });

    it("an unknown option in a red line", () => {
      const text = edit(["atMost: partial", "atMost: partal"]);
      expectOnly(text, {
        path: "parties[0].redLines[0].requires.atMost",
        message: 'unknown option of issue "withdrawal" "partal" (did you mean "partial"?)',
        at: "partal",
      });
    });

    it("an unknown party in a variant", () => {
      const text = edit(["party: north, redLine", "party: nroth, redLine"]);
      expectOnly(text, {
        path: "variants[0].changes[0].party",
        message: 'unknown party "nroth" (did you mean "north"?)',
        at: "nroth",
      });
    });

    it("an unknown source", () => {
      const text = edit(["sources: [speech]", "sources: [speach]"]);
      expectOnly(text, {
        path: "parties[0].redLines[0].sources[0]",
        message: 'unknown source "speach" (did you mean "speech"?)',
        at: "speach",
      });
    });

    it("an unknown red line dropped by a variant", () => {
      const text = edit(["redLine: no-full }", "redLine: no-ful }"]);
      expectOnly(text, {
        path: "variants[0].changes[0].redLine",
        message: 'unknown red line of party "north" "no-ful" (did you mean "no-full"?)',
        at: "no-ful }",
      });
    });

    it("an unknown issue in the weights", () => {
      const text = edit([
        "weights: { withdrawal: 0.5, aid: 0.5 }",
        "weights: { withdrawal: 0.5, aide: 0.5 }",
      ]);
      expectProblem(text, errorsOf(text), {
        path: "parties[0].preferences.weights.aide",
        message: 'unknown issue "aide" (did you mean "aid"?)',
        at: "0.5 }", // the weight's value
        nth: 0,
      });
    });

    it("an unknown option in a value table, which also leaves the real option without a value", () => {
      const text = edit(["{ none: 1, partial: 0.5, full: 0 }", "{ none: 1, partiall: 0.5, full: 0 }"]);
      const errors = errorsOf(text);
      expectProblem(text, errors, {
        path: "parties[0].preferences.values.withdrawal.partiall",
        message: 'unknown option of issue "withdrawal" "partiall" (did you mean "partial"?)',
        at: "0.5, full",
      });
      expectProblem(text, errors, {
        path: "parties[0].preferences.values.withdrawal",
        message: 'no value for option "partial"',
        at: "{ none: 1, partiall",
      });
    });

    it("lists the valid names when none is close", () => {
      const text = edit(["{ issue: withdrawal, atMost", "{ issue: zzzzzz, atMost"]);
      expectOnly(text, {
        path: "parties[0].redLines[0].requires.issue",
        message: 'unknown issue "zzzzzz" (expected one of "withdrawal", "aid")',
        at: "zzzzzz",
      });
    });
  });

  describe("duplicate ids", () => {
    it("a duplicate issue, option, party, source, red line and variant, each at the second use", () => {
      const text = edit(
        ["  - id: aid\n    type: integer", "  - id: withdrawal\n    type: integer"],
        ["{ id: full }", "{ id: none }"],
        ["  - id: south", "  - id: north"],
        ["    title: A speech\n", "    title: A speech\n  - id: speech\n    title: Again\n"],
        [
          "        requires: { issue: withdrawal, atMost: partial }\n",
          "        requires: { issue: withdrawal, atMost: partial }\n      - id: no-full\n        statement: Again.\n        status: inferred\n        requires: { issue: withdrawal, atMost: full }\n",
        ],
        [
          "variants:\n",
          "variants:\n  - id: soft-north\n    description: Twice.\n    changes:\n      - { op: setVeto, party: south, veto: false }\n",
        ],
      );
      const errors = errorsOf(text);
      const duplicates = errors.filter((p) => p.message.startsWith("duplicate"));
      assert.deepEqual(duplicates.map((p) => `${formatPath(p.path)}: ${p.message}`).sort(), [
        'issues[0].options[2].id: duplicate option (in issue "withdrawal") id "none" (first used at index 0)',
        'issues[1].id: duplicate issue id "withdrawal" (first used at index 0)',
        'parties[0].redLines[1].id: duplicate red line (of party "north") id "no-full" (first used at index 0)',
        'parties[1].id: duplicate party id "north" (first used at index 0)',
        'sources[1].id: duplicate source id "speech" (first used at index 0)',
        'variants[1].id: duplicate variant id "soft-north" (first used at index 0)',
      ]);
      expectProblem(text, errors, {
        path: "parties[1].id",
        message: 'duplicate party id "north" (first used at index 0)',
        at: "north",
        nth: 1,
      });
    });
  });

  describe("malformed numbers and ranges", () => {
    it("min above max: the issue has no values (an empty space)", () => {
      const text = edit(["min: 0", "min: 20"]);
      expectOnly(text, {
        path: "issues[1].max",
        message: "max (10) is below min (20): the issue has no values",
        at: "10\n    step",
      });
    });

    it("a word where a number belongs", () => {
      const text = edit(["max: 10", "max: ten"]);
      expectOnly(text, { path: "issues[1].max", message: /expected number/, at: "ten" });
    });

    it("a step of zero", () => {
      expectOnly(edit(["step: 5", "step: 0"]), {
        path: "issues[1].step",
        message: "step must be positive",
        at: "0\nparties",
      });
    });

    it("a word as a reservation value inside an object: the field is named, not just 'invalid input'", () => {
      const text = edit(["reservation: 0.2", "reservation: { value: high }"]);
      expectOnly(text, {
        path: "parties[0].reservation.value",
        message: "expected number, received string",
        at: "high",
      });
    });

    it("a reservation of the wrong type lists the types allowed", () => {
      const text = edit(["reservation: 0.2", "reservation: lots"]);
      expectOnly(text, {
        path: "parties[0].reservation",
        message: "expected number or object, received string",
        at: "lots",
      });
    });

    it("a mistyped condition key in a red line, with a did-you-mean among the condition keys", () => {
      const text = edit(["{ issue: withdrawal, atMost: partial }", "{ issue: withdrawal, atMots: partial }"]);
      expectOnly(text, {
        path: "parties[0].redLines[0].requires.atMots",
        message: 'unknown field "atMots" (did you mean "atMost"?)',
        at: "atMots: partial",
        shift: "atMots: ".length, // at the field's value
      });
    });

    it("a reservation value above 1", () => {
      const text = edit(["reservation: 0.2", "reservation: 1.5"]);
      expectOnly(text, { path: "parties[0].reservation", message: /must lie in \[0, 1\]/, at: "1.5" });
    });

    it("a negative weight (the weights still add up to 1)", () => {
      const text = edit([
        "weights: { withdrawal: 0.5, aid: 0.5 }",
        "weights: { withdrawal: -0.5, aid: 1.5 }",
      ]);
      expectOnly(text, {
        path: "parties[0].preferences.weights.withdrawal",
        message: "weights cannot be negative (got -0.5)",
        at: "-0.5",
      });
    });

    it("a value above 1 without normalize, and the same value accepted and rescaled with normalize: true", () => {
      const text = edit(["{ none: 1, partial: 0.5, full: 0 }", "{ none: 2, partial: 0.5, full: 0 }"]);
      expectOnly(text, {
        path: "parties[0].preferences.values.withdrawal.none",
        message:
          "values lie in [0, 1] (got 2): fix it, or set `normalize: true` to divide by the issue's largest value",
        at: "2, partial",
      });
      const normalised = text.replace(
        "      weights: { withdrawal: 0.5, aid: 0.5 }",
        "      normalize: true\n      weights: { withdrawal: 0.5, aid: 0.5 }",
      );
      const r = parseScenario(normalised, { file: "border.yaml" });
      assert.ok(r.scenario, r.problems.map(formatProblem).join("\n"));
      // Values divided by the largest (2): none 1, partial .25, full 0; weighted by .5.
      const table = compileScenario(r.scenario).parties[0].tables[0];
      assert.deepEqual(Array.from(table), [0.5, 0.125, 0]);
    });

    it("weights that do not add up to 1, rescaled silently within 0.01 and with a warning under normalize", () => {
      const text = edit(["weights: { withdrawal: 0.7, aid: 0.3 }", "weights: { withdrawal: 0.7, aid: 0.5 }"]);
      expectOnly(text, {
        path: "parties[1].preferences.weights",
        message:
          "the weights sum to 1.2, not 1: fix them, or set `normalize: true` to divide each by the sum",
        at: "{ withdrawal: 0.7",
      });
      // 0.7 + 0.295 = 0.995: within the tolerance of 0.01.
      const close = edit([
        "weights: { withdrawal: 0.7, aid: 0.3 }",
        "weights: { withdrawal: 0.7, aid: 0.295 }",
      ]);
      assert.deepEqual(parseScenario(close).problems, []);
      const normalised = text.replace(
        "      weights: { withdrawal: 0.7",
        "      normalize: true\n      weights: { withdrawal: 0.7",
      );
      const r = parseScenario(normalised);
      assert.ok(r.scenario);
      assert.deepEqual(
        r.problems.map((p) => [p.severity, formatPath(p.path), p.message]),
        [
          [
            "warning",
            "parties[1].preferences.weights",
            "the weights sum to 1.2; each was divided by the sum (normalize: true)",
          ],
        ],
      );
    });
  });

  describe("syntax, formats and shape", () => {
    it("a YAML syntax error, located", () => {
      const text = edit(["  title: Border talks", "  title: Border: talks"]);
      const errors = errorsOf(text);
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /^YAML syntax: /);
      assert.equal(errors[0].line, positionOf(text, "Border: talks").line);
    });

    it("JSON input is accepted, and a JSON syntax error is reported as one", () => {
      const json = JSON.stringify({
        meta: { id: "j", title: "J" },
        issues: [{ id: "x", type: "categorical", options: [{ id: "a" }, { id: "b" }] }],
        parties: [{ id: "p", name: "P", preferences: { weights: { x: 1 }, values: { x: { a: 1, b: 0 } } } }],
      });
      const r = parseScenario(json, { file: "j.json" });
      assert.deepEqual(r.problems, []);
      assert.equal(r.scenario?.parties[0].role, "principal");
      const broken = '{\n  "meta": { "id": "j",, "title": "J" }\n}';
      const errors = errorsOf(broken, "j.json");
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /^JSON syntax: /);
      assert.equal(errors[0].line, 2);
    });

    it("an empty file, and a file that is a list rather than a mapping", () => {
      for (const text of ["", "\n# nothing here\n", "- meta\n- issues\n"]) {
        const errors = errorsOf(text);
        assert.equal(errors.length, 1);
        assert.match(errors[0].message, /the file is empty or not a mapping/);
        assert.deepEqual([errors[0].line, errors[0].column], [1, 1]);
      }
    });

    it("unknown fields, each named and located, and a missing required field named", () => {
      const text = edit(
        ["  title: Border talks", "  titel: Border talks"],
        ["    name: South", "    name: South\n    colour: blue"],
      );
      const errors = errorsOf(text);
      expectProblem(text, errors, {
        path: "meta.titel",
        message: 'unknown field "titel"',
        at: "Border talks",
      });
      expectProblem(text, errors, {
        path: "parties[1].colour",
        message: 'unknown field "colour"',
        at: "blue",
      });
      expectProblem(text, errors, {
        path: "meta.title",
        message: 'missing required field "title"',
        at: "id: border",
      });
    });

    it("a variant whose result is invalid: a weight that breaks the sum of 1", () => {
      const text = edit([
        "      - { op: dropRedLine, party: north, redLine: no-full }",
        "      - { op: setWeight, party: south, issue: aid, weight: 0.9 }",
      ]);
      // South's weights become 0.7 + 0.9 = 1.6.
      expectOnly(text, {
        path: "variants[0]",
        message:
          'applying variant "soft-north" gives: parties[1].preferences.weights: the weights sum to 1.6, not 1: fix them, or set `normalize: true` to divide each by the sum',
        at: "id: soft-north",
      });
    });
  });

  it("rejects a scenario in which no party must agree (only mediators and observers)", () => {
    const text = edit(
      ["    name: North\n", "    name: North\n    role: mediator\n"],
      ["    name: South\n", "    name: South\n    veto: false\n"],
    );
    expectOnly(text, {
      path: "parties",
      message:
        "no party must agree to an outcome: make at least one party with preferences a principal, or give it `veto: true`",
      at: "- id: north", // the list of parties starts here
    });
  });

  it("reports every problem in a file at once, each at its own place", () => {
    const text = edit(
      ["{ issue: withdrawal, atMost", "{ issue: withdrawl, atMost"],
      ["min: 0", "min: 20"],
      ["weights: { withdrawal: 0.7, aid: 0.3 }", "weights: { withdrawal: 0.7, aid: 0.5 }"],
      ["party: north, redLine", "party: nroth, redLine"],
      ["sources: [speech]", "sources: [speach]"],
    );
    const errors = errorsOf(text);
    assert.deepEqual(errors.map((p) => formatPath(p.path)).sort(), [
      "issues[1].max",
      "parties[0].redLines[0].requires.issue",
      "parties[0].redLines[0].sources[0]",
      "parties[1].preferences.weights",
      "variants[0].changes[0].party",
    ]);
    expectProblem(text, errors, { path: "variants[0].changes[0].party", message: /nroth/, at: "nroth" });
    expectProblem(text, errors, { path: "issues[1].max", message: /below min/, at: "10\n    step" });
    // The one-line form: file:line:column: severity: path: message.
    const line = formatProblem(errors.find((p) => formatPath(p.path) === "variants[0].changes[0].party")!);
    const { line: l, column: c } = positionOf(text, "nroth");
    assert.equal(
      line,
      `border.yaml:${l}:${c}: error: variants[0].changes[0].party: unknown party "nroth" (did you mean "north"?)`,
    );
  });

  it("reports several schema problems at once too", () => {
    const text = edit(
      ["max: 10", "max: ten"],
      ["status: stated", "status: rumoured"],
      ["  title: Border talks", "  title: Border talks\n  colour: blue"],
    );
    const errors = errorsOf(text);
    assert.deepEqual(errors.map((p) => formatPath(p.path)).sort(), [
      "issues[1].max",
      "meta.colour",
      "parties[0].redLines[0].status",
    ]);
    expectProblem(text, errors, {
      path: "parties[0].redLines[0].status",
      message: /stated.*reported.*inferred/,
      at: "rumoured",
    });
  });

  it("reports reference problems together with schema problems elsewhere in the file", () => {
    const text = edit(
      ["  title: Border talks", "  title: Border talks\n  colour: blue"],
      ["requires: { issue: withdrawal, atMost: partial }", "requires: { issue: withdrawl, atMost: partial }"],
    );
    const errors = errorsOf(text);
    assert.deepEqual(errors.map((p) => formatPath(p.path)).sort(), [
      "meta.colour",
      "parties[0].redLines[0].requires.issue",
    ]);
    assert.match(errors.find((p) => p.path.includes("requires"))!.message, /did you mean "withdrawal"/);
  });
});
