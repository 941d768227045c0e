import { diffMatrices, loadMatrix, runExamples, type MatrixDocument } from './index.js';
import { minimalMatrixDocument } from '../../test/support/factories.js';

const doc = () => minimalMatrixDocument() as MatrixDocument;

describe('diffMatrices', () => {
  it('finds nothing but the version between a document and its renamed copy', () => {
    const b = { ...doc(), version: 'test-2' };
    const result = diffMatrices(doc(), b);
    expect(result.identical).toBe(true);
    expect(result.changes).toEqual([{ section: 'metadata', id: 'version', change: 'changed', before: 'test-1', after: 'test-2' }]);
  });

  it('reports changed ratings with old and new values, and added and removed items', () => {
    const a = doc();
    const b = doc();
    b.version = 'test-2';
    b.criteria[0].ratings.container = 4;
    b.constraints = [];
    b.hardening.push({ id: 'new-item', options: ['vm'], level: 'should', text: 'new advice' });
    b.estimates.profiles!.vm.startupMs.max = 90000;
    const result = diffMatrices(a, b);
    expect(result.identical).toBe(false);
    expect(result.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ section: 'criteria', id: 'isolation', change: 'changed', fields: [{ path: 'ratings.container', before: 2, after: 4 }] }),
        expect.objectContaining({ section: 'constraints', id: 'no-windows-container', change: 'removed' }),
        expect.objectContaining({ section: 'hardening', id: 'new-item', change: 'added' }),
        expect.objectContaining({ section: 'estimates', id: 'vm', change: 'changed', fields: [{ path: 'startupMs.max', before: 200, after: 90000 }] }),
      ]),
    );
    expect(result.summary).toContain('criteria: isolation (ratings.container 2 -> 4)');
    expect(result.summary).toContain('hard constraints: removed no-windows-container');
  });

  it('matches items by id, so reordering is not a change', () => {
    const b = doc();
    b.criteria.reverse();
    expect(diffMatrices(doc(), b).changes).toEqual([]);
  });
});

describe('runExamples', () => {
  it('reports each example with expected and got', () => {
    const d = doc();
    d.examples.push({ id: 'wrong', description: 'expects vm', workload: { name: 'y', codeTrust: 'first-party', tenancy: 'single-tenant' }, expected: 'vm' });
    const outcomes = runExamples(loadMatrix(d));
    expect(outcomes.map((o) => [o.id, o.expected, o.got, o.passed])).toEqual([
      ['plain', 'microvm', 'microvm', true],
      ['wrong', 'vm', 'microvm', false],
    ]);
  });
});
