// Throughput of the pure engine on the default matrix over varied workloads, one process.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CODE_TRUST, COMPLIANCE_REGIMES, GPU_NEEDS, KERNEL_REQUIREMENTS, OPERATING_SYSTEMS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES, COST_SENSITIVITY, evaluate, loadMatrix, normalizeWorkload, type Workload } from '../src/engine/index.js';

// BENCH_MATRIX picks another shipped version (for example 2026.1) to compare.
const version = process.env.BENCH_MATRIX ?? '2026.2';
const matrix = loadMatrix(JSON.parse(readFileSync(resolve(`src/engine/matrices/${version}.json`), 'utf8')));

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const some = <T>(values: readonly T[]) => values.filter(() => random() < 0.2);

const workloads: Workload[] = Array.from({ length: 2000 }, (_, i) => {
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

let sink = 0;
const runFor = (ms: number) => {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) sink += evaluate(matrix, workloads[(n + i) % workloads.length]).options.length;
    n += 1000;
  }
  return n;
};

runFor(1500); // warm-up: let the JIT settle
const rounds = [0, 1, 2].map(() => {
  const start = performance.now();
  const n = runFor(2000);
  return n / ((performance.now() - start) / 1000);
});
const median = rounds.sort((a, b) => a - b)[1];
console.log(`rounds: ${rounds.map((r) => Math.round(r)).join(', ')} evaluations/s (sink ${sink % 7})`);
console.log(`engine: ${Math.round(median)} evaluations/s`);
