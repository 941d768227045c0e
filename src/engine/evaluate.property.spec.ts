import fc from 'fast-check';
import {
  CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, GPU_NEEDS, KERNEL_REQUIREMENTS, OPERATING_SYSTEMS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES,
  evaluate, normalizeWorkload, type Evaluation, type WorkloadInput,
} from './index.js';
import { loadDefaultMatrix } from '../../test/support/factories.js';

const matrix = loadDefaultMatrix();

const subset = <T extends string>(values: readonly T[]) => fc.subarray([...values]);
const workloadArb: fc.Arbitrary<WorkloadInput> = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 40 }),
    codeTrust: fc.constantFrom(...CODE_TRUST),
    tenancy: fc.constantFrom(...TENANCY),
    compliance: subset(COMPLIANCE_REGIMES),
    requiresHardwareIsolation: fc.boolean(),
    os: fc.constantFrom(...OPERATING_SYSTEMS),
    kernelRequirements: subset(KERNEL_REQUIREMENTS),
    workloadType: fc.constantFrom(...WORKLOAD_TYPES),
    legacy: fc.boolean(),
    privileges: subset(PRIVILEGES),
    gpu: fc.constantFrom(...GPU_NEEDS),
    nestedVirtualization: fc.boolean(),
    instances: fc.integer({ min: 1, max: 5000 }),
    burstFactor: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    scaleOutSeconds: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
    startupBudgetMs: fc.option(fc.integer({ min: 1, max: 120000 }), { nil: undefined }),
    memoryMbPerInstance: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
    orchestration: fc.constantFrom(...ORCHESTRATORS),
    costSensitivity: fc.constantFrom(...COST_SENSITIVITY),
  })
  .map(({ instances, burstFactor, scaleOutSeconds, ...rest }) => {
    const input: Record<string, unknown> = { ...rest, scale: { instances, ...(burstFactor ? { burstInstances: instances * burstFactor } : {}), ...(scaleOutSeconds ? { scaleOutSeconds } : {}) } };
    for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
    return input as WorkloadInput;
  });

const run = (input: WorkloadInput) => evaluate(matrix, normalizeWorkload(input));
/** Excluded options sit behind every eligible one. */
const containerRank = (e: Evaluation) => e.options.find((o) => o.option === 'container')!.rank ?? 5;
const moreDangerous = <T extends string>(all: readonly T[], current: T) => all.slice(all.indexOf(current) + 1);

describe('evaluate: properties over random workloads', () => {
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
      fc.property(workloadArb, fc.constantFrom(...COMPLIANCE_REGIMES), fc.constantFrom(...PRIVILEGES), (input, regime, privilege) => {
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
});
