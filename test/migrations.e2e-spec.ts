import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options.js';
import { ENTITIES } from '../src/entities.js';
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
