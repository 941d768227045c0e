import fc from 'fast-check';
import { compareChecklists, compareEvaluations, decide, evaluate, normalizeWorkload, type Comparable } from './index.js';
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

describe('comparing what an answer asks to apply', () => {
  it('accounts for every checklist item: kept, reworded, added or removed', () => {
    const before = loadMatrixVersion('2026.4');
    const after = loadMatrixVersion('2026.5');
    fc.assert(
      fc.property(workloadArb, (input) => {
        const workload = normalizeWorkload(input);
        const old = evaluate(before, workload).hardening;
        const now = evaluate(after, workload).hardening;
        const { added, removed, changed } = compareChecklists(old, now);
        const ids = (items: { id: string }[]) => items.map((h) => h.id).sort();
        const kept = now.filter((h) => !added.includes(h));
        expect(ids(old.filter((h) => !removed.includes(h)))).toEqual(ids(kept));
        for (const c of changed) expect(c.before.level !== c.after.level || c.before.text !== c.after.text).toBe(true);
        expect(compareChecklists(now, now)).toEqual({ added: [], removed: [], changed: [] });
      }),
      { numRuns: 200 },
    );
  });

  it('names the items a new version adds and the runtimes it moves an option to', () => {
    const builds = normalizeWorkload({ name: 'customer builds', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'batch', privileges: ['privileged', 'docker-socket'], orchestration: 'kubernetes', scale: { instances: 50 } });
    const checklist = compareChecklists(evaluate(loadMatrixVersion('2026.4'), builds).hardening, evaluate(loadMatrixVersion('2026.5'), builds).hardening);
    expect(checklist.added.map((h) => h.id)).toEqual(['guest-held-privileges', 'kata-privileged-without-host-devices']);
    expect(checklist.removed).toEqual([]);

    // An answer stored before options named their runtime compares as null, never as a missing field.
    const stored = evaluate(loadMatrixVersion('2026.4'), builds);
    const unnamed = { ...stored, options: stored.options.map(({ runtime: _runtime, ...rest }) => rest) } as unknown as Comparable;
    expect(compareEvaluations(unnamed, stored).runtimesChanged[0]).toEqual({ option: 'container', before: null, after: 'runc' });

    const windows = normalizeWorkload({ name: 'windows sandbox', codeTrust: 'untrusted', tenancy: 'multi-tenant', os: 'windows', scale: { instances: 10 } });
    expect(compareEvaluations(evaluate(loadMatrixVersion('2026.3'), windows), evaluate(loadMatrixVersion('2026.4'), windows)).runtimesChanged).toEqual([
      { option: 'microvm', before: 'cloud-hypervisor', after: 'cloud-hypervisor-windows' },
      { option: 'hybrid', before: 'tenant-node-pools', after: 'windows-tenant-node-pools' },
    ]);
  });
});
