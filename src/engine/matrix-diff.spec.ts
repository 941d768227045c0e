import fc from 'fast-check';
import { diffMatrices, loadMatrix, runExamples, type MatrixDocument } from './index.js';
import { minimalMatrixDocument, readMatrixDocument } from '../../test/support/factories.js';

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

  it('sees a change to any value anywhere in a document but its version', () => {
    const shipped = readMatrixDocument('2026.5') as MatrixDocument;
    // Every leaf of the document, as a path of keys and indexes.
    const leaves: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      else if (path.join('.') !== 'version') leaves.push(path);
    };
    walk(shipped, []);
    expect(leaves.length).toBeGreaterThan(1000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: leaves.length - 1 }), (at) => {
        const path = leaves[at];
        const changed = structuredClone(shipped) as unknown as Record<string | number, unknown>;
        let parent = changed;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        const last = path[path.length - 1];
        const value = parent[last];
        parent[last] = typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : `${String(value)}-changed`;
        expect(diffMatrices(shipped, changed as unknown as MatrixDocument).identical).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('lists runtimes, curves, every estimate setting and the tie-break in their own sections', () => {
    const before = readMatrixDocument('2026.4') as MatrixDocument;
    const after = readMatrixDocument('2026.5') as MatrixDocument;
    const result = diffMatrices(before, after);
    expect(result.changes).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'estimates', id: 'memoryPacking', change: 'added', after: { value: 'whole-instances' } })]));
    expect(result.summary).toContain('- estimate parameters: added memoryPacking');
    const older = diffMatrices(readMatrixDocument('2026.3') as MatrixDocument, before);
    expect(older.changes).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'runtimes', id: 'cloud-hypervisor-windows', change: 'added' })]));
    expect(older.summary).toContain('- runtimes: ');
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
