import fc from 'fast-check';
import { evaluate, normalizeWorkload, type Evaluation, type WorkloadInput } from './index.js';
import { CODE_TRUST, COMPLIANCE_REGIMES, PRIVILEGES } from './workload.js';
import { loadMatrixVersion } from '../../test/support/factories.js';
import { workloadArb } from '../../test/support/arbitraries.js';

// Privileges that are needs rather than risks: a runtime either offers them or is ruled out, so
// asking for one may remove a sandbox and leave the container relatively better (2026.2 on).
const CAPABILITIES = new Set(['host-network', 'host-devices']);

describe.each(['2026.1', '2026.2', '2026.3', '2026.4', '2026.5', '2026.6', '2026.7', '2026.8', '2026.9', '2026.10', '2026.11', '2026.12', '2026.13', '2026.14', '2026.15', '2026.16', '2026.17', '2026.18', '2026.19', '2026.20'])(
  'evaluate under %s: properties over random workloads',
  (version) => {
    const matrix = loadMatrixVersion(version);
    const riskyPrivileges = version === '2026.1' ? PRIVILEGES : PRIVILEGES.filter((p) => !CAPABILITIES.has(p));

    const run = (input: WorkloadInput) => evaluate(matrix, normalizeWorkload(input));
    /** Excluded options sit behind every eligible one. */
    const containerRank = (e: Evaluation) => e.options.find((o) => o.option === 'container')!.rank ?? 5;
    const moreDangerous = <T extends string>(all: readonly T[], current: T) => all.slice(all.indexOf(current) + 1);

    it('is deterministic and ignores the order of array inputs', () => {
      fc.assert(
        fc.property(workloadArb, (input) => {
          const shuffled = { ...input, privileges: [...(input.privileges ?? [])].reverse(), compliance: [...(input.compliance ?? [])].reverse(), kernelRequirements: [...(input.kernelRequirements ?? [])].reverse() };
          expect(run(shuffled)).toEqual(run(input));
        }),
        { numRuns: 300 },
      );
    });

    it('keeps scores within 0-100 and ranks eligible options 1..n', () => {
      fc.assert(
        fc.property(workloadArb, (input) => {
          const result = run(input);
          const eligible = result.options.filter((o) => o.eligible);
          for (const o of eligible) expect(o.score! >= 0 && o.score! <= 100).toBe(true);
          expect(eligible.map((o) => o.rank).sort()).toEqual(eligible.map((_, i) => i + 1));
        }),
        { numRuns: 500 },
      );
    });

    it('never recommends an excluded option', () => {
      fc.assert(
        fc.property(workloadArb, (input) => {
          const result = run(input);
          const winner = result.options.find((o) => o.option === result.recommendation);
          if (result.recommendation === null) expect(result.options.every((o) => !o.eligible)).toBe(true);
          else expect(winner).toMatchObject({ eligible: true, rank: 1 });
        }),
        { numRuns: 500 },
      );
    });

    it('never improves the plain container rank when the code becomes less trusted', () => {
      fc.assert(
        fc.property(workloadArb, (input) => {
          for (const codeTrust of moreDangerous(CODE_TRUST, input.codeTrust)) {
            expect(containerRank(run({ ...input, codeTrust }))).toBeGreaterThanOrEqual(containerRank(run(input)));
          }
        }),
        { numRuns: 300 },
      );
    });

    it('never improves the plain container rank when tenants start sharing hosts', () => {
      fc.assert(
        fc.property(workloadArb, (input) => {
          const before = containerRank(run({ ...input, tenancy: 'single-tenant' }));
          expect(containerRank(run({ ...input, tenancy: 'multi-tenant' }))).toBeGreaterThanOrEqual(before);
        }),
        { numRuns: 300 },
      );
    });

    it('never improves the plain container rank when a compliance regime or a dangerous privilege is added', () => {
      fc.assert(
        fc.property(workloadArb, fc.constantFrom(...COMPLIANCE_REGIMES), fc.constantFrom(...riskyPrivileges), (input, regime, privilege) => {
          const before = containerRank(run(input));
          expect(containerRank(run({ ...input, compliance: [...(input.compliance ?? []), regime] }))).toBeGreaterThanOrEqual(before);
          expect(containerRank(run({ ...input, privileges: [...(input.privileges ?? []), privilege] }))).toBeGreaterThanOrEqual(before);
        }),
        { numRuns: 300 },
      );
    });

    it('writes a summary that names the winner and every excluded option', () => {
      fc.assert(
        fc.property(workloadArb, (input) => {
          const result = run(input);
          const { summary } = result.rationale;
          if (result.recommendation) expect(summary).toContain(matrix.document.options[result.recommendation].label);
          for (const o of result.options.filter((x) => !x.eligible)) expect(summary).toContain(o.label);
        }),
        { numRuns: 200 },
      );
    });
  },
);
