import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS } from '../migrations/index.js';
import { DEFAULT_MATRIX_VERSION, SHIPPED_MATRIX_VERSIONS } from '../src/matrices/shipped-matrices.js';
import { readMatrixDocument, workloadInput } from './support/factories.js';
import { send } from './support/http-client.js';
import { buildDist, killAllServices, startService, type ServiceProcess } from './support/service-process.js';
import { createTestDatabase, type TestDatabaseHandle } from './support/test-app.js';

/**
 * Two processes of the built service on one fresh Postgres database, started at the same
 * moment, as `docker compose up --scale api=2` or a Deployment with two replicas would.
 */
describe('two replicas on one Postgres database', () => {
  let db: TestDatabaseHandle;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let adminKey: string;

  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase('postgres');
    // No API_KEYS: both race to create the bootstrap admin key as well as the schema and the default matrix.
    [a, b] = await Promise.all([0, 1].map(() => startService({ env: { DATABASE_URL: db.url, BOOTSTRAP_KEY_FILE: join(db.dir, 'bootstrap-admin.key') } })));
  });
  afterAll(async () => {
    await killAllServices();
    await db?.drop();
  });

  it('both come up on the empty database; the schema, the shipped matrices and the bootstrap key are created once', async () => {
    const applied = await query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await query('SELECT version, active FROM matrix_versions ORDER BY version')).toEqual([...SHIPPED_MATRIX_VERSIONS].sort().map((version) => ({ version, active: version === DEFAULT_MATRIX_VERSION })));
    expect(await query('SELECT name FROM api_keys')).toEqual([{ name: 'bootstrap-admin' }]);

    // The winner writes the key to the file and names the file in its log; neither prints the secret.
    adminKey = readFileSync(join(db.dir, 'bootstrap-admin.key'), 'utf8').trim();
    expect(adminKey).toMatch(/^pk_/);
    expect([a, b].filter((s) => s.output().includes('bootstrap-admin.key'))).toHaveLength(1);
    for (const s of [a, b]) expect(s.output()).not.toContain(adminKey);
    for (const s of [a, b]) {
      expect((await send(s.url, 'GET', '/health/ready')).status).toBe(200);
      expect((await send(s.url, 'GET', '/v1/matrices', { key: adminKey })).status).toBe(200);
    }
  });

  it('stores evaluations sent to both in parallel exactly once, and either lists all of them', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `replica-${i}`);
    const answers = await Promise.all(names.map((name, i) => send([a, b][i % 2].url, 'POST', '/v1/evaluations', { key: adminKey, body: workloadInput({ name }) })));
    expect(answers.map((r) => r.status)).toEqual(names.map(() => 201));
    const stored = await query<{ workload_name: string; n: string }>("SELECT workload_name, count(*) AS n FROM evaluations WHERE workload_name LIKE 'replica-%' GROUP BY workload_name");
    expect(stored.map((r) => [r.workload_name, Number(r.n)]).sort()).toEqual(names.map((n) => [n, 1]).sort());
    for (const s of [a, b]) {
      const list = await send(s.url, 'GET', '/v1/evaluations?limit=100', { key: adminKey });
      expect(list.status).toBe(200);
      expect((list.body.items as { workload: { name: string } }[]).map((e) => e.workload.name).sort()).toEqual([...names].sort());
    }
  });

  it('uses a matrix activated through one replica on the other within a second', async () => {
    const doc = readMatrixDocument(DEFAULT_MATRIX_VERSION);
    doc.version = 'replicas.1';
    const workload = workloadInput({ name: 'after the activation' });

    const before = await send(b.url, 'POST', '/v1/evaluations?dryRun=true', { key: adminKey, body: workload });
    expect(before.body.matrix.version).toBe(DEFAULT_MATRIX_VERSION);
    const created = await send(a.url, 'POST', '/v1/matrices', { key: adminKey, body: doc });
    expect(created.status).toBe(201);
    expect((await send(a.url, 'POST', '/v1/matrices/replicas.1/publish', { key: adminKey })).status).toBe(200);
    expect((await send(a.url, 'POST', '/v1/matrices/replicas.1/activate', { key: adminKey })).status).toBe(200);
    const activatedAt = Date.now();
    let after = await send(b.url, 'POST', '/v1/evaluations', { key: adminKey, body: workload });
    while (after.body.matrix?.version !== 'replicas.1' && Date.now() - activatedAt < 1000) {
      await new Promise((r) => setTimeout(r, 50));
      after = await send(b.url, 'POST', '/v1/evaluations', { key: adminKey, body: workload });
    }
    expect(after.status).toBe(201);
    expect(after.body.matrix).toEqual({ version: 'replicas.1', checksum: created.body.checksum });
    expect(Date.now() - activatedAt).toBeLessThanOrEqual(1000);
  });

  it('publishes one draft exactly once when both replicas publish it at the same moment', async () => {
    const doc = readMatrixDocument(DEFAULT_MATRIX_VERSION);
    doc.version = 'replicas.2';
    expect((await send(b.url, 'POST', '/v1/matrices', { key: adminKey, body: doc })).status).toBe(201);
    const results = await Promise.all([a, b].map((s) => send(s.url, 'POST', '/v1/matrices/replicas.2/publish', { key: adminKey })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await query("SELECT status FROM matrix_versions WHERE version = 'replicas.2'")).toEqual([{ status: 'published' }]);
    const audit = await query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE version = 'replicas.2' AND action = 'publish'");
    expect(Number(audit[0].n)).toBe(1);
  });

  it('lets a key stored in the database work on every replica within a second, and stop within a second of its removal', async () => {
    const secret = 'replica-stored-secret-0123-0123456789';
    const digest = createHash('sha256').update(secret).digest('hex');
    const statuses = () => Promise.all([a, b].map(async (s) => (await send(s.url, 'GET', '/v1/matrices', { key: secret })).status));
    const settle = async (expected: number) => {
      const changedAt = Date.now();
      let last = await statuses();
      // Every 250 ms, so the wrong-key attempts stay under the (shared) failed-authentication limit.
      while (last.some((s) => s !== expected) && Date.now() - changedAt < 1500) {
        await new Promise((r) => setTimeout(r, 250));
        last = await statuses();
      }
      return last;
    };
    await query(`INSERT INTO api_keys (id, name, role, secret_hash, source, created_at) VALUES ('01a20000-0000-7000-8000-00000000b001', 'ops-replicas', 'evaluator', '${digest}', 'api', '2026-11-26T00:00:00.000Z')`);
    expect(await settle(200)).toEqual([200, 200]);
    await query("DELETE FROM api_keys WHERE name = 'ops-replicas'");
    expect(await settle(401)).toEqual([401, 401]);
  });

  it('both stop cleanly on SIGTERM', async () => {
    for (const s of [a, b]) s.child.kill('SIGTERM');
    expect((await Promise.all([a, b].map((s) => s.exited))).map((e) => e.code)).toEqual([0, 0]);
  });
});
