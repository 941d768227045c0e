// Throughput of POST /v1/evaluations over real HTTP on a SQLite file: autocannon in its own
// process (as in docs/performance.md), 50 connections, 10 s after a 3 s warm-up.
// Prints `http: N requests/s`.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/config.js';

const key = 'bench-evaluator-secret-0000';
const dir = mkdtempSync(join(tmpdir(), 'placement-bench-'));
const app = await createApp(loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, API_KEYS: `bench:evaluator:${key}`, LOG_LEVEL: 'error' }), { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/v1/evaluations`;
const body = JSON.stringify({
  name: 'Checkout microservices', codeTrust: 'first-party', tenancy: 'multi-tenant', compliance: ['soc2', 'gdpr'],
  orchestration: 'kubernetes', privileges: ['root'], scale: { instances: 60, burstInstances: 150 }, startupBudgetMs: 1000,
});
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const run = async (duration: number) => {
  const args = [autocannonBin, '-j', '-c', '50', '-d', String(duration), '-m', 'POST', '-H', 'content-type=application/json', '-H', `x-api-key=${key}`, '-b', body, url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as { non2xx: number; errors: number; latency: { p50: number; p99: number }; requests: { average: number } };
};

try {
  await run(3);
  const result = await run(10);
  console.log(`non-2xx: ${result.non2xx}, errors: ${result.errors}, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  console.log(`http: ${Math.round(result.requests.average)} requests/s`);
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
