import fc from 'fast-check';
import { evaluate, normalizeWorkload } from './index.js';
import { KERNEL_REQUIREMENTS, ORCHESTRATORS, PRIVILEGES } from './workload.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

// The summary is pasted into design documents: it says values as words, and never joins clauses as nouns.
// "root" and "realtime" read as words; "privileged" only as "privileged mode", checked on its own.
const RAW_VALUES = [...PRIVILEGES.filter((p) => p !== 'root' && p !== 'privileged'), ...KERNEL_REQUIREMENTS.filter((k) => k !== 'realtime'), ...ORCHESTRATORS.filter((o) => o !== 'none')];
const RAW_FIELDS = ['codeTrust', 'os', 'gpu', 'workloadType', 'kernelRequirements', 'costSensitivity', 'dedicatedHosts', 'windowsHosts', 'gpuSharing', 'startupBudgetMs', 'hostAgent', 'requiresHardwareIsolation'];

describe.each(['2026.2', '2026.6', '2026.11', '2026.12', '2026.13', '2026.14', '2026.15', '2026.16', '2026.17', '2026.18', '2026.19', '2026.20'])('summaries under %s', (version) => {
  const matrix = loadMatrixVersion(version);

  it('name values and fields in words, never say "by 0 points", and join reasons as clauses', () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = evaluate(matrix, normalizeWorkload(input));
        const summary = result.rationale.summary;
        expect(summary).not.toContain('by 0 points');
        expect(summary).not.toMatch(/ as well as (none|its one runtime)/);
        const counterfactual = summary.match(/would be recommended[^.]*\./)?.[0] ?? '';
        for (const value of RAW_VALUES) expect(counterfactual).not.toMatch(new RegExp(`\\b${value}\\b`));
        expect(counterfactual).not.toMatch(/\bprivileged\b(?! mode)/);
        const sensitive = summary.match(/most sensitive to [^.]*\./)?.[0] ?? '';
        for (const field of RAW_FIELDS) expect(sensitive).not.toMatch(new RegExp(`\\b${field}\\b`));
      }),
      { numRuns: 300 },
    );
  });

  it("says each ruled-out option's reasons once: where it runs today refers to them, and a reason several runtimes share is given once", () => {
    fc.assert(
      fc.property(workloadArb, (input) => {
        const result = evaluate(matrix, normalizeWorkload(input));
        const summary = result.rationale.summary;
        if (result.currentPlacement?.status === 'ruled-out') {
          expect(summary).toContain('which is ruled out for the reasons above.');
          expect(summary).not.toContain('is ruled out for this workload:');
        }
        // Inside one option's list of misfits, no reason appears twice.
        for (const clause of summary.match(/none of its runtimes fits[^.]*\)/g) ?? []) {
          const reasons = clause.split(/; (?:and )?|: /).filter((part) => part.startsWith('it ') || part.startsWith('its '));
          expect(new Set(reasons).size).toBe(reasons.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('words the changes a reviewer reads most', () => {
    const agent = normalizeWorkload({ name: 'log shipper', codeTrust: 'first-party', tenancy: 'single-tenant', legacy: true, workloadType: 'function', privileges: ['docker-socket'], orchestration: 'ecs', scale: { instances: 10 } });
    expect(evaluate(matrix, agent).rationale.summary).toMatch(/if it did without the Docker socket\./);
  });
});
