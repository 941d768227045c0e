import fc from 'fast-check';
import { createEvaluationMemo, normalizeWorkload, type Evaluation } from '../engine/index.js';
import { loadDefaultMatrix, workloadInput } from '../../test/support/factories.js';
import { decisionJson, storedSummary, summaryJson } from './evaluation-summary.js';
import { answerBytes, packEvaluation, packResponse, unpackAnswer, unpackTemplate, type StoredAnswerRow } from './stored-response.js';

const matrix = loadDefaultMatrix();
const memo = createEvaluationMemo(matrix, 64);
const ids = { id: '0190a8a0-0000-7000-8000-000000000000', createdAt: '2026-11-26T14:00:00.000Z' };
const row = (workload: { name: string }, body: Uint8Array, answerTemplate: string | null = null): StoredAnswerRow => ({ ...ids, workload: JSON.stringify(workload), workloadName: workload.name, answerTemplate, body });
const names = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.constantFrom('Checkout "api" \\ é 🚀', 'a'));

describe('evaluation summaries', () => {
  it('are the same JSON from a new answer and from its record, whichever way the record stored it', () => {
    // The matrix's own examples: every placement, with and without ties and exclusions.
    const workloads = matrix.document.examples.map((e) => e.workload);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: workloads.length - 1 }), names, (i, name) => {
        const workload = normalizeWorkload({ ...(workloads[i] as object), name });
        const { evaluation, utf8 } = memo.evaluate(workload);
        const fresh = summaryJson(ids, name, decisionJson(evaluation));
        const parsed = JSON.parse(fresh.toString('utf8')) as Record<string, unknown>;
        expect(parsed).toEqual({
          ...ids,
          name,
          recommendation: evaluation.recommendation,
          runnerUp: evaluation.rationale.runnerUp,
          margin: evaluation.rationale.margin,
          tie: evaluation.rationale.tie,
          confidence: evaluation.confidence.level,
          matrix: { version: evaluation.matrix.version, checksum: evaluation.matrix.checksum },
        });
        // Format 3: the template's decision, the record's name.
        const { body, template } = packEvaluation(utf8, name);
        expect(template).toBeDefined();
        const decoded = unpackTemplate(template!);
        expect(storedSummary(row(workload, body, template!.id), { template: decoded }).equals(fresh)).toBe(true);
        // The second read of a template takes its remembered decision: still this record's name and id.
        expect(JSON.parse(storedSummary({ ...row({ name: 'another' }, body, template!.id), id: 'other' }, { template: decoded }).toString('utf8'))).toMatchObject({ id: 'other', name: 'another', recommendation: evaluation.recommendation });
        // Format 1: the whole answer compressed; format 2: the evaluation's own segments.
        const whole = answerBytes(ids, workload, utf8);
        for (const stored of [row(workload, packResponse(whole)), row(workload, packEvaluation([Buffer.concat(utf8)], name).body)]) {
          expect(storedSummary(stored, { answer: unpackAnswer(stored) }).equals(fresh)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuse a record whose template or answer was not read, rather than answer without its decision', () => {
    const { utf8 } = memo.evaluate(normalizeWorkload(workloadInput({ name: 'unread' })));
    const { template } = packEvaluation(utf8, 'unread');
    const record = { ...ids, workloadName: 'unread' };
    expect(() => storedSummary({ ...record, answerTemplate: template!.id }, {})).toThrow(/needs its answer template/);
    expect(() => storedSummary({ ...record, answerTemplate: 'another' }, { template: unpackTemplate(template!) })).toThrow(/needs its answer template another/);
    expect(() => storedSummary({ ...record, answerTemplate: null }, {})).toThrow(/was not read/);
  });

  it('say null for a confidence a record stored before confidence existed does not have', () => {
    const { evaluation } = memo.evaluate(normalizeWorkload(workloadInput({ name: 'old record' })));
    const { confidence: _confidence, ...older } = evaluation;
    expect(JSON.parse(`{${decisionJson(older as Evaluation)}}`)).toMatchObject({ confidence: null, recommendation: evaluation.recommendation });
  });
});
