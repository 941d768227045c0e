import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Any constant shared by every replica works; this one spells "placemnt" in ASCII so a DBA
 * looking at pg_locks can tell whose lock it is.
 */
export const MIGRATION_LOCK_KEY = 0x706c6163656d6e74n;

/**
 * Opens the database and brings its schema up to date. Replicas starting together on one
 * Postgres database would otherwise race to create the same tables; under a session-level
 * advisory lock the first one migrates and the others find nothing left to do. SQLite is
 * a single file served by one process, so it needs no lock.
 */
export async function openAndMigrate(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  try {
    await migrate(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export async function migrate(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'all' });
    return;
  }
  // The lock belongs to this runner's connection; the migrations themselves run on another
  // pooled connection, which is fine because only the holder gets past pg_advisory_lock.
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await runner.release();
  }
}
