import fc from 'fast-check';
import { compareEvaluations, decide, evaluate, normalizeWorkload, type Comparable } from './index.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

describe('comparing against a bare decision', () => {
  const before = loadMatrixVersion('2026.1');
  const after = loadMatrixVersion('2026.2');

  it('gives the same comparison as against the full evaluation (impact analysis decides without explaining)', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const stored = evaluate(before, workload);
        const d = decide(after, workload);
        const bare: Comparable = { recommendation: d.ranked[0]?.option ?? null, options: d.options, rationale: { factors: d.factors } };
        expect(compareEvaluations(stored, bare)).toEqual(compareEvaluations(stored, evaluate(after, workload)));
      }),
      { numRuns: 300 },
    );
  });
});
