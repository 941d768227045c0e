import request from 'supertest';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/config.js';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { ENTITIES } from '../src/entities.js';
import { openAndMigrate } from '../src/database/migrate.js';
import { API_KEYS, KEYS, createTestDatabase, type TestDatabase } from './support/test-app.js';
import { evaluate } from '../src/engine/index.js';
import { unpackAnswer } from '../src/evaluations/stored-response.js';
import { loadDefaultMatrix, workload, workloadInput } from './support/factories.js';

describe.each<TestDatabase>(['sqlite', 'postgres'])('migrations on %s', (database) => {
  it('run up, all the way down to an empty schema, and up again', async () => {
    const db = await createTestDatabase(database);
    const dataSource = new DataSource({ ...buildDataSourceOptions(db.url), entities: ENTITIES, migrationsRun: false });
    try {
      await dataSource.initialize();
      const tables = async () => {
        const runner = dataSource.createQueryRunner();
        try {
          return (await runner.getTables(['matrix_versions', 'evaluations', 'api_keys', 'audit_log'])).map((t) => t.name.replace(/^public\./, '')).sort();
        } finally {
          await runner.release();
        }
      };
      expect(await dataSource.runMigrations()).toHaveLength(MIGRATIONS.length);
      expect(await tables()).toEqual(['api_keys', 'audit_log', 'evaluations', 'matrix_versions']);
      for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
      expect(await tables()).toEqual([]);
      expect(await dataSource.runMigrations()).toHaveLength(MIGRATIONS.length);
      expect(await tables()).toHaveLength(4);
      expect(await dataSource.showMigrations()).toBe(false);
      // The migrations and the entities describe the same schema: synchronisation would change nothing.
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});

describe.each<TestDatabase>(['sqlite', 'postgres'])('key ids migration on %s', (database) => {
  it('backfills each stored evaluation with its key id; a configured key of the same name takes its records over', async () => {
    const db = await createTestDatabase(database);
    const old = new DataSource({ ...buildDataSourceOptions(db.url), migrationsRun: false, migrations: MIGRATIONS.slice(0, 2) });
    try {
      await old.initialize();
      await old.runMigrations();
      const now = new Date().toISOString();
      await old.query(`INSERT INTO api_keys (name, role, secret_hash, created_at) VALUES ('bootstrap-admin', 'admin', '${'a'.repeat(64)}', '${now}')`);
      for (const [id, name] of [
        ['01a00000-0000-7000-8000-000000000001', 'alice'],
        ['01a00000-0000-7000-8000-000000000002', 'bootstrap-admin'],
      ]) {
        await old.query(`INSERT INTO evaluations (id, created_at, workload_name, workload, matrix_version, matrix_checksum, recommendation, result, api_key_name) VALUES ('${id}', '${now}', 'w', '{}', '2026.1', 'c', 'vm', '{}', '${name}')`);
      }
      await old.destroy();

      const app = await createApp(loadConfig({ DATABASE_URL: db.url, API_KEYS, LOG_LEVEL: 'error', BOOTSTRAP_KEY_FILE: `${db.dir}/key` }), { logger: false });
      try {
        const ds = app.get(DataSource);
        const rows = await ds.query<{ name: string; key_name: string; source: string }[]>('SELECT e.api_key_name AS name, k.name AS key_name, k.source AS source FROM evaluations e JOIN api_keys k ON k.id = e.api_key_id ORDER BY e.id');
        expect(rows).toEqual([
          { name: 'alice', key_name: 'alice', source: 'config' },
          { name: 'bootstrap-admin', key_name: 'bootstrap-admin', source: 'bootstrap' },
        ]);
        const list = await request(app.getHttpServer()).get('/v1/evaluations').set('X-API-Key', KEYS.alice);
        expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(['01a00000-0000-7000-8000-000000000001']);
        expect((await request(app.getHttpServer()).get('/v1/evaluations').set('X-API-Key', KEYS.bob)).body.items).toEqual([]);
        // Still append-only after the backfill.
        await expect(ds.query("UPDATE evaluations SET workload_name = 'x'")).rejects.toThrow();
      } finally {
        await app.close();
      }
    } finally {
      if (old.isInitialized) await old.destroy();
      await db.drop();
    }
  });
});

describe.each<TestDatabase>(['sqlite', 'postgres'])('packed answers migration on %s', (database) => {
  it('packs each stored result into the exact bytes it was answered with, and its down restores the result', async () => {
    const db = await createTestDatabase(database);
    const before = MIGRATIONS.findIndex((m) => m.name === 'PackedAnswers1764200000000');
    const old = new DataSource({ ...buildDataSourceOptions(db.url), migrationsRun: false, migrations: MIGRATIONS.slice(0, before) });
    const w = workload({ name: 'stored "before" the change' });
    const result = evaluate(loadDefaultMatrix(), w);
    const id = '01a00000-0000-7000-8000-0000000000aa';
    const createdAt = '2026-11-01T10:00:00.000Z';
    let posted: Record<string, unknown> | undefined;
    let postedText: string | undefined;
    try {
      await old.initialize();
      await old.runMigrations();
      // No key rows exist before the first start; an admin sees every record, owned or not.
      const p = (i: number) => (database === 'postgres' ? `$${i}` : '?');
      await old.query(`INSERT INTO evaluations (id, created_at, workload_name, workload, matrix_version, matrix_checksum, recommendation, result, api_key_name, api_key_id) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(', ')})`, [
        id,
        createdAt,
        w.name,
        JSON.stringify(w),
        result.matrix.version,
        result.matrix.checksum,
        result.recommendation,
        JSON.stringify(result),
        'admin',
        null,
      ]);
      await old.destroy();

      const app = await createApp(loadConfig({ DATABASE_URL: db.url, API_KEYS, LOG_LEVEL: 'error', BOOTSTRAP_KEY_FILE: `${db.dir}/key` }), { logger: false });
      try {
        const res = await request(app.getHttpServer()).get(`/v1/evaluations/${id}`).set('X-API-Key', KEYS.admin);
        expect(res.status).toBe(200);
        // What the service sent before the change: JSON.stringify of the stored view.
        expect(res.text).toBe(JSON.stringify({ id, createdAt, workload: w, ...result }));
        // A record written by today's service (its answer rebuilt from its columns) is restored by the down as well.
        const created = await request(app.getHttpServer())
          .post('/v1/evaluations')
          .set('X-API-Key', KEYS.admin)
          .send(workloadInput({ name: 'stored after the change' }));
        expect(created.status).toBe(201);
        posted = created.body as Record<string, unknown>;
        postedText = created.text;
      } finally {
        await app.close();
      }

      const again = new DataSource({ ...buildDataSourceOptions(db.url), migrationsRun: false, migrations: MIGRATIONS });
      await again.initialize();
      try {
        // Undone newest first: the matrix change counter, then answer templates. The record written today names one, and gets its whole answer back in format 1.
        const q = database === 'postgres' ? '$1' : '?';
        const [today] = await again.query<{ answer_template: string | null; body: Buffer }[]>(`SELECT answer_template, body FROM evaluations WHERE id = ${q}`, [posted?.id]);
        expect([today.answer_template?.length, [...today.body]]).toEqual([43, [3]]);
        await again.undoLastMigration();
        expect((await again.query<{ name: string }[]>(`SELECT name FROM migrations WHERE name = ${q}`, ['MatrixChangeCounter1764400000000'])).length).toBe(0);
        await again.undoLastMigration();
        const [packed] = await again.query<{ id: string; created_at: string; workload: string; workload_name: string; body: Buffer }[]>(`SELECT id, created_at, workload, workload_name, body FROM evaluations WHERE id = ${q}`, [posted?.id]);
        expect(packed.body[0]).toBe(1);
        expect(unpackAnswer({ id: packed.id, createdAt: packed.created_at, workload: packed.workload, workloadName: packed.workload_name, answerTemplate: null, body: packed.body }).toString('utf8')).toBe(postedText);
        expect((await again.query<{ name: string }[]>(`SELECT name FROM migrations WHERE name = ${q}`, ['AnswerTemplates1764300000000'])).length).toBe(0);
        await again.undoLastMigration();
        const [row] = await again.query<{ result: string }[]>(`SELECT result FROM evaluations WHERE id = ${database === 'postgres' ? '$1' : '?'}`, [id]);
        expect(JSON.parse(row.result)).toEqual(result);
        const { id: newId, createdAt: _createdAt, workload: _workload, ...newResult } = posted ?? {};
        const [newRow] = await again.query<{ result: string }[]>(`SELECT result FROM evaluations WHERE id = ${database === 'postgres' ? '$1' : '?'}`, [newId]);
        expect(JSON.parse(newRow.result)).toEqual(newResult);
      } finally {
        await again.destroy();
      }
    } finally {
      if (old.isInitialized) await old.destroy();
      await db.drop();
    }
  });
});

describe('migrations at start-up on postgres', () => {
  it('run once when several replicas open an empty database at the same moment', async () => {
    const db = await createTestDatabase('postgres');
    const opened: DataSource[] = [];
    try {
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => openAndMigrate(buildDataSourceOptions(db.url))));
      for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const applied: { name: string }[] = await opened[0].query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await Promise.all(opened.map((d) => d.destroy()));
      await db.drop();
    }
  });
});
