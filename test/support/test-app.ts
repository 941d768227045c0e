import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.setup.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';

export const KEYS = {
  admin: 'admin-secret-0123456789',
  alice: 'alice-secret-0123456789',
  bob: 'bob-secret-0123456789ab',
} as const;

export const API_KEYS = `admin:admin:${KEYS.admin},alice:evaluator:${KEYS.alice},bob:evaluator:${KEYS.bob}`;

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  databaseFile: string;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

/** The whole application on a fresh SQLite file in a temporary folder, as `npm start` runs it. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'placement-test-'));
  const databaseFile = join(dir, 'placement.db');
  const config = loadConfig({ DATABASE_URL: `sqlite:${databaseFile}`, API_KEYS, LOG_LEVEL: 'error', ...env });
  const app = await createApp(config, { logger: false });
  return {
    app,
    config,
    databaseFile,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
