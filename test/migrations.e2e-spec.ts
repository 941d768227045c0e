import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { ENTITIES } from '../src/entities.js';
import { openAndMigrate } from '../src/database/migrate.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-app.js';

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
      expect(await dataSource.runMigrations()).toHaveLength(2);
      expect(await tables()).toEqual(['api_keys', 'audit_log', 'evaluations', 'matrix_versions']);
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      expect(await tables()).toEqual([]);
      expect(await dataSource.runMigrations()).toHaveLength(2);
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
