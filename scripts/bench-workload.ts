import { CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, GPU_NEEDS, KERNEL_REQUIREMENTS, OPERATING_SYSTEMS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES, normalizeWorkload, type Workload } from '../src/engine/index.js';

/** The workload every HTTP benchmark sends, so their figures compare: a 0.3 KB body that exercises rules, curves and the what-if search. */
export const BENCH_WORKLOAD = {
  name: 'Checkout microservices',
  codeTrust: 'first-party',
  tenancy: 'multi-tenant',
  compliance: ['soc2', 'gdpr'],
  orchestration: 'kubernetes',
  privileges: ['root'],
  scale: { instances: 60, burstInstances: 150 },
  startupBudgetMs: 1000,
};

/** `count` distinct workloads spread over every attribute, the same ones on every run (a fixed seed). */
export function variedWorkloads(count: number, seed = 42): Workload[] {
  // 32-bit integer arithmetic: the product of a float LCG lost its low bits past 2^53, and the
  // sequence fell into a short cycle (395 distinct workloads out of 4,000).
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const some = <T>(values: readonly T[]) => values.filter(() => random() < 0.2);
  return Array.from({ length: count }, (_, i) => {
    const instances = 1 + Math.floor(random() * 500);
    return normalizeWorkload({
      name: `bench ${i}`,
      codeTrust: pick(CODE_TRUST),
      tenancy: pick(TENANCY),
      compliance: some(COMPLIANCE_REGIMES),
      requiresHardwareIsolation: random() < 0.1,
      os: pick(OPERATING_SYSTEMS),
      kernelRequirements: some(KERNEL_REQUIREMENTS),
      workloadType: pick(WORKLOAD_TYPES),
      legacy: random() < 0.2,
      privileges: some(PRIVILEGES),
      gpu: pick(GPU_NEEDS),
      nestedVirtualization: random() < 0.1,
      dedicatedHosts: random() < 0.2,
      windowsHosts: random() < 0.2,
      confidentialComputing: random() < 0.1,
      hostAgent: random() < 0.05,
      scale: { instances, burstInstances: instances * (1 + Math.floor(random() * 5)) },
      ...(random() < 0.5 ? { startupBudgetMs: 100 + Math.floor(random() * 60000) } : {}),
      orchestration: pick(ORCHESTRATORS),
      costSensitivity: pick(COST_SENSITIVITY),
    });
  });
}
