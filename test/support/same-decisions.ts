import fc from 'fast-check';
import { evaluate, normalizeWorkload, type LoadedMatrix, type Workload } from '../../src/engine/index.js';
import { workloadArb } from './arbitraries.js';

/**
 * A new matrix version decides as the one before it, scores and runtimes included, for every random
 * workload outside the facts its changes are about (`mayMove`); at least `compared` workloads are
 * compared, so a `mayMove` that excludes nearly everything fails instead of passing on nothing.
 */
export function expectSameDecisionsOutside(matrix: LoadedMatrix, previous: LoadedMatrix, mayMove: (w: Workload) => boolean, { numRuns, compared }: { numRuns: number; compared: number }): void {
  let seen = 0;
  fc.assert(
    fc.property(workloadArb, (input) => {
      const workload = normalizeWorkload(input);
      if (mayMove(workload)) return;
      seen++;
      const now = evaluate(matrix, workload);
      const before = evaluate(previous, workload);
      expect(now.recommendation).toBe(before.recommendation);
      expect(now.options.map((o) => [o.option, o.score, o.runtime])).toEqual(before.options.map((o) => [o.option, o.score, o.runtime]));
    }),
    { numRuns },
  );
  expect(seen).toBeGreaterThan(compared);
}
