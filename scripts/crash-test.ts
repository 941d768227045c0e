// npm run test:crash: kill the service with SIGKILL at random moments while it stores
// evaluations and publishes and activates matrices, restart it on the same SQLite file, and
// check that every acknowledged evaluation is there, the file is intact, and exactly one
// whole, published matrix version is active. Exits non-zero on the first broken promise.
// CRASH_POSTGRES_URL=postgres://... runs the same against a fresh database on that server
// (no integrity_check there: Postgres recovers its own files).
import Database from 'better-sqlite3';
import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMatrix } from '../src/engine/index.js';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 10);
const WRITERS = 8;
const KEY = 'crash-test-admin-secret-0123456789-abcdef';
const dir = mkdtempSync(join(tmpdir(), 'placement-crash-'));
const file = join(dir, 'placement.db');
const postgresAdmin = process.env.CRASH_POSTGRES_URL;
const postgresName = `placement_crash_${process.pid}`;
const postgresUrl = postgresAdmin ? Object.assign(new URL(postgresAdmin), { pathname: `/${postgresName}` }).toString() : undefined;
const env = {
  ...process.env,
  DATABASE_URL: postgresUrl ?? `sqlite:${file}`,
  API_KEYS: `crash:admin:${KEY}`,
  BOOTSTRAP_KEY_FILE: join(dir, 'bootstrap.key'),
  RATE_LIMIT_PER_KEY: '1000000',
  RATE_LIMIT_PER_ADDRESS: '1000000',
};
const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));
const shipped = JSON.parse(readFileSync(fileURLToPath(new URL('../src/engine/matrices/2026.1.json', import.meta.url)), 'utf8')) as Record<string, unknown>;

const acknowledged = new Set<string>();
/** Versions whose activation was sent; the active one must be the last acknowledged or one sent after it. */
const activationsSent: string[] = ['2026.1'];
let lastAcknowledgedActivation = '2026.1';
const published = new Set<string>(['2026.1']);

let current: ChildProcess | undefined;
function fail(message: string): never {
  console.error(`crash test FAILED: ${message}`);
  current?.kill('SIGKILL');
  process.exit(1);
}

function start(): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    current = proc;
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/READY (\d+)/);
      if (match) resolve({ proc, port: Number(match[1]) });
    });
    proc.on('exit', (code) => reject(new Error(`the service exited with ${code} before it was ready`)));
  });
}

async function evaluations(base: string, cycle: number, writer: number, stop: { now: boolean }): Promise<void> {
  for (let n = 0; !stop.now; n++) {
    const name = `crash-${cycle}-${writer}-${n}`;
    try {
      const res = await fetch(`${base}/v1/evaluations`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ name, codeTrust: 'first-party', tenancy: 'single-tenant' }) });
      if (res.status === 201) acknowledged.add(name);
      else if (res.status >= 500) fail(`${name} answered ${res.status}: ${await res.text()}`);
    } catch {
      return; // killed mid-request: the outcome is unknown, and that is allowed
    }
  }
}

async function lifecycle(base: string, cycle: number, stop: { now: boolean }): Promise<void> {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  for (let n = 0; !stop.now; n++) {
    const version = `crash-${cycle}-${n}`;
    try {
      const expect = async (res: Response, status: number, what: string) => {
        if (res.status !== status) fail(`${what} ${version} answered ${res.status}: ${await res.text()}`);
      };
      await expect(await call('POST', '/v1/matrices', { ...shipped, version }), 201, 'draft');
      await expect(await call('POST', `/v1/matrices/${version}/publish`), 200, 'publish');
      published.add(version);
      activationsSent.push(version);
      await expect(await call('POST', `/v1/matrices/${version}/activate`), 200, 'activate');
      lastAcknowledgedActivation = version;
    } catch {
      return;
    }
  }
}

type Rows = { names: string[]; matrices: { version: string; status: string; checksum: string; document: string; active: number | boolean }[] };

async function read(): Promise<Rows> {
  const names = 'SELECT workload_name AS name FROM evaluations';
  const matrices = 'SELECT version, status, checksum, document, active FROM matrix_versions';
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      return { names: (await client.query(names)).rows.map((r: { name: string }) => r.name), matrices: (await client.query<Rows['matrices'][number]>(matrices)).rows };
    } finally {
      await client.end();
    }
  }
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') fail(`integrity_check: ${String(integrity)}`);
    return { names: (db.prepare(names).all() as { name: string }[]).map((r) => r.name), matrices: db.prepare(matrices).all() as Rows['matrices'] };
  } finally {
    db.close();
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdmin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function verify(cycle: number): Promise<void> {
  const { names, matrices } = await read();
  {
    const stored = new Set(names);
    for (const name of acknowledged) if (!stored.has(name)) fail(`${name} was acknowledged with 201 but is not stored after kill ${cycle}`);
    const rows = matrices;
    const active = rows.filter((r) => r.active);
    if (active.length !== 1) fail(`${active.length} active matrix versions after kill ${cycle}`);
    const current = active[0];
    if (current.status !== 'published') fail(`active version ${current.version} is ${current.status}`);
    const allowed = activationsSent.slice(activationsSent.indexOf(lastAcknowledgedActivation));
    if (!allowed.includes(current.version)) fail(`active version ${current.version}, expected one of ${allowed.join(', ')}`);
    for (const row of rows) {
      if (loadMatrix(JSON.parse(row.document)).checksum !== row.checksum) fail(`version ${row.version} holds half a document`);
      if (published.has(row.version) && row.status === 'draft') fail(`version ${row.version} was published but is a draft again`);
    }
  }
}

const started = Date.now();
if (postgresAdmin) await adminQuery(`CREATE DATABASE ${postgresName}`);
try {
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const { proc, port } = await start();
    const base = `http://127.0.0.1:${port}`;
    if ((await fetch(`${base}/health/ready`)).status !== 200) fail(`not ready after restart ${cycle}`);
    const stop = { now: false };
    const work = [...Array.from({ length: WRITERS }, (_, w) => evaluations(base, cycle, w, stop)), lifecycle(base, cycle, stop)];
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    stop.now = true;
    await exited;
    await Promise.all(work);
    await verify(cycle);
  }
  console.log(
    `crash test ok on ${postgresUrl ? 'Postgres' : 'SQLite'}: ${CYCLES} SIGKILLs, ${acknowledged.size} acknowledged evaluations all stored, ${published.size - 1} versions published${postgresUrl ? '' : ', integrity ok'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (postgresAdmin) await adminQuery(`DROP DATABASE IF EXISTS ${postgresName} WITH (FORCE)`);
}
