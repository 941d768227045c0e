// The service at scale: 1,000,000 stored evaluations (BENCH_SCALE_ROWS), written straight
// into the database in the exact stored format (not through HTTP), then the built service
// (dist/, its own process, production logging) is started on that database and measured:
// get-by-id and list-by-workload over HTTP (autocannon in a child process), impact analysis
// over the latest 10,000, database bytes per stored evaluation and the service's peak RSS; then
// stored evaluations on top of the million, with the bytes the service writes to disk for each.
// A fresh SQLite file in a temp dir, or BENCH_DATABASE_URL=postgres://.../<name with "bench">
// (that database is dropped and created afresh). Targets are printed beside the figures, never
// asserted. Prints a table, writes JSON to bench/results/, and ends with the line
// `scale: get p99 X ms, list p99 Y ms, impact Z ms, B bytes/evaluation, RSS R MB`.
//
// `node dist/scripts/bench-scale.js --load <file>` is the load generator this script runs in a
// child process (autocannon's programmatic API, a random path from a list per request).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { CODE_TRUST, COMPLIANCE_REGIMES, COST_SENSITIVITY, createEvaluationMemo, GPU_SHARING, KERNEL_REQUIREMENTS, loadMatrix, normalizeWorkload, PLACEMENT_OPTIONS, PRIVILEGES, WORKLOAD_TYPES, type Workload } from '../src/engine/index.js';
import { BENCH_WORKLOAD } from './bench-workload.js';
import { peakRssMb, startBuiltService } from './bench-service.js';
import { freshPostgres } from './bench-database.js';
import { answerBytes, unpackAnswer, unpackTemplate, type PackedTemplate } from '../src/evaluations/stored-response.js';
import { pageQuery } from '../src/evaluations/evaluation-store.js';
import { DEFAULT_MATRIX_VERSION, readShippedMatrix } from '../src/matrices/shipped-matrices.js';
import type { PackedJob, PackerData, PackJob } from './bench-scale-worker.js';

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}
interface LoadSpec {
  url: string;
  key: string;
  paths: string[];
  seconds: number;
  connections: number;
  /** Sent with every request besides the key. */
  headers?: Record<string, string>;
  /** JSON bodies to POST, one picked at random per request; without them every request is a GET. */
  bodies?: string[];
}

if (process.argv[2] === '--load') {
  // Child mode: the load generator, in its own process so its CPU and GC are not the harness's.
  const spec = JSON.parse(readFileSync(process.argv[3], 'utf8')) as LoadSpec;
  type Autocannon = (opts: object) => Promise<{ requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }>;
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    headers: { ...spec.headers, 'x-api-key': spec.key },
    // The service closes a keep-alive connection after 1,000 requests (maxRequestsPerSocket in
    // app.setup.ts) and answers 503 to any more sent on it; autocannon does not notice the close,
    // so each connection reconnects after 1,000 requests as a client would (autocannon leaves the
    // 1,000th response out of its statistics).
    reconnectRate: 1000,
    requests: [
      {
        method: spec.bodies ? 'POST' : 'GET',
        setupRequest: (req: { path: string }) => ({
          ...req,
          path: spec.paths[Math.floor(Math.random() * spec.paths.length)],
          ...(spec.bodies && { body: spec.bodies[Math.floor(Math.random() * spec.bodies.length)] }),
        }),
      },
    ],
  });
  const result: LoadResult = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors + r.timeouts };
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

const ROWS = Number(process.env.BENCH_SCALE_ROWS ?? 1_000_000);
/** Distinct workload attribute sets ("a few thousand"): more than the service's memo keeps (1,000 per version). */
const DISTINCT = Number(process.env.BENCH_SCALE_DISTINCT ?? 3_000);
/** Workload names: about 20 stored evaluations each. */
const NAMES = Math.max(1, Math.round(ROWS / 20));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const IMPACT_LIMIT = 10_000;
const IMPACT_VERSION = '2026.1';
/** Rows per insert transaction (SQLite) or per INSERT statement (Postgres). */
const CHUNK = 1_000;
/** Stored evaluations spread over this many past days. */
const DAYS = 30;
const EVALUATOR = { name: 'scale-evaluator', secret: 'bench-scale-evaluator-secret-0123456789' };
const ADMIN = { name: 'scale-admin', secret: 'bench-scale-admin-secret-0123456789abcd' };
const TARGETS = { p99Ms: 5, impactMs: 1000, bytesPerEvaluation: 3000, rssMb: 250, storedP99Ms: 25 };
/** Stored evaluations are measured as `npm run bench` measures them on a fresh file: 50 connections. */
const STORE_CONNECTIONS = 50;
/** The columns of evaluation-store.ts's INSERT, in its order; a row is their values in this order. */
const COLUMNS = ['id', 'created_at', 'workload_name', 'workload', 'matrix_version', 'matrix_checksum', 'recommendation', 'api_key_name', 'api_key_id', 'body', 'answer_template'] as const;
const INSERT_TEMPLATE = 'INSERT INTO answer_templates (id, body, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING';

const dir = mkdtempSync(join(tmpdir(), 'placement-bench-scale-'));
const postgresUrl = process.env.BENCH_DATABASE_URL;
const databaseUrl = postgresUrl ?? `sqlite:${join(dir, 'scale.db')}`;
const sqliteFile = postgresUrl ? undefined : join(dir, 'scale.db');
const log = (line: string) => console.log(line);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---- deterministic data -------------------------------------------------------------------

/** mulberry32: small, fast, seeded, good enough to spread attributes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261126);
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const weighted = <T>(entries: [T, number][]) => {
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of entries) if ((r -= w) < 0) return value;
  return entries[entries.length - 1][0];
};
const some = <T>(values: readonly T[], p: number) => values.filter(() => random() < p);
const maybe = <T>(p: number, value: () => T) => (random() < p ? value() : undefined);

/** A workload as a portfolio holds them: mostly first-party Linux services on Kubernetes, with the odd outlier. */
function randomWorkload(): Workload {
  const os = weighted([
    ['linux', 85],
    ['windows', 12],
    ['other', 3],
  ] as const);
  const gpu = weighted([
    ['none', 85],
    ['shared', 8],
    ['dedicated', 7],
  ] as const);
  const instances = Math.max(1, Math.round(Math.exp(random() * Math.log(800))));
  return normalizeWorkload({
    name: 'pool',
    codeTrust: weighted([
      [CODE_TRUST[0], 60],
      [CODE_TRUST[1], 25],
      [CODE_TRUST[2], 15],
    ]),
    tenancy: weighted([
      ['single-tenant', 60],
      ['multi-tenant', 40],
    ] as const),
    compliance: some(COMPLIANCE_REGIMES, 0.15),
    requiresHardwareIsolation: random() < 0.1,
    os,
    kernelRequirements: some(KERNEL_REQUIREMENTS, 0.05),
    workloadType: pick(WORKLOAD_TYPES),
    legacy: random() < 0.15,
    privileges: some(PRIVILEGES, 0.07),
    gpu,
    gpuSharing: gpu === 'shared' ? maybe(0.7, () => pick(GPU_SHARING)) : undefined,
    nestedVirtualization: random() < 0.03,
    dedicatedHosts: random() < 0.1,
    windowsHosts: random() < (os === 'windows' ? 0.6 : 0.05),
    confidentialComputing: random() < 0.04,
    hostAgent: random() < 0.03,
    currentPlacement: maybe(0.5, () => pick(PLACEMENT_OPTIONS)),
    scale: { instances, burstInstances: maybe(0.3, () => instances * (2 + Math.floor(random() * 4))), scaleOutSeconds: maybe(0.2, () => 5 + Math.floor(random() * 295)) },
    startupBudgetMs: maybe(0.3, () => pick([100, 250, 500, 1000, 2000, 5000, 30000])),
    memoryMbPerInstance: maybe(0.5, () => pick([128, 256, 512, 1024, 2048, 4096, 8192, 16384])),
    orchestration: weighted([
      ['kubernetes', 55],
      ['none', 20],
      ['ecs', 15],
      ['nomad', 10],
    ] as const),
    costSensitivity: pick(COST_SENSITIVITY),
  });
}

const TEAMS = ['payments', 'checkout', 'search', 'identity', 'ledger', 'catalog', 'pricing', 'shipping', 'billing', 'fraud', 'media', 'analytics', 'ml', 'edge', 'platform', 'data', 'support', 'growth', 'ads', 'maps'];
const PARTS = ['api', 'worker', 'gateway', 'scheduler', 'indexer', 'ingest', 'exporter', 'cache', 'etl', 'renderer', 'agent', 'proxy', 'batch', 'stream', 'web', 'db'];
const workloadName = (k: number) => `${TEAMS[k % TEAMS.length]}-${PARTS[Math.floor(k / TEAMS.length) % PARTS.length]}-${String(k).padStart(5, '0')}`;

// ---- the service ---------------------------------------------------------------------------

const startService = () =>
  startBuiltService(
    { DATABASE_URL: databaseUrl, API_KEYS: `${EVALUATOR.name}:evaluator:${EVALUATOR.secret},${ADMIN.name}:admin:${ADMIN.secret}`, BOOTSTRAP_KEY_FILE: join(dir, 'bootstrap-admin.key') },
    // A million rows take a while to open on a busy machine.
    120_000,
  );

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await exited;
}

/** Bytes the process has caused to be written to storage (Linux); NaN where /proc does not say. */
const writtenBytes = (pid: number) => {
  try {
    return Number(/^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
};

/** CPU time the process has used, user and system, in ms (Linux counts it in ticks of 1/100 s). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

function load(url: string, key: string, paths: string[], seconds: number, connections = CONNECTIONS, headers?: Record<string, string>, bodies?: string[]): Promise<LoadResult> {
  const file = join(dir, `load-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ url, key, paths, seconds, connections, headers, bodies } satisfies LoadSpec));
  // --no-warnings: autocannon sets a negative timer when a run ends with requests still out.
  const child = spawn(process.execPath, ['--no-warnings', process.argv[1], '--load', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((ok, fail) => child.once('exit', (code) => (code === 0 ? ok(JSON.parse(out) as LoadResult) : fail(new Error(`the load generator exited with ${code}`)))));
}

// ---- the database --------------------------------------------------------------------------

/** Where the rows go: one transaction (SQLite) or one statement (Postgres) per call. */
interface Sink {
  /** Templates first, in the same transaction, as the service writes them. */
  insert(rows: unknown[][], templates: PackedTemplate[]): Promise<void> | void;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function sqliteSink(file: string): Sink {
  const db = new Database(file);
  // The load only: the service itself runs with synchronous=FULL (data-source-options.ts),
  // and its durability check would refuse anything else.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  // A 256 MB page cache for the load (the default 2 MB makes every insert into the workload-name index read a page).
  db.pragma('cache_size = -262144');
  const insert = db.prepare(`INSERT INTO evaluations (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const insertTemplate = db.prepare(INSERT_TEMPLATE);
  const insertAll = db.transaction((rows: unknown[][], templates: PackedTemplate[]) => {
    for (const t of templates) insertTemplate.run(t.id, t.body, rows[0][1]);
    for (const r of rows) insert.run(r);
  });
  return {
    insert: (rows, templates) => insertAll(rows, templates),
    query: <T>(sql: string, params: unknown[] = []) => Promise.resolve(db.prepare(sql).all(params) as T[]),
    close: () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return Promise.resolve();
    },
  };
}

async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The load only, this session only: the service's own sessions commit synchronously.
  await client.query('SET synchronous_commit = off');
  return {
    insert: async (rows, templates) => {
      // synchronous_commit is off for this session, so a statement at a time costs no sync each.
      for (const t of templates) await client.query({ name: 'bench-insert-template', text: 'INSERT INTO answer_templates (id, body, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', values: [t.id, t.body, rows[0][1]] });
      const placeholders = rows.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`).join(', ');
      await client.query({ name: `bench-insert-${rows.length}`, text: `INSERT INTO evaluations (${COLUMNS.join(', ')}) VALUES ${placeholders}`, values: rows.flat() });
    },
    query: async <T>(sql: string, params: unknown[] = []) => {
      let i = 0;
      // Without parameters as a simple query: VACUUM refuses the extended protocol's implicit transaction.
      return (
        params.length
          ? await client.query(
              sql.replace(/\?/g, () => `$${++i}`),
              params,
            )
          : await client.query(sql)
      ).rows as T[];
    },
    close: () => client.end(),
  };
}

async function openSink(): Promise<Sink> {
  return sqliteFile ? sqliteSink(sqliteFile) : postgresSink(postgresUrl!);
}

// ---- run -----------------------------------------------------------------------------------

let service: ChildProcess | undefined;
const stopOnSignal = () => {
  service?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(130);
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

try {
  const runStart = performance.now();
  log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the start (${availableParallelism()} cores)`,
  );
  log(`database: ${sqliteFile ? 'SQLite (fresh file in a temp dir)' : `Postgres (${new URL(postgresUrl!).pathname.slice(1)}, dropped and created afresh)`}; ${fmt(ROWS)} stored evaluations, ${fmt(DISTINCT)} distinct workloads, ${fmt(NAMES)} names`);
  if (postgresUrl) await freshPostgres(postgresUrl);

  // 1. Migrations and key rows, by the service itself.
  {
    const first = await startService();
    service = first.child;
    await stopService(first.child);
    service = undefined;
  }
  const sink = await openSink();
  const [evaluatorRow] = await sink.query<{ id: string }>('SELECT id FROM api_keys WHERE name = ? AND revoked_at IS NULL', [EVALUATOR.name]);
  if (!evaluatorRow) throw new Error(`no api_keys row for ${EVALUATOR.name}`);
  const apiKeyId = evaluatorRow.id;

  // 2. The stored rows.
  const matrixDocument = readShippedMatrix(DEFAULT_MATRIX_VERSION);
  const matrix = loadMatrix(matrixDocument);
  const memo = createEvaluationMemo(matrix, DISTINCT);
  const pool: Workload[] = [];
  const seen = new Set<string>();
  for (let tries = 0; pool.length < DISTINCT && tries < DISTINCT * 100; tries++) {
    const w = randomWorkload();
    const { name: _name, ...attributes } = w;
    const key = JSON.stringify(attributes);
    if (seen.has(key)) continue;
    seen.add(key);
    pool.push(w);
  }
  if (pool.length < DISTINCT) throw new Error(`only ${pool.length} distinct workloads found`);
  const poolStart = performance.now();
  const recommendations = new Map<string, number>();
  for (const w of pool) {
    const r = memo.evaluate(w).evaluation.recommendation ?? 'none';
    recommendations.set(r, (recommendations.get(r) ?? 0) + 1);
  }
  log(
    `workload pool: ${fmt(pool.length)} distinct, evaluated under ${DEFAULT_MATRIX_VERSION} in ${fmt(performance.now() - poolStart)} ms (${[...recommendations]
      .sort()
      .map(([r, n]) => `${r} ${n}`)
      .join(', ')})`,
  );
  // Each name has a home workload; one row in ten is the name's workload after an edit (another pool entry).
  const home = Int32Array.from({ length: NAMES }, () => Math.floor(random() * pool.length));

  // What the checks and the load need: ids spread over the table, a few names' rows in full, a sample of exact answers.
  const GET_IDS = Math.min(100_000, ROWS);
  const getIds: string[] = [];
  const exact = new Map<string, string>();
  const exactEvery = Math.max(1, Math.floor(ROWS / 200));
  const watchedNames = new Map<number, { id: string; json: string }[]>(Array.from({ length: 5 }, () => [Math.floor(random() * NAMES), []]));
  const lastRows: { id: string; createdAt: string }[] = [];

  const end = Date.now() - 60_000;
  const span = DAYS * 86_400_000;
  let lastMs = 0;
  const poolInfo = pool.map((w) => {
    const { evaluation } = memo.evaluate(w);
    return { matrixVersion: evaluation.matrix.version, matrixChecksum: evaluation.matrix.checksum, recommendation: evaluation.recommendation };
  });
  /** Sampled rows whose stored answer is compared with the answer the service would have sent. */
  const formatSamples = new Map<number, { index: number; json: string }[]>();
  /** Rows [seq * CHUNK, ...) as a job: made here in order, so the ids grow; the workers build and pack the answers. */
  const makeJob = (seq: number): PackJob => {
    const job: PackJob = { seq, ids: [], createdAts: [], names: [], poolIndexes: [] };
    for (let i = seq * CHUNK; i < Math.min(ROWS, (seq + 1) * CHUNK); i++) {
      const ms = Math.max(lastMs + 1, end - span + Math.floor((i * span) / ROWS));
      lastMs = ms;
      const id = uuidv7({ msecs: ms });
      const createdAt = new Date(ms).toISOString();
      const nameIndex = Math.floor(random() * NAMES);
      const name = workloadName(nameIndex);
      const poolIndex = random() < 0.1 ? Math.floor(random() * pool.length) : home[nameIndex];
      job.ids.push(id);
      job.createdAts.push(createdAt);
      job.names.push(name);
      job.poolIndexes.push(poolIndex);
      if (random() < GET_IDS / ROWS) getIds.push(id);
      const watched = watchedNames.get(nameIndex);
      const sampled = i % exactEvery === 0 || i >= ROWS - 20;
      if (watched || sampled) {
        // The same path as the service's EvaluationsService.decide: the version's memo, then answerBytes.
        const workload = { ...pool[poolIndex], name };
        const json = answerBytes({ id, createdAt }, workload, memo.evaluate(workload).utf8).toString('utf8');
        watched?.push({ id, json });
        if (sampled) {
          exact.set(id, json);
          formatSamples.set(seq, [...(formatSamples.get(seq) ?? []), { index: i - seq * CHUNK, json }]);
        }
      }
      if (i >= ROWS - 3) lastRows.push({ id, createdAt });
    }
    return job;
  };

  const workerCount = Number(process.env.BENCH_SCALE_WORKERS ?? availableParallelism());
  const packerData: PackerData = { matrixDocument, pool };
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./bench-scale-worker.js', import.meta.url), { workerData: packerData }));
  const chunks = Math.ceil(ROWS / CHUNK);
  const jobs = new Map<number, PackJob>();
  const done = new Map<number, PackedJob>();
  const queued = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let nextSeq = 0;
  let inserted = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  /** Two jobs queued per worker, and no more than a few chunks ahead of the inserts. */
  const feed = (worker: Worker) => {
    while (queued.get(worker)! < 2 && nextSeq < chunks && nextSeq - inserted < workers.length * 4) {
      const job = makeJob(nextSeq++);
      jobs.set(job.seq, job);
      queued.set(worker, queued.get(worker)! + 1);
      worker.postMessage(job);
    }
  };
  for (const worker of workers) {
    worker.on('message', (result: PackedJob) => {
      queued.set(worker, queued.get(worker)! - 1);
      done.set(result.seq, result);
      feed(worker);
      wake?.();
    });
    worker.on('error', (error: Error) => {
      failure = error;
      wake?.();
    });
  }

  const loadStart = performance.now();
  let insertMs = 0;
  let stored = 0;
  let bodyBytes = 0;
  let formatChecked = 0;
  /** Every template the workers sent, to check sampled rows against. */
  const templates = new Map<string, PackedTemplate>();
  let reported = loadStart;
  workers.forEach(feed);
  try {
    while (inserted < chunks) {
      while (!done.has(inserted) && failure === undefined) await new Promise<void>((ok) => (wake = ok));
      if (failure !== undefined) throw failure;
      const result = done.get(inserted)!;
      const job = jobs.get(inserted)!;
      done.delete(inserted);
      jobs.delete(inserted);
      const rows: unknown[][] = [];
      let start = 0;
      for (let i = 0; i < job.ids.length; i++) {
        const body = Buffer.from(result.bodies.buffer, result.bodies.byteOffset + start, result.ends[i] - start);
        start = result.ends[i];
        const info = poolInfo[job.poolIndexes[i]];
        rows.push([job.ids[i], job.createdAts[i], job.names[i], result.workloads[i], info.matrixVersion, info.matrixChecksum, info.recommendation, EVALUATOR.name, apiKeyId, body, result.answerTemplates[i]]);
      }
      for (const t of result.templates) templates.set(t.id, t);
      for (const sample of formatSamples.get(inserted) ?? []) {
        const body = rows[sample.index][COLUMNS.indexOf('body')] as Buffer;
        const answerTemplate = result.answerTemplates[sample.index];
        const row = { id: job.ids[sample.index], createdAt: job.createdAts[sample.index], workload: result.workloads[sample.index], workloadName: job.names[sample.index], answerTemplate, body };
        const stored = unpackAnswer(row, answerTemplate === null ? undefined : unpackTemplate(templates.get(answerTemplate)!)).toString('utf8');
        if (stored !== sample.json) throw new Error(`row ${job.ids[sample.index]}: the stored answer differs from the one the service would have sent`);
        formatChecked++;
      }
      formatSamples.delete(inserted);
      const t = performance.now();
      await sink.insert(rows, result.templates);
      insertMs += performance.now() - t;
      stored += rows.length;
      bodyBytes += result.bodies.length;
      inserted++;
      workers.forEach(feed);
      if (performance.now() - reported > 15_000) {
        reported = performance.now();
        log(`  ... ${fmt(stored)} rows, ${fmt(stored / ((reported - loadStart) / 1000))} rows/s`);
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  if (postgresUrl) {
    // As autovacuum would after a bulk insert: statistics for the planner, a visibility map for index-only reads.
    const t = performance.now();
    await sink.query('VACUUM (ANALYZE) evaluations');
    log(`VACUUM (ANALYZE) evaluations after the load: ${fmt(performance.now() - t)} ms`);
  }
  await sink.close();
  const loadLine = `bulk load: ${fmt(stored)} rows in ${loadSeconds.toFixed(1)} s = ${fmt(stored / loadSeconds)} rows/s (main thread in inserts ${fmt(insertMs / 1000)} s; ${
    sqliteFile ? 'own connection with synchronous=OFF for the load only' : 'own session with synchronous_commit=off for the load only'
  }; the measured service runs with its own durable settings); ${workerCount} workers build and pack the answers; average body ${fmt(bodyBytes / stored)} B, ${fmt(templates.size)} answer templates; ${formatChecked} sampled rows give back their answers byte for byte`;
  log(loadLine);

  // 3. The service on the loaded database.
  const started = await startService();
  service = started.child;
  const { url, child } = started;
  log(`service started on ${fmt(stored)} rows in ${fmt(started.startMs)} ms (pid ${child.pid}), peak RSS so far ${peakRssMb(child.pid!)} MB`);
  const get = (path: string, key: string) => fetch(`${url}${path}`, { headers: { 'x-api-key': key } });

  // Byte-exact answers: sampled ids across the table, and whole list pages of a few names.
  let exactOk = 0;
  for (const [id, json] of exact) {
    const res = await get(`/v1/evaluations/${id}`, EVALUATOR.secret);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status === 200 && body.equals(Buffer.from(json))) exactOk++;
    else log(`  mismatch: GET /v1/evaluations/${id} answered ${res.status} with ${body.length} bytes, expected ${Buffer.byteLength(json)}`);
  }
  let pagesOk = 0;
  for (const [nameIndex, rows] of watchedNames) {
    const newest = rows.slice(-20).reverse();
    const expected = `{"items":[${newest.map((r) => r.json).join(',')}],"nextCursor":${JSON.stringify(rows.length > 20 ? newest[newest.length - 1].id : null)}}`;
    const res = await get(`/v1/evaluations?workload=${encodeURIComponent(workloadName(nameIndex))}&limit=20`, EVALUATOR.secret);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status === 200 && body.equals(Buffer.from(expected))) pagesOk++;
    else log(`  mismatch: list of ${workloadName(nameIndex)} (${rows.length} rows) answered ${res.status} with ${body.length} bytes, expected ${Buffer.byteLength(expected)}`);
  }
  log(`byte-exact: ${exactOk}/${exact.size} sampled GETs, ${pagesOk}/${watchedNames.size} list pages (${[...watchedNames.values()].map((r) => r.length).join(', ')} rows each)`);

  const getPaths = getIds.map((id) => `/v1/evaluations/${id}`);
  const listPaths = Array.from({ length: 20_000 }, () => `/v1/evaluations?workload=${encodeURIComponent(workloadName(Math.floor(random() * NAMES)))}&limit=20`);
  /** A 2 s warm-up, then the measured run, with the service's CPU time per answered request (robust to a busy machine, unlike latency). */
  const measure = async (paths: string[], connections = CONNECTIONS, seconds = SECONDS, headers?: Record<string, string>) => {
    await load(url, EVALUATOR.secret, paths, 2, connections, headers);
    const cpu = cpuMs(child.pid!);
    const result = await load(url, EVALUATOR.secret, paths, seconds, connections, headers);
    const serviceCpuMs = cpuMs(child.pid!) - cpu;
    return { ...result, serviceCpuMs, serviceCpuMsPerRequest: serviceCpuMs / Math.max(1, result.requests) };
  };
  /**
   * Requests still queued in the service when a load ends (a slow query holds the event loop)
   * would be counted in the next measurement: wait until the service's CPU time stands still.
   */
  const settle = async () => {
    const started = performance.now();
    for (let before = cpuMs(child.pid!); performance.now() - started < 300_000;) {
      await new Promise((ok) => setTimeout(ok, 500));
      const now = cpuMs(child.pid!);
      if (now - before < 50) return performance.now() - started;
      before = now;
    }
    return performance.now() - started;
  };
  // Ten connections keep the service busy, so their latency is mostly queueing (about connections / throughput);
  // one connection at a time shows what a single request costs at this size.
  const getResult = await measure(getPaths);
  await settle();
  const getSerial = await measure(getPaths, 1, 5);
  await settle();
  const listResult = await measure(listPaths);
  const settledMs = await settle();
  if (settledMs > 1000) log(`the service went on answering queued list requests for ${fmt(settledMs)} ms after the load ended`);
  const listSerial = await measure(listPaths, 1, 5);
  await settle();
  // The same pages as decisions only, for callers that want a workload's history rather than its answers.
  const listMinimal = await measure(listPaths, CONNECTIONS, SECONDS, { prefer: 'return=minimal' });
  await settle();
  const rssUnderLoad = peakRssMb(child.pid!);

  // 4. Impact over the latest 10,000.
  const impactRuns: { ms: number; serviceCpuMs: number; evaluated: number; changed: number; bytes: number; status: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const cpu = cpuMs(child.pid!);
    const t = performance.now();
    const res = await fetch(`${url}/v1/matrices/${IMPACT_VERSION}/impact?limit=${IMPACT_LIMIT}`, { method: 'POST', headers: { 'x-api-key': ADMIN.secret } });
    const text = await res.text();
    const ms = performance.now() - t;
    const serviceCpuMs = cpuMs(child.pid!) - cpu;
    const report = res.status === 200 ? (JSON.parse(text) as { window: { evaluated: number; newest: string | null }; changed: number }) : undefined;
    if (!report) log(`  impact answered ${res.status}: ${text.slice(0, 300)}`);
    else if (report.window.newest !== lastRows[lastRows.length - 1]?.createdAt) log(`  impact's newest is ${report.window.newest}, the last row stored was ${lastRows[lastRows.length - 1]?.createdAt}`);
    impactRuns.push({ ms, serviceCpuMs, evaluated: report?.window.evaluated ?? 0, changed: report?.changed ?? 0, bytes: Buffer.byteLength(text), status: res.status });
  }
  const impactMs = median(impactRuns.map((r) => r.ms));
  const rssAfterImpact = peakRssMb(child.pid!);
  await stopService(child);
  service = undefined;

  // 5. Bytes per stored evaluation, and the plans of the service's queries (SQL as in evaluation-store.ts).
  const db = await openSink();
  const [{ n }] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM evaluations');
  const rows = Number(n);
  const [avg] = await db.query<{ body: number; workload: number }>(
    sqliteFile ? 'SELECT AVG(LENGTH(body)) AS body, AVG(LENGTH(workload)) AS workload FROM evaluations' : 'SELECT AVG(octet_length(body))::float AS body, AVG(octet_length(workload))::float AS workload FROM evaluations',
  );
  const [templateStats] = await db.query<{ n: number | string; bytes: number | string | null }>(`SELECT COUNT(*) AS n, SUM(${sqliteFile ? 'LENGTH' : 'octet_length'}(body)) AS bytes FROM answer_templates`);
  let databaseBytes: number;
  const breakdown: { name: string; bytes: number }[] = [];
  const plans: Record<string, string> = {};
  const sampleName = workloadName(0);
  const listQuery = pageQuery({ workloadName: sampleName, apiKeyId }, 21, undefined, sqliteFile !== undefined);
  const planned = {
    'get-by-id': ['SELECT id, created_at, workload, workload_name, answer_template, body, api_key_id FROM evaluations WHERE id = ?', [getIds[0]]],
    'list-by-workload (evaluator)': [listQuery.sql, listQuery.params],
    'impact inputs': ['SELECT id, created_at, workload_name, workload, matrix_version, recommendation FROM evaluations ORDER BY id DESC LIMIT ?', [IMPACT_LIMIT]],
  } as const;
  if (sqliteFile) {
    const [{ page_count }] = await db.query<{ page_count: number }>('PRAGMA page_count');
    const [{ page_size }] = await db.query<{ page_size: number }>('PRAGMA page_size');
    databaseBytes = page_count * page_size;
    log(`SQLite file: ${fmt(statSync(sqliteFile).size)} B, page_count*page_size ${fmt(databaseBytes)} B after a WAL checkpoint`);
    try {
      breakdown.push(...(await db.query<{ name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')));
    } catch {
      log('(dbstat is not compiled into this SQLite: no per-index breakdown)');
    }
    for (const [label, [sql, params]] of Object.entries(planned)) plans[label] = (await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, [...params])).map((r) => r.detail).join('; ');
  } else {
    const [sizes] = await db.query<{ total: string; heap: string; indexes: string; toast: string }>(
      "SELECT pg_total_relation_size('evaluations') AS total, pg_relation_size('evaluations') AS heap, pg_indexes_size('evaluations') AS indexes, COALESCE(pg_total_relation_size(NULLIF(reltoastrelid, 0)), 0) AS toast FROM pg_class WHERE oid = 'evaluations'::regclass",
    );
    const [templateTable] = await db.query<{ total: string }>("SELECT pg_total_relation_size('answer_templates') AS total");
    databaseBytes = Number(sizes.total) + Number(templateTable.total);
    breakdown.push({ name: 'evaluations (heap)', bytes: Number(sizes.heap) }, { name: 'evaluations (toast)', bytes: Number(sizes.toast) }, { name: 'answer_templates', bytes: Number(templateTable.total) });
    for (const r of await db.query<{ name: string; bytes: string }>("SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes FROM pg_index WHERE indrelid = 'evaluations'::regclass ORDER BY 2 DESC"))
      breakdown.push({ name: r.name, bytes: Number(r.bytes) });
    log(`Postgres: pg_total_relation_size('evaluations') + ('answer_templates') ${fmt(databaseBytes)} B (heap ${fmt(Number(sizes.heap))}, indexes ${fmt(Number(sizes.indexes))}, toast ${fmt(Number(sizes.toast))})`);
    for (const [label, [sql, params]] of Object.entries(planned)) plans[label] = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [...params])).map((r) => r['QUERY PLAN'].trim()).join('; ');
  }
  await db.close();
  const bytesPerEvaluation = databaseBytes / rows;
  if (breakdown.length) log(`per stored evaluation by table/index: ${breakdown.map((b) => `${b.name} ${fmt(b.bytes / rows)} B`).join(', ')}`);
  const templateBytesPerRow = Number(templateStats.bytes ?? 0) / rows;
  log(`average stored answer: body ${fmt(avg.body)} B in the row, ${fmt(Number(templateStats.n))} answer templates (${fmt(templateBytesPerRow)} B per row); workload column ${fmt(avg.workload)} B`);
  for (const [label, plan] of Object.entries(plans)) log(`plan, ${label}: ${plan}`);

  // 6. Stored evaluations on top of the million, after the bytes above were counted: the workload
  // `npm run bench` stores (its answer comes from the memo), under names drawn from the scale's, so
  // each record goes into a random place of the workload's index, as a portfolio's re-evaluations do.
  const storing = await startService();
  service = storing.child;
  const storePid = storing.child.pid!;
  const bodies = Array.from({ length: 5_000 }, () => JSON.stringify({ ...BENCH_WORKLOAD, name: workloadName(Math.floor(random() * NAMES)) }));
  const storeLoad = (seconds: number) => load(storing.url, EVALUATOR.secret, ['/v1/evaluations'], seconds, STORE_CONNECTIONS, { 'content-type': 'application/json' }, bodies);
  await storeLoad(2);
  const storeCpu = cpuMs(storePid);
  const storeWritten = writtenBytes(storePid);
  const storedResult = await storeLoad(SECONDS);
  const storeCpuMs = cpuMs(storePid) - storeCpu;
  const storedOnTop = {
    ...storedResult,
    serviceCpuMs: storeCpuMs,
    serviceCpuMsPerRequest: storeCpuMs / Math.max(1, storedResult.requests),
    // On Postgres the database's own processes write; the service writes nothing of its own.
    writtenBytesPerRequest: sqliteFile ? (writtenBytes(storePid) - storeWritten) / Math.max(1, storedResult.requests) : NaN,
  };
  await stopService(storing.child);
  service = undefined;

  // 7. The table.
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const allExact = exactOk === exact.size && pagesOk === watchedNames.size;
  const impactLine = impactRuns.map((r) => `${fmt(r.ms)}`).join(', ');
  type Measured = LoadResult & { serviceCpuMs: number; serviceCpuMsPerRequest: number };
  const cpuNote = (r: Measured) => (r.requests > 0 ? `, service CPU ${r.serviceCpuMsPerRequest < 100 ? r.serviceCpuMsPerRequest.toFixed(2) : fmt(r.serviceCpuMsPerRequest)} ms/request` : `, service CPU ${fmt(r.serviceCpuMs)} ms during the run`);
  /** Latency of the answered requests; autocannon gives up on a request after 10 s and counts it as an error, not in the percentiles. */
  const latency = (r: Measured) => (r.requests > 0 ? `p50 ${r.p50} ms, p99 ${r.p99} ms` : 'no request answered within 10 s');
  const p99Text = (r: Measured) => (r.requests > 0 ? `${r.p99} ms${r.errors > 0 ? ` (+${r.errors} timed out)` : ''}` : `>10000 ms (${r.errors} timed out, none answered)`);
  const fast = (r: Measured) => r.requests > 0 && r.p99 < TARGETS.p99Ms && r.non2xx + r.errors === 0;
  log('');
  log(`| measure (${fmt(rows)} stored) | figure | target | |`);
  log('| --- | --- | --- | --- |');
  log(
    `| GET /v1/evaluations/{id}, random ids, ${CONNECTIONS} connections, ${SECONDS} s | ${fmt(getResult.rps)} req/s, ${latency(getResult)}, non-2xx ${getResult.non2xx}, errors ${getResult.errors}${cpuNote(getResult)} | p99 < ${TARGETS.p99Ms} ms | ${met(fast(getResult))} |`,
  );
  log(
    `| GET /v1/evaluations?workload=<random>&limit=20, ${CONNECTIONS} connections, ${SECONDS} s | ${fmt(listResult.rps)} req/s, ${latency(listResult)}, non-2xx ${listResult.non2xx}, errors ${listResult.errors}${cpuNote(listResult)} | p99 < ${TARGETS.p99Ms} ms | ${met(fast(listResult))} |`,
  );
  log(
    `| POST /v1/matrices/${IMPACT_VERSION}/impact?limit=${IMPACT_LIMIT} (3 runs) | ${impactLine} ms, median ${fmt(impactMs)} ms (service CPU ${impactRuns.map((r) => fmt(r.serviceCpuMs)).join(', ')} ms); ${fmt(impactRuns[0].evaluated)} re-decided, ${fmt(impactRuns[0].changed)} changed, ${fmt(impactRuns[0].bytes)} B answer | < ${TARGETS.impactMs} ms | ${met(impactMs < TARGETS.impactMs && impactRuns.every((r) => r.status === 200 && r.evaluated === Math.min(IMPACT_LIMIT, rows)))} |`,
  );
  for (const [label, r] of [
    ['GET /v1/evaluations/{id}, 1 connection, 5 s (diagnostic)', getSerial],
    ['GET /v1/evaluations?workload=<random>&limit=20, 1 connection, 5 s (diagnostic)', listSerial],
    [`GET /v1/evaluations?workload=<random>&limit=20, Prefer: return=minimal, ${CONNECTIONS} connections, ${SECONDS} s (the decisions only)`, listMinimal],
  ] as const)
    log(`| ${label} | ${fmt(r.rps)} req/s, ${latency(r)}, non-2xx ${r.non2xx}, errors ${r.errors}${cpuNote(r)} | - | - |`);
  log(
    `| database bytes per stored evaluation | ${fmt(bytesPerEvaluation)} B (body ${fmt(avg.body)} B + templates ${fmt(templateBytesPerRow)} B, workload ${fmt(avg.workload)} B) | ≤ 3 KB (${fmt(TARGETS.bytesPerEvaluation)} B) | ${met(bytesPerEvaluation <= TARGETS.bytesPerEvaluation)} |`,
  );
  log(`| stored answers returned byte-exact | ${exactOk}/${exact.size} GETs, ${pagesOk}/${watchedNames.size} list pages | all | ${met(allExact)} |`);
  log(`| service peak RSS (VmHWM) under the HTTP load | ${rssUnderLoad} MB (after impact: ${rssAfterImpact} MB) | < ${TARGETS.rssMb} MB | ${met(rssUnderLoad < TARGETS.rssMb)} |`);
  log(
    `| POST /v1/evaluations on top of them, one workload under random names of ${fmt(NAMES)}, ${STORE_CONNECTIONS} connections, ${SECONDS} s | ${fmt(storedOnTop.rps)} req/s, ${latency(storedOnTop)}, non-2xx ${storedOnTop.non2xx}, errors ${storedOnTop.errors}${cpuNote(storedOnTop)}${
      Number.isFinite(storedOnTop.writtenBytesPerRequest) ? `; ${(storedOnTop.writtenBytesPerRequest / 1024).toFixed(1)} KB written to disk per stored evaluation (WAL and checkpoints)` : ''
    } | p99 ≤ ${TARGETS.storedP99Ms} ms, no non-2xx (as on a fresh file) | ${met(storedOnTop.requests > 0 && storedOnTop.p99 <= TARGETS.storedP99Ms && storedOnTop.non2xx + storedOnTop.errors === 0)} |`,
  );
  log(`| bulk load (not a target) | ${fmt(stored / loadSeconds)} rows/s, ${loadSeconds.toFixed(1)} s | - | - |`);

  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `bench-scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        database: sqliteFile ? 'sqlite' : 'postgres',
        rows,
        distinctWorkloads: pool.length,
        names: NAMES,
        load: { seconds: loadSeconds, rowsPerSecond: stored / loadSeconds, insertSeconds: insertMs / 1000 },
        serviceStartMs: started.startMs,
        get: getResult,
        list: listResult,
        getOneConnection: getSerial,
        listOneConnection: listSerial,
        listMinimal,
        impact: { runs: impactRuns, medianMs: impactMs },
        storedOnTop,
        storage: { databaseBytes, bytesPerEvaluation, averageBodyBytes: avg.body, averageWorkloadBytes: avg.workload, breakdown },
        exact: { gets: `${exactOk}/${exact.size}`, pages: `${pagesOk}/${watchedNames.size}` },
        peakRssMb: { underLoad: rssUnderLoad, afterImpact: rssAfterImpact },
        plans,
        targets: TARGETS,
      },
      null,
      2,
    ),
  );
  log(
    `written to ${file}; whole run ${fmt((performance.now() - runStart) / 1000)} s; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end (${availableParallelism()} cores)`,
  );
  log(`scale: get p99 ${p99Text(getResult)}, list p99 ${p99Text(listResult)}, impact ${fmt(impactMs)} ms, ${fmt(bytesPerEvaluation)} bytes/evaluation, RSS ${rssUnderLoad} MB`);
} finally {
  if (service) await stopService(service);
  if (process.env.BENCH_SCALE_KEEP && sqliteFile) console.log(`kept ${sqliteFile} (BENCH_SCALE_KEEP)`);
  else rmSync(dir, { recursive: true, force: true });
}
