import fc from 'fast-check';
import { CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, GPU_NEEDS, GPU_SHARING, KERNEL_REQUIREMENTS, OPERATING_SYSTEMS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES, type WorkloadInput } from '../../src/engine/index.js';

const subset = <T extends string>(values: readonly T[]) => fc.subarray([...values]);

/** Any valid workload request, every optional attribute sometimes present, sometimes not. */
export const workloadArb: fc.Arbitrary<WorkloadInput> = fc
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
    gpuSharing: fc.option(fc.constantFrom(...GPU_SHARING), { nil: undefined }),
    nestedVirtualization: fc.boolean(),
    dedicatedHosts: fc.boolean(),
    windowsHosts: fc.boolean(),
    confidentialComputing: fc.boolean(),
    hostAgent: fc.boolean(),
    instances: fc.integer({ min: 1, max: 5000 }),
    burstFactor: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    scaleOutSeconds: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
    tenants: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }),
    startupBudgetMs: fc.option(fc.integer({ min: 1, max: 120000 }), { nil: undefined }),
    memoryMbPerInstance: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
    orchestration: fc.constantFrom(...ORCHESTRATORS),
    costSensitivity: fc.constantFrom(...COST_SENSITIVITY),
  })
  .map(({ instances, burstFactor, scaleOutSeconds, tenants, ...rest }) => {
    const input: Record<string, unknown> = {
      ...rest,
      scale: { instances, ...(burstFactor ? { burstInstances: instances * burstFactor } : {}), ...(scaleOutSeconds ? { scaleOutSeconds } : {}), ...(tenants ? { tenants } : {}) },
    };
    for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
    return input as WorkloadInput;
  });
