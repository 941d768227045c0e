// Throughput of POST /v1/evaluations over real HTTP on a SQLite file: autocannon in its own
// process (as in docs/performance.md), 50 connections, 8 rounds of 5 s (BENCH_ROUNDS,
// BENCH_SECONDS) after a 3 s warm-up.
// Two apps run side by side, one with metrics and one whose metrics record nothing, and the
// rounds alternate between them, so that machine noise hits both alike; the server's CPU
// time per request is the steadier figure on a shared machine.
// Prints `http: N requests/s` and `metrics overhead: X% requests/s, Y% CPU per request`.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/config.js';
import { Metrics } from '../src/observability/metrics.js';
import { BENCH_WORKLOAD } from './bench-workload.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const key = 'bench-evaluator-secret-0000-0123456789ab';
const dir = mkdtempSync(join(tmpdir(), 'placement-bench-'));
const body = JSON.stringify(BENCH_WORKLOAD);
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Variant {
  name: string;
  app: NestFastifyApplication;
  url: string;
  rounds: { rps: number; p99: number; cpuUsPerRequest: number }[];
}

async function start(name: string, metrics: boolean): Promise<Variant> {
  // The per-key, per-address and storage limits would otherwise be what this measures.
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`,
    API_KEYS: `bench:evaluator:${key}`,
    LOG_LEVEL: 'error',
    RATE_LIMIT_PER_KEY: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    STORED_EVALUATIONS_PER_KEY_PER_HOUR: '100000000',
  });
  const app = await createApp(config, { logger: false, ...(metrics ? {} : { metrics: false }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { name, app, url: `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/v1/evaluations`, rounds: [] };
}

async function run(url: string, duration: number) {
  const args = [autocannonBin, '-j', '-c', '50', '-d', String(duration), '-m', 'POST', '-H', 'content-type=application/json', '-H', `x-api-key=${key}`, '-b', body, url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as { non2xx: number; errors: number; latency: { p50: number; p99: number }; requests: { average: number; total: number } };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const variants = [await start('metrics', true), await start('baseline', false)];
try {
  for (const v of variants) await run(v.url, 3);
  // Each round runs both variants back to back (in alternating order) and compares them
  // within the round: load from elsewhere changes slowly, so a pair sees about the same.
  const ratios: { rps: number; cpu: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
      const cpuBefore = process.cpuUsage();
      const result = await run(v.url, SECONDS);
      const cpu = process.cpuUsage(cpuBefore);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${v.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      v.rounds.push({ rps: result.requests.average, p99: result.latency.p99, cpuUsPerRequest: (cpu.user + cpu.system) / result.requests.total });
    }
    const [a, b] = variants.map((v) => v.rounds[round]);
    ratios.push({ rps: a.rps / b.rps, cpu: a.cpuUsPerRequest / b.cpuUsPerRequest });
  }
  for (const v of variants) {
    console.log(`${v.name}: ${v.rounds.map((r) => Math.round(r.rps)).join(', ')} requests/s; p99 ${median(v.rounds.map((r) => r.p99))} ms; ${Math.round(median(v.rounds.map((r) => r.cpuUsPerRequest)))} µs CPU per request`);
  }
  const withMetrics = { rps: median(variants[0].rounds.map((r) => r.rps)) };
  const baseline = { cpu: median(variants[1].rounds.map((r) => r.cpuUsPerRequest)) };
  console.log(`per-round ratios, metrics/baseline: requests/s ${ratios.map((r) => r.rps.toFixed(3)).join(' ')}; CPU per request ${ratios.map((r) => r.cpu.toFixed(3)).join(' ')}`);
  console.log(`metrics overhead (median of the rounds): ${((1 - median(ratios.map((r) => r.rps))) * 100).toFixed(1)}% requests/s, ${((median(ratios.map((r) => r.cpu)) - 1) * 100).toFixed(1)}% CPU per request`);
  // The A/B rounds above are at the mercy of a shared machine; the metrics work a request
  // adds (one histogram sample, one counter, a share of a group commit's two samples) can
  // also be timed on its own, against the CPU a whole request costs.
  const metrics = new Metrics();
  const route = metrics.httpDuration.labels('POST', '/v1/evaluations', '201');
  const iterations = 200_000;
  const started = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    route.observe(0.004);
    metrics.evaluations.inc({ recommendation: 'microvm', matrix_version: '2026.1' });
    if (i % 10 === 0) {
      metrics.commitDuration.startTimer()();
      metrics.commitBatchSize.observe(10);
    }
  }
  const spent = process.cpuUsage(started);
  const perRequest = (spent.user + spent.system) / iterations;
  console.log(`metrics work per request: ${perRequest.toFixed(2)} µs CPU, ${((perRequest / baseline.cpu) * 100).toFixed(2)}% of a request's ${Math.round(baseline.cpu)} µs`);
  console.log(`http: ${Math.round(withMetrics.rps)} requests/s`);
} finally {
  for (const v of variants) await v.app.close();
  rmSync(dir, { recursive: true, force: true });
}
