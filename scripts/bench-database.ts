// The benchmarks' Postgres database: a fresh one each run, so a run measures an empty
// database and never one a person or a test left behind.
import pg from 'pg';

/** Drops and creates the Postgres database named in the URL; only one whose name says it is a benchmark's. */
export async function freshPostgres(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/bench/i.test(name)) throw new Error(`BENCH_DATABASE_URL names database '${name}'; this benchmark drops and recreates it, so its name must contain "bench".`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
}
