import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/config.js';
import { SQLITE_SYNCHRONOUS_FULL } from '../src/database/durability-check.js';
import { EvaluationStore } from '../src/evaluations/evaluation-store.js';
import { workloadInput } from './support/factories.js';
import { API_KEYS, KEYS, POSTGRES_ADMIN_URL, createTestDatabase, startTestApp } from './support/test-app.js';
import pg from 'pg';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('SELECT COUNT(*) AS n FROM evaluations')).rows[0].n);
  } finally {
    await client.end();
  }
}

describe('SQLite durability', () => {
  it('runs with synchronous=FULL, on a fresh start and after a restart', async () => {
    const t = await startTestApp();
    try {
      const pragma = async (ds: DataSource) => (await ds.query<{ synchronous: number }[]>('PRAGMA synchronous'))[0].synchronous;
      expect(await pragma(t.app.get(DataSource))).toBe(SQLITE_SYNCHRONOUS_FULL);
      // Evaluations are committed on the writer thread's own connection: it syncs the same way.
      expect(await t.app.get(EvaluationStore).writerPragma('synchronous')).toEqual([{ synchronous: SQLITE_SYNCHRONOUS_FULL }]);
      await t.app.close();
      const again = await createApp(t.config, { logger: false });
      try {
        expect(await pragma(again.get(DataSource))).toBe(SQLITE_SYNCHRONOUS_FULL);
      } finally {
        await again.close();
      }
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});

describe('Postgres durability check', () => {
  it('refuses to start when synchronous_commit is off, and starts with a loud error when DB_DURABILITY=warn', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const name = new URL(db.url).pathname.slice(1);
      await db.sql(`ALTER DATABASE ${name} SET synchronous_commit = off`);
      const env = { DATABASE_URL: db.url, API_KEYS, LOG_LEVEL: 'error', BOOTSTRAP_KEY_FILE: `${db.dir}/key` };
      await expect(createApp(loadConfig(env), { logger: false })).rejects.toThrow(/synchronous_commit is off.*DB_DURABILITY=warn/s);
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const app = await createApp(loadConfig({ ...env, DB_DURABILITY: 'warn' }), { logger: false });
        await app.close();
        expect(error.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/synchronous_commit is off/);
      } finally {
        error.mockRestore();
      }
    } finally {
      await db.drop();
    }
  });
});

const problemWithoutId = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) => {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.type).toBe('/problems/database-unavailable');
  expect(res.body).not.toHaveProperty('id');
  expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|readonly|INSERT|terminat|\/tmp\//i);
};

describe('when the database fails', () => {
  it('SQLite read-only: 503 without an id while it lasts, as many rows as 201s, and recovery by itself', async () => {
    const t = await startTestApp();
    try {
      const ds = t.app.get(DataSource);
      // The writer thread's connection, where evaluations are inserted.
      const writer = t.app.get(EvaluationStore);
      const post = (i: number) =>
        t
          .http()
          .post('/v1/evaluations')
          .set('X-API-Key', KEYS.alice)
          .send(workloadInput({ name: `load-${i}` }));
      const first = Promise.all(Array.from({ length: 60 }, (_, i) => post(i)));
      await sleep(5);
      await writer.writerPragma('query_only = 1');
      const during = await Promise.all(Array.from({ length: 20 }, (_, i) => post(100 + i)));
      const results = [...(await first), ...during];
      for (const res of during) problemWithoutId(res);
      expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
      await writer.writerPragma('query_only = 0');
      const created = results.filter((r) => r.status === 201).length;
      const [{ n }] = await ds.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM evaluations');
      expect(Number(n)).toBe(created);
      expect((await post(999)).status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('SQLite read-only: a batch is 503 with no items and no rows (its answer was built during the commit); the next batch is stored', async () => {
    const t = await startTestApp();
    try {
      const ds = t.app.get(DataSource);
      const writer = t.app.get(EvaluationStore);
      const batch = (prefix: string) =>
        t
          .http()
          .post('/v1/evaluations/batch')
          .set('X-API-Key', KEYS.alice)
          .send({ workloads: Array.from({ length: 50 }, (_, i) => workloadInput({ name: `${prefix}-${i}` })) });
      await writer.writerPragma('query_only = 1');
      const refused = await batch('refused');
      problemWithoutId(refused);
      expect(refused.body.items).toBeUndefined();
      const [{ n: none }] = await ds.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM evaluations');
      expect(Number(none)).toBe(0);
      await writer.writerPragma('query_only = 0');
      const stored = await batch('stored');
      expect(stored.status).toBe(201);
      expect(stored.body.items).toHaveLength(50);
      const [{ n }] = await ds.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM evaluations');
      expect(Number(n)).toBe(50);
    } finally {
      await t.close();
    }
  });

  it('SQLite disk full: 503 without an id, and recovery once there is room again', async () => {
    const t = await startTestApp();
    try {
      const ds = t.app.get(DataSource);
      // The writer thread's connection, where evaluations are inserted.
      const writer = t.app.get(EvaluationStore);
      const post = (name: string) => t.http().post('/v1/evaluations').set('X-API-Key', KEYS.alice).send(workloadInput({ name }));
      expect((await post('before')).status).toBe(201);
      // The database may not grow past the pages it has: the next insert finds the disk full.
      const [{ page_count: pages }] = await ds.query<{ page_count: number }[]>('PRAGMA page_count');
      await writer.writerPragma(`max_page_count = ${pages}`);
      // Records are small and pages have room left, so write until the file has to grow.
      const full: Awaited<ReturnType<typeof post>>[] = [];
      for (let i = 0; i < 500 && !full.some((r) => r.status === 503); i++) full.push(await post(`full-${i}-${'x'.repeat(150)}`));
      const refused = full.filter((r) => r.status !== 201);
      expect(refused.length).toBeGreaterThan(0);
      for (const res of refused) problemWithoutId(res);
      for (let i = 0; i < 3; i++) problemWithoutId(await post(`still-full-${i}`));
      await writer.writerPragma('max_page_count = 1073741823');
      expect((await post('after')).status).toBe(201);
      const [{ n }] = await ds.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM evaluations');
      // The one before, every 201 while filling, and the one after: nothing refused was kept.
      expect(Number(n)).toBe(2 + full.length - refused.length);
    } finally {
      await t.close();
    }
  });

  it('Postgres gone: 503 without an id, and recovery by itself when it comes back', async () => {
    const t = await startTestApp({}, 'postgres');
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    const name = new URL(t.config.databaseUrl).pathname.slice(1);
    try {
      const post = (label: string) =>
        t
          .http()
          .post('/v1/evaluations')
          .set('X-API-Key', KEYS.alice)
          .send(workloadInput({ name: label }));
      // Under load: eight clients keep posting, and the connections are cut once some have landed.
      const loaded: Awaited<ReturnType<typeof post>>[] = [];
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; i < 40 && !stop; i++) loaded.push(await post(`load-${c}-${i}`));
      };
      const clients = Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
      for (let waited = 0; loaded.filter((r) => r.status === 201).length < 10 && waited < 5000; waited += 5) await sleep(5);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      await sleep(100);
      stop = true;
      await clients;
      expect(loaded.map((r) => r.status).filter((status) => status !== 201 && status !== 503)).toEqual([]);
      expect(loaded.some((r) => r.status === 201) && loaded.some((r) => r.status === 503)).toBe(true);
      expect(loaded.every((r) => r.status === 201 || r.status === 503)).toBe(true);
      for (const res of loaded.filter((r) => r.status !== 201)) problemWithoutId(res);
      for (let i = 0; i < 3; i++) problemWithoutId(await post(`gone-${i}`));
      const ready = await t.http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toEqual({ status: 'down', reason: 'the database does not answer' });
      expect(JSON.stringify(ready.body)).not.toMatch(/accepting connections|terminat|placement_test/);
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      let status = 0;
      for (let i = 0; i < 50 && status !== 201; i++) {
        status = (
          await t
            .http()
            .post('/v1/evaluations')
            .set('X-API-Key', KEYS.alice)
            .send(workloadInput({ name: 'back' }))
        ).status;
        if (status !== 201) await sleep(100);
      }
      expect(status).toBe(201);
      expect((await t.http().get('/health/ready')).status).toBe(200);
      // As many stored rows as 201s: nothing acknowledged was lost, nothing refused was kept.
      const stored = await countRows(t.config.databaseUrl);
      expect(stored).toBe(loaded.filter((r) => r.status === 201).length + 1);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await t.close();
    }
  });
});
