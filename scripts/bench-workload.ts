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
