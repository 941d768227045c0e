import type { Evaluation, EvaluationHeadline } from '../engine/index.js';
import type { AnswerTemplate, StoredAnswerRow } from './stored-response.js';

/**
 * What `Prefer: return=minimal` answers with (EvaluationSummaryDto): the record's id and time,
 * the workload's name, then the decision. One builder for a new answer and a stored one, so the
 * two are the same JSON.
 */
export function summaryJson(stored: { id: string; createdAt: string } | undefined, name: string, decision: string): Buffer {
  const opening = stored ? `{"id":${JSON.stringify(stored.id)},"createdAt":${JSON.stringify(stored.createdAt)},` : '{';
  return Buffer.from(`${opening}"name":${JSON.stringify(name)},${decision}}`);
}

/** The decision's members of the summary, as JSON without the braces. */
export function decisionJson(evaluation: EvaluationHeadline): string {
  const { recommendation, rationale, confidence, matrix } = evaluation;
  // Records stored before confidence existed have none.
  const decision = { recommendation, runnerUp: rationale.runnerUp, margin: rationale.margin, tie: rationale.tie, confidence: confidence?.level ?? null, matrix: { version: matrix.version, checksum: matrix.checksum } };
  return JSON.stringify(decision).slice(1, -1);
}

/** What a stored record's summary needs of its row: no answer, which its template or its body holds. */
export type DecisionRow = Pick<StoredAnswerRow, 'id' | 'createdAt' | 'workloadName' | 'answerTemplate'>;

// A template is the decision of every record that names it; its text is parsed once, while the template is cached.
const decisionsByTemplate = new WeakMap<AnswerTemplate, string>();

/**
 * A stored record's summary: from the answer template it names (without rebuilding its answer),
 * or, for a record stored whole, from its answer's bytes.
 */
export function storedSummary(row: DecisionRow, from: { template?: AnswerTemplate; answer?: Buffer }): Buffer {
  let decision: string | undefined;
  if (row.answerTemplate !== null) {
    const { template } = from;
    if (template?.id !== row.answerTemplate) throw new Error(`Stored answer of ${row.id} needs its answer template ${row.answerTemplate}.`);
    decision = decisionsByTemplate.get(template);
    if (decision === undefined) {
      // The template's text is the evaluation's JSON without its opening brace, cut where the name goes; the name is no part of the decision.
      decision = decisionJson(JSON.parse(`{${template.before.toString('utf8')}${template.after.toString('utf8')}`) as Evaluation);
      decisionsByTemplate.set(template, decision);
    }
  } else {
    if (!from.answer) throw new Error(`Stored answer of ${row.id} was not read.`);
    decision = decisionJson(JSON.parse(from.answer.toString('utf8')) as Evaluation);
  }
  return summaryJson({ id: row.id, createdAt: row.createdAt }, row.workloadName, decision);
}
