/**
 * Thin wrappers that register a suite's checks with any test runner that has `test(name, fn)` (node:test,
 * Vitest, Jest, Mocha): one test per check, all fed by one run of the suite. No runner is imported here.
 */
import type { CheckReport } from "./report.ts";

/** A test runner's `test(name, fn)` (`import { test } from "node:test"`). */
export type TestFunction = (name: string, fn: () => Promise<void>) => unknown;

/** Thrown by a failed check's test: the check's name and its reason. */
export class CheckFailed extends Error {
  override name = "CheckFailed";
}

/**
 * Registers one test per check name, titled `subject: check`. The suite runs once, when the first of them
 * runs; a check the report does not contain is skipped as passed (it did not apply).
 */
export function registerChecks(
  test: TestFunction,
  subject: string,
  names: readonly string[],
  run: () => Promise<CheckReport>,
): void {
  let report: Promise<CheckReport> | null = null;
  for (const name of names)
    test(`${subject}: ${name}`, async () => {
      report ??= run();
      const done = await report;
      const check = done.checks.find((c) => c.name === name);
      const failed = done.checks.filter((c) => !c.ok);
      if (!check && failed.length)
        throw new CheckFailed(
          `${subject}: "${name}" not run, because: ${failed.map((c) => `${c.name}: ${c.detail}`).join("; ")}`,
        );
      if (check && !check.ok) throw new CheckFailed(`${subject} fails "${name}": ${check.detail}`);
    });
}

/** Throws one error listing every failed check; returns the report when all passed. */
export function assertChecks(report: CheckReport): CheckReport {
  const failed = report.checks.filter((c) => !c.ok);
  if (failed.length)
    throw new CheckFailed(
      `${report.subject} fails ${failed.length} check${failed.length === 1 ? "" : "s"}:\n${failed.map((c) => `✗ ${c.name}: ${c.detail}`).join("\n")}`,
    );
  return report;
}
