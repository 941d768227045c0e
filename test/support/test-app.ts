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
  admin: 'admin-secret-0123456789-0123456789',
  alice: 'alice-secret-0123456789-0123456789',
  bob: 'bob-secret-0123456789ab-0123456789ab',
} as const;

export const API_KEYS = `admin:admin:${KEYS.admin},alice:evaluator:${KEYS.alice},bob:evaluator:${KEYS.bob}`;

export type TestDatabase = 'sqlite' | 'postgres';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The SQLite file (meaningless on Postgres). */
  databaseFile: string;
  http: () => ReturnType<typeof request>;
  /** A JSON POST as the given key (alice, an evaluator, unless told). */
  post: (path: string, body: unknown, key?: string) => request.Test;
  /** A GET as the given key (alice, an evaluator, unless told). */
  get: (path: string, key?: string) => request.Test;
  /** The log lines written so far, parsed (only with captureLogs). */
  logs: () => Record<string, unknown>[];
  /** The raw log output, for greps. */
  rawLogs: () => string;
  /** Runs SQL straight against the database, around the application. */
  sql: (statement: string) => Promise<void>;
  close: () => Promise<void>;
}

/** Postgres for the suites that run on both databases (trust auth on 127.0.0.1, as on the dev machines and CI). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabaseHandle {
  url: string;
  /** A private temporary folder beside the database (the bootstrap key file goes here). */
  dir: string;
  /** Runs SQL straight against the database, around the application. */
  sql: (statement: string) => Promise<void>;
  drop: () => Promise<void>;
}

/** A fresh, empty database: a SQLite file in a temporary folder, or a new Postgres database. */
export async function createTestDatabase(database: TestDatabase = 'sqlite'): Promise<TestDatabaseHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'placement-test-'));
  const removeDir = () => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  };
  if (database === 'sqlite') {
    const file = join(dir, 'placement.db');
    return {
      url: `sqlite:${file}`,
      dir,
      sql: (statement) =>
        Promise.resolve().then(() => {
          const db = new Database(file);
          try {
            db.prepare(statement).run();
          } catch (error) {
            // better-sqlite3's native part keeps the error class of the first Jest module registry
            // that loaded it, so in later test files its errors fail `instanceof Error`; re-wrap.
            throw new Error((error as { message?: string }).message ?? String(error), { cause: error });
          } finally {
            db.close();
          }
        }),
      drop: removeDir,
    };
  }
  const name = `placement_test_${randomBytes(6).toString('hex')}`;
  await withPg(POSTGRES_ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    sql: async (statement) => void (await withPg(url.toString(), (c) => c.query(statement))),
    drop: async () => {
      await withPg(POSTGRES_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await removeDir();
    },
  };
}

/** The whole application on a fresh database, as `npm start` runs it. */
export async function startTestApp(env: Record<string, string> = {}, database: TestDatabase = 'sqlite', options: { captureLogs?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase(database);
  const config = loadConfig({ DATABASE_URL: db.url, API_KEYS, LOG_LEVEL: 'error', BOOTSTRAP_KEY_FILE: join(db.dir, 'bootstrap-admin.key'), ...env });
  const lines: string[] = [];
  const app = await createApp(config, options.captureLogs ? { logDestination: { write: (line: string) => void lines.push(line) } } : process.env.TEST_LOGS ? {} : { logger: false });
  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    databaseFile: db.url.replace(/^sqlite:/, ''),
    http,
    post: (path, body, key = KEYS.alice) =>
      http()
        .post(path)
        .set('X-API-Key', key)
        .send(body as object),
    get: (path, key = KEYS.alice) => http().get(path).set('X-API-Key', key),
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    rawLogs: () => lines.join(''),
    sql: db.sql,
    close: async () => {
      await app.close();
      await db.drop();
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
