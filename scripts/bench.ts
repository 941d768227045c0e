// The service as it ships (dist/, its own process, production logging) against a bare node:http
// server answering the same bytes, measured in the same run with rounds alternating, so the
// ratio survives the drift of a shared 2-core machine. Load comes from autocannon in its own
// process. BENCH_DATABASE_URL=postgres://... measures on Postgres instead of a fresh SQLite file
// (that database is dropped and created again, so its name must contain "bench").
// Prints a table, writes it to bench/results/, and ends with the line
// `evaluate: N% of bare node:http, p99 X ms` for the stored evaluate path.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEvaluationMemo, evaluate, loadMatrix, normalizeWorkload } from '../src/engine/index.js';
import { BENCH_WORKLOAD, variedWorkloads } from './bench-workload.js';
import { peakRssMb, resetPeakRss, startBuiltService } from './bench-service.js';
import { freshPostgres } from './bench-database.js';
import { readShippedMatrix } from '../src/matrices/shipped-matrices.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const KEY = 'bench-evaluator-secret-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'placement-bench-'));

const workload = BENCH_WORKLOAD;
const body = JSON.stringify(workload);
const batchBody = JSON.stringify({ workloads: Array.from({ length: 1000 }, (_, i) => ({ ...workload, name: `portfolio item ${i}` })) });

interface Result {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
async function load(url: string, opts: { method?: string; body?: string; connections?: number; seconds?: number; headers?: string[] } = {}): Promise<Result> {
  const args = [autocannon, '-j', '-c', String(opts.connections ?? CONNECTIONS), '-d', String(opts.seconds ?? SECONDS), '-m', opts.method ?? 'GET', '-H', `x-api-key=${KEY}`];
  for (const header of opts.headers ?? []) args.push('-H', header);
  if (opts.body) {
    // Bodies go through a file: a 1,000-workload batch is too long for a command line.
    const file = join(dir, `body-${opts.body.length}.json`);
    writeFileSync(file, opts.body);
    args.push('-H', 'content-type=application/json', '-i', file);
  }
  args.push(url);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const startService = (databaseUrl: string) => startBuiltService({ DATABASE_URL: databaseUrl, API_KEYS: `bench:evaluator:${KEY}` });

/** Answers every request with the bytes the service answered, as a ceiling for the same work on this machine. */
function startBare(status: number, headers: Record<string, string>, payload: Buffer): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, headers);
      res.end(payload);
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Evaluations per second in this process for 2 s, after a warm-up. */
function perSecond(run: (i: number) => unknown): number {
  for (let i = 0; i < 2000; i++) run(i);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) for (let i = 0; i < 100; i++) run(n++);
  return n / ((performance.now() - start) / 1000);
}

/**
 * The engine two ways: every answer computed in full (2,000 distinct workloads in turn, more
 * than a memo holds), and through the memo the service uses, with the HTTP benchmarks'
 * workload under a new name each time (a portal repeating a question, a portfolio's copies).
 */
function engineRates(): { computed: number; memo: number } {
  const matrix = loadMatrix(readShippedMatrix());
  const varied = variedWorkloads(2000);
  const computed = perSecond((i) => evaluate(matrix, varied[i % varied.length]));
  const memo = createEvaluationMemo(matrix);
  const w = normalizeWorkload(workload);
  const names = Array.from({ length: 1000 }, (_, i) => ({ ...w, name: `${w.name} ${i}` }));
  // What the service reads of a memo's answer: the pieces it sends and stores (and the headline, a plain property beside them).
  return { computed, memo: perSecond((i) => memo.evaluate(names[i % names.length]).utf8) };
}

/**
 * A portfolio the service has not seen: batches of 400 workloads whose attributes no earlier
 * request had, so every answer is computed and every template packed and stored (the batches
 * of 1,000 above repeat one workload under 1,000 names). 400 of these fit the 256 KB body
 * limit. One request at a time, PORTFOLIO_BATCHES per round; p99 is the slowest of them.
 */
const PORTFOLIO_BATCHES = 5;
const portfolio = variedWorkloads(400 * PORTFOLIO_BATCHES * ROUNDS, 7);
let portfolioAt = 0;
async function newPortfolios(url: string): Promise<Result> {
  const times: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  for (let i = 0; i < PORTFOLIO_BATCHES; i++) {
    const workloads = portfolio.slice(portfolioAt, (portfolioAt += 400));
    const sent = performance.now();
    const res = await fetch(`${url}/v1/evaluations/batch`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ workloads }) });
    await res.arrayBuffer();
    times.push(performance.now() - sent);
    if (res.status !== 201) non2xx++;
  }
  return { rps: PORTFOLIO_BATCHES / ((performance.now() - started) / 1000), p50: Math.round(median(times)), p99: Math.round(Math.max(...times)), non2xx, errors: 0 };
}

const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
// Postgres: the database named in the URL is dropped and created again (its name must say "bench").
if (process.env.BENCH_DATABASE_URL) await freshPostgres(process.env.BENCH_DATABASE_URL);
const { child, url } = await startService(databaseUrl);
try {
  const first = await fetch(`${url}/v1/evaluations`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body });
  const payload = Buffer.from(await first.arrayBuffer());
  const id = (JSON.parse(payload.toString()) as { id: string }).id;
  const headers: Record<string, string> = { 'content-type': first.headers.get('content-type') ?? 'application/json' };
  const bare = await startBare(first.status, headers, payload);

  const variants: Record<string, () => Promise<Result>> = {
    'bare node:http': () => load(bare.url, { method: 'POST', body }),
    'POST /v1/evaluations (stored)': () => load(`${url}/v1/evaluations`, { method: 'POST', body }),
    'POST /v1/evaluations?dryRun=true': () => load(`${url}/v1/evaluations?dryRun=true`, { method: 'POST', body }),
    'GET /v1/evaluations/{id}': () => load(`${url}/v1/evaluations/${id}`),
    // One at a time: the time a batch of 1,000 takes (the target); with 2 connections, two share one event loop.
    'POST /v1/evaluations/batch (1,000), one at a time': () => load(`${url}/v1/evaluations/batch`, { method: 'POST', body: batchBody, connections: 1 }),
    'POST /v1/evaluations/batch (1,000)': () => load(`${url}/v1/evaluations/batch`, { method: 'POST', body: batchBody, connections: 2 }),
    'POST /v1/evaluations/batch (1,000), Prefer: return=minimal': () => load(`${url}/v1/evaluations/batch`, { method: 'POST', body: batchBody, connections: 2, headers: ['prefer=return=minimal'] }),
    'POST /v1/evaluations/batch (400 new workloads), one at a time': () => newPortfolios(url),
  };
  await load(`${url}/v1/evaluations`, { method: 'POST', body, seconds: 2 });
  const samples = new Map<string, (Result & { peakRss: number })[]>();
  const perVariantRss = resetPeakRss(child.pid!);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(variants)) {
      resetPeakRss(child.pid!);
      const r = await run();
      // The bare server runs in this process, not the service's.
      samples.set(name, [...(samples.get(name) ?? []), { ...r, peakRss: name === 'bare node:http' || !perVariantRss ? NaN : peakRssMb(child.pid!) }]);
    }
  }
  bare.server.close();
  const rss = peakRssMb(child.pid!);
  const bareRps = median(samples.get('bare node:http')!.map((r) => r.rps));
  const rows = [...samples].map(([name, rs]) => ({
    variant: name,
    rps: Math.round(median(rs.map((r) => r.rps))),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    non2xx: rs.reduce((s, r) => s + r.non2xx + r.errors, 0),
    // The first round's: later rounds start with the heap a batch of 1,000 left behind.
    peakRssMb: rs[0].peakRss,
    // A batch answers 1,000 workloads per request: a share of single-workload requests would mean nothing.
    shareOfBare: name.includes('batch') ? '-' : `${Math.round((100 * median(rs.map((r) => r.rps))) / bareRps)}%`,
  }));
  const engine = engineRates();
  rows.push({ variant: 'engine in process: evaluate, every answer computed', rps: Math.round(engine.computed), p50: NaN, p99: NaN, non2xx: 0, peakRssMb: NaN, shareOfBare: '-' });
  rows.push({ variant: 'engine in process: through the memo (repeated workload)', rps: Math.round(engine.memo), p50: NaN, p99: NaN, non2xx: 0, peakRssMb: NaN, shareOfBare: '-' });

  console.log(`database: ${databaseUrl.startsWith('sqlite:') ? 'SQLite (fresh file)' : 'Postgres'}; ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections (batches: 1 and 2); service peak RSS ${rss} MB over the whole run`);
  console.log('| variant | requests/s | p50 ms | p99 ms | non-2xx | share of bare | service peak RSS MB, first round |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const dash = (n: number) => (Number.isNaN(n) ? '-' : n);
  for (const r of rows) console.log(`| ${r.variant} | ${r.rps} | ${dash(r.p50)} | ${dash(r.p99)} | ${r.non2xx} | ${r.shareOfBare} | ${dash(r.peakRssMb)} |`);
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, database: databaseUrl.split(':')[0], rounds: ROUNDS, seconds: SECONDS, peakRssMb: rss, rows }, null, 2));
  console.log(`written to ${file}`);
  const stored = rows.find((r) => r.variant.includes('(stored)'))!;
  console.log(`evaluate: ${stored.shareOfBare.replace('%', '')}% of bare node:http, p99 ${stored.p99} ms`);
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
