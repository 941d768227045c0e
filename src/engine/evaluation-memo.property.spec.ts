import fc from 'fast-check';
import { createEvaluationMemo, evaluate, normalizeWorkload } from './index.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

describe.each(['2026.1', '2026.2', '2026.3', '2026.4', '2026.5', '2026.6', '2026.7', '2026.8', '2026.9', '2026.10', '2026.11', '2026.12', '2026.13', '2026.14', '2026.15', '2026.16', '2026.17', '2026.18', '2026.19', '2026.20'])(
  'a memo of evaluate under %s',
  (version) => {
    const matrix = loadMatrixVersion(version);

    it('answers exactly what evaluate answers, whatever the name, the order of calls and evictions', () => {
      // A small memo, so that random runs hit, miss and evict.
      const memo = createEvaluationMemo(matrix, 8);
      // Names with quotes, backslashes, control characters and astral symbols test the JSON splice.
      const names = fc.oneof(fc.constantFrom('a', 'b', 'say "hi" \\ to $& and $1', 'tab\tnew\nline \u0000', 'emoji 🚀', 'café ÿ', 'ħ'), fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }));
      fc.assert(
        fc.property(fc.array(fc.tuple(workloadArb, names), { minLength: 1, maxLength: 6 }), (calls) => {
          // Each workload twice under different names: the second call is usually a hit.
          for (const [input, workloadName] of [...calls, ...calls.map(([w], i) => [w, `renamed ${i}`] as const)]) {
            const workload = normalizeWorkload({ ...input, name: workloadName });
            const expected = evaluate(matrix, workload);
            const answer = memo.evaluate(workload);
            expect(answer.evaluation).toEqual(expected);
            expect(answer.json).toBe(JSON.stringify(expected));
            expect(answer.headline).toEqual({
              recommendation: expected.recommendation,
              rationale: { runnerUp: expected.rationale.runnerUp, margin: expected.rationale.margin, tie: expected.rationale.tie },
              confidence: expected.confidence,
              matrix: expected.matrix,
            });
            expect(Buffer.concat(answer.utf8).toString('utf8')).toBe(JSON.stringify(expected));
            expect(answer.workloadJson).toBe(JSON.stringify(workload));
            // The same attributes in another key order (the name last): a key of another form, the same answer.
            const reordered = Object.fromEntries(Object.entries(workload).reverse()) as typeof workload;
            const again = memo.evaluate(reordered);
            expect(again.json).toBe(JSON.stringify(evaluate(matrix, reordered)));
            expect(again.workloadJson).toBe(JSON.stringify(reordered));
          }
        }),
        { numRuns: 150 },
      );
      expect(memo.size).toBeLessThanOrEqual(8);
    });

    it('remembers one answer for the same attributes under any name, in normalised key order or not', () => {
      const memo = createEvaluationMemo(matrix);
      const workload = normalizeWorkload({ name: 'x', codeTrust: 'untrusted', tenancy: 'multi-tenant', scale: { instances: 5 } });
      memo.evaluate(workload);
      memo.evaluate({ ...workload, name: 'y' });
      expect(memo.size).toBe(1);
      const nameLast = Object.fromEntries(Object.entries(workload).reverse()) as typeof workload;
      memo.evaluate(nameLast);
      memo.evaluate({ ...nameLast, name: 'z' });
      expect(memo.size).toBe(2);
    });

    it.each([
      [3, 1],
      [32, 2],
    ])('when full (%i answers), forgets the %i least recently used, as a reference list of keys does', (capacity, forgotten) => {
      // More distinct workloads than the memo holds: a remembered answer shares its encoded
      // pieces with the previous call's (toBe), a recomputed one does not.
      const workloads = Array.from({ length: capacity + 2 }, (_, i) => normalizeWorkload({ name: 'x', codeTrust: 'first-party', tenancy: 'single-tenant', scale: { instances: i + 1 } }));
      fc.assert(
        fc.property(fc.array(fc.nat({ max: capacity + 1 }), { minLength: 1, maxLength: 4 * capacity }), (sequence) => {
          const memo = createEvaluationMemo(matrix, capacity);
          const reference: number[] = []; // most recently used last
          const lastPieces = new Map<number, unknown>();
          // Filled first, so that every run reaches the full memo.
          for (const which of [...workloads.keys()].slice(0, capacity).concat(sequence)) {
            const answer = memo.evaluate(workloads[which]);
            const remembered = reference.includes(which);
            expect(answer.utf8[0] === lastPieces.get(which)).toBe(remembered);
            lastPieces.set(which, answer.utf8[0]);
            if (remembered) reference.splice(reference.indexOf(which), 1);
            else if (reference.length === capacity) reference.splice(0, forgotten);
            reference.push(which);
            expect(memo.size).toBe(reference.length);
          }
        }),
        { numRuns: capacity > 3 ? 40 : 200 },
      );
    });

    it('gives each caller an evaluation of its own and a frozen headline, so no caller can change what the next one is told', () => {
      const memo = createEvaluationMemo(matrix);
      const workload = normalizeWorkload({ name: 'x', codeTrust: 'untrusted', tenancy: 'multi-tenant', scale: { instances: 5 } });
      const first = memo.evaluate(workload);
      (first.evaluation.options as unknown as unknown[]).push(null);
      first.evaluation.rationale.summary = 'changed';
      const second = memo.evaluate({ ...workload, name: 'y' });
      expect(second.evaluation).toEqual(evaluate(matrix, { ...workload, name: 'y' }));
      expect(second.evaluation.rationale.summary).toContain('"y"');
      // The same remembered pieces and headline, which nobody can change.
      expect(second.utf8[0]).toBe(first.utf8[0]);
      expect(second.headline).toBe(first.headline);
      expect(Object.isFrozen(first.headline.confidence.sensitiveTo)).toBe(true);
      expect(() => {
        (first.headline.rationale as { tie: boolean }).tie = !first.headline.rationale.tie;
      }).toThrow(TypeError);
    });
  },
);
