// Times POST /v1/matrices/{version}/impact over 10,000 stored evaluations on a SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/config.js';
import { CODE_TRUST, COMPLIANCE_REGIMES, GPU_NEEDS, KERNEL_REQUIREMENTS, ORCHESTRATORS, PRIVILEGES, TENANCY, WORKLOAD_TYPES, COST_SENSITIVITY } from '../src/engine/index.js';
import { readShippedMatrix } from '../src/matrices/shipped-matrices.js';

const STORED = 10_000;
type MatrixDoc = { version: string; importanceRules: { id: string; importance: Record<string, number> }[]; criteria: { id: string; ratings: Record<string, number> }[] };
const dir = mkdtempSync(join(tmpdir(), 'placement-bench-'));
const key = 'bench-admin-secret-000000-0123456789abcd';
const app = await createApp(loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, API_KEYS: `bench:admin:${key}`, LOG_LEVEL: 'error', RATE_LIMIT_PER_KEY: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000' }), { logger: false });
const fastify = app.getHttpAdapter().getInstance();
const call = async <T = unknown>(method: 'POST' | 'GET', url: string, payload?: unknown): Promise<T> => {
  const res = await fastify.inject({ method, url, headers: { 'x-api-key': key }, ...(payload ? { payload: payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
};

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const some = <T>(values: readonly T[]) => values.filter(() => random() < 0.15);

try {
  const seedStart = performance.now();
  for (let done = 0; done < STORED; done += 500) {
    const workloads = Array.from({ length: 500 }, (_, i) => ({
      name: `w${done + i}`,
      codeTrust: pick(CODE_TRUST),
      tenancy: pick(TENANCY),
      compliance: some(COMPLIANCE_REGIMES),
      kernelRequirements: some(KERNEL_REQUIREMENTS).filter(() => random() < 0.3),
      workloadType: pick(WORKLOAD_TYPES),
      privileges: some(PRIVILEGES),
      gpu: pick(GPU_NEEDS),
      orchestration: pick(ORCHESTRATORS),
      costSensitivity: pick(COST_SENSITIVITY),
      scale: { instances: 1 + Math.floor(random() * 400) },
    }));
    await call('POST', '/v1/evaluations/batch', { workloads });
  }
  console.log(`stored ${STORED} evaluations in ${Math.round(performance.now() - seedStart)} ms`);

  // A small rule change (few decisions move) and a large rating change (many move, so many stored results are read back).
  const candidates: [string, (doc: MatrixDoc) => void][] = [
    ['bench-small-change', (doc) => (doc.importanceRules.find((r) => r.id === 'runs-as-root')!.importance['privilege-containment'] = 6)],
    ['bench-large-change', (doc) => (doc.criteria.find((c) => c.id === 'density-cost')!.ratings.microvm = 10)],
  ];
  let slowest = 0;
  for (const [version, change] of candidates) {
    const candidate = readShippedMatrix() as MatrixDoc;
    candidate.version = version;
    change(candidate);
    await call('POST', '/v1/matrices', candidate);
    const timings: number[] = [];
    let report: { window: { evaluated: number }; changed: number } | undefined;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      report = await call<{ window: { evaluated: number }; changed: number }>('POST', `/v1/matrices/${version}/impact`);
      timings.push(performance.now() - start);
    }
    const median = timings.sort((x, y) => x - y)[1];
    slowest = Math.max(slowest, median);
    console.log(`${version}: ${timings.map((t) => Math.round(t)).join(', ')} ms; ${report!.window.evaluated} re-decided, ${report!.changed} changed`);
  }
  console.log(`impact: ${Math.round(slowest)} ms (median of the slower candidate) for ${STORED} stored evaluations`);
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
