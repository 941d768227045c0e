import { readFileSync } from 'node:fs';
import { evaluate, loadMatrix, normalizeWorkload } from './index.js';
import { readMatrixDocument } from '../../test/support/factories.js';

// Decisions recorded under 2026.1 before 2026.2 and runtimes existed: the same inputs under
// 2026.1 must give the same answer, scores, weights, checklist and estimates, or a stored
// audit record could no longer be replayed.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/replay/2026.1.json', import.meta.url), 'utf8')) as {
  checksum: string;
  cases: {
    input: unknown;
    recommendation: string | null;
    options: Record<string, unknown>[];
    margin: number | null;
    runnerUp: string | null;
    factors: unknown[];
    hardening: string[];
    estimates: { referenceHost: string; memorySource: string; options: Record<string, unknown>[] };
  }[];
};
const matrix = loadMatrix(readMatrixDocument('2026.1'));

describe('matrix 2026.1 replays exactly', () => {
  it('has the checksum the recorded decisions name', () => {
    expect(matrix.checksum).toBe(fixture.checksum);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(70);
  });

  it.each(fixture.cases.map((c, i) => [i, c] as const))('case %i', (_i, recorded) => {
    const result = evaluate(matrix, normalizeWorkload(recorded.input));
    expect(result.recommendation).toBe(recorded.recommendation);
    expect(result.options.map(({ runtime: _runtime, ...rest }) => rest)).toEqual(recorded.options);
    expect(result.rationale.margin).toBe(recorded.margin);
    expect(result.rationale.runnerUp).toBe(recorded.runnerUp);
    expect(result.rationale.factors).toEqual(recorded.factors);
    expect(result.hardening.map((h) => h.id)).toEqual(recorded.hardening);
    expect(result.estimates.referenceHost).toBe(recorded.estimates.referenceHost);
    expect(result.estimates.options.map(({ runtime: _runtime, ...rest }) => rest)).toEqual(recorded.estimates.options);
  });
});
