import { evaluate } from './evaluate.js';
import type { LoadedMatrix } from './matrix.js';
import { normalizeWorkload, type PlacementOption } from './workload.js';

export interface ExampleOutcome {
  id: string;
  description: string;
  expected: PlacementOption;
  got: PlacementOption | null;
  passed: boolean;
}

/** Runs a matrix's own example workloads: the gate a version must pass to be published. */
export function runExamples(matrix: LoadedMatrix): ExampleOutcome[] {
  return matrix.document.examples.map((example) => {
    const got = evaluate(matrix, normalizeWorkload(example.workload)).recommendation;
    return { id: example.id, description: example.description, expected: example.expected, got, passed: got === example.expected };
  });
}
