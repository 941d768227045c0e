import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';

/** Every SQLite connection's settings: TypeORM's, and the evaluation writer thread's own. */
export const SQLITE_PRAGMAS = [
  // Takes effect only on a new file, before its first table (an existing file keeps its own).
  // A record is about 0.8 KB, and each one lands in a random leaf of the workload's index, which
  // a commit writes whole to the WAL and a checkpoint writes again. 16 KB pages wrote 2.6 times
  // the bytes to disk per stored evaluation at a million records, stored batches of 1,000 25%
  // slower on a new file, and saved 3% of space (docs/performance.md).
  'page_size = 4096',
  // A checkpoint runs inside the commit that takes the WAL past this many pages, and every request
  // of that commit waits for its copying and its sync of the database file. SQLite's 1,000 pages
  // made those commits the stored path's p99 at a million records (29 ms); 250 (1 MB) spreads the
  // work into smaller stalls: p99 15-18 ms at the same throughput (docs/performance.md).
  'wal_autocheckpoint = 250',
  // A stored evaluation is an audit record: it is acknowledged only once it is on disk.
  // synchronous=NORMAL in WAL mode can lose the last commits in a power cut; FULL syncs the
  // WAL on every commit, and group commit (evaluation-writer.ts) shares that sync across requests.
  'synchronous = FULL',
  // Two connections write (TypeORM's and the evaluation writer's): one waits for the other's commit.
  'busy_timeout = 5000',
  'foreign_keys = ON',
];

/**
 * The one place that turns DATABASE_URL into TypeORM options, shared by the app, the
 * TypeORM CLI, the matrix CLI and the tests. The app migrates on start through
 * openAndMigrate (migrate.ts), under a lock, rather than TypeORM's unlocked migrationsRun;
 * schema sync never runs. Entities are not listed here: each feature module registers its
 * own (forFeature), and the tools that run without Nest pass the ones they need.
 */
export function buildDataSourceOptions(databaseUrl: string): DataSourceOptions {
  const common = { migrations: MIGRATIONS, migrationsRun: false, synchronize: false, logging: ['error' as const] };
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
      },
    };
  }
  return { ...common, type: 'postgres', url: databaseUrl, extra: { max: 10 } };
}
