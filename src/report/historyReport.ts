/** Text and Markdown renderings of a History (src/history): rounds, positions with move classes, aggregates. */

import type { History, PositionEvaluation, VariantEvaluation } from "../history/history.ts";
import { fixed, signed } from "../util/format.ts";
import { escapeRendering } from "./escape.ts";
import { heading, type Style, table } from "./textTable.ts";

export function variantLabel(v: string | null): string {
  return v ?? "base";
}

/** "ok", "breaks a, b", "below reservation", or "outside scope" for one negotiator under one variant. */
export function acceptabilityText(ev: VariantEvaluation, party: string): string {
  if (!ev.inSpace) return "outside scope";
  const a = ev.acceptableTo[party];
  if (!a) return "–";
  if (a.acceptable) return "acceptable";
  const parts = [...a.brokenRedLines];
  if (a.belowReservation) parts.push("reservation");
  return `breaks ${parts.join(", ")}`;
}

/** The position's own issues, marked: stated as is, carried with ^, proposer-best with *. */
export function positionText(p: PositionEvaluation): string {
  return Object.entries(p.outcome)
    .map(([k, v]) => `${k}=${v}${p.basis[k] === "carried" ? "^" : p.basis[k] === "proposer-best" ? "*" : ""}`)
    .join(", ");
}

export function renderHistory(h: History, style: Style = "text"): string {
  const out: string[] = [];
  const title = `${h.scenario.title}: history of the rounds`;
  out.push(style === "markdown" ? `# ${title}` : title, "");
  const utilityIds = Object.keys(h.positions[0]?.utilities ?? {});
  out.push(
    `Positions are completed issue by issue: stated at the round; else carried (^) from the party's last stated value; else the option best for the proposer (*). Utilities use the base scenario's preferences; moves are DANS classes against ${h.negotiators.join(" / ")}. Variants: ${h.variants.map(variantLabel).join(", ")}.`,
    "",
  );

  out.push(heading(style, "Rounds"));
  out.push(
    ...table(
      style,
      ["date", "round", "venue", "attendees", "mediators"],
      h.rounds.map((r) => [
        `${r.approximate ? "≈" : ""}${r.date}${r.endDate ? `…${r.endDate}` : ""}`,
        r.id,
        r.venue,
        r.attendees.map((a) => `${a.name} (${a.party})`).join("; ") || "–",
        r.mediators.join(", ") || "–",
      ]),
    ),
    "",
  );

  out.push(heading(style, "Positions and moves"));
  const header = ["round", "party", ...utilityIds.map((id) => `U ${id}`), "move", "Δself", "Δother"];
  const rows = h.positions.map((p) => {
    const others = h.negotiators.filter((id) => id !== p.party);
    const dOther = p.move ? others.map((id) => signed(p.move!.deltaOthers[id] ?? 0, 3)).join("/") : "–";
    return [
      p.round,
      p.party,
      ...utilityIds.map((id) => fixed(p.utilities[id], 3)),
      p.move ? p.move.class : "(first)",
      p.move ? signed(p.move.deltaSelf, 3) : "–",
      dOther,
    ];
  });
  out.push(...table(style, header, rows), "");

  out.push(heading(style, "Completed positions"));
  for (const p of h.positions) {
    const ranges = Object.entries(p.range)
      .map(([id, [lo, hi]]) => `${id} ${fixed(lo, 3)}–${fixed(hi, 3)}`)
      .join(", ");
    out.push(
      `${style === "markdown" ? "- " : "  "}${p.round} ${p.party}: ${positionText(p)}${p.sources.length ? ` [${p.sources.join(", ")}]` : ""}; utility range over completions: ${ranges}`,
    );
  }
  out.push("");

  out.push(heading(style, "Acceptability to the other side and distance to the agreement zone"));
  h.variants.forEach((v, j) => {
    const zoneSize = h.positions[0]?.variants[j].zoneSize ?? 0;
    out.push(
      "",
      `${style === "markdown" ? "### " : ""}Variant ${variantLabel(v)} (zone: ${zoneSize === 0 ? "empty" : `${zoneSize} outcomes`})`,
    );
    out.push(
      ...table(
        style,
        ["round", "party", "acceptable to", "distance to zone"],
        h.positions.map((p) => {
          const ev = p.variants[j];
          const others = h.negotiators.filter((id) => id !== p.party);
          const dist =
            ev.zoneSize === 0
              ? "no zone"
              : ev.inZone
                ? "in zone"
                : `${ev.distance.issues} issue${ev.distance.issues === 1 ? "" : "s"}${ev.distance.utility !== null ? `, Δu ${fixed(ev.distance.utility, 3)}` : ""}`;
          return [
            p.round,
            p.party,
            others.map((id) => `${id}: ${acceptabilityText(ev, id)}`).join("; "),
            dist,
          ];
        }),
      ),
    );
  });
  out.push("");

  if (h.results.some((r) => r.outcome)) {
    out.push(heading(style, "Agreed results"));
    for (const r of h.results) {
      if (!r.outcome) continue;
      const zones = r.variants
        .map(
          (ev) =>
            `${variantLabel(ev.variant)}: ${ev.inZone ? "in zone" : ev.inSpace ? "not in zone" : "outside scope"}`,
        )
        .join("; ");
      out.push(
        `${style === "markdown" ? "- " : "  "}${r.round}: ${r.summary}`,
        `    utilities ${Object.entries(r.utilities ?? {})
          .map(([id, u]) => `${id} ${fixed(u, 3)}`)
          .join(", ")}; ${zones}`,
      );
    }
    out.push("");
  }

  out.push(heading(style, "Per party"));
  out.push(
    ...table(
      style,
      [
        "party",
        "positions",
        "moves",
        "net concession",
        "gross concession",
        "others' gain",
        "ever acceptable to the other side",
      ],
      h.aggregates.map((a) => [
        a.party,
        String(a.positions),
        Object.entries(a.moves)
          .filter(([, n]) => n > 0)
          .map(([c, n]) => `${c} ${n}`)
          .join(", ") || "–",
        fixed(a.netConcession, 3),
        fixed(a.grossConcession, 3),
        Object.entries(a.otherGain)
          .map(([id, g]) => `${id} ${signed(g, 3)}`)
          .join(", "),
        Object.entries(a.everAcceptableTo)
          .map(
            ([v, m]) =>
              `${v || "base"}: ${Object.values(m)
                .map((b) => (b === null ? "n/a" : b ? "yes" : "no"))
                .join("/")}`,
          )
          .join("; "),
      ]),
    ),
    "",
  );
  if (h.notes.length > 0) {
    out.push(heading(style, "Notes"));
    for (const n of h.notes) out.push(`  - ${n}`);
    out.push("");
  }
  return escapeRendering(`${out.join("\n").trimEnd()}\n`, style);
}
