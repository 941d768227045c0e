import fc from 'fast-check';
import { decide, evaluate, normalizeWorkload, type WorkloadInput } from './index.js';
import { quickDecide } from './decide.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

const matrix = loadMatrixVersion('2026.2');
const run = (input: unknown) => evaluate(matrix, normalizeWorkload(input));

/** Applies stated changes to a request body the way a caller would: set the field, post again. */
function applyToRequest(input: WorkloadInput, changes: { field: string; to: unknown }[]): WorkloadInput {
  const body = structuredClone(input) as Record<string, any>;
  for (const { field, to } of changes) {
    const path = field.split('.');
    let at = body;
    for (const key of path.slice(0, -1)) at = at[key] ??= {};
    at[path[path.length - 1]] = to;
    if (field === 'scale.instances' && body.scale.burstInstances !== undefined && body.scale.burstInstances < (to as number)) body.scale.burstInstances = to;
  }
  return body as WorkloadInput;
}

describe('matrix 2026.2: what would change the answer, and how sure it is', () => {
  it.each(['2026.1', '2026.2', '2026.3', '2026.4', '2026.5', '2026.6', '2026.7', '2026.8', '2026.9', '2026.10', '2026.11', '2026.12', '2026.13', '2026.14', '2026.15', '2026.16', '2026.17', '2026.18', '2026.19', '2026.20'])(
    'decides exactly as the explained path does when it skips explanations (%s)',
    (version) => {
      const m = loadMatrixVersion(version);
      fc.assert(
        fc.property(workloadArb, (input) => {
          const w = normalizeWorkload(input);
          const full = decide(m, w);
          const quick = quickDecide(m, w);
          expect(quick.winner).toBe(full.ranked[0]?.option ?? null);
          expect(quick.margin).toBe(full.margin);
          for (const o of full.options) {
            expect(quick.eligible[o.option]).toBe(o.eligible);
            expect(quick.scores[o.option]).toBe(o.score);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('states only counterfactuals that hold: posting the changed request gives the stated recommendation', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = run(input);
        for (const c of result.counterfactuals) {
          expect(c.changes.length).toBeGreaterThanOrEqual(1);
          expect(c.changes.length).toBeLessThanOrEqual(2);
          const again = run(applyToRequest(input, c.changes));
          expect(again.recommendation).toBe(c.option);
          expect(again.rationale.margin ?? 0).toBe(c.margin);
          if (c.kind === 'rule-out') expect(again.options.find((o) => o.option === result.recommendation)!.eligible).toBe(false);
          else expect(c.option).not.toBe(result.recommendation);
          for (const change of c.changes) expect(matrix.document.insight!.changeable).toContain(change.field);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('tells a workload that nothing fits which changes would let an option fit, each of them true, and names the fewest in the summary', () => {
    const latest = loadMatrixVersion('2026.8');
    // A Windows service that must start in 3 s, on a fleet without Windows hosts: no Windows guest boots that fast.
    const input: WorkloadInput = { name: 'windows api', codeTrust: 'first-party', tenancy: 'single-tenant', os: 'windows', startupBudgetMs: 3000, orchestration: 'kubernetes', scale: { instances: 4 } };
    const result = evaluate(latest, normalizeWorkload(input));
    expect(result.recommendation).toBeNull();
    expect(result.counterfactuals.map((c) => [c.kind, c.option, c.changes.map((ch) => ch.field)])).toEqual([
      ['switch', 'container', ['windowsHosts']],
      ['switch', 'vm', ['startupBudgetMs']],
    ]);
    for (const c of result.counterfactuals) expect(evaluate(latest, normalizeWorkload(applyToRequest(input, c.changes))).recommendation).toBe(c.option);
    expect(result.rationale.summary).toContain('Container would be recommended, by 18.8 points, if the fleet had Windows Server hosts; otherwise relax another of these requirements');
  });

  it('grades confidence from margin and stability with the matrix thresholds', () => {
    const { high, medium } = matrix.document.insight!.confidence;
    fc.assert(
      fc.property(workloadArb, (input) => {
        const { confidence, rationale, recommendation } = run(input);
        expect(confidence.margin).toBe(rationale.margin);
        expect(confidence.stability).toBeGreaterThanOrEqual(0);
        expect(confidence.stability).toBeLessThanOrEqual(1);
        const meets = (t: { margin: number; stability: number }) => (confidence.margin === null || confidence.margin >= t.margin) && confidence.stability >= t.stability;
        const expected = recommendation === null ? 'low' : meets(high) ? 'high' : meets(medium) ? 'medium' : 'low';
        expect(confidence.level).toBe(expected);
        if (confidence.stability === 1) expect(confidence.sensitiveTo).toEqual([]);
        else expect(confidence.sensitiveTo.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('gives every shipped example counterfactuals and a confidence, and every Kubernetes example on a pod runtime a RuntimeClass', () => {
    for (const example of matrix.document.examples) {
      const result = run(example.workload);
      expect(['high', 'medium', 'low']).toContain(result.confidence.level);
      // Either a stated way to another answer, or the plain statement that none exists within two changes.
      if (result.counterfactuals.some((c) => c.kind === 'switch')) expect(result.rationale.summary).toMatch(/would be recommended instead(, by [\d.]+ points?,)? if .+\. Confidence is (high|medium|low)/);
      else expect(result.rationale.summary).toContain('No change of one or two attributes a team controls would make another option the answer.');
      const w = normalizeWorkload(example.workload);
      if (w.orchestration !== 'kubernetes') {
        expect(result.kubernetes).toBeUndefined();
        continue;
      }
      const runtime = result.options.find((o) => o.option === result.recommendation)!.runtime;
      const k = matrix.document.runtimes!.find((r) => r.id === runtime)!.kubernetes;
      if (!k) {
        expect(result.kubernetes!.runtimeClass).toBeNull();
        continue;
      }
      expect(result.kubernetes!.runtimeClass).toMatchObject({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', handler: k.handler });
      if (k.overhead) expect(result.kubernetes!.runtimeClass).toMatchObject({ overhead: { podFixed: k.overhead } });
      expect(result.kubernetes!.podSpec.runtimeClassName).toBe((result.kubernetes!.runtimeClass as { metadata: { name: string } }).metadata.name);
    }
  });

  it('turns the hardening checklist into securityContext fields', () => {
    const result = run({ name: 'api', codeTrust: 'first-party', tenancy: 'single-tenant', orchestration: 'kubernetes' });
    expect(result.recommendation).toBe('container');
    expect(result.kubernetes!.podSpec).toMatchObject({
      runtimeClassName: 'placement-runc',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' }, hostUsers: false },
      containers: [{ securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } } }],
    });
  });

  it('judges a current placement as acceptable, a risk or ruled out', () => {
    const base = { name: 'shared functions', codeTrust: 'untrusted', tenancy: 'multi-tenant', workloadType: 'function', startupBudgetMs: 300 } as const;
    expect(run({ ...base, currentPlacement: 'container' }).currentPlacement).toMatchObject({ option: 'container', status: 'ruled-out' });
    expect(run({ ...base, currentPlacement: 'microvm' }).currentPlacement).toMatchObject({ option: 'microvm', status: 'acceptable' });
    expect(run({ ...base, currentPlacement: 'hybrid' }).currentPlacement).toMatchObject({ option: 'hybrid', status: 'risk' });
    expect(run(base).currentPlacement).toBeUndefined();
    expect(run({ ...base, currentPlacement: 'container' }).rationale.summary).toContain('Today it runs as Container, which is ruled out');
  });
});
