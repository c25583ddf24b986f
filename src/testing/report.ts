/**
 * What every conformance suite returns: a list of named checks, each passed or failed with a reason. Plain
 * data, so that a test runner, the CLI (`zopa agent check`) or a browser page can show it. Pure: no I/O.
 */

export interface Check {
  /** What the subject must do, as a sentence: "offers only outcomes in the space". */
  name: string;
  ok: boolean;
  /**
   * Why it failed (the first counterexample: where, the step, the outcome, the reason), or what was covered
   * when it passed ("48 runs"), or why it did not apply ("not applicable: …").
   */
  detail: string;
}

export interface CheckReport {
  /** The implementation checked: an agent's name, a protocol's, a format's, a model's. */
  subject: string;
  checks: Check[];
}

/** True when every check passed. */
export function passed(report: CheckReport): boolean {
  return report.checks.every((c) => c.ok);
}

/** The checks that failed. */
export function failures(report: CheckReport): Check[] {
  return report.checks.filter((c) => !c.ok);
}

/** `✓ name (detail)` / `✗ name: detail`, one check a line, then a summary line. */
export function renderCheckReport(report: CheckReport): string {
  const lines = [`${report.subject}`];
  for (const c of report.checks)
    lines.push(c.ok ? `  ✓ ${c.name}${c.detail ? ` (${c.detail})` : ""}` : `  ✗ ${c.name}: ${c.detail}`);
  const failed = failures(report).length;
  lines.push(
    failed === 0
      ? `all ${report.checks.length} checks passed`
      : `${failed} of ${report.checks.length} checks failed`,
  );
  return `${lines.join("\n")}\n`;
}

/**
 * Collects checks by name, in a fixed order: a check passes unless `fail` was called for it; the first
 * failure's reason is kept (with a count of the others), so a report names one counterexample per check.
 */
export class CheckList {
  private readonly order: string[];
  private readonly failed = new Map<string, { first: string; count: number }>();
  private readonly notes = new Map<string, string>();

  constructor(names: readonly string[]) {
    this.order = [...names];
  }

  fail(name: string, reason: string): void {
    if (!this.order.includes(name)) this.order.push(name);
    const f = this.failed.get(name);
    if (f) f.count++;
    else this.failed.set(name, { first: reason, count: 1 });
  }

  /** What a passing check covered, or why it did not apply. */
  note(name: string, detail: string): void {
    this.notes.set(name, detail);
  }

  hasFailed(name: string): boolean {
    return this.failed.has(name);
  }

  report(subject: string): CheckReport {
    return {
      subject,
      checks: this.order.map((name) => {
        const f = this.failed.get(name);
        if (!f) return { name, ok: true, detail: this.notes.get(name) ?? "" };
        const more = f.count > 1 ? ` (and ${f.count - 1} more)` : "";
        return { name, ok: false, detail: `${f.first}${more}` };
      }),
    };
  }
}

/** A short text of any thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
