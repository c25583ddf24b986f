/**
 * The DEU III data (decision-making in the European Union: per legislative issue, the actors' positions and
 * saliences, the reference point and the outcome) as the backtest reads it. Filled from the tab-separated file
 * by formats/stakeholders/deuTsv.ts.
 */

export interface DeuActor {
  /** Column suffix: `com`, `ep`, `at`, … `uk`. */
  code: string;
  position: number;
  /** 0–100; 0 when the file leaves it blank for an actor that took a position. */
  salience: number;
  /** False when the salience cell was blank (the baselines then weigh the actor 0). */
  salienceRecorded: boolean;
  /** The GDP figure of row 2 (used as capability by the GDP-weighted baseline); 0 when blank. */
  gdp: number;
}

export interface DeuIssue {
  /** Proposal number (`prnr`), the unit of cross-validation. */
  proposal: string;
  proposalName: string;
  /** Issue number (`isnr`). */
  issue: string;
  /** Reg / Dir / Dec. */
  type: string;
  council: string;
  /** Legislative procedure: COD, CNS, … */
  procedure: string;
  /** Council voting rule: QMV / Unan. */
  vote: string;
  /** Year of the proposal's introduction, recovered from `intro` (see `introYear`); undefined when unreadable. */
  year?: number;
  actors: DeuActor[];
  referencePoint?: number;
  outcome?: number;
  /** 1-based line in the file. */
  line: number;
}
