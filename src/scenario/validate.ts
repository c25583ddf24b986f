/**
 * Semantic checks that the schema cannot express: references between ids, duplicates, ranges, weights and
 * values. Returns every problem found, with its path; never throws.
 */
import { unknownName } from "../util/suggest.ts";
import type { Problem } from "./problem.ts";
import type {
  Claim,
  Constituency,
  Issue,
  IssueValue,
  OutcomeSpec,
  Party,
  Predicate,
  Preferences,
  RedLine,
  Reservation,
  Round,
  Scenario,
  Stakeholders,
  UncertainNumber,
  VariantChange,
} from "./schema.ts";

type Path = (string | number)[];

/** Weights whose sum is this close to 1 are accepted and rescaled silently (rounding in the input). */
export const WEIGHT_SUM_TOLERANCE = 0.01;

function isNumeric(issue: Issue): boolean {
  return issue.type === "integer" || issue.type === "real";
}

class Checker {
  readonly problems: Problem[] = [];
  readonly issues = new Map<string, Issue>();
  readonly parties = new Map<string, Party>();
  readonly sourceIds = new Set<string>();

  constructor(readonly scenario: Scenario) {
    for (const s of scenario.sources) this.sourceIds.add(s.id);
    for (const i of scenario.issues) if (!this.issues.has(i.id)) this.issues.set(i.id, i);
    for (const p of scenario.parties) if (!this.parties.has(p.id)) this.parties.set(p.id, p);
  }

  error(path: Path, message: string): void {
    this.problems.push({ severity: "error", path, message });
  }

  warn(path: Path, message: string): void {
    this.problems.push({ severity: "warning", path, message });
  }

  duplicates(items: readonly { id: string }[], path: Path, kind: string): void {
    const seen = new Map<string, number>();
    items.forEach((item, k) => {
      const first = seen.get(item.id);
      if (first !== undefined)
        this.error([...path, k, "id"], `duplicate ${kind} id "${item.id}" (first used at index ${first})`);
      else seen.set(item.id, k);
    });
  }

  /** Walks the whole document and checks every `sources` list refers to a declared source. */
  sourceRefs(value: unknown, path: Path): void {
    if (Array.isArray(value)) {
      value.forEach((v, k) => this.sourceRefs(v, [...path, k]));
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, v] of Object.entries(value)) {
      if (key === "sources" && path.length > 0 && Array.isArray(v)) {
        v.forEach((ref, k) => {
          if (typeof ref === "string" && !this.sourceIds.has(ref))
            this.error([...path, key, k], unknownName("source", ref, [...this.sourceIds]));
        });
      } else this.sourceRefs(v, [...path, key]);
    }
  }

  issueRef(id: string, path: Path): Issue | undefined {
    const issue = this.issues.get(id);
    if (!issue) this.error(path, unknownName("issue", id, [...this.issues.keys()]));
    return issue;
  }

  partyRef(id: string, path: Path): Party | undefined {
    const party = this.parties.get(id);
    if (!party) this.error(path, unknownName("party", id, [...this.parties.keys()]));
    return party;
  }

  /** Checks that `value` is a value of `issue`; numbers must lie in its range. */
  valueRef(issue: Issue, value: IssueValue, path: Path): boolean {
    if (isNumeric(issue)) {
      if (typeof value !== "number") {
        this.error(path, `issue "${issue.id}" is ${issue.type}: expected a number, got "${value}"`);
        return false;
      }
      const { min, max } = issue as { min: number; max: number };
      if (value < min || value > max) {
        this.error(path, `${value} is outside issue "${issue.id}"'s range [${min}, ${max}]`);
        return false;
      }
      return true;
    }
    const ids = (issue as { options: { id: string }[] }).options.map((o) => o.id);
    if (typeof value !== "string" || !ids.includes(value)) {
      this.error(path, unknownName(`option of issue "${issue.id}"`, value, ids));
      return false;
    }
    return true;
  }

  issueShape(issue: Issue, path: Path): void {
    if (issue.type === "categorical" || issue.type === "ordinal") {
      this.duplicates(issue.options, [...path, "options"], `option (in issue "${issue.id}")`);
    } else if (issue.min > issue.max) {
      this.error([...path, "max"], `max (${issue.max}) is below min (${issue.min}): the issue has no values`);
    } else if (issue.type === "integer" && (issue.max - issue.min) % issue.step !== 0) {
      this.warn(
        [...path, "max"],
        `max (${issue.max}) is not reached from min (${issue.min}) in steps of ${issue.step}; the last value is ${issue.max - ((issue.max - issue.min) % issue.step)}`,
      );
    } else if (issue.type === "real" && issue.min === issue.max) {
      this.error([...path, "max"], `a real issue needs min < max (both are ${issue.min})`);
    }
  }

  predicate(pred: Predicate, path: Path): void {
    if ("all" in pred) pred.all.forEach((p, k) => this.predicate(p, [...path, "all", k]));
    else if ("any" in pred) pred.any.forEach((p, k) => this.predicate(p, [...path, "any", k]));
    else if ("not" in pred) this.predicate(pred.not, [...path, "not"]);
    else {
      const issue = this.issueRef(pred.issue, [...path, "issue"]);
      if (!issue) return;
      if ("in" in pred) pred.in.forEach((v, k) => this.valueRef(issue, v, [...path, "in", k]));
      else if ("notIn" in pred) pred.notIn.forEach((v, k) => this.valueRef(issue, v, [...path, "notIn", k]));
      else {
        const key = "atLeast" in pred ? "atLeast" : "atMost";
        if (issue.type === "categorical")
          this.error(
            [...path, key],
            `${key} needs an ordered issue, but "${issue.id}" is categorical: make it ordinal or use in / notIn`,
          );
        else this.valueRef(issue, (pred as Record<string, IssueValue>)[key], [...path, key]);
      }
    }
  }

  outcome(outcome: OutcomeSpec, path: Path, requireFull: boolean): void {
    for (const [issueId, value] of Object.entries(outcome)) {
      const issue = this.issueRef(issueId, [...path, issueId]);
      if (issue) this.valueRef(issue, value, [...path, issueId]);
    }
    if (requireFull) {
      const missing = [...this.issues.keys()].filter((id) => !(id in outcome));
      if (missing.length > 0)
        this.error(
          path,
          `the outcome leaves out issue${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`,
        );
    }
  }

  preferences(prefs: Preferences, path: Path): void {
    let sum = 0;
    for (const [issueId, w] of Object.entries(prefs.weights)) {
      this.issueRef(issueId, [...path, "weights", issueId]);
      if (w < 0) this.error([...path, "weights", issueId], `weights cannot be negative (got ${w})`);
      sum += w;
    }
    if (sum <= 0)
      this.error([...path, "weights"], "the weights sum to 0: give at least one issue a positive weight");
    else if (prefs.weightsAsGiven) {
      if (sum > 1 + 1e-12)
        this.warn(
          [...path, "weights"],
          `the weights sum to ${round(sum)} and are used as given (weightsAsGiven): utilities are capped at 1`,
        );
    } else if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE && !prefs.normalize)
      this.error(
        [...path, "weights"],
        `the weights sum to ${round(sum)}, not 1: fix them, or set \`normalize: true\` to divide each by the sum`,
      );
    else if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
      this.warn(
        [...path, "weights"],
        `the weights sum to ${round(sum)}; each was divided by the sum (normalize: true)`,
      );

    for (const [issueId, fn] of Object.entries(prefs.values)) {
      const vpath = [...path, "values", issueId];
      const issue = this.issueRef(issueId, vpath);
      if (!issue) continue;
      if ("piecewise" in fn && Array.isArray(fn.piecewise)) {
        if (!isNumeric(issue)) {
          this.error(
            vpath,
            `a piecewise function needs a numeric issue, but "${issueId}" is ${issue.type}: give a value per option`,
          );
          continue;
        }
        const pts = fn.piecewise as [number, number][];
        for (let k = 1; k < pts.length; k++)
          if (pts[k][0] <= pts[k - 1][0])
            this.error(
              [...vpath, "piecewise", k, 0],
              `x values must increase (${pts[k][0]} follows ${pts[k - 1][0]})`,
            );
        pts.forEach(([, v], k) => this.checkValue(v, [...vpath, "piecewise", k, 1], prefs.normalize));
        continue;
      }
      if (isNumeric(issue)) {
        this.error(
          vpath,
          `issue "${issueId}" is ${issue.type}: give its value function as { piecewise: [[x, value], …] }`,
        );
        continue;
      }
      const table = fn as Record<string, number>;
      const ids = (issue as { options: { id: string }[] }).options.map((o) => o.id);
      for (const [opt, v] of Object.entries(table)) {
        if (!ids.includes(opt))
          this.error([...vpath, opt], unknownName(`option of issue "${issueId}"`, opt, ids));
        else this.checkValue(v, [...vpath, opt], prefs.normalize);
      }
      const weight = prefs.weights[issueId] ?? 0;
      const missing = ids.filter((id) => !(id in table));
      if (missing.length > 0 && weight > 0)
        this.error(
          vpath,
          `no value for option${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`,
        );
    }
    for (const [issueId, w] of Object.entries(prefs.weights))
      if (w > 0 && this.issues.has(issueId) && !(issueId in prefs.values))
        this.error([...path, "values"], `issue "${issueId}" has weight ${w} but no value function`);
  }

  checkValue(v: number, path: Path, normalize: boolean): void {
    if (v < 0) this.error(path, `values cannot be negative (got ${v})`);
    else if (v > 1 && !normalize)
      this.error(
        path,
        `values lie in [0, 1] (got ${v}): fix it, or set \`normalize: true\` to divide by the issue's largest value`,
      );
  }

  reservation(res: Reservation, path: Path): void {
    if (typeof res === "number") return;
    if ((res.value === undefined) === (res.outcome === undefined))
      this.error(path, "give the reservation as either `value` or `outcome`, not both or neither");
    if (res.outcome) this.outcome(res.outcome, [...path, "outcome"], true);
  }

  redLine(rl: RedLine, path: Path): void {
    this.predicate(rl.requires, [...path, "requires"]);
  }

  party(party: Party, path: Path): void {
    const veto = party.veto ?? party.role === "principal";
    if (party.preferences) this.preferences(party.preferences, [...path, "preferences"]);
    else if (veto)
      this.error(
        path,
        `party "${party.id}" must accept any agreement (veto) but has no preferences: add \`preferences\`, or set \`veto: false\``,
      );
    if (party.reservation !== undefined) {
      this.reservation(party.reservation, [...path, "reservation"]);
      if (!party.preferences)
        this.error([...path, "reservation"], "a reservation value needs preferences to compare against");
    }
    if (party.redLines) {
      this.duplicates(party.redLines, [...path, "redLines"], `red line (of party "${party.id}")`);
      party.redLines.forEach((rl, k) => this.redLine(rl, [...path, "redLines", k]));
    }
  }

  change(change: VariantChange, path: Path): void {
    const party = "party" in change ? this.partyRef(change.party, [...path, "party"]) : undefined;
    switch (change.op) {
      case "dropRedLine":
        if (party && !(party.redLines ?? []).some((r) => r.id === change.redLine))
          this.error(
            [...path, "redLine"],
            unknownName(
              `red line of party "${party.id}"`,
              change.redLine,
              (party.redLines ?? []).map((r) => r.id),
            ),
          );
        break;
      case "addRedLine":
        this.redLine(change.redLine, [...path, "redLine"]);
        break;
      case "setReservation":
        this.reservation(change.reservation, [...path, "reservation"]);
        break;
      case "setWeight":
        this.issueRef(change.issue, [...path, "issue"]);
        if (change.weight < 0)
          this.error([...path, "weight"], `weights cannot be negative (got ${change.weight})`);
        break;
      case "setValue": {
        const issue = this.issueRef(change.issue, [...path, "issue"]);
        if (issue && !isNumeric(issue)) this.valueRef(issue, change.option, [...path, "option"]);
        if (issue && isNumeric(issue))
          this.error([...path, "issue"], "setValue changes an option's value; numeric issues have none");
        break;
      }
      case "setVeto":
        break;
      case "restrictOptions": {
        const issue = this.issueRef(change.issue, [...path, "issue"]);
        if (issue && isNumeric(issue))
          this.error(
            [...path, "issue"],
            `restrictOptions needs an issue with options; "${issue.id}" is ${issue.type}`,
          );
        else if (issue) change.options.forEach((o, k) => this.valueRef(issue, o, [...path, "options", k]));
        break;
      }
      case "addOption": {
        const issue = this.issueRef(change.issue, [...path, "issue"]);
        if (issue && isNumeric(issue))
          this.error(
            [...path, "issue"],
            `addOption needs an issue with options; "${issue.id}" is ${issue.type}`,
          );
        else if (issue) {
          const ids = (issue as { options: { id: string }[] }).options.map((o) => o.id);
          if (ids.includes(change.option.id))
            this.error(
              [...path, "option", "id"],
              `issue "${issue.id}" already has an option "${change.option.id}"`,
            );
          if (change.after !== undefined) this.valueRef(issue, change.after, [...path, "after"]);
        }
        for (const [pid, v] of Object.entries(change.values)) {
          this.partyRef(pid, [...path, "values", pid]);
          this.checkValue(v, [...path, "values", pid], false);
        }
        break;
      }
    }
  }

  /** Rounds: unique ids, known parties, positions that are valid (possibly partial) outcomes, dates in order. */
  timeline(rounds: Round[], path: Path): void {
    this.duplicates(rounds, path, "round");
    rounds.forEach((round, k) => {
      const rpath = [...path, k];
      if (k > 0 && round.date < rounds[k - 1].date)
        this.warn(
          [...rpath, "date"],
          `round "${round.id}" (${round.date}) is dated before the round listed above it (${rounds[k - 1].date}); list rounds in date order`,
        );
      if (round.endDate !== undefined && round.endDate < round.date)
        this.error([...rpath, "endDate"], `endDate (${round.endDate}) is before date (${round.date})`);
      (round.mediators ?? []).forEach((m, j) => this.partyRef(m, [...rpath, "mediators", j]));
      (round.attendees ?? []).forEach((a, j) => this.partyRef(a.party, [...rpath, "attendees", j, "party"]));
      const seen = new Set<string>();
      (round.positions ?? []).forEach((pos, j) => {
        const ppath = [...rpath, "positions", j];
        this.partyRef(pos.party, [...ppath, "party"]);
        if (seen.has(pos.party))
          this.error([...ppath, "party"], `party "${pos.party}" has two positions in round "${round.id}"`);
        seen.add(pos.party);
        this.outcome(pos.outcome, [...ppath, "outcome"], false);
      });
      if (round.result?.agreed) this.outcome(round.result.agreed, [...rpath, "result", "agreed"], false);
    });
  }

  claims(claims: Claim[], path: Path): void {
    this.duplicates(claims, path, "claim");
    claims.forEach((c, k) => {
      if (c.party !== undefined) this.partyRef(c.party, [...path, k, "party"]);
      (c.claimedIn ?? []).forEach((ref, j) => {
        if (!this.sourceIds.has(ref))
          this.error([...path, k, "claimedIn", j], unknownName("source", ref, [...this.sourceIds]));
      });
    });
  }

  /** An uncertain number: ordered ends, within [lo, hi] when given. */
  uncertain(u: UncertainNumber, path: Path, what: string, lo?: number, hi?: number): void {
    const inside = (x: number, p: Path) => {
      if ((lo !== undefined && x < lo) || (hi !== undefined && x > hi))
        this.error(p, `${what} ${x} is outside [${lo ?? "-∞"}, ${hi ?? "∞"}]`);
    };
    if (typeof u === "number") inside(u, path);
    else if ("range" in u) {
      if (u.range[0] > u.range[1])
        this.error(
          [...path, "range"],
          `the range's low end ${u.range[0]} exceeds its high end ${u.range[1]}`,
        );
      u.range.forEach((x, k) => inside(x, [...path, "range", k]));
    } else if ("triangular" in u) {
      const [a, m, b] = u.triangular;
      if (!(a <= m && m <= b))
        this.error(
          [...path, "triangular"],
          `give [low, most likely, high] in order (got [${a}, ${m}, ${b}])`,
        );
      u.triangular.forEach((x, k) => inside(x, [...path, "triangular", k]));
    } else inside(u.normal.mean, [...path, "normal", "mean"]);
  }

  /** Stakeholders: known issues and parties, positions on each issue's scale, saliences in [0, 1]. */
  stakeholders(st: Stakeholders, path: Path): void {
    const scaleOf = (
      issue: Issue,
    ): { lo: number; hi: number; points?: Record<string, number> } | undefined => {
      if (issue.type === "integer" || issue.type === "real") return { lo: issue.min, hi: issue.max };
      const explicit = st.scales[issue.id];
      const points =
        explicit ??
        (issue.type === "ordinal" ? Object.fromEntries(issue.options.map((o, k) => [o.id, k])) : undefined);
      if (!points) return undefined;
      const xs = Object.values(points);
      return { lo: Math.min(...xs), hi: Math.max(...xs), points };
    };
    for (const [issueId, map] of Object.entries(st.scales)) {
      const issue = this.issueRef(issueId, [...path, "scales", issueId]);
      if (!issue) continue;
      if (issue.type === "integer" || issue.type === "real") {
        this.error(
          [...path, "scales", issueId],
          `issue "${issueId}" is ${issue.type}: its values are already on a scale`,
        );
        continue;
      }
      const ids = issue.options.map((o) => o.id);
      for (const opt of Object.keys(map))
        if (!ids.includes(opt))
          this.error(
            [...path, "scales", issueId, opt],
            unknownName(`option of issue "${issueId}"`, opt, ids),
          );
      const missing = ids.filter((id) => !(id in map));
      if (missing.length > 0)
        this.error(
          [...path, "scales", issueId],
          `no scale point for option${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`,
        );
    }
    const point = (issue: Issue, value: UncertainNumber | string, p: Path, what: string) => {
      const scale = scaleOf(issue);
      if (!scale) {
        this.error(
          p,
          `issue "${issue.id}" is categorical: map its options onto a scale in stakeholders.scales.${issue.id}`,
        );
        return;
      }
      if (typeof value === "string") {
        if (!scale.points || !(value in scale.points))
          this.error(p, unknownName(`option of issue "${issue.id}"`, value, Object.keys(scale.points ?? {})));
      } else this.uncertain(value, p, what, scale.lo, scale.hi);
    };
    for (const [issueId, value] of Object.entries(st.statusQuo)) {
      const issue = this.issueRef(issueId, [...path, "statusQuo", issueId]);
      if (issue) point(issue, value, [...path, "statusQuo", issueId], "the status quo");
    }
    this.duplicates(st.actors, [...path, "actors"], "stakeholder");
    st.actors.forEach((a, k) => {
      const apath = [...path, "actors", k];
      if (a.party !== undefined) this.partyRef(a.party, [...apath, "party"]);
      this.uncertain(a.capability, [...apath, "capability"], "capability", 0);
      for (const [issueId, stance] of Object.entries(a.stances)) {
        const spath = [...apath, "stances", issueId];
        const issue = this.issueRef(issueId, spath);
        if (!issue) continue;
        point(issue, stance.position, [...spath, "position"], "position");
        this.uncertain(stance.salience, [...spath, "salience"], "salience", 0, 1);
      }
    });
  }

  /** Constituencies: a known party, members that are declared stakeholders, non-negative weights. */
  constituencies(cs: Constituency[], path: Path): void {
    const ids = (this.scenario.stakeholders?.actors ?? []).map((a) => a.id);
    const seen = new Set<string>();
    cs.forEach((c, k) => {
      const cpath = [...path, k];
      this.partyRef(c.party, [...cpath, "party"]);
      if (seen.has(c.party)) this.error([...cpath, "party"], `party "${c.party}" has two constituencies`);
      seen.add(c.party);
      c.members.forEach((m, j) => {
        if (!ids.includes(m.stakeholder))
          this.error([...cpath, "members", j, "stakeholder"], unknownName("stakeholder", m.stakeholder, ids));
        if (m.weight !== undefined) this.uncertain(m.weight, [...cpath, "members", j, "weight"], "weight", 0);
      });
    });
  }

  run(): Problem[] {
    const s = this.scenario;
    this.duplicates(s.sources, ["sources"], "source");
    this.duplicates(s.issues, ["issues"], "issue");
    this.duplicates(s.parties, ["parties"], "party");
    this.duplicates(s.variants, ["variants"], "variant");
    this.sourceRefs(s, []);
    s.issues.forEach((issue, k) => this.issueShape(issue, ["issues", k]));
    s.parties.forEach((party, k) => this.party(party, ["parties", k]));
    if (!s.parties.some((p) => p.preferences))
      this.error(["parties"], "no party has preferences: at least one is needed to analyse the scenario");
    else if (!s.parties.some((p) => p.preferences && (p.veto ?? p.role === "principal")))
      // Without a party that must agree there is no zone or frontier to speak of.
      this.error(
        ["parties"],
        "no party must agree to an outcome: make at least one party with preferences a principal, or give it `veto: true`",
      );
    s.variants.forEach((v, k) => v.changes.forEach((c, j) => this.change(c, ["variants", k, "changes", j])));
    if (s.statusQuo) this.outcome(s.statusQuo, ["statusQuo"], true);
    if (s.timeline) this.timeline(s.timeline, ["timeline"]);
    if (s.claims) this.claims(s.claims, ["claims"]);
    if (s.outOfScope) this.duplicates(s.outOfScope, ["outOfScope"], "out-of-scope topic");
    if (s.stakeholders) this.stakeholders(s.stakeholders, ["stakeholders"]);
    if (s.constituencies) this.constituencies(s.constituencies, ["constituencies"]);
    return this.problems;
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Every semantic problem in a schema-valid scenario. */
export function checkScenario(scenario: Scenario): Problem[] {
  return new Checker(scenario).run();
}
