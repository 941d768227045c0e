import { readFileSync } from 'node:fs';
import { evaluate, loadMatrix, normalizeWorkload } from './index.js';
import { MATRICES_DIR, shippedMatrixFiles } from '../../test/support/factories.js';

// Every shipped matrix carries its own test cases; each must give its expected answer.
const cases = shippedMatrixFiles().flatMap((file) => {
  const document = JSON.parse(readFileSync(`${MATRICES_DIR}${file}`, 'utf8'));
  const matrix = loadMatrix(document);
  return matrix.document.examples.map((example) => ({ file, matrix, example }));
});

describe('shipped matrices', () => {
  it('include the default 2026.1 with at least the domain brief examples', () => {
    expect(shippedMatrixFiles()).toContain('2026.1.json');
    expect(cases.filter((c) => c.file === '2026.1.json').length).toBeGreaterThanOrEqual(8);
  });

  it.each(shippedMatrixFiles())('%s is named after its own version', (file) => {
    const document = JSON.parse(readFileSync(`${MATRICES_DIR}${file}`, 'utf8'));
    expect(`${document.version}.json`).toBe(file);
  });

  it.each(cases.map((c) => [c.file, c.example.id, c] as const))('%s: %s', (_file, _id, { matrix, example }) => {
    const result = evaluate(matrix, normalizeWorkload(example.workload));
    expect(result.recommendation).toBe(example.expected);
  });
});
