/**
 * Our scenario → GENIUS XML: one domain file (`<id>-domain.xml`, root negotiation_template) and one profile
 * per party with preferences (`<party id>.xml`, root utility_space). Numeric issues whose value functions
 * are all clamped lines stay integer / real issues with linear evaluators; others become discrete issues
 * listing their enumerated values. Returns the files and warnings; writes nothing.
 */
import type { Scenario } from "../scenario/schema.ts";
import { type ExportFile, type ExportIssue, exportModel, fitClampedLine, num } from "./exportModel.ts";
import { DEFAULT_REAL_RESOLUTION } from "./genius.ts";

export interface GeniusExport {
  files: ExportFile[];
  warnings: string[];
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

type Shape = { kind: "discrete" } | { kind: "integer" | "real"; lines: { slope: number; offset: number }[] };

export function exportGenius(scenario: Scenario): GeniusExport {
  const model = exportModel(scenario, "GENIUS");
  const warnings = [...model.warnings];
  const shapes: Shape[] = model.issues.map((ei, i): Shape => {
    const { issue } = ei;
    if (issue.type === "categorical" || issue.type === "ordinal") return { kind: "discrete" };
    const xs = ei.values as number[];
    const lines = model.parties.map((p) => fitClampedLine(xs, p.values[i]));
    const why =
      issue.type === "integer" && issue.step !== 1
        ? `its step is ${issue.step} (GENIUS integer issues step by 1)`
        : lines.some((l) => l === null)
          ? "a value function is not a clamped line (GENIUS numeric evaluators are linear)"
          : issue.type === "real" && issue.resolution !== DEFAULT_REAL_RESOLUTION
            ? `GENIUS real issues are continuous and Zopa imports them at ${DEFAULT_REAL_RESOLUTION} values, not ${issue.resolution}`
            : null;
    if (why) {
      warnings.push(`issue "${issue.id}" written as a discrete issue of its ${xs.length} values: ${why}`);
      return { kind: "discrete" };
    }
    return { kind: issue.type, lines: lines as { slope: number; offset: number }[] };
  });

  const issueHead = (ei: ExportIssue, i: number, shape: Shape) => {
    const type = shape.kind;
    const bounds =
      type === "integer"
        ? ` lowerbound="${num(ei.values[0] as number)}" upperbound="${num(ei.values[ei.values.length - 1] as number)}"`
        : "";
    return `<issue index="${i + 1}" etype="${type}" type="${type}" vtype="${type}" name="${esc(ei.name)}"${bounds}>`;
  };
  const realRange = (ei: ExportIssue) =>
    `<range lowerbound="${num(ei.values[0] as number)}" upperbound="${num(ei.values[ei.values.length - 1] as number)}"/>`;
  const objectiveOpen = `<objective index="0" etype="objective" type="objective" description="" name="${esc(model.title)}">`;

  const domain: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', "<negotiation_template>"];
  domain.push(`  <utility_space number_of_issues="${model.issues.length}">`, `    ${objectiveOpen}`);
  model.issues.forEach((ei, i) => {
    const shape = shapes[i];
    domain.push(`      ${issueHead(ei, i, shape)}`);
    if (shape.kind === "discrete")
      ei.labels.forEach((l, k) => domain.push(`        <item index="${k + 1}" value="${esc(l)}"/>`));
    if (shape.kind === "real") domain.push(`        ${realRange(ei)}`);
    domain.push("      </issue>");
  });
  domain.push("    </objective>", "  </utility_space>", "</negotiation_template>", "");

  const files: ExportFile[] = [{ name: `${model.id}-domain.xml`, text: domain.join("\n") }];
  model.parties.forEach((party, p) => {
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', "<utility_space>", `  ${objectiveOpen}`];
    model.issues.forEach((ei, i) => {
      const shape = shapes[i];
      out.push(`    ${issueHead(ei, i, shape)}`);
      if (shape.kind === "discrete")
        ei.labels.forEach((l, k) =>
          out.push(
            `      <item index="${k + 1}" value="${esc(l)}" evaluation="${num(party.values[i][k])}"/>`,
          ),
        );
      else if (shape.kind === "integer") {
        const { slope, offset } = shape.lines[p];
        out.push(`      <evaluator ftype="linear" slope="${num(slope)}" offset="${num(offset)}"/>`);
      } else {
        // GENIUS real: clamp(parameter0 + parameter1·x); our line is offset + slope·(x − min).
        const { slope, offset } = shape.lines[p];
        const min = ei.values[0] as number;
        out.push(`      ${realRange(ei)}`);
        out.push(
          `      <evaluator ftype="linear" parameter0="${num(offset - slope * min)}" parameter1="${num(slope)}"/>`,
        );
      }
      out.push("    </issue>");
    });
    party.weights.forEach((w, i) => out.push(`    <weight index="${i + 1}" value="${num(w)}"/>`));
    out.push("  </objective>");
    if (party.discount !== null) out.push(`  <discount_factor value="${num(party.discount)}"/>`);
    out.push(`  <reservation value="${num(party.reservation)}"/>`, "</utility_space>", "");
    if (party.reservationOutcome)
      warnings.push(
        `party "${party.id}": the reservation outcome is written as its utility ${party.reservation} (GENIUS stores a number)`,
      );
    files.push({ name: `${party.id}.xml`, text: out.join("\n") });
  });
  return { files, warnings };
}
