import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.setup.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';

export const KEYS = {
  admin: 'admin-secret-0123456789',
  alice: 'alice-secret-0123456789',
  bob: 'bob-secret-0123456789ab',
} as const;

export const API_KEYS = `admin:admin:${KEYS.admin},alice:evaluator:${KEYS.alice},bob:evaluator:${KEYS.bob}`;

export type TestDatabase = 'sqlite' | 'postgres';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  databaseFile: string;
  http: () => ReturnType<typeof request>;
  /** Runs SQL straight against the database, around the application. */
  sql: (statement: string) => Promise<void>;
  close: () => Promise<void>;
}

/** Postgres for the suites that run on both databases (trust auth on 127.0.0.1, as on the dev machines and CI). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The whole application on a fresh database, as `npm start` runs it: a SQLite file in a
 * temporary folder, or a new Postgres database that is dropped afterwards.
 */
export async function startTestApp(env: Record<string, string> = {}, database: TestDatabase = 'sqlite'): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'placement-test-'));
  const databaseFile = join(dir, 'placement.db');
  let databaseUrl = `sqlite:${databaseFile}`;
  let dropDatabase = async () => undefined;
  let sql: TestApp['sql'] = async (statement) => {
    const db = new Database(databaseFile);
    try {
      db.prepare(statement).run();
    } catch (error) {
      // better-sqlite3's native part keeps the error class of the first Jest module registry
      // that loaded it, so in later test files its errors fail `instanceof Error`; re-wrap.
      throw new Error((error as { message?: string }).message ?? String(error));
    } finally {
      db.close();
    }
  };
  if (database === 'postgres') {
    const name = `placement_test_${randomBytes(6).toString('hex')}`;
    await withPg(POSTGRES_ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    sql = async (statement) => void (await withPg(databaseUrl, (c) => c.query(statement)));
    dropDatabase = async () => void (await withPg(POSTGRES_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  }
  const config = loadConfig({ DATABASE_URL: databaseUrl, API_KEYS, LOG_LEVEL: 'error', ...env });
  const app = await createApp(config, process.env.TEST_LOGS ? {} : { logger: false });
  return {
    app,
    config,
    databaseFile,
    http: () => request(app.getHttpServer()),
    sql,
    close: async () => {
      await app.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
